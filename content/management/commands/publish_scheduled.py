"""Notify the audience of scheduled must-reads that went live (run every few minutes)."""

from content.services import announcements_publish_scheduled
from intrasphere.commands import WritingCommand


class Command(WritingCommand):
    help = (
        "Send the 'must read' notification of important announcements whose publish date has "
        "come. Idempotent: each announcement is announced once, so run it as often as you like."
    )

    def handle(self, *args, dry_run: bool = False, **options):
        # Each announcement commits on its own; a dry run holds them all in one rolled-back one.
        with self.writing(dry_run=dry_run, atomic=False):
            count = announcements_publish_scheduled()
        verb = "would be " if dry_run else ""
        self.stdout.write(
            self.outcome(f"{count} announcement(s) {verb}announced to their audience.", dry_run)
        )
