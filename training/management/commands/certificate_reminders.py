"""Remind holders of certificates that expire soon (run daily from cron or a scheduler)."""

from django.core.management.base import CommandError

from intrasphere.commands import WritingCommand
from training.services import certificates_notify_expiring


class Command(WritingCommand):
    help = "Notify once each user whose certificate expires within the given number of days."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="Look-ahead in days (default 30).")

    def handle(self, *args, days: int = 30, dry_run: bool = False, **options):
        if days < 1 or days > 366:
            raise CommandError("--days must be between 1 and 366.")
        # Each reminder commits on its own; a dry run holds them all in one rolled-back one.
        with self.writing(dry_run=dry_run, atomic=False):
            count = certificates_notify_expiring(within_days=days)
        verb = "would be sent" if dry_run else "sent"
        self.stdout.write(self.outcome(f"{count} reminder(s) {verb}.", dry_run))
