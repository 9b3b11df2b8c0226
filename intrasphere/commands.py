"""What every management command that writes shares: it names its database, it can dry-run.

    class Command(WritingCommand):
        def handle(self, *args, dry_run: bool, **options):
            with self.writing(dry_run=dry_run):
                count = do_the_work()
            self.stdout.write(self.outcome(f"{count} thing(s) changed.", dry_run))

`writing()` prints `Database: …` first (so nobody writes to the demo SQLite file believing it is
production), runs the block in one transaction, and rolls it back under `--dry-run`: the dry run
goes through the same code and checks as the real run, so what it reports is what would happen,
and no email leaves.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.core.management.base import BaseCommand
from django.db import connections, transaction

from intrasphere.mail import mail_suppressed

DRY_RUN_HELP = "Do everything and report it, then roll back: nothing is saved or sent."


def database_label(alias: str = "default") -> str:
    """Which database a command works on, without the password."""
    connection = connections[alias]
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        host = settings.get("HOST") or "the local socket"
        port = f":{settings['PORT']}" if settings.get("PORT") else ""
        user = f" as {settings['USER']}" if settings.get("USER") else ""
        return f"PostgreSQL database {settings['NAME']!s} on {host}{port}{user}"
    if connection.vendor == "sqlite":
        return f"SQLite file {settings['NAME']!s}"
    return f"{connection.vendor} database {settings.get('NAME')!s}"


class WritingCommand(BaseCommand):
    """A command that changes data: `--dry-run`, and the target database said up front."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        if not any("--dry-run" in action.option_strings for action in parser._actions):
            parser.add_argument("--dry-run", action="store_true", help=DRY_RUN_HELP)
        return parser

    def announce(self, *, dry_run: bool) -> None:
        suffix = " (dry run: nothing will be saved)" if dry_run else ""
        self.stdout.write(f"Database: {database_label()}{suffix}")

    @contextlib.contextmanager
    def writing(self, *, dry_run: bool, atomic: bool = True) -> Iterator[None]:
        """Announce the database, then run the block atomically; roll back under --dry-run.

        A dry run also keeps every email from being queued or sent (`mail_suppressed`): with
        MAIL_PRIORITY=now post_office would deliver during the transaction.
        """
        self.announce(dry_run=dry_run)
        with contextlib.ExitStack() as stack:
            if dry_run:
                stack.enter_context(mail_suppressed())
            if atomic or dry_run:
                stack.enter_context(transaction.atomic())
            yield
            if dry_run:
                transaction.set_rollback(True)

    def outcome(self, message: str, dry_run: bool) -> str:
        if dry_run:
            return f"Dry run: {message} Nothing was saved."
        return self.style.SUCCESS(message)
