"""`export_users`: every user as CSV (the format `import_users` reads back)."""

from django.core.management.base import BaseCommand, CommandError

from accounts.user_csv import users_export_rows
from intrasphere.csv_files import csv_output


class Command(BaseCommand):
    help = (
        "Write every user to CSV (columns as import_users reads them, plus date_joined and "
        "last_login). Cells that a spreadsheet would run as formulas get a leading quote. "
        "Administrators and users without an employee id are written too: import the file "
        "back with `import_users --skip-admins`, which reports and skips them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", default="-", help="File to write ('-', the default: stdout)."
        )

    def handle(self, *args, output: str, **options):
        count = -1  # the header is not a user
        try:
            with csv_output(output, stdout=self.stdout) as writer:
                for row in users_export_rows():
                    writer.writerow(row)
                    count += 1
        except OSError as exc:
            raise CommandError(f"{output}: cannot write ({exc.strerror or exc})") from exc
        if output != "-":
            self.stdout.write(self.style.SUCCESS(f"{count} users written to {output}."))
