"""Retention of closed helpdesk requests: PRIVACY_CLOSED_REQUEST_DAYS after their last activity
(default 0: kept), with their replies, timeline and files (#27, item 4)."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from complaints.models import Complaint, ComplaintAttachment, ComplaintReply
from intrasphere.retention import purge_all
from tests.complaints.factories import AttachmentFactory, ComplaintFactory, ReplyFactory

DAY = timedelta(days=1)
SECOND = timedelta(seconds=1)
KIND = "closed requests"


def _last_active(complaint, moment, status=Complaint.Status.CLOSED):
    Complaint.objects.filter(pk=complaint.pk).update(status=status, updated_at=moment)
    return complaint


def test_default_keeps_them(db, settings):
    assert settings.PRIVACY_CLOSED_REQUEST_DAYS == 0
    _last_active(ComplaintFactory(), timezone.now() - 5000 * DAY)
    assert purge_all(now=timezone.now())[KIND] == 0 and Complaint.objects.count() == 1


def test_closed_requests_go_at_the_periods_edge(db, settings, django_capture_on_commit_callbacks):
    settings.PRIVACY_CLOSED_REQUEST_DAYS = 365
    now = timezone.now()
    expired = _last_active(ComplaintFactory(), now - 365 * DAY - SECOND)
    ReplyFactory(complaint=expired)
    attachment = AttachmentFactory(complaint=expired)
    storage, name = attachment.file.storage, attachment.file.name
    rejected = _last_active(ComplaintFactory(), now - 400 * DAY, Complaint.Status.REJECTED)
    recent = _last_active(ComplaintFactory(), now - 365 * DAY + SECOND)
    still_open = _last_active(ComplaintFactory(), now - 900 * DAY, Complaint.Status.WAITING)

    with django_capture_on_commit_callbacks(execute=True):
        counts = purge_all(now=now)

    assert counts[KIND] == 2
    assert set(Complaint.objects.values_list("pk", flat=True)) == {recent.pk, still_open.pk}
    assert not ComplaintReply.objects.filter(complaint_id=expired.pk).exists()
    assert not ComplaintAttachment.objects.exists()
    assert not storage.exists(name)  # the file goes too
    assert not Complaint.objects.filter(pk=rejected.pk).exists()
    assert purge_all(now=now)[KIND] == 0


def test_dry_run_counts_and_keeps_rows_and_files(db, settings, capsys):
    settings.PRIVACY_CLOSED_REQUEST_DAYS = 30
    complaint = _last_active(ComplaintFactory(), timezone.now() - 31 * DAY)
    attachment = AttachmentFactory(complaint=complaint)
    call_command("purge_expired_data", "--dry-run")
    assert f"{KIND}: 1" in capsys.readouterr().out
    assert Complaint.objects.filter(pk=complaint.pk).exists()
    assert attachment.file.storage.exists(attachment.file.name)
