"""export_users → import_users reads back; import_users reports every problem of every line and
reads what spreadsheets write (`;`, a byte-order mark)."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from intrasphere.models import AuditLog
from tests.factories import EmployeeCategoryFactory, UserFactory


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def state():
    return list(
        User.objects.order_by("pk").values_list(
            "username",
            "email",
            "first_name",
            "last_name",
            "display_name",
            "department",
            "position",
            "phone",
            "role",
            "employee_category__name",
            "is_active",
            "employee_id",
            "is_superuser",
        )
    )


@pytest.fixture
def people(db):
    managers = EmployeeCategoryFactory(name="Managers")
    UserFactory(username="root", employee_id="A1", role="admin", is_superuser=True, is_staff=True)
    UserFactory(username="made.in.portal", employee_id=None)
    UserFactory(
        username="ann",
        employee_id="E1",
        department="Sales",
        employee_category=managers,
        display_name="=SUM(1)",
        phone="+33 1 00",
    )
    UserFactory(username="bob", employee_id="E2", role="moderator", is_active=False)


def test_export_then_import_changes_nothing_and_reports_the_skipped(people, tmp_path):
    target = tmp_path / "users.csv"
    run("export_users", "-o", str(target))
    before = state()

    out, err = run("import_users", str(target), "--skip-admins")
    assert err == ""
    assert "0 created, 0 updated, 2 unchanged" in out
    assert "2 administrator or unmatched line(s)" in out
    assert "line 2: skipped, an administrator" in out  # root
    assert "line 3: skipped, no employee_id" in out  # made.in.portal
    assert state() == before
    assert AuditLog.objects.filter(action="accounts.user.import").count() == 1


def test_an_edited_export_reads_back_with_its_changes(people, tmp_path):
    target = tmp_path / "users.csv"
    run("export_users", "-o", str(target))
    rows = list(csv.DictReader(target.open(encoding="utf-8", newline="")))
    for row in rows:
        if row["username"] == "bob":
            row["department"], row["is_active"] = "Legal", "yes"
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    out, _ = run("import_users", str(target), "--skip-admins")
    assert "0 created, 1 updated, 1 unchanged" in out
    bob = User.objects.get(username="bob")
    assert (bob.department, bob.is_active, bob.role) == ("Legal", True, "moderator")
    assert User.objects.get(username="ann").display_name == "=SUM(1)"


def test_without_skip_admins_the_export_is_refused_with_the_way_out(people, tmp_path):
    target = tmp_path / "users.csv"
    run("export_users", "-o", str(target))
    with pytest.raises(CommandError, match="2 invalid line") as excinfo:
        call_command(
            "import_users", str(target), stdout=io.StringIO(), stderr=(err := io.StringIO())
        )
    assert "Nothing was saved" in str(excinfo.value)
    report = err.getvalue()
    assert "line 2: root is an administrator" in report and "--skip-admins" in report
    assert "line 3: employee_id is empty (--skip-admins skips such lines)" in report


def test_skip_admins_never_creates_an_administrator(db, tmp_path):
    path = tmp_path / "users.csv"
    path.write_text("employee_id,username,email,role\nX1,boss,boss@example.com,admin\n")
    out, _ = run("import_users", str(path), "--skip-admins")
    assert "line 2: skipped, an administrator" in out
    assert not User.objects.exists()


def test_semicolons_and_a_byte_order_mark_as_french_excel_writes(db, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(
        "\ufeffemployee_id;username;email;first_name;department\r\n"
        "F1;jerome;jerome@example.com;Jérôme;Ventes, Sud\r\n"
        "F2;lea;lea@example.com;Léa;Achats\r\n".encode()
    )
    out, err = run("import_users", str(path))
    assert err == "" and "2 created" in out
    jerome = User.objects.get(employee_id="F1")
    assert (jerome.first_name, jerome.department) == ("Jérôme", "Ventes, Sud")


def test_commas_still_win_when_the_header_says_so(db, tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text('employee_id,username,department\nC1,carl,"R&D; Lab"\n')
    out, _ = run("import_users", str(path))
    assert "1 created" in out
    assert User.objects.get(employee_id="C1").department == "R&D; Lab"


def test_every_problem_of_every_line_is_reported_and_reading_goes_on(db, tmp_path):
    UserFactory(username="taken", employee_id="T0")
    path = tmp_path / "bad.csv"
    path.write_text(
        "employee_id,username,email,role,is_active,employee_category\n"
        "B1,bad name!,not-an-email,king,maybe,Ghosts\n"  # line 2: five problems
        'B2,"broken"quote,b2@example.com,employee,yes,\n'  # line 3: not CSV
        "B3,taken,taken@example.com,employee,yes,\n"  # line 4: read after the bad line
        'B4,"open,b4@example.com,employee,yes,\n'  # line 5: unterminated to the end
        "B5,late,late@example.com,employee,yes,\n"
    )
    with pytest.raises(CommandError, match="4 invalid line"):
        call_command("import_users", str(path), stdout=io.StringIO(), stderr=(err := io.StringIO()))
    lines = [line.split(", ", 1)[1] for line in err.getvalue().splitlines()]
    line2 = [line for line in lines if line.startswith("line 2: ")]
    assert len(line2) == 5, lines
    assert any("username:" in line for line in line2)
    assert any("email:" in line for line in line2)
    assert any("role: 'king'" in line for line in line2)
    assert any("is_active: 'maybe'" in line for line in line2)
    assert any("employee_category: no category named 'Ghosts'" in line for line in line2)
    assert any(line.startswith("line 3: not valid CSV") for line in lines)
    assert any(line.startswith("line 4: username:") for line in lines)
    assert any(line.startswith("line 5: not valid CSV") and "line 6" in line for line in lines)
    assert User.objects.count() == 1
