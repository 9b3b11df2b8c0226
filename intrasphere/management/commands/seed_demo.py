"""Demo data for a newcomer's portal: idempotent, refused in production without --force."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import demo as accounts_demo
from complaints import demo as complaints_demo
from content import demo as content_demo
from forum import demo as forum_demo
from training import demo as training_demo


class Command(BaseCommand):
    help = "Load the demo users and sample content (safe to run again: nothing is duplicated)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (the demo passwords are weak on purpose).",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: the demo accounts have weak passwords. Use --force if you mean it."
            )
        with transaction.atomic():
            people = accounts_demo.seed()
            content_demo.seed(people)
            complaints_demo.seed(people)
            accounts_demo.seed_grants(people)
            forum_demo.seed(people)
            training_demo.seed(people)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({len(people)} demo users)."))
