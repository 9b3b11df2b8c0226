"""`seed_demo`: idempotent, and refused with DEBUG off unless forced."""

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User


def test_seed_demo_is_idempotent(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    counts = User.objects.count()
    call_command("seed_demo")
    assert User.objects.count() == counts
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("admin123")
    assert User.objects.get(username="marie.martin").role == "moderator"
    assert User.objects.get(username="pierre.dubois").check_password("pierre123")


def test_seed_demo_refuses_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--i-know-this-is-not-production"):
        call_command("seed_demo")
    assert not User.objects.exists()
    call_command("seed_demo", "--i-know-this-is-not-production")
    assert User.objects.filter(username="admin").exists()
    call_command("seed_demo", "--force")  # the former name of the option still works
