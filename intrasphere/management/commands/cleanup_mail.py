"""`cleanup_mail`: delete old *sent* emails (replaces django-post-office's command of that name,
which deletes queued and failed emails too)."""

from django.core.management.base import CommandError

from intrasphere.commands import WritingCommand
from intrasphere.mail import mail_delete_old_sent


class Command(WritingCommand):
    help = (
        "Delete the emails sent more than --days days ago, with their delivery logs and the "
        "attachments no other email uses. Queued, requeued and failed emails are never deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-d", "--days", type=int, default=90, help="Age in days of the sent emails to delete."
        )
        parser.add_argument("-b", "--batch-size", type=int, default=1000)

    def handle(self, *args, days: int, batch_size: int, dry_run: bool = False, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        with self.writing(dry_run=dry_run, atomic=False):
            emails = mail_delete_old_sent(older_than_days=days, batch_size=batch_size)
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(
            self.outcome(
                f"{emails} sent email(s) older than {days} days {verb}, with their logs and "
                "the attachments no other email uses.",
                dry_run,
            )
        )
