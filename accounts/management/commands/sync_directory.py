"""Bring the accounts in line with the company directory (LDAP / Active Directory)."""

from django.core.management.base import CommandError

from accounts import directory
from accounts.services_directory import UNCHANGED, SyncAlreadyRunning, directory_sync
from intrasphere.commands import WritingCommand


class Command(WritingCommand):
    help = (
        "Create, update and deactivate accounts from the directory (LDAP_* settings). Never "
        "deletes an account, never touches an administrator; safe to run every few minutes "
        "(one run at a time across machines). --dry-run reads and reports only."
    )

    def handle(self, *args, dry_run=False, **options):
        if not directory.enabled():
            raise CommandError("No directory: set LDAP_SERVER_URI and LDAP_USER_SEARCH_BASE.")
        self.announce(dry_run=dry_run)
        seen = [0]

        def progress(action):
            seen[0] += 1
            if action.kind != UNCHANGED:
                detail = f" ({action.detail})" if action.detail else ""
                self.stdout.write(f"  {action.kind}: {action.username}{detail}")
            if seen[0] % 100 == 0:
                self.stdout.write(f"  … {seen[0]} entries and accounts looked at")

        try:
            report = directory_sync(dry_run=dry_run, progress=progress)
        except directory.DirectoryUnavailable as error:
            message = f"The directory cannot be reached: {error}. Nothing changed."
            raise CommandError(message) from None
        except SyncAlreadyRunning:
            raise CommandError("Another sync_directory run is in progress. Nothing done.") from None
        prefix = "Would be (dry run): " if dry_run else "Done: "
        self.stdout.write(prefix + report.summary())
        if report.nothing_to_do:
            self.stdout.write("Nothing to do: the accounts match the directory.")
