"""`import_users`: create or update employees from a CSV file, all or nothing."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.user_csv import COLUMNS, ImportFileError, read_user_rows, users_import
from intrasphere.commands import WritingCommand

PROGRESS_EVERY = 200


class Command(WritingCommand):
    help = (
        "Add or change the users listed in a UTF-8 CSV file (a byte-order mark is fine) with a "
        "header line, fields separated by ',' or ';' (found from the header). Columns: "
        f"{', '.join(COLUMNS)} (employee_id and username required). Users are matched on "
        "employee_id, so importing the same file again changes nothing. New users get no "
        "password: they set one through 'forgotten password', or the invitation that --invite "
        "sends. Roles: employee or moderator. "
        "Every problem of every line is reported; a file with any invalid line saves nothing "
        "unless --skip-invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The CSV file ('-' is not accepted: give a file).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every line, save nothing."
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Save the valid lines even when others are invalid (they are reported).",
        )
        parser.add_argument(
            "--invite",
            action="store_true",
            help=(
                "Email each account created a one-time link to choose a password "
                "(manage.py invite_users; needs PORTAL_URL)."
            ),
        )
        parser.add_argument(
            "--skip-admins",
            action="store_true",
            help=(
                "Leave administrators' lines and lines without an employee_id alone (reported, "
                "not errors): an export_users file of every user then reads back."
            ),
        )

    def handle(
        self,
        *args,
        path: str,
        dry_run: bool,
        skip_invalid: bool,
        skip_admins: bool,
        invite: bool = False,
        **options,
    ):
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"{path}: no such file")
        if invite and not settings.PORTAL_URL:
            raise CommandError(
                "--invite needs PORTAL_URL (the portal's address, used in the emailed links). "
                "Nothing was saved."
            )
        self.announce(dry_run=dry_run)
        try:
            with source.open(encoding="utf-8-sig", newline="") as handle:
                report = users_import(
                    rows=read_user_rows(handle),
                    dry_run=dry_run,
                    skip_invalid=skip_invalid,
                    skip_admins=skip_admins,
                    progress=self._progress,
                )
        except UnicodeDecodeError as exc:
            raise CommandError(
                f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}). Nothing was saved."
            ) from None
        except ImportFileError as exc:
            raise CommandError(f"{path}: {exc}. Nothing was saved.") from exc

        for line, reason in report.skipped:
            self.stdout.write(f"{path}, line {line}: skipped, {reason}")
        for line, reason in report.errors:
            self.stderr.write(f"{path}, line {line}: {reason}")
        summary = (
            f"{report.created} to create, {report.updated} to update, "
            f"{report.unchanged} unchanged, {len(report.skipped)} skipped, "
            f"{report.invalid_lines} invalid"
        )
        if report.errors and not skip_invalid:
            raise CommandError(
                f"{report.invalid_lines} invalid line(s) ({summary}). Nothing was saved; fix "
                "the file or use --skip-invalid to save the valid lines."
            )
        if dry_run:
            self.stdout.write(f"Dry run: {summary}. Nothing was saved.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported: {report.created} created, {report.updated} updated, "
                f"{report.unchanged} unchanged; skipped: {report.invalid_lines} invalid "
                f"line(s), {len(report.skipped)} administrator or unmatched line(s)."
            )
        )
        if report.managers_changed:
            self.stdout.write(f"Managers set or changed: {report.managers_changed}.")
        if invite and report.created_usernames:
            # The accounts app's command (the floor does not import a domain's code).
            call_command(
                "invite_users", *report.created_usernames, stdout=self.stdout, stderr=self.stderr
            )

    def _progress(self, count: int) -> None:
        if count % PROGRESS_EVERY == 0:
            self.stdout.write(f"… {count} lines checked")
