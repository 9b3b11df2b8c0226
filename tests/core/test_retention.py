"""Retention periods applied by `purge_expired_data`, at each period's edge (#27)."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from accounts.services_privacy import people_due_for_anonymisation
from forum.models import TopicView
from intrasphere.models import AuditLog, Notification
from intrasphere.retention import purge_all
from intrasphere.services import audit_record
from tests.factories import UserFactory
from tests.forum.factories import topic_with_post

DAY = timedelta(days=1)
SECOND = timedelta(seconds=1)


@pytest.fixture
def periods(settings):
    settings.PRIVACY_AUDIT_DAYS = 365
    settings.PRIVACY_READ_NOTIFICATION_DAYS = 180
    settings.PRIVACY_TOPIC_VIEW_DAYS = 365
    settings.PRIVACY_ANONYMISE_AFTER_DAYS = 90
    return settings


def _audit_at(moment):
    entry = audit_record(actor=None, action="x.y", summary="old")
    AuditLog.objects.filter(pk=entry.pk).update(created_at=moment)
    return entry


def test_each_period_at_its_edge(periods, db, admin_user):
    now = timezone.now()
    person = UserFactory(username="reader")
    kept_audit = _audit_at(now - 365 * DAY + SECOND)
    old_audit = _audit_at(now - 365 * DAY - SECOND)
    unread = Notification.objects.create(recipient=person, kind="k", message="m")
    read_old = Notification.objects.create(
        recipient=person, kind="k", message="m", read_at=now - 180 * DAY - SECOND
    )
    read_recent = Notification.objects.create(
        recipient=person, kind="k", message="m", read_at=now - 180 * DAY + SECOND
    )
    Notification.objects.filter(pk=unread.pk).update(created_at=now - 1000 * DAY)
    topic = topic_with_post(author=admin_user)
    view = TopicView.objects.create(user=person, topic=topic, last_read_at=now - 366 * DAY)
    leaver = UserFactory(username="leaver", is_active=False)
    recent_leaver = UserFactory(username="recent", is_active=False)
    User.objects.filter(pk=leaver.pk).update(updated_at=now - 90 * DAY - SECOND)
    User.objects.filter(pk=recent_leaver.pk).update(updated_at=now - 90 * DAY + SECOND)

    counts = purge_all(now=now)

    assert AuditLog.objects.filter(pk=kept_audit.pk).exists()
    assert not AuditLog.objects.filter(pk=old_audit.pk).exists()
    assert set(Notification.objects.values_list("pk", flat=True)) == {unread.pk, read_recent.pk}
    assert not Notification.objects.filter(pk=read_old.pk).exists()
    assert not TopicView.objects.filter(pk=view.pk).exists()
    assert User.objects.get(pk=leaver.pk).anonymised_at is not None
    assert User.objects.get(pk=recent_leaver.pk).anonymised_at is None
    assert counts["deactivated people anonymised"] == 1
    # A second run is a no-op.
    assert sum(purge_all(now=now).values()) == 0


def test_zero_means_never(periods, db):
    periods.PRIVACY_AUDIT_DAYS = 0
    periods.PRIVACY_ANONYMISE_AFTER_DAYS = 0
    old = _audit_at(timezone.now() - 5000 * DAY)
    leaver = UserFactory(username="leaver", is_active=False)
    User.objects.filter(pk=leaver.pk).update(updated_at=timezone.now() - 5000 * DAY)
    purge_all(now=timezone.now())
    assert AuditLog.objects.filter(pk=old.pk).exists()
    assert User.objects.get(pk=leaver.pk).anonymised_at is None


def test_expired_sessions_go(db):
    Session.objects.create(session_key="a" * 32, session_data="x", expire_date=timezone.now() - DAY)
    Session.objects.create(session_key="b" * 32, session_data="x", expire_date=timezone.now() + DAY)
    purge_all(now=timezone.now())
    assert list(Session.objects.values_list("session_key", flat=True)) == ["b" * 32]


def test_the_last_administrator_is_never_anonymised_by_the_purge(periods, db):
    admin = UserFactory(username="boss", is_superuser=True, is_staff=True, role="admin")
    User.objects.filter(pk=admin.pk).update(is_active=False, updated_at=timezone.now() - 1000 * DAY)
    purge_all(now=timezone.now())
    assert User.objects.get(pk=admin.pk).anonymised_at is None


def test_command_dry_run_changes_nothing_then_the_run_purges(periods, db, capsys):
    old = _audit_at(timezone.now() - 400 * DAY)
    call_command("purge_expired_data", "--dry-run")
    out = capsys.readouterr().out
    assert "audit entries: 1" in out and "Dry run" in out
    assert AuditLog.objects.filter(pk=old.pk).exists()
    call_command("purge_expired_data")
    assert not AuditLog.objects.filter(pk=old.pk).exists()
    call_command("purge_expired_data")
    assert "0 row(s) were purged" in capsys.readouterr().out


def test_who_is_due_for_anonymisation_at_the_edge(periods, db):
    """Deactivated, not anonymised yet, unchanged for more than the period before the date the
    purge runs for (not the clock's)."""
    now = timezone.now() + 10 * DAY
    due = UserFactory(username="due", is_active=False)
    due_by_that_date = UserFactory(username="due.then", is_active=False)
    at_the_edge = UserFactory(username="edge", is_active=False)
    active = UserFactory(username="active")
    done = UserFactory(username="done", is_active=False)
    User.objects.filter(pk__in=[due.pk, active.pk, done.pk]).update(updated_at=now - 1000 * DAY)
    User.objects.filter(pk=done.pk).update(anonymised_at=now - 500 * DAY)
    User.objects.filter(pk=due_by_that_date.pk).update(updated_at=timezone.now() - 85 * DAY)
    User.objects.filter(pk=at_the_edge.pk).update(updated_at=now - 90 * DAY)

    assert set(people_due_for_anonymisation(now=now)) == {due, due_by_that_date}
    assert purge_all(now=now)["deactivated people anonymised"] == 2
    assert set(User.objects.filter(anonymised_at__isnull=False)) == {due, due_by_that_date, done}


def test_the_purge_anonymises_every_leaver_past_the_last_administrator(periods, db):
    """The last administrator is left for a person to decide; the leavers after them are not."""
    boss = UserFactory(username="boss", is_superuser=True, is_staff=True, role="admin")
    leavers = [UserFactory(username=f"leaver{n}") for n in range(2)]
    User.objects.filter(pk__in=[boss.pk, *(p.pk for p in leavers)]).update(
        is_active=False, updated_at=timezone.now() - 100 * DAY
    )
    assert purge_all(now=timezone.now())["deactivated people anonymised"] == 2
    assert User.objects.get(pk=boss.pk).anonymised_at is None
    entries = AuditLog.objects.filter(action="accounts.user.anonymise")
    assert sorted((e.target_id, e.actor_label, e.summary) for e in entries) == sorted(
        (str(p.pk), "system", "reason: retention: deactivated past the period") for p in leavers
    )
