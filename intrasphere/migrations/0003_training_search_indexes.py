"""GIN indexes for the training search (`training.selectors.search_groups`), PostgreSQL only.

The same pattern as 0002: each index is the very `SearchVector(*fields, config=…)` expression
`text_search` filters on (trainings: title, category, description; lessons: title, content),
one per language configuration; nothing happens on other databases.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

# (app label, model, fields in the order text_search receives them)
SEARCHED = [
    ("training", "Training", ["title", "category", "description"]),
    ("training", "Lesson", ["title", "content"]),
]
CONFIGS = {"en": "english", "fr": "french"}


def _indexes(apps):
    for app_label, model_name, fields in SEARCHED:
        model = apps.get_model(app_label, model_name)
        for suffix, config in CONFIGS.items():
            name = f"search_{model._meta.db_table}_{suffix}"[:63]
            yield model, GinIndex(SearchVector(*fields, config=config), name=name)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _indexes(apps):
        schema_editor.add_index(model, index)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _indexes(apps):
        schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    dependencies = [
        ("intrasphere", "0002_search_indexes"),
        ("training", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
