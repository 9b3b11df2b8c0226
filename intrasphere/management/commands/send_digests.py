"""`send_digests`: the email digests of unread notifications that are due. Run it daily."""

from intrasphere.commands import WritingCommand
from intrasphere.digest import digests_send


class Command(WritingCommand):
    help = (
        "Email each person who chose a daily or weekly digest the unread notifications older "
        "than NOTIFICATION_DIGEST_AFTER_HOURS that they receive in the digest. A second run "
        "sends nothing new."
    )

    def handle(self, *args, dry_run: bool = False, **options):
        # One transaction per person (a lock on their preferences), so not one for the run.
        with self.writing(dry_run=dry_run, atomic=False):
            count = digests_send()
        verb = "would be" if dry_run else "were"
        self.stdout.write(self.outcome(f"{count} digest(s) {verb} queued.", dry_run))
