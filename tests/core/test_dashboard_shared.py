"""The dashboard's shared part (per audience and language) and its personal statement: viewers
never see each other's panels, and every write shows on the next view."""

import datetime

from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from complaints.models import Complaint
from intrasphere import caching
from intrasphere.services import notification_send
from tests.complaints.factories import ComplaintFactory
from tests.content.factories import AnnouncementFactory, EventFactory
from tests.factories import UserFactory, grant
from tests.forum.factories import CategoryFactory, topic_with_post
from tests.training.factories import TrainingFactory, seat

MANDATORY_CHART = 'aria-label="Mandatory trainings, all participants"'


def dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.content.decode().split("<main", 1)[1]


def test_each_audience_sees_only_its_announcements(client, db):
    AnnouncementFactory(
        title="For sales only", audience_restricted=True, audience_departments="|Sales|"
    )
    AnnouncementFactory(title="For everyone")
    seller, engineer = UserFactory(department="Sales"), UserFactory(department="R&D")
    assert "For sales only" in dashboard(client, seller)  # the audience's part is now shared
    html = dashboard(client, engineer)
    assert "For everyone" in html and "For sales only" not in html
    assert "For sales only" in dashboard(client, UserFactory(department="Sales"))


def test_each_language_gets_its_own_panels(client, employee):
    def page(language: str) -> str:
        client.force_login(employee)
        return client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert "Latest announcements" in page("en")
    html = page("fr")
    assert "Dernières annonces" in html and "Latest announcements" not in html
    assert "Latest announcements" in page("en")


def test_personal_rows_are_the_viewers_own(client, db):
    alice, bob = UserFactory(), UserFactory()
    notification_send(recipients=[alice], kind="test", message="Alice's notice", url="/a/")
    seat(TrainingFactory(title="Alice's course"), alice, progress=30)
    ComplaintFactory(submitter=alice, title="Alice's question", status=Complaint.Status.WAITING)
    html = dashboard(client, alice)
    assert "Alice&#x27;s notice" in html and "Alice&#x27;s course" in html
    assert "Answer the helpdesk: Alice&#x27;s question" in html
    html = dashboard(client, bob)
    assert "Alice&#x27;s" not in html
    assert "No notifications yet." in html and "No training in progress." in html


def test_must_reads_and_documents_follow_each_viewers_acknowledgements(client, db):
    must = AnnouncementFactory(title="Read me", important=True)
    alice, bob = UserFactory(), UserFactory()
    must.acknowledgements.create(user=alice)
    assert "Read: Read me" not in dashboard(client, alice)
    assert "Read: Read me" in dashboard(client, bob)


def test_new_announcement_event_and_topic_show_at_once(client, employee):
    dashboard(client, employee)  # the shared part is cached
    AnnouncementFactory(title="Fresh news")
    EventFactory(title="Fresh party")
    topic_with_post(title="Fresh topic")
    html = dashboard(client, employee)
    assert "Fresh news" in html and "Fresh party" in html and "Fresh topic" in html


def test_complaint_status_change_shows_at_once_for_managers(client, db):
    manager = grant(UserFactory(), "complaints.manage_complaints")
    complaint = ComplaintFactory()
    assert "<desc>New: 1, In progress: 0" in dashboard(client, manager)
    complaint.status = Complaint.Status.IN_PROGRESS
    complaint.save()
    assert "<desc>New: 0, In progress: 1" in dashboard(client, manager)


def test_completed_training_shows_at_once(client, db):
    manager = grant(UserFactory(), "training.manage_trainings")
    learner = UserFactory()
    participant = seat(TrainingFactory(is_mandatory=True), learner, progress=50)
    html = dashboard(client, manager)
    assert MANDATORY_CHART in html and "<desc>Done: 0 (0%), In progress: 1 (100%)" in html
    participant.status = "completed"
    participant.progress = 100
    participant.save()
    assert "<desc>Done: 1 (100%), In progress: 0 (0%)" in dashboard(client, manager)
    assert "<desc>Done: 1 (100%)" in dashboard(client, learner)


def test_how_long_ago_is_filled_at_each_view_not_shared():
    moment = timezone.now() - datetime.timedelta(minutes=5, seconds=3)
    args = (caching.instant_part_args(moment),)
    assert caching.timesince_parts([args])[args] == "5\xa0minutes"
    assert caching.timesince_parts([("bad",), ("1-99999999",)]) == {}


def test_recent_topics_panel_carries_no_frozen_time(client, employee):
    topic_with_post(title="Timed topic")
    dashboard(client, employee)
    key_values = [v for v in caching.caches["local"]._cache.values() if b"Timed topic" in v]
    assert key_values and all(b"minute" not in v for v in key_values)
    assert "0\xa0minutes" in dashboard(client, employee)


def test_moderation_count_is_per_set_of_moderated_categories_and_follows_writes(client, db):
    strict = {"requires_topic_validation": True, "requires_post_validation": True}
    mine, other = CategoryFactory(name="Mine", **strict), CategoryFactory(name="Other", **strict)
    ours, theirs = UserFactory(), UserFactory()
    for perm in ("forum.validate_topics", "forum.validate_posts"):
        assign_perm(perm, ours, mine)
        assign_perm(perm, theirs, other)
    topic_with_post(category=mine, title="Pending in mine")
    assert "Forum: 1 item(s) waiting" in dashboard(client, ours)
    assert "Forum:" not in dashboard(client, theirs)  # other categories: not the same count
    topic_with_post(category=mine, title="Another one")
    assert "Forum: 2 item(s) waiting" in dashboard(client, ours)
    everywhere = grant(UserFactory(), "forum.validate_topics")
    assert "Forum: 2 item(s) waiting" in dashboard(client, everywhere)


def test_a_manager_s_dashboard_reads_the_cache_in_one_round_trip_and_follows_writes(client, db):
    """Rights and every shared value's generations in one round trip (`read_rights_ahead`,
    then `shared_values(found=)`), for a viewer who gets them all: complaint counts, mandatory
    completion, moderation queue; each value itself from the process's own copy."""
    from unittest import mock

    from django.core.cache import cache

    from accounts.models import User
    from intrasphere.selectors import dashboard_context

    strict = {"requires_topic_validation": True, "requires_post_validation": True}
    category = CategoryFactory(name="Moderated", **strict)
    manager = grant(
        grant(UserFactory(), "complaints.manage_complaints"), "training.manage_trainings"
    )
    assign_perm("forum.validate_topics", manager, category)
    seat(TrainingFactory(is_mandatory=True), UserFactory(), progress=50)
    ComplaintFactory()
    topic_with_post(category=category, title="Pending")
    html = dashboard(client, manager)  # computes and caches every shared value
    assert "<desc>New: 1," in html and "Forum: 1 item(s) waiting" in html
    assert "<desc>Done: 0 (0%), In progress: 1 (100%)" in html

    viewer = User.objects.get(pk=manager.pk)  # as each request loads it
    with (
        mock.patch.object(cache, "get_many", wraps=cache.get_many) as get_many,
        mock.patch.object(cache, "get", wraps=cache.get) as get,
    ):
        dashboard_context(viewer)
    keys = sum(len(call.args[0]) for call in get_many.call_args_list)  # locmem: a get per key
    assert get_many.call_count + get.call_count - keys == 1

    topic_with_post(category=category, title="Another")
    ComplaintFactory()
    html = dashboard(client, manager)
    assert "<desc>New: 2," in html and "Forum: 2 item(s) waiting" in html


def test_personal_statement_is_prepared_once_and_reads_each_viewers_rows(client, db):
    """On PostgreSQL the personal statement is prepared (planned once per connection; the ids
    of must-reads are one array parameter, so any number of them is the same statement)."""
    import pytest
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    first, second = AnnouncementFactory(title="First", important=True), None
    alice, bob = UserFactory(), UserFactory()
    first.acknowledgements.create(user=alice)
    assert "Read: First" not in dashboard(client, alice)
    assert "Read: First" in dashboard(client, bob)
    second = AnnouncementFactory(title="Second", important=True)  # two ids now
    second.acknowledgements.create(user=bob)
    html = dashboard(client, alice)
    assert "Read: Second" in html and "Read: First" not in html
    html = dashboard(client, bob)
    assert "Read: First" in html and "Read: Second" not in html
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements "
            "WHERE statement LIKE %s",
            ["%branch_p%"],
        )
        prepared = cursor.fetchall()
    # Other tests' viewers may have left other shapes (no must-read, documents to confirm).
    assert prepared and all(custom == 0 for _generic, custom in prepared)
    assert max(generic for generic, _custom in prepared) >= 4


def test_without_prepared_statements_the_dashboard_reads_the_same_rows(client, db, settings):
    """DATABASE_PREPARED_STATEMENTS=false (behind a pooler): the usual cursor, the same rows."""
    settings.DATABASE_PREPARED_STATEMENTS = False
    AnnouncementFactory(title="First", important=True).acknowledgements.create(
        user=(alice := UserFactory())
    )
    assert "Read: First" not in dashboard(client, alice)
    assert "Read: First" in dashboard(client, UserFactory())


def test_links_reversed_once_per_process_are_those_of_reverse(client, db):
    """Tiles, panels, banner forms and obligations link with `layout_url` / `id_url` (a URL
    reversed once per process, the id put in place): the same URLs as `reverse`."""
    handler = grant(UserFactory(), "complaints.manage_complaints")
    complaint = ComplaintFactory(assignee=handler, status=Complaint.Status.NEW, title="Broken")
    training = TrainingFactory(title="Onboarding")
    seat(training, handler, progress=20)
    must = AnnouncementFactory(title="Read me", important=True)
    html = dashboard(client, handler)
    assert f'href="{complaint.get_absolute_url()}">Handle complaint: Broken' in html
    assert f'href="{reverse("training:training_resume", args=[training.pk])}">Onboarding' in html
    assert f'action="{reverse("content:announcement_acknowledge", args=[must.pk])}"' in html
    for name in ("accounts:directory", "complaints:handling_list", "notifications:list"):
        assert f'href="{reverse(name)}"' in html


def test_personal_rows_are_those_of_the_orm(db):
    """The seated participations, complaints waiting and notifications the personal statement
    reads (built as the ORM builds rows, dates converted on SQLite too) are the ORM's, in the
    same order, and reading what a panel shows queries nothing."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from intrasphere.models import Notification
    from intrasphere.selectors import personal_reads
    from training.models import Participant

    learner = UserFactory()
    due = timezone.localdate() + datetime.timedelta(days=3)
    seat(TrainingFactory(title="Due soon"), learner, progress=40, due_date=due)
    seat(TrainingFactory(title="Done"), learner, status="completed", progress=100)
    seat(TrainingFactory(title="Waiting"), learner, status="waitlisted")
    ComplaintFactory(submitter=learner, title="Mine", status=Complaint.Status.WAITING)
    assigned = ComplaintFactory(assignee=learner, title="To handle", status=Complaint.Status.NEW)
    assigned.due_at = timezone.now() + datetime.timedelta(hours=5)
    assigned.save()
    notification_send(recipients=[learner], kind="test", message="Hello", url="/hello/")
    reads = personal_reads(learner, announcement_ids=[], version_ids=[], handled=True)
    complaint_fields = ("pk", "submitter_id", "assignee_id", "title", "status", "due_at")
    notification_fields = ("pk", "recipient_id", "message", "url", "created_at")
    with CaptureQueriesContext(connection) as queries:
        complaints = [
            tuple(getattr(c, name) for name in complaint_fields) for c in reads.waiting_complaints
        ]
        notices = [
            tuple(getattr(n, name) for name in notification_fields) for n in reads.notifications
        ]
    assert len(queries) == 0
    assert (
        sorted(complaints)
        == sorted(
            tuple(getattr(c, name) for name in complaint_fields)
            for c in Complaint.objects.filter(title__in=["Mine", "To handle"])
        )
        and len(complaints) == 2
    )
    assert (
        notices
        == [
            tuple(getattr(n, name) for name in notification_fields)
            for n in Notification.objects.filter(recipient=learner)
        ]
        and len(notices) == 1
    )
    expected = (
        Participant.objects.filter(user=learner, status__in=Participant.SEATED)
        .select_related("training")
        .order_by("status", "-registered_at", "-pk")
    )
    shown = ("pk", "training_id", "user_id", "status", "progress", "due_date")
    with CaptureQueriesContext(connection) as queries:
        found = [
            (*(getattr(p, name) for name in shown), p.training.pk, p.training.title)
            for p in reads.seated
        ]
    assert len(queries) == 0
    assert found == [
        (*(getattr(p, name) for name in shown), p.training.pk, p.training.title) for p in expected
    ]
