"""Background jobs on Celery: the beat schedule in one place, eager tasks without a broker, and
real workers on Redis (database 3) and PostgreSQL that never send an email twice."""

from __future__ import annotations

import datetime
import os
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone
from post_office.models import STATUS, Email

from content.models import Announcement
from intrasphere.locks import job_lock
from intrasphere.settings import job_schedule
from intrasphere.tasks import mail_queue_send, purge_expired_data
from tests.content.factories import AnnouncementFactory
from tests.training.factories import CertificateFactory
from training.models import Certificate
from training.tasks import certificate_reminders

BASE_DIR = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/3"


# --- The schedule --------------------------------------------------------------------------


def test_every_periodic_job_is_scheduled_and_exists():
    from intrasphere.celery import app

    app.loader.import_default_modules()
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert tasks == {
        "intrasphere.mail_queue_send",
        "content.publish_scheduled",
        "training.certificate_reminders",
        "intrasphere.mail_delete_old_sent",
        "intrasphere.sessions_clear",
        "intrasphere.purge_expired_data",
        "intrasphere.send_digests",
    }
    assert tasks <= set(app.tasks)
    assert settings.CELERY_BEAT_SCHEDULE["mail-queue"]["schedule"] == datetime.timedelta(seconds=10)
    assert settings.CELERY_BEAT_SCHEDULE["mail-cleanup"]["kwargs"] == {"days": 90}


def test_the_retention_job_purges_what_is_past_its_period(db, settings):
    from intrasphere.models import Notification
    from tests.factories import UserFactory

    settings.PRIVACY_READ_NOTIFICATION_DAYS = 30
    reader = UserFactory()
    Notification.objects.create(
        recipient=reader, message="old", read_at=timezone.now() - datetime.timedelta(days=31)
    )
    fresh = Notification.objects.create(recipient=reader, message="new", read_at=timezone.now())
    outcome = purge_expired_data.delay().get()
    assert outcome["skipped"] is False
    assert list(Notification.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_schedules_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("SCHEDULE_PUBLISH_SCHEDULED", "*/2 8-18 * * 1-5")
    cron = job_schedule("PUBLISH_SCHEDULED", "*/5 * * * *")
    assert cron.minute == set(range(0, 60, 2)) and cron.hour == set(range(8, 19))
    monkeypatch.setenv("SCHEDULE_MAIL_QUEUE", "30")
    assert job_schedule("MAIL_QUEUE", "10") == datetime.timedelta(seconds=30)
    monkeypatch.setenv("SCHEDULE_MAIL_QUEUE", "off")
    assert job_schedule("MAIL_QUEUE", "10") is None


@pytest.mark.parametrize("value", ["every hour", "61 * * * *", "* * * *", "0"])
def test_a_bad_schedule_is_refused_with_its_name(monkeypatch, value):
    monkeypatch.setenv("SCHEDULE_MAIL_QUEUE", value)
    with pytest.raises(ImproperlyConfigured, match="SCHEDULE_MAIL_QUEUE"):
        job_schedule("MAIL_QUEUE", "10")


# --- Without a broker: eager, in-process ---------------------------------------------------


@pytest.fixture
def queue(settings):
    settings.EMAIL_BACKEND = "post_office.EmailBackend"
    settings.POST_OFFICE = {**settings.POST_OFFICE, "DEFAULT_PRIORITY": "medium"}
    return settings


def test_without_a_broker_tasks_run_in_the_calling_process(queue, db, mailoutbox):
    assert settings.CELERY_TASK_ALWAYS_EAGER
    Email.objects.create(
        from_email="p@example.com", to=["a@example.com"], subject="Due", status=STATUS.queued
    )
    mail_queue_send.delay()
    assert Email.objects.get().status == STATUS.sent
    assert [m.subject for m in mailoutbox] == ["Due"]


def test_a_round_already_running_elsewhere_is_skipped(queue, db, mailoutbox):
    if connection.vendor == "postgresql":
        pytest.skip("an advisory lock is re-entrant in its own session: the workers test it")
    Email.objects.create(
        from_email="p@example.com", to=["a@example.com"], subject="Due", status=STATUS.queued
    )
    with job_lock("mail-queue") as held:
        assert held
        assert mail_queue_send.delay().get() == {"job": "mail-queue", "skipped": True}
    assert Email.objects.get().status == STATUS.queued
    assert mail_queue_send.delay().get()["skipped"] is False
    assert Email.objects.get().status == STATUS.sent


def test_certificate_reminders_twice_in_a_row_remind_once(db):
    soon = timezone.now() + datetime.timedelta(days=3)
    certificate = CertificateFactory(expires_at=soon, user__email_notifications=False)
    assert certificate_reminders.delay(days=30).get()["result"] == 1
    assert certificate_reminders.delay(days=30).get()["result"] == 0
    assert Certificate.objects.get().expiry_notified_at is not None
    assert certificate.user.notifications.count() == 1


def test_a_lock_name_is_checked():
    with pytest.raises(ValueError, match="Bad lock name"), job_lock("../etc/passwd"):
        pass


# --- Real workers: Redis database 3, PostgreSQL ----------------------------------------------


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _database_url() -> str:
    s = connection.settings_dict
    auth = urllib.parse.quote(s["USER"] or "")
    if s.get("PASSWORD"):
        auth += ":" + urllib.parse.quote(s["PASSWORD"])
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def workers(transactional_db, tmp_path):
    """Start workers on demand (`workers(2)`); a producer app sends tasks through Redis."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://… (CI does)")
    if not _redis_up():
        pytest.skip("needs Redis at 127.0.0.1:6379 (CI starts it)")
    import redis
    from celery import Celery

    redis.Redis.from_url(REDIS_URL).flushdb()
    mail_dir = tmp_path / "sent"
    mail_dir.mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "tests.core.celery_worker_settings",
        "SECRET_KEY": "celery-workers-test-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": "celery-jobs-test",
        "MAIL_PRIORITY": "medium",
        "TEST_MAIL_DIR": str(mail_dir),
        "PYTHONPATH": str(BASE_DIR),
    }
    processes: list[subprocess.Popen] = []
    producer = Celery("producer", broker=REDIS_URL)

    def start(count: int) -> None:
        for number in range(1, count + 1):
            command = [
                *(sys.executable, "-m", "celery", "-A", "intrasphere", "--quiet", "worker"),
                *("--concurrency", "1", "-n", f"w{number}@%h", "--without-gossip"),
                *("--without-mingle", "--loglevel", "WARNING"),
            ]
            log = open(tmp_path / f"worker{number}.log", "wb")  # noqa: SIM115
            processes.append(
                subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log, stderr=log)
            )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            replies = producer.control.ping(timeout=1) or []
            if len(replies) >= count:
                return
            if any(process.poll() is not None for process in processes):
                break
        logs = "\n".join(p.read_text() for p in tmp_path.glob("worker*.log"))
        raise AssertionError(f"the workers did not start:\n{logs}")

    def wait_until(predicate, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.2)
        logs = "\n".join(p.read_text() for p in tmp_path.glob("worker*.log"))
        raise AssertionError(f"timed out; worker logs:\n{logs}")

    yield start, producer, mail_dir, wait_until
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
    producer.close()
    redis.Redis.from_url(REDIS_URL).flushdb()


@pytest.mark.postgres
def test_a_worker_runs_a_task_sent_through_redis(workers):
    start, producer, _mail_dir, wait_until = workers
    announcement = AnnouncementFactory(
        important=True, publish_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    start(1)
    producer.send_task("content.publish_scheduled")
    wait_until(lambda: Announcement.objects.get(pk=announcement.pk).notified_at is not None)


@pytest.mark.postgres
def test_two_workers_send_each_email_once(workers):
    start, producer, mail_dir, wait_until = workers
    subjects = [f"message {number:03d}" for number in range(60)]
    Email.objects.bulk_create(
        Email(
            from_email="p@example.com",
            to=[f"u{n}@example.com"],
            subject=subject,
            status=STATUS.queued,
        )
        for n, subject in enumerate(subjects)
    )
    start(2)
    for _ in range(8):  # both workers busy with rounds of the same queue at once
        producer.send_task("intrasphere.mail_queue_send")
    wait_until(lambda: not Email.objects.exclude(status=STATUS.sent).exists())
    time.sleep(1)  # a round still running would deliver its duplicates now
    sent = sorted(
        line.removeprefix("Subject: ")
        for path in mail_dir.iterdir()
        for line in path.read_text().splitlines()
        if line.startswith("Subject: ")
    )
    assert sent == subjects


@pytest.mark.postgres
def test_two_workers_remind_once_and_announce_once(workers):
    from django.db.models import Count

    from intrasphere.models import Notification
    from tests.factories import UserFactory

    start, producer, _mail_dir, wait_until = workers
    soon = timezone.now() + datetime.timedelta(days=3)
    holders = [UserFactory(email_notifications=False) for _ in range(15)]
    for holder in holders:
        CertificateFactory(user=holder, expires_at=soon)
    past = timezone.now() - datetime.timedelta(minutes=1)
    announcements = [AnnouncementFactory(important=True, publish_at=past) for _ in range(10)]
    start(2)
    for _ in range(4):
        producer.send_task("training.certificate_reminders", kwargs={"days": 30})
        producer.send_task("content.publish_scheduled")

    def done() -> bool:
        return not (
            Certificate.objects.filter(expiry_notified_at__isnull=True).exists()
            or Announcement.objects.filter(notified_at__isnull=True).exists()
        )

    wait_until(done)
    time.sleep(1)  # a round still running would add its duplicates now
    reminders = Notification.objects.filter(kind="training.certificate_expiring")
    assert sorted(reminders.values_list("recipient_id", flat=True)) == sorted(
        holder.pk for holder in holders
    )
    per_message = (
        Notification.objects.filter(kind="content.must_read")
        .values("recipient_id", "target")
        .annotate(n=Count("id"))
    )
    assert per_message and {row["n"] for row in per_message} == {1}
    assert len({row["target"] for row in per_message}) == len(announcements)
