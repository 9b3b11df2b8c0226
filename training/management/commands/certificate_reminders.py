"""Remind holders of certificates that expire soon (run daily from cron or a scheduler)."""

from django.core.management.base import BaseCommand, CommandError

from training.services import certificates_notify_expiring


class Command(BaseCommand):
    help = "Notify once each user whose certificate expires within the given number of days."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="Look-ahead in days (default 30).")

    def handle(self, *args, days: int = 30, **options):
        if days < 1 or days > 366:
            raise CommandError("--days must be between 1 and 366.")
        count = certificates_notify_expiring(within_days=days)
        self.stdout.write(self.style.SUCCESS(f"{count} reminder(s) sent."))
