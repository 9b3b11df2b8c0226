"""Usernames unique whatever their capitals (`admin` and `ADMIN` were two accounts).

Existing clashes are not merged or renamed behind anyone's back: the migration refuses, naming
every group, and an operator renames or deactivates-and-renames accounts first.
"""

from collections import defaultdict

import django.db.models.functions.text
from django.db import migrations, models

import accounts.models


def username_clashes(usernames) -> list[list[str]]:
    """Groups of usernames equal but for capitals (the database's lower())."""
    groups = defaultdict(list)
    for username in usernames:
        groups[username.lower()].append(username)
    return sorted(sorted(group) for group in groups.values() if len(group) > 1)


def refuse_clashes(apps, schema_editor) -> None:
    User = apps.get_model("accounts", "User")
    clashes = username_clashes(User.objects.values_list("username", flat=True))
    if clashes:
        listed = "; ".join(", ".join(group) for group in clashes)
        raise RuntimeError(
            "Usernames must be unique ignoring capitals, and these accounts clash: "
            f"{listed}. Rename all but one of each group (Django admin or manage.py shell), "
            "then migrate again. Nothing was changed."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_user_invited_at"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(refuse_clashes, migrations.RunPython.noop, elidable=False),
        migrations.AlterModelManagers(
            name="user",
            managers=[
                ("objects", accounts.models.PortalUserManager()),
            ],
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("username"),
                name="user_username_ci_unique",
                violation_error_message=(
                    "A user with that username already exists (usernames ignore capitals)."
                ),
            ),
        ),
    ]
