"""`check_media`: every file the database points to exists in storage."""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import models


def file_fields() -> list[tuple[type[models.Model], models.FileField]]:
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField) and not model._meta.proxy
    ]


class Command(BaseCommand):
    help = (
        "Check that every file referenced by a FileField or ImageField in the database exists "
        "in its storage (after restoring a backup, for example). Lists the missing ones and "
        "exits with status 1 when there are any."
    )

    def handle(self, *args, **options):
        checked = 0
        missing: list[str] = []
        for model, field in file_fields():
            storage = field.storage
            rows = (
                model._default_manager.exclude(**{field.name: ""})
                .exclude(**{f"{field.name}__isnull": True})
                .values_list("pk", field.attname)
            )
            for pk, name in rows.iterator(chunk_size=2000):
                checked += 1
                if not storage.exists(name):
                    missing.append(f"{model._meta.label} #{pk} {field.name}: {name}")
                if checked % 1000 == 0:
                    self.stdout.write(f"… {checked} files checked")
        for line in missing:
            self.stderr.write(f"missing: {line}")
        if missing:
            raise CommandError(f"{len(missing)} of {checked} referenced files are missing.")
        self.stdout.write(self.style.SUCCESS(f"All {checked} referenced files are present."))
