"""Commands that write say which database they target, dry-run through the same code, and
refuse to seed a database of real people; with DEBUG off the database is never implied."""

import datetime
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command, get_commands
from django.db import connection
from django.utils import timezone
from post_office.models import STATUS, Attachment, Email, Log

from accounts.models import PermissionGrant, User
from content.models import Announcement
from intrasphere.models import AuditLog, Notification
from tests.content.factories import AnnouncementFactory
from tests.factories import UserFactory
from tests.training.factories import CertificateFactory

BASE_DIR = Path(__file__).resolve().parents[2]
USERS = "accounts.manage_users"


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def expected_database_line() -> str:
    name = connection.settings_dict["NAME"]
    if connection.vendor == "postgresql":
        return f"Database: PostgreSQL database {name} on "
    return f"Database: SQLite file {name}"


def snapshot() -> dict[str, int]:
    """What the writing commands below could change."""
    return {
        "users": User.objects.count(),
        "active": User.objects.filter(is_active=True).count(),
        "grants": PermissionGrant.objects.filter(revoked_at__isnull=True).count(),
        "audit": AuditLog.objects.count(),
        "notifications": Notification.objects.count(),
        "emails": Email.objects.count(),
        "notified": Announcement.objects.filter(notified_at__isnull=False).count(),
    }


@pytest.fixture
def world(db, settings, tmp_path, mailoutbox):
    """Something for every writing command to do."""
    settings.DEBUG = True  # seed_demo's own rule; everything else ignores it
    settings.EMBEDDED_DATABASE = True
    admin = UserFactory(username="ops", role="admin", is_superuser=True, is_staff=True)
    employee = UserFactory(username="worker", email_notifications=True)
    call_command("grant_permission", "worker", "content.manage_announcements", stdout=io.StringIO())
    AnnouncementFactory(important=True, publish_at=timezone.now() - datetime.timedelta(minutes=5))
    CertificateFactory(user=employee, expires_at=timezone.now() + datetime.timedelta(days=3))
    old_sent = Email.objects.create(
        from_email="portal@example.com", to=["a@example.com"], subject="old", status=STATUS.sent
    )
    Email.objects.filter(pk=old_sent.pk).update(
        last_updated=timezone.now() - datetime.timedelta(days=200)
    )
    Email.objects.create(
        from_email="portal@example.com", to=["b@example.com"], subject="due", status=STATUS.queued
    )
    users_csv = tmp_path / "users.csv"
    users_csv.write_text("employee_id,username,email\nN1,newcomer,newcomer@example.com\n")
    return {"admin": admin, "employee": employee, "users_csv": str(users_csv)}


def writing_commands(world) -> dict[str, tuple]:
    return {
        "grant_permission": ("grant_permission", "worker", USERS, "--actor", "ops"),
        "revoke_permission": ("revoke_permission", "worker", "content.manage_announcements"),
        "deactivate_user": ("deactivate_user", "worker"),
        "import_users": ("import_users", world["users_csv"]),
        "publish_scheduled": ("publish_scheduled",),
        "certificate_reminders": ("certificate_reminders",),
        "cleanup_mail": ("cleanup_mail", "--days", "30"),
        "seed_demo": ("seed_demo",),
    }


COMMANDS = [
    "grant_permission",
    "revoke_permission",
    "deactivate_user",
    "import_users",
    "publish_scheduled",
    "certificate_reminders",
    "cleanup_mail",
    "seed_demo",
]


@pytest.mark.parametrize("name", COMMANDS)
def test_writing_commands_name_their_database_first(world, name):
    out = run(*writing_commands(world)[name])
    first = out.splitlines()[0]
    assert first.startswith(expected_database_line()), out
    assert "(dry run" not in first
    assert "PASSWORD" not in out and "password" not in first.lower()


@pytest.mark.parametrize("name", COMMANDS)
def test_dry_run_reports_and_changes_nothing(world, name, mailoutbox):
    before = snapshot()
    out = run(*writing_commands(world)[name], "--dry-run")
    assert out.splitlines()[0].startswith(expected_database_line())
    assert "(dry run: nothing will be saved)" in out.splitlines()[0]
    assert "Dry run:" in out
    assert snapshot() == before
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("publish_scheduled", "1 announcement(s) would be announced"),
        ("certificate_reminders", "1 reminder(s) would be sent"),
        ("cleanup_mail", "1 sent email(s) older than 30 days"),
        ("deactivate_user", "worker would be deactivated"),
        ("revoke_permission", "Would revoke grant #"),
        ("grant_permission", "Would grant accounts.manage_users to worker"),
        ("import_users", "1 to create"),
    ],
)
def test_dry_run_says_what_the_real_run_would_do(world, name, expected):
    assert expected in run(*writing_commands(world)[name], "--dry-run")


def test_a_dry_run_still_refuses_what_the_real_run_refuses(world):
    with pytest.raises(CommandError, match="your own account"):
        run("deactivate_user", "ops", "--actor", "ops", "--dry-run")
    with pytest.raises(CommandError, match="No account has the username"):
        run("grant_permission", "nobody", USERS, "--dry-run")


# --- DEBUG off: the database must be named ---------------------------------------------------


def manage(*args, **env_overrides) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "intrasphere.settings",
        "DEBUG": "false",
        "SECRET_KEY": "command-safety-test-key-0123456789abcdefghijklmnopqrstuvwxyz",
        **env_overrides,
    }
    env = {key: value for key, value in env.items() if value is not None}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_debug_off_without_database_url_refuses_to_start(tmp_path):
    demo_file = BASE_DIR / "db.sqlite3"
    before = demo_file.stat().st_mtime_ns if demo_file.exists() else None
    result = manage("publish_scheduled")
    assert result.returncode != 0
    assert "DATABASE_URL must be set when DEBUG is off" in result.stderr
    assert "Database:" not in result.stdout  # stopped before any command ran
    assert (demo_file.stat().st_mtime_ns if demo_file.exists() else None) == before

    database = tmp_path / "chosen.sqlite3"
    result = manage("check", DATABASE_URL=f"sqlite:///{database}")
    assert result.returncode == 0, result.stderr


def test_debug_on_keeps_the_embedded_sqlite_default():
    result = manage("check", DEBUG="true", SECRET_KEY=None)
    assert result.returncode == 0, result.stderr


# --- seeds refuse databases of real people ---------------------------------------------------


def test_seed_demo_refuses_a_database_with_other_users(db, settings):
    settings.DEBUG = True
    settings.EMBEDDED_DATABASE = False  # a DATABASE_URL names this database
    UserFactory(username="real.person")
    with pytest.raises(CommandError, match="1 user.s. other than the demo ones .real.person"):
        run("seed_demo")
    assert list(User.objects.values_list("username", flat=True)) == ["real.person"]

    run("seed_demo", "--i-know-this-is-not-production")
    assert User.objects.filter(username="admin", is_superuser=True).exists()


def test_seed_demo_runs_again_on_its_own_database_and_on_the_embedded_file(db, settings):
    settings.DEBUG = True
    settings.EMBEDDED_DATABASE = False
    run("seed_demo")
    run("seed_demo")  # only the demo users: idempotent, not refused
    settings.EMBEDDED_DATABASE = True
    UserFactory(username="registered.in.make.run")
    run("seed_demo")  # the demo SQLite file of `make run`: whatever was added there


def test_seed_bulk_refuses_a_database_with_users(db):
    UserFactory(username="real.person")
    with pytest.raises(CommandError, match="holds 1 user.s. .real.person.*--i-know-this"):
        run("seed_bulk", "--scale", "0.01", "--no-progress")
    assert User.objects.count() == 1 and not User.objects.filter(is_superuser=True).exists()


def test_seed_bulk_dry_run_writes_nothing(db):
    out = run("seed_bulk", "--scale", "0.01", "--no-progress", "--dry-run")
    assert out.startswith(expected_database_line())
    assert "Dry run: would create 100 users" in out
    assert not User.objects.exists()


def test_seed_bulk_runs_with_the_explicit_option(db):
    UserFactory(username="bench.admin")
    out = run(
        "seed_bulk",
        "--i-know-this-is-not-production",
        "--no-progress",
        "--users",
        "0",
        "--announcements",
        "2",
        "--documents",
        "1",
        "--events",
        "1",
        "--topics",
        "1",
        "--posts",
        "2",
        "--likes",
        "0",
        "--complaints",
        "1",
        "--messages",
        "1",
        "--trainings",
        "0",
        "--enrollments",
        "0",
    )
    assert "Done in" in out
    assert User.objects.filter(username="user00000", is_superuser=True).exists()


# --- cleanup_mail: old sent mail only --------------------------------------------------------


def _email(status, days_old, **fields):
    email = Email.objects.create(
        from_email="portal@example.com",
        to=["x@example.com"],
        subject=f"{status}",
        status=status,
        **fields,
    )
    Email.objects.filter(pk=email.pk).update(
        last_updated=timezone.now() - datetime.timedelta(days=days_old)
    )
    return email


def test_cleanup_mail_deletes_only_sent_mail_older_than_the_days(
    db, django_capture_on_commit_callbacks
):
    old_sent = _email(STATUS.sent, 100)
    Log.objects.create(email=old_sent, status=STATUS.sent, message="")
    recent_sent = _email(STATUS.sent, 10)
    old_queued = _email(STATUS.queued, 100)
    old_failed = _email(STATUS.failed, 100)
    Log.objects.create(email=old_failed, status=STATUS.failed, message="SMTP down")
    old_requeued = _email(STATUS.requeued, 100)
    orphaned = Attachment(name="sent.txt")
    orphaned.file.save("sent.txt", ContentFile(b"sent"), save=True)
    orphaned.emails.add(old_sent)
    kept = Attachment(name="queued.txt")
    kept.file.save("queued.txt", ContentFile(b"queued"), save=True)
    kept.emails.add(old_queued)
    orphan_file = orphaned.file.name
    storage = orphaned.file.storage

    with django_capture_on_commit_callbacks(execute=True):
        out = run("cleanup_mail", "--days", "30", "--dry-run")
    assert "1 sent email(s) older than 30 days would be deleted" in out
    assert Email.objects.count() == 5 and storage.exists(orphan_file)

    with django_capture_on_commit_callbacks(execute=True):
        out = run("cleanup_mail", "--days", "30")
    assert "1 sent email(s) older than 30 days deleted" in out
    assert set(Email.objects.values_list("pk", flat=True)) == {
        recent_sent.pk,
        old_queued.pk,
        old_failed.pk,
        old_requeued.pk,
    }
    assert list(Log.objects.values_list("email_id", flat=True)) == [old_failed.pk]
    assert list(Attachment.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not storage.exists(orphan_file) and storage.exists(kept.file.name)


def test_cleanup_mail_is_ours_and_checks_its_input(db):
    assert get_commands()["cleanup_mail"] == "intrasphere"  # not post_office's (every status)
    with pytest.raises(CommandError, match="--days must be at least 1"):
        run("cleanup_mail", "--days", "0")


def test_dry_run_sends_no_email_even_when_mail_goes_out_at_once(world, settings, mailoutbox):
    """With the queue backend and MAIL_PRIORITY=now (`make run`), post_office delivers inside
    the transaction: a dry run must not render-and-send."""
    settings.EMAIL_BACKEND = "post_office.EmailBackend"
    settings.POST_OFFICE = {**settings.POST_OFFICE, "DEFAULT_PRIORITY": "now"}
    run("certificate_reminders", "--dry-run")
    assert mailoutbox == [] and not Email.objects.filter(subject__contains="certificate").exists()
    run("certificate_reminders")
    assert len(mailoutbox) == 1  # the real run does send: the test above is not vacuous
