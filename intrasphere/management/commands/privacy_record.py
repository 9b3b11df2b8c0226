"""Print the generated part of docs/privacy.md (the declared personal-data policy)."""

from django.core.management.base import BaseCommand

from intrasphere.privacy import record_markdown


class Command(BaseCommand):
    help = "Print the record of processing built from <app>/personal_data.py and the settings."

    def handle(self, *args, **options):
        self.stdout.write(record_markdown(), ending="")
