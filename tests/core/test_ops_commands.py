"""Ops commands: import/export users, export the audit log, check media files."""

import csv
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from accounts.models import User
from intrasphere.models import AuditLog
from intrasphere.services import audit_record
from tests.factories import EmployeeCategoryFactory, UserFactory

HEADER = "employee_id,username,email,first_name,last_name,department,role,employee_category\n"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def csv_file(tmp_path):
    def write(text, name="users.csv", encoding="utf-8"):
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return str(path)

    return write


# --- import_users ---------------------------------------------------------------------------


def test_import_creates_then_is_idempotent(db, csv_file):
    EmployeeCategoryFactory(name="Managers")
    path = csv_file(
        HEADER
        + "E1,jdoe,jdoe@example.com,John,Doe,Sales,employee,Managers\n"
        + "E2,asmith,asmith@example.com,Ann,Smith,HR,moderator,\n"
    )
    out, _ = run("import_users", path)
    assert "2 created" in out
    john = User.objects.get(employee_id="E1")
    assert (john.username, john.department, john.employee_category.name) == (
        "jdoe",
        "Sales",
        "Managers",
    )
    assert not john.has_usable_password()
    assert User.objects.get(employee_id="E2").role == "moderator"
    assert AuditLog.objects.filter(action="accounts.user.import").count() == 1

    out, _ = run("import_users", path)
    assert "0 created, 0 updated, 2 unchanged" in out
    assert User.objects.filter(employee_id__in=["E1", "E2"]).count() == 2


def test_import_updates_on_employee_id(db, csv_file):
    UserFactory(username="old.name", employee_id="E9", department="Old")
    path = csv_file(HEADER + "E9,new.name,new@example.com,N,N,New,employee,\n")
    out, _ = run("import_users", path)
    assert "1 updated" in out
    user = User.objects.get(employee_id="E9")
    assert (user.username, user.department) == ("new.name", "New")


def test_dry_run_saves_nothing(db, csv_file):
    path = csv_file(HEADER + "E1,jdoe,jdoe@example.com,John,Doe,Sales,employee,\n")
    out, _ = run("import_users", path, "--dry-run")
    assert "Dry run: 1 to create" in out
    assert not User.objects.filter(employee_id="E1").exists()
    assert not AuditLog.objects.exists()


BAD_LINES = (
    HEADER
    + "E1,good,good@example.com,G,G,Sales,employee,\n"  # line 2
    + ",nobody,x@example.com,N,N,,employee,\n"  # line 3: no employee id
    + "E3,bad email,not-an-email,B,B,,employee,\n"  # line 4: username and email invalid
    + "E4,boss,boss@example.com,B,B,,admin,\n"  # line 5: admin role refused
    + "E5,good,dup@example.com,D,D,,employee,\n"  # line 6: username used by line 2
    + "E6,cat,cat@example.com,C,C,,employee,Ghosts\n"  # line 7: unknown category
    + "E7,short,s@example.com\n"  # line 8: missing fields
    + "E8,long,l@example.com,L,L,,employee,,extra\n"  # line 9: extra field
)


def test_invalid_lines_are_reported_and_nothing_is_saved(db, csv_file):
    path = csv_file(BAD_LINES)
    with pytest.raises(CommandError, match="7 invalid line") as excinfo:
        call_command("import_users", path, stdout=io.StringIO(), stderr=(err := io.StringIO()))
    assert "Nothing was saved" in str(excinfo.value)
    report = err.getvalue()
    assert "line 3: employee_id is empty" in report
    assert "line 4: " in report and "username" in report and "email" in report
    assert "line 5: role: 'admin'" in report
    assert "line 6: username" in report
    assert "line 7: employee_category: no category named 'Ghosts'" in report
    assert "line 8: 5 field(s) fewer" in report
    assert "line 9: 1 field(s) more" in report
    assert "line 2:" not in report
    assert not User.objects.filter(employee_id__in=["E1", "E3", "E5"]).exists()
    assert not AuditLog.objects.exists()


def test_skip_invalid_saves_the_valid_lines(db, csv_file):
    path = csv_file(BAD_LINES)
    out, err = run("import_users", path, "--skip-invalid")
    assert "1 created" in out and "skipped: 7 invalid line(s)" in out
    assert "line 3:" in err
    assert list(
        User.objects.filter(employee_id__startswith="E").values_list("username", flat=True)
    ) == ["good"]


def test_import_refuses_to_change_an_administrator(db, csv_file):
    UserFactory(username="root", employee_id="A1", role="admin", is_superuser=True)
    path = csv_file(HEADER + "A1,root,root@example.com,R,R,,employee,\n")
    with pytest.raises(CommandError):
        run("import_users", path)
    assert User.objects.get(employee_id="A1").role == "admin"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty"),
        ("username,email\nx,x@example.com\n", "missing column(s): employee_id"),
        ("employee_id,username,salary\n1,x,10\n", "unknown column(s): salary"),
        ("employee_id,username,username\n1,x,y\n", "repeated column(s): username"),
    ],
)
def test_import_rejects_malformed_files(db, csv_file, content, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run("import_users", csv_file(content))


def test_import_rejects_missing_and_non_utf8_files(db, csv_file, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run("import_users", str(tmp_path / "nope.csv"))
    path = csv_file(HEADER + "E1,jdoe,j@example.com,Jérôme,D,,employee,\n", encoding="latin-1")
    with pytest.raises(CommandError, match="not UTF-8"):
        run("import_users", path)
    assert not User.objects.filter(employee_id="E1").exists()


def test_import_progress_on_long_files(db, csv_file):
    lines = "".join(f"P{i},person{i},p{i}@example.com,P,{i},,employee,\n" for i in range(450))
    out, _ = run("import_users", csv_file(HEADER + lines))
    assert "… 200 lines checked" in out and "… 400 lines checked" in out
    assert "450 created" in out


# --- export_users ---------------------------------------------------------------------------


def test_export_users_round_trips_through_import(db, csv_file, tmp_path):
    UserFactory(username="formula", employee_id="F1", display_name="=HYPERLINK(1)", phone="+331")
    target = tmp_path / "users.csv"
    out, _ = run("export_users", "--output", str(target))
    assert "1 users written" in out
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert rows[0]["display_name"] == "'=HYPERLINK(1)"  # not run by spreadsheets
    out, _ = run("import_users", str(target))
    assert "1 unchanged" in out
    user = User.objects.get(employee_id="F1")
    assert (user.display_name, user.phone) == ("=HYPERLINK(1)", "+331")


def test_export_users_to_stdout(db):
    UserFactory(username="visible", employee_id="V1")
    out, _ = run("export_users")
    assert out.splitlines()[0].startswith("employee_id,username")
    assert "visible" in out


def test_export_to_a_missing_directory_is_an_error(db, tmp_path):
    with pytest.raises(CommandError, match="cannot write"):
        run("export_users", "--output", str(tmp_path / "no" / "such" / "file.csv"))


# --- export_audit_log -----------------------------------------------------------------------


def test_export_audit_log_by_date_range(db, tmp_path, admin_user):
    old = audit_record(actor=admin_user, action="test.old", summary="long ago")
    AuditLog.objects.filter(pk=old.pk).update(created_at="2024-01-10T12:00:00+01:00")
    kept = audit_record(actor=admin_user, action="test.kept", summary="=cmd|' /C calc'!A0")
    AuditLog.objects.filter(pk=kept.pk).update(created_at="2024-02-01T23:30:00+01:00")
    audit_record(actor=None, action="test.now", summary="today")
    target = tmp_path / "audit.csv"
    out, _ = run(
        "export_audit_log", "--since", "2024-02-01", "--until", "2024-02-01", "-o", str(target)
    )
    assert "1 entries written" in out
    [row] = list(csv.DictReader(target.open(encoding="utf-8")))
    assert row["action"] == "test.kept"
    assert row["actor"] == "admin"
    assert row["summary"].startswith("'=")
    out, _ = run("export_audit_log")
    assert "test.old" in out and "test.now" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2024-13-01"], "not a date"),
        (["--until", "yesterday"], "not a date"),
        (["--since", "2024-03-01", "--until", "2024-02-01"], "after --until"),
    ],
)
def test_export_audit_log_rejects_bad_dates(db, tmp_path, args, message):
    target = tmp_path / "audit.csv"
    with pytest.raises(CommandError, match=message):
        run("export_audit_log", *args, "-o", str(target))
    assert not target.exists()


# --- check_media ----------------------------------------------------------------------------


def test_check_media_passes_and_fails(db, settings):
    user = UserFactory(username="pictured")
    user.avatar.save("avatar.png", ContentFile(b"png"), save=True)
    UserFactory(username="no-avatar")
    out, _ = run("check_media")
    assert "All 1 referenced files are present" in out

    user.avatar.storage.delete(user.avatar.name)
    with pytest.raises(CommandError, match="1 of 1 referenced files are missing"):
        call_command("check_media", stdout=io.StringIO(), stderr=(err := io.StringIO()))
    assert f"accounts.User #{user.pk} avatar: {user.avatar.name}" in err.getvalue()


@pytest.mark.parametrize(
    "command", ["import_users", "export_users", "export_audit_log", "check_media", "mail_worker"]
)
def test_every_ops_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as excinfo:
        call_command(command, "--help")
    assert excinfo.value.code == 0
    assert "usage" in capsys.readouterr().out
