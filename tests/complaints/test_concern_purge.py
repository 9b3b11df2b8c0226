"""Retention of the reporting channel: a report closed without action is deleted
REPORTING_CLOSED_NO_ACTION_DAYS after its closing; one with follow-up is kept (#27, item 6)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from complaints.concerns.services import concern_answer, concern_set_status
from complaints.models import Concern, ConcernMessage
from intrasphere.models import AuditLog
from intrasphere.retention import purge_all
from tests.complaints.factories import report
from tests.factories import UserFactory, grant

DAY = timedelta(days=1)
SECOND = timedelta(seconds=1)
KIND = "reports closed without action"


@pytest.fixture
def handler(db):
    return grant(UserFactory(username="ethics.officer"), "complaints.handle_concerns")


def _closed(handler, status, days_ago, now):
    concern = report().concern
    concern_answer(actor=handler, concern=concern, body="Received.")
    if status == "closed":
        concern_set_status(actor=handler, concern=concern, status="follow_up")
    concern_set_status(actor=handler, concern=concern, status=status)
    Concern.objects.filter(pk=concern.pk).update(closed_at=now - days_ago)
    return concern


def test_closed_without_action_is_deleted_at_the_periods_edge(handler, settings):
    settings.REPORTING_CLOSED_NO_ACTION_DAYS = 60
    now = timezone.now()
    expired = _closed(handler, "closed_no_action", 60 * DAY + SECOND, now)
    recent = _closed(handler, "closed_no_action", 60 * DAY - SECOND, now)
    followed_up = _closed(handler, "closed", 400 * DAY, now)
    still_open = report().concern
    Concern.objects.filter(pk=still_open.pk).update(created_at=now - 400 * DAY)

    counts = purge_all(now=now)

    assert counts[KIND] == 1
    remaining = set(Concern.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, followed_up.pk, still_open.pk}
    assert not ConcernMessage.objects.filter(concern_id=expired.pk).exists()
    # What the audit log keeps of a report is its code, never its subject.
    assert AuditLog.objects.filter(target_id=str(expired.pk), target_label=expired.code).exists()
    assert not AuditLog.objects.filter(target_label__contains="Invoices backdated").exists()
    assert purge_all(now=now)[KIND] == 0  # a second run is a no-op


def test_zero_keeps_them(handler, settings):
    settings.REPORTING_CLOSED_NO_ACTION_DAYS = 0
    now = timezone.now()
    _closed(handler, "closed_no_action", 1000 * DAY, now)
    assert purge_all(now=now)[KIND] == 0 and Concern.objects.count() == 1


def test_dry_run_counts_and_keeps(handler, settings, capsys):
    settings.REPORTING_CLOSED_NO_ACTION_DAYS = 60
    _closed(handler, "closed_no_action", 61 * DAY, timezone.now())
    call_command("purge_expired_data", "--dry-run")
    out = capsys.readouterr().out
    assert f"{KIND}: 1" in out
    assert Concern.objects.count() == 1
    call_command("purge_expired_data")
    assert Concern.objects.count() == 0
