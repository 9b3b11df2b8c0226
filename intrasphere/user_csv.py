"""Users from and to CSV files (the `import_users` and `export_users` commands).

The file's identity column is `employee_id`: importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import EmployeeCategory, User
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
    "is_active",
)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
# Written by `export_users`, ignored on import (so an export can be edited and imported again).
IGNORED_COLUMNS = ("date_joined", "last_login")
# Administrators are made with `createsuperuser` or the admin: a CSV file never mints one.
IMPORTABLE_ROLES = (User.Role.EMPLOYEE, User.Role.MODERATOR)
TRUE_VALUES = {"1", "true", "yes", "y", "on"}
FALSE_VALUES = {"0", "false", "no", "n", "off"}


class ImportFileError(ValueError):
    """The file as a whole cannot be read (header, encoding, CSV syntax)."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    saved: bool = False

    @property
    def processed(self) -> int:
        return self.created + self.updated + self.unchanged


class LineError(ValueError):
    pass


def read_user_rows(lines: Iterable[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for each record; ImportFileError for a file that is not our CSV."""
    reader = csv.DictReader(lines, restkey="__extra__", restval=None, strict=True)
    try:
        header = [name.strip() for name in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise ImportFileError(f"line 1: not a CSV header ({exc})") from exc
    if not header:
        raise ImportFileError("the file is empty: expected a header line")
    reader.fieldnames = header
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
            f"line 1: {'; '.join(problems)} (columns allowed: {', '.join(COLUMNS)})"
        )
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportFileError(f"line {reader.reader.line_num}: {exc}") from exc
        yield reader.line_num, row


def _parse_bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in TRUE_VALUES:
        return True
    if lowered in FALSE_VALUES:
        return False
    raise LineError(f"is_active: {value!r} is not yes/no (true/false, 1/0)")


def _apply_row(row: dict[str, str | None], categories: dict[str, EmployeeCategory]) -> str:
    """Create or update one user; returns "created", "updated" or "unchanged"."""
    if row.get("__extra__"):
        raise LineError(f"{len(row['__extra__'])} field(s) more than the header has")
    if any(row.get(name) is None for name in row if name != "__extra__"):
        raise LineError("fewer fields than the header has")
    values = {name: csv_uncell(row[name].strip()) for name in row if name != "__extra__"}
    employee_id = values["employee_id"]
    if not employee_id:
        raise LineError("employee_id is empty")
    if not values["username"]:
        raise LineError("username is empty")
    user = User.objects.filter(employee_id=employee_id).first()
    created = user is None
    if created:
        user = User(employee_id=employee_id)
        user.set_unusable_password()  # they choose one through "forgotten password"
    elif user.role == User.Role.ADMIN or user.is_superuser:
        raise LineError(f"{user.username} is an administrator: change administrators in the admin")
    before = {name: getattr(user, name) for name in COLUMNS if name != "employee_category"}
    before["employee_category"] = user.employee_category_id
    for name in ("username", *OPTIONAL_COLUMNS):
        if name not in values:
            continue
        value = values[name]
        if name == "role":
            value = value or User.Role.EMPLOYEE
            if value not in IMPORTABLE_ROLES:
                allowed = ", ".join(IMPORTABLE_ROLES)
                raise LineError(f"role: {value!r} is not one of {allowed}")
        elif name == "is_active":
            value = True if value == "" else _parse_bool(value)
        elif name == "employee_category":
            if value and value not in categories:
                raise LineError(f"employee_category: no category named {value!r}")
            user.employee_category = categories.get(value) if value else None
            continue
        setattr(user, name, value)
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        reasons = "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in exc.message_dict.items()
        )
        raise LineError(reasons) from exc
    after = {name: getattr(user, name) for name in COLUMNS if name != "employee_category"}
    after["employee_category"] = user.employee_category_id
    if not created and after == before:
        return "unchanged"
    user.save()
    return "created" if created else "updated"


def users_import(
    *,
    rows: Iterable[tuple[int, dict[str, str]]],
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Create or update users from CSV rows, all or nothing.

    A file with invalid lines saves nothing unless `skip_invalid`; `dry_run` checks everything
    (uniqueness included, against the database and earlier lines) and saves nothing.
    """
    report = ImportReport()
    categories = {category.name: category for category in EmployeeCategory.objects.all()}
    with transaction.atomic():
        for count, (line, row) in enumerate(rows, start=1):
            try:
                with transaction.atomic():  # a savepoint: a bad line leaves nothing behind
                    outcome = _apply_row(row, categories)
            except LineError as exc:
                report.errors.append((line, str(exc)))
            else:
                setattr(report, outcome, getattr(report, outcome) + 1)
            if progress is not None:
                progress(count)
        if dry_run or (report.errors and not skip_invalid):
            transaction.set_rollback(True)
            return report
        audit_record(
            actor=None,
            action="accounts.user.import",
            summary=(
                f"{report.created} created, {report.updated} updated, "
                f"{report.unchanged} unchanged, {len(report.errors)} invalid line(s) skipped"
            ),
        )
        report.saved = True
    return report


EXPORT_COLUMNS = COLUMNS + IGNORED_COLUMNS


def users_export_rows() -> Iterator[list[str]]:
    """The header, then one row per user (the import reads this file back)."""
    yield list(EXPORT_COLUMNS)
    users = User.objects.select_related("employee_category").order_by("pk")
    for user in users.iterator(chunk_size=500):
        row = []
        for name in EXPORT_COLUMNS:
            if name == "employee_category":
                value = user.employee_category.name if user.employee_category else ""
            elif name == "is_active":
                value = "yes" if user.is_active else "no"
            elif name in ("date_joined", "last_login"):
                moment = getattr(user, name)
                value = moment.isoformat() if moment else ""
            else:
                value = getattr(user, name) or ""
            row.append(csv_cell(value))
        yield row
