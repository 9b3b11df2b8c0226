"""Notify the audience of scheduled must-reads that went live (run every few minutes)."""

from django.core.management.base import BaseCommand

from content.services import announcements_publish_scheduled


class Command(BaseCommand):
    help = (
        "Send the 'must read' notification of important announcements whose publish date has "
        "come. Idempotent: each announcement is announced once, so run it as often as you like."
    )

    def handle(self, *args, **options):
        count = announcements_publish_scheduled()
        self.stdout.write(
            self.style.SUCCESS(f"{count} announcement(s) announced to their audience.")
        )
