"""The catalog's queries use the indexes chosen for them from EXPLAIN (PostgreSQL only): a page
of the catalog read in index order, its count from an index-only scan, its categories from a
partial index, so their cost follows the page, or a narrow index, not every training row."""

import pytest
from django.db import connection

from tests.factories import UserFactory
from tests.training.factories import ParticipantFactory, TrainingFactory
from training import selectors


def plan_of(queryset, *, counted: bool = False) -> str:
    """PostgreSQL's plan with sequential scans off: the test tables are tiny, so this shows the
    index the planner would use on real volumes (bench/: seed_bulk)."""
    sql, params = queryset.query.sql_with_params()
    if counted:
        sql = f"SELECT COUNT(*) FROM ({sql}) AS counted"  # noqa: S608 (compiled by the ORM)
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            cursor.execute("EXPLAIN " + sql, params)
            return "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("RESET enable_seqscan")


@pytest.fixture
def viewer(on_postgres, db):
    viewer = UserFactory()
    TrainingFactory.create_batch(3)
    ParticipantFactory(training=TrainingFactory(is_visible=False), user=viewer)
    return viewer


def test_a_catalog_page_is_read_in_index_order(viewer):
    page = selectors.training_catalog(user=viewer)[:20]
    plan = plan_of(page)
    assert "training_catalog_idx" in plan and "Sort" not in plan, plan


def test_the_catalog_count_reads_the_index_only(viewer):
    plan = plan_of(selectors.training_catalog(user=viewer).values("pk"), counted=True)
    assert "Index Only Scan using training_catalog_idx" in plan, plan


def test_the_catalog_categories_read_the_index_only(on_postgres, db):
    plan = plan_of(selectors.categories())
    assert "training_open_category_idx" in plan, plan
