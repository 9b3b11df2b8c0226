"""The mail queue: rows in the caller's transaction, delivered by the worker, retried on failure."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone
from post_office.models import STATUS, Email, Log

from intrasphere.mail import mail_queue_stats, mail_send
from intrasphere.services import notification_send
from tests.factories import UserFactory


class BrokenSMTP:
    """A delivery backend that behaves like an unreachable SMTP server."""

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        raise ConnectionRefusedError("SMTP server down")

    def close(self):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server down")


@pytest.fixture
def queue(settings):
    settings.EMAIL_BACKEND = "post_office.EmailBackend"
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "django.core.mail.backends.locmem.EmailBackend"},
        "MAX_RETRIES": 3,
        "RETRY_INTERVAL": timedelta(minutes=1),
        "DEFAULT_PRIORITY": "medium",
    }
    return settings


def _send(subject="Hello"):
    mail_send(
        to=["someone@example.com"],
        subject=subject,
        template="emails/notification",
        context={"message": "Body text", "url": "/"},
    )


def test_mail_send_queues_a_row_and_the_worker_delivers_it(queue, db):
    _send()
    email = Email.objects.get()
    assert email.status == STATUS.queued
    assert mail.outbox == []
    call_command("mail_worker")
    email.refresh_from_db()
    assert email.status == STATUS.sent
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Hello"
    assert "Body text" in mail.outbox[0].body
    assert mail.outbox[0].alternatives[0][1] == "text/html"


def test_queued_email_rolls_back_with_the_transaction(queue, db):
    with pytest.raises(RuntimeError), transaction.atomic():
        _send()
        raise RuntimeError("the request failed")
    assert not Email.objects.exists()


def test_django_own_mails_are_queued_too(queue, db):
    """Password reset and friends send through EMAIL_BACKEND, which is the queue."""
    mail.send_mail("Reset", "Follow the link", None, ["reset@example.com"])
    assert Email.objects.get().to == ["reset@example.com"]
    assert mail.outbox == []


def test_smtp_outage_fails_nothing_loses_nothing(queue, db, client):
    queue.POST_OFFICE = {**queue.POST_OFFICE, "BACKENDS": {"default": f"{__name__}.BrokenSMTP"}}
    user = UserFactory(email="copy@example.com", email_notifications=True)
    # The request side: queuing works while SMTP is down.
    notification_send(recipients=[user], kind="test", message="Your training starts")
    assert Email.objects.get().status == STATUS.queued

    call_command("mail_worker")  # SMTP down: the email is kept for a retry
    email = Email.objects.get()
    assert email.status == STATUS.requeued
    assert email.number_of_retries == 1
    assert email.scheduled_time > timezone.now()
    assert Log.objects.filter(email=email, status=STATUS.failed).count() == 1
    assert mail_queue_stats() == {"queued": 1, "failed": 0}

    # SMTP is back and the retry is due.
    queue.POST_OFFICE = {
        **queue.POST_OFFICE,
        "BACKENDS": {"default": "django.core.mail.backends.locmem.EmailBackend"},
    }
    Email.objects.update(scheduled_time=timezone.now() - timedelta(seconds=1))
    call_command("mail_worker")
    email.refresh_from_db()
    assert email.status == STATUS.sent
    assert [m.to for m in mail.outbox] == [["copy@example.com"]]
    assert mail_queue_stats() == {"queued": 0, "failed": 0}


def test_retries_back_off_then_fail_for_good(queue, db):
    queue.POST_OFFICE = {
        **queue.POST_OFFICE,
        "BACKENDS": {"default": f"{__name__}.BrokenSMTP"},
        "MAX_RETRIES": 2,
    }
    _send()
    delays = []
    for _attempt in range(3):
        before = timezone.now()
        call_command("mail_worker")
        email = Email.objects.get()
        if email.status == STATUS.requeued:
            delays.append(email.scheduled_time - before)
            Email.objects.update(scheduled_time=timezone.now() - timedelta(seconds=1))
    assert email.status == STATUS.failed
    assert delays[1] > delays[0]  # exponential back-off
    assert mail_queue_stats() == {"queued": 0, "failed": 1}
    assert Log.objects.filter(email=email).count() == 3


def test_mail_worker_rejects_bad_arguments(db):
    with pytest.raises(CommandError, match="--interval"):
        call_command("mail_worker", "--loop", "--interval", "0")


def test_without_the_queue_mail_is_sent_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _send("Direct")
    assert [m.subject for m in mail.outbox] == ["Direct"]
    assert not Email.objects.exists()


def test_mail_worker_loop_backs_off_on_database_errors_and_stops_on_sigterm(db, monkeypatch):
    """Two database failures double the wait; SIGTERM ends the loop after the current round."""
    import contextlib
    import os
    import signal

    from django.db import OperationalError

    clock = {"now": 0.0}
    marks = []  # the clock at each round
    outcomes = [OperationalError("down"), OperationalError("down"), (1, 0, 0)]

    def fake_process():
        marks.append(clock["now"])
        outcome = outcomes.pop(0)
        if not outcomes:
            os.kill(os.getpid(), signal.SIGTERM)  # the handler only sets a flag
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def fake_sleep(seconds):
        clock["now"] += seconds

    module = "intrasphere.management.commands.mail_worker"
    monkeypatch.setattr(f"{module}.mail_queue_process", fake_process)
    # The shared lock asks the database (PostgreSQL), which the loop's connection check closes
    # inside this test's transaction: the lock is left out, it has tests of its own.
    monkeypatch.setattr(f"{module}.job_lock", lambda name: contextlib.nullcontext(True))
    monkeypatch.setattr(f"{module}.time.monotonic", lambda: clock["now"])
    monkeypatch.setattr(f"{module}.time.sleep", fake_sleep)
    original = signal.getsignal(signal.SIGTERM)
    out = io.StringIO()
    call_command("mail_worker", "--loop", "--interval", "2", "--max-backoff", "8", stdout=out)
    waits = [later - earlier for earlier, later in zip(marks, marks[1:], strict=False)]
    assert waits == [4.0, 8.0]  # 2 s doubled after each failure
    assert "1 sent" in out.getvalue() and "Mail worker stopped." in out.getvalue()
    assert signal.getsignal(signal.SIGTERM) is original


def test_failures_are_visible_to_admins(queue, db, admin_client):
    queue.POST_OFFICE = {**queue.POST_OFFICE, "BACKENDS": {"default": f"{__name__}.BrokenSMTP"}}
    _send("Undeliverable")
    call_command("mail_worker")
    email = Email.objects.get()
    response = admin_client.get("/admin/post_office/email/?status__exact=3")
    assert response.status_code == 200
    assert "Undeliverable" in response.content.decode()
    response = admin_client.get(f"/admin/post_office/email/{email.pk}/change/")
    assert "SMTP server down" in response.content.decode()


def test_employees_cannot_see_the_mail_queue(employee_client):
    response = employee_client.get("/admin/post_office/email/")
    assert response.status_code == 302  # to the admin sign-in
