"""Users from and to CSV files (the `import_users` and `export_users` commands).

The file's identity column is `employee_id`: importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import EmployeeCategory, User, reporting_cycle_refusal
from accounts.selectors import team_forget
from intrasphere.csv_files import csv_cell, csv_uncell
from intrasphere.services import audit_record

REQUIRED_COLUMNS = ("employee_id", "username")
OPTIONAL_COLUMNS = (
    "email",
    "first_name",
    "last_name",
    "display_name",
    "department",
    "position",
    "phone",
    "role",
    "employee_category",
    "manager_employee_id",
    "is_active",
)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
PLAIN_COLUMNS = tuple(c for c in COLUMNS if c not in ("employee_category", "manager_employee_id"))
# Written by `export_users`, ignored on import (so an export can be edited and imported again).
IGNORED_COLUMNS = ("date_joined", "last_login")
# Administrators are made with `createsuperuser` or the admin: a CSV file never mints one.
IMPORTABLE_ROLES = (User.Role.EMPLOYEE, User.Role.MODERATOR)
TRUE_VALUES = {"1", "true", "yes", "y", "on"}
FALSE_VALUES = {"0", "false", "no", "n", "off"}


DELIMITERS = (",", ";")  # ";" is what a spreadsheet writes where "," is the decimal comma


class ImportFileError(ValueError):
    """The file as a whole cannot be read (header, encoding)."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # (line, reason): every problem of every bad line, several per line when it has several.
    errors: list[tuple[int, str]] = field(default_factory=list)
    # (line, reason): lines left alone on purpose (administrators, no employee id: --skip-admins).
    skipped: list[tuple[int, str]] = field(default_factory=list)
    saved: bool = False
    # Usernames of the accounts created (for `import_users --invite`).
    created_usernames: list[str] = field(default_factory=list)
    # People whose manager (`manager_employee_id`) was set or changed.
    managers_changed: int = 0

    @property
    def processed(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def invalid_lines(self) -> int:
        return len({line for line, _reason in self.errors})


class LineError(ValueError):
    """Everything wrong with one line (`problems`), or why it is skipped (`skip`)."""

    def __init__(self, problems: list[str], *, skip: bool = False):
        super().__init__("; ".join(problems))
        self.problems = problems
        self.skip = skip


Row = dict[str, str] | str  # the fields by column, or what makes the line unreadable


def _delimiter(header_line: str) -> str:
    """The separator that makes the most known column names out of the header line."""

    def known(delimiter: str) -> int:
        names = next(csv.reader([header_line], delimiter=delimiter), [])
        return sum(1 for name in names if name.strip() in COLUMNS + IGNORED_COLUMNS)

    return max(DELIMITERS, key=known)  # a tie keeps ","


def read_user_rows(handle: Iterable[str]) -> Iterator[tuple[int, Row]]:
    """(line number, fields by column) for each record, or (line, reason) for a record that is
    not CSV; reading goes on after a bad record. ImportFileError for a header that is not ours.

    The separator (`,` or `;`) is found from the header line; give the handle a UTF-8 text file
    opened with `encoding="utf-8-sig"` (a byte-order mark is then dropped) and `newline=""`.
    """
    lines = iter(handle)
    first = next(lines, "")
    delimiter = _delimiter(first)
    reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter, strict=True)
    try:
        header = [name.strip() for name in next(reader, [])]
    except csv.Error as exc:
        raise ImportFileError(f"line 1: not a CSV header ({exc})") from exc
    if not any(header):
        raise ImportFileError("the file is empty: expected a header line")
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    unknown = [name for name in header if name not in COLUMNS + IGNORED_COLUMNS]
    duplicated = sorted({name for name in header if header.count(name) > 1})
    if missing or unknown or duplicated:
        problems = []
        if missing:
            problems.append(f"missing column(s): {', '.join(missing)}")
        if unknown:
            problems.append(f"unknown column(s): {', '.join(unknown)}")
        if duplicated:
            problems.append(f"repeated column(s): {', '.join(duplicated)}")
        raise ImportFileError(
            f"line 1: {'; '.join(problems)} (columns allowed: {', '.join(COLUMNS)}; "
            "separated by , or ;)"
        )
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            end = reader.line_num
            where = f" (the record runs to line {end})" if end > start else ""
            yield start, f"not valid CSV: {exc}{where}"
            continue
        if not fields:
            continue  # a blank line
        if len(fields) > len(header):
            yield start, f"{len(fields) - len(header)} field(s) more than the header has"
        elif len(fields) < len(header):
            yield start, f"{len(header) - len(fields)} field(s) fewer than the header has"
        else:
            yield start, dict(zip(header, fields, strict=True))


def _parse_bool(value: str) -> bool | None:
    lowered = value.strip().lower()
    if lowered in TRUE_VALUES:
        return True
    if lowered in FALSE_VALUES:
        return False
    return None


def _is_admin_line(values: dict[str, str]) -> bool:
    return values.get("role") == User.Role.ADMIN


def _apply_row(
    row: Row, categories: dict[str, EmployeeCategory], *, skip_admins: bool = False
) -> tuple[str, User]:
    """Create or update one user; returns ("created", "updated" or "unchanged", the user).

    Each creation or change is in the audit log with its fields before → after.

    Raises LineError with every problem of the line, or with `skip` set for a line that
    --skip-admins leaves alone (an administrator's, or one without an employee id).
    """
    if isinstance(row, str):
        raise LineError([row])
    values = {name: csv_uncell(value.strip()) for name, value in row.items()}
    employee_id = values["employee_id"]
    if not employee_id:
        if skip_admins:
            raise LineError(["no employee_id: users are matched on it"], skip=True)
        raise LineError(["employee_id is empty (--skip-admins skips such lines)"])
    user = User.objects.filter(employee_id=employee_id).first()
    is_admin = user is not None and (user.role == User.Role.ADMIN or user.is_superuser)
    if skip_admins and (is_admin or _is_admin_line(values)):
        raise LineError(["an administrator: change administrators in the admin"], skip=True)
    problems: list[str] = []
    if is_admin:
        problems.append(
            f"{user.username} is an administrator: change administrators in the admin "
            "(--skip-admins skips them)"
        )
    created = user is None
    if created:
        user = User(employee_id=employee_id)
        user.set_unusable_password()  # they choose one through "forgotten password"
    before = {name: getattr(user, name) for name in PLAIN_COLUMNS}
    before["employee_category"] = user.employee_category_id
    for name in ("username", *OPTIONAL_COLUMNS):
        if name not in values or name == "manager_employee_id":  # a second pass: _set_managers
            continue
        value = values[name]
        if name == "role":
            value = value or User.Role.EMPLOYEE
            if value not in IMPORTABLE_ROLES:
                allowed = ", ".join(IMPORTABLE_ROLES)
                hint = " (--skip-admins skips administrators)" if value == User.Role.ADMIN else ""
                problems.append(f"role: {value!r} is not one of {allowed}{hint}")
                continue
        elif name == "is_active":
            parsed = True if value == "" else _parse_bool(value)
            if parsed is None:
                problems.append(f"is_active: {value!r} is not yes/no (true/false, 1/0)")
                continue
            value = parsed
        elif name == "employee_category":
            if value and value not in categories:
                problems.append(f"employee_category: no category named {value!r}")
                continue
            user.employee_category = categories.get(value) if value else None
            continue
        setattr(user, name, value)
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        problems += [f"{name}: {' '.join(messages)}" for name, messages in exc.message_dict.items()]
    if problems:
        raise LineError(problems)
    after = {name: getattr(user, name) for name in PLAIN_COLUMNS}
    after["employee_category"] = user.employee_category_id
    if not created and after == before:
        return "unchanged", user
    user.save()
    diff = ", ".join(
        f"{name}: {before[name]!r} → {after[name]!r}"
        for name in after
        if before[name] != after[name]
    )
    audit_record(
        actor=None,
        action="accounts.user.create" if created else "accounts.user.update",
        target=user,
        summary=f"import: {diff}",
    )
    return ("created" if created else "updated"), user


def _set_managers(pending: list[tuple[int, User, str]], report: ImportReport) -> None:
    """The `manager_employee_id` of each line, once every line's person exists (a manager may
    come later in the file); a cycle or an unknown id is an error of that line."""
    for line, user, manager_employee_id in pending:
        manager = None
        if manager_employee_id:
            manager = User.objects.filter(employee_id=manager_employee_id).first()
            if manager is None:
                report.errors.append(
                    (line, f"manager_employee_id: nobody has employee_id {manager_employee_id!r}")
                )
                continue
        if user.manager_id == (manager.pk if manager else None):
            continue
        refusal = reporting_cycle_refusal(user, manager.pk if manager else None)
        if refusal:
            report.errors.append((line, f"manager_employee_id: {refusal}"))
            continue
        before = user.manager.employee_id if user.manager_id else ""
        User.objects.filter(pk=user.pk).update(manager=manager)  # no signal: tell both managers
        team_forget([user.manager_id, manager.pk if manager else None])
        user.manager = manager
        audit_record(
            actor=None,
            action="accounts.user.update",
            target=user,
            summary=f"import: manager: {before!r} → {manager_employee_id!r}",
        )
        report.managers_changed += 1


def users_import(
    *,
    rows: Iterable[tuple[int, Row]],
    dry_run: bool = False,
    skip_invalid: bool = False,
    skip_admins: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Create or update users from CSV rows, all or nothing.

    A file with invalid lines saves nothing unless `skip_invalid`; `dry_run` checks everything
    (uniqueness included, against the database and earlier lines) and saves nothing;
    `skip_admins` leaves administrators and lines without an employee id alone (an export of
    every user reads back with it).
    """
    report = ImportReport()
    categories = {category.name: category for category in EmployeeCategory.objects.all()}
    pending: list[tuple[int, User, str]] = []  # (line, person, their manager's employee id)
    with transaction.atomic():
        for count, (line, row) in enumerate(rows, start=1):
            try:
                with transaction.atomic():  # a savepoint: a bad line leaves nothing behind
                    outcome, user = _apply_row(row, categories, skip_admins=skip_admins)
            except LineError as exc:
                target = report.skipped if exc.skip else report.errors
                target += [(line, problem) for problem in exc.problems]
            else:
                setattr(report, outcome, getattr(report, outcome) + 1)
                if outcome == "created":
                    report.created_usernames.append(user.username)
                if isinstance(row, dict) and "manager_employee_id" in row:
                    manager_id = csv_uncell(row["manager_employee_id"].strip())
                    pending.append((line, user, manager_id))
            if progress is not None:
                progress(count)
        _set_managers(pending, report)
        if dry_run or (report.errors and not skip_invalid):
            transaction.set_rollback(True)
            return report
        audit_record(
            actor=None,
            action="accounts.user.import",
            summary=(
                f"{report.created} created, {report.updated} updated, "
                f"{report.unchanged} unchanged, {report.invalid_lines} invalid line(s) and "
                f"{len(report.skipped)} administrator or unmatched line(s) skipped"
            ),
        )
        report.saved = True
    return report


EXPORT_COLUMNS = COLUMNS + IGNORED_COLUMNS


def users_export_rows() -> Iterator[list[str]]:
    """The header, then one row per user (the import reads this file back)."""
    yield list(EXPORT_COLUMNS)
    users = User.objects.select_related("employee_category", "manager").order_by("pk")
    for user in users.iterator(chunk_size=500):
        row = []
        for name in EXPORT_COLUMNS:
            if name == "employee_category":
                value = user.employee_category.name if user.employee_category else ""
            elif name == "manager_employee_id":
                value = (user.manager.employee_id or "") if user.manager_id else ""
            elif name == "is_active":
                value = "yes" if user.is_active else "no"
            elif name in ("date_joined", "last_login"):
                moment = getattr(user, name)
                value = moment.isoformat() if moment else ""
            else:
                value = getattr(user, name) or ""
            row.append(csv_cell(value))
        yield row
