"""Demo data for a newcomer's portal: idempotent, and never on a database of real people.

Refused, unless `--i-know-this-is-not-production`, with DEBUG off (the demo passwords are weak
on purpose) and on a database named by DATABASE_URL that holds users other than the demo ones
(the embedded SQLite file of `make run` is the demo database: anything goes there).
"""

from django.conf import settings
from django.core.management.base import CommandError

from accounts import demo as accounts_demo
from accounts.models import User
from complaints import demo as complaints_demo
from content import demo as content_demo
from forum import demo as forum_demo
from intrasphere.commands import WritingCommand
from training import demo as training_demo

NOT_PRODUCTION = "--i-know-this-is-not-production"


class Command(WritingCommand):
    help = (
        "Load the demo users and sample content (safe to run again: nothing is duplicated). "
        f"Refused with DEBUG off or on a database with other users, unless {NOT_PRODUCTION}."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            NOT_PRODUCTION,
            "--force",  # its former name
            dest="not_production",
            action="store_true",
            help="Run even with DEBUG off or other users present (the demo passwords are weak).",
        )

    def handle(self, *args, not_production: bool = False, dry_run: bool = False, **options):
        with self.writing(dry_run=dry_run):
            if not not_production:
                refuse_unless_demo_database()
            people = accounts_demo.seed()
            content_demo.seed(people)
            complaints_demo.seed(people)
            accounts_demo.seed_grants(people)
            forum_demo.seed(people)
            training_demo.seed(people)
        verb = "would be ready" if dry_run else "ready"
        self.stdout.write(self.outcome(f"Demo data {verb} ({len(people)} demo users).", dry_run))


def refuse_unless_demo_database() -> None:
    if not settings.DEBUG:
        raise CommandError(
            "DEBUG is off: the demo accounts have weak passwords. Nothing was written. "
            f"Use {NOT_PRODUCTION} if this really is not production."
        )
    if settings.EMBEDDED_DATABASE:
        return  # the demo SQLite file of `make run`, whatever its developer added to it
    demo_names = {spec["username"] for spec in accounts_demo.DEMO_USERS}
    others = User.objects.exclude(username__in=demo_names)
    if others.exists():
        examples = ", ".join(others.order_by("pk").values_list("username", flat=True)[:3])
        raise CommandError(
            f"This database holds {others.count()} user(s) other than the demo ones "
            f"({examples}…): the demo accounts and their weak passwords do not belong there. "
            f"Nothing was written. Use {NOT_PRODUCTION} if this really is not production."
        )
