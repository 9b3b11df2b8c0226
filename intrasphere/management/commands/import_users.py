"""`import_users`: create or update employees from a CSV file, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from intrasphere.user_csv import COLUMNS, ImportFileError, read_user_rows, users_import

PROGRESS_EVERY = 200


class Command(BaseCommand):
    help = (
        "Add or change the users listed in a UTF-8 CSV file with a header line. Columns: "
        f"{', '.join(COLUMNS)} (employee_id and username required). Users are matched on "
        "employee_id, so importing the same file again changes nothing. New users get no "
        "password: they set one through 'forgotten password'. Roles: employee or moderator. "
        "A file with any invalid line saves nothing unless --skip-invalid."
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

    def handle(self, *args, path: str, dry_run: bool, skip_invalid: bool, **options):
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            with source.open(encoding="utf-8-sig", newline="") as handle:
                report = users_import(
                    rows=read_user_rows(handle),
                    dry_run=dry_run,
                    skip_invalid=skip_invalid,
                    progress=self._progress,
                )
        except UnicodeDecodeError as exc:
            raise CommandError(
                f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})"
            ) from None
        except ImportFileError as exc:
            raise CommandError(f"{path}: {exc}. Nothing was saved.") from exc

        for line, reason in report.errors:
            self.stderr.write(f"{path}, line {line}: {reason}")
        summary = (
            f"{report.created} to create, {report.updated} to update, "
            f"{report.unchanged} unchanged, {len(report.errors)} invalid"
        )
        if report.errors and not skip_invalid:
            raise CommandError(
                f"{len(report.errors)} invalid line(s) ({summary}). Nothing was saved; fix "
                "the file or use --skip-invalid to save the valid lines."
            )
        if dry_run:
            self.stdout.write(f"Dry run: {summary}. Nothing was saved.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported: {report.created} created, {report.updated} updated, "
                f"{report.unchanged} unchanged, {len(report.errors)} skipped."
            )
        )

    def _progress(self, count: int) -> None:
        if count % PROGRESS_EVERY == 0:
            self.stdout.write(f"… {count} lines checked")
