"""GIN indexes for the full-text search (`intrasphere.search.text_search`), PostgreSQL only.

Each index is built from the same `SearchVector(*fields, config=…)` expression that
`text_search` filters on, so PostgreSQL can use it; one per language configuration. A plain
`GinIndex` in a model's Meta would fail on SQLite, hence this migration, which does nothing on
other databases. When a search's field list changes, add the matching index here.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

# (app label, model, fields in the order text_search receives them)
SEARCHED = [
    (
        "accounts",
        "User",
        ["username", "first_name", "last_name", "display_name", "department", "position"],
    ),
    ("content", "Announcement", ["title", "content"]),
    ("content", "Document", ["title", "description"]),
    ("content", "Event", ["title", "location", "description"]),
    ("content", "Page", ["title", "body"]),
    ("forum", "Topic", ["title"]),
    ("forum", "Post", ["content"]),
    ("complaints", "Complaint", ["title", "description"]),
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
        ("intrasphere", "0001_initial"),
        ("accounts", "0002_permission_grant"),
        ("content", "0001_initial"),
        ("forum", "0001_initial"),
        ("complaints", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
