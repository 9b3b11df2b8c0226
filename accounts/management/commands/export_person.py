"""Export one person's data as a zip (GDPR Art. 15/20; docs/privacy.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.management.commands._actor import resolve_user
from accounts.services_privacy import person_export


class Command(BaseCommand):
    help = "Write one person's personal data (data.json, their files, an index) to a zip file."

    def add_arguments(self, parser):
        parser.add_argument("username", help="The person whose data is exported.")
        parser.add_argument("-o", "--output", required=True, help="The zip file to write.")
        parser.add_argument("--reason", default="", help="Why (kept in the audit log).")

    def handle(self, *args, username, output, reason="", **options):
        user = resolve_user(username)
        path = Path(output)
        if path.exists():
            raise CommandError(f"{path} already exists: name a new file.")
        if not path.parent.is_dir():
            raise CommandError(f"No directory {path.parent}.")
        with path.open("wb") as target:
            counts = person_export(actor=None, user=user, target=target, reason=reason)
        for section, count in counts.items():
            self.stdout.write(f"  {section}: {count}")
        self.stdout.write(self.style.SUCCESS(f"{username}'s data is in {path}."))
