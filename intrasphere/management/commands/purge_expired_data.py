"""`purge_expired_data`: apply the retention periods (docs/privacy.md). Run it daily."""

from django.utils import timezone

from intrasphere.commands import WritingCommand
from intrasphere.retention import purge_all


class Command(WritingCommand):
    help = (
        "Delete or anonymise the personal data past its retention period (PRIVACY_*_DAYS "
        "settings): deactivated people, audit entries, read notifications, sent mail, admin "
        "history, forum reading marks, expired sessions, closed helpdesk requests (when "
        "PRIVACY_CLOSED_REQUEST_DAYS is set), reports closed without action "
        "(REPORTING_CLOSED_NO_ACTION_DAYS). A second run changes nothing."
    )

    def handle(self, *args, dry_run: bool = False, **options):
        with self.writing(dry_run=dry_run):
            counts = purge_all(now=timezone.now())
        for kind, count in counts.items():
            self.stdout.write(f"  {kind}: {count}")
        verb = "would be" if dry_run else "were"
        total = sum(counts.values())
        self.stdout.write(self.outcome(f"{total} row(s) {verb} purged.", dry_run))
