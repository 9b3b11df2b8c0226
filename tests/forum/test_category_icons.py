"""Forum category icons come from the bundled SVG sprite (static/img/icons.svg), never from an
emoji font: the form offers the set's names, emoji stored before are mapped by a migration."""

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from forum.models import Category
from intrasphere.icons import ICON_CHOICES, icon_for
from tests.factories import UserFactory, grant
from tests.forum.factories import CategoryFactory
from tests.pages import signed_in

pytestmark = pytest.mark.django_db

SPRITE = Path(settings.BASE_DIR) / "static" / "img" / "icons.svg"
EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")


def test_every_choice_has_a_symbol_in_the_sprite():
    symbols = set(re.findall(r'<symbol id="([\w-]+)"', SPRITE.read_text()))
    assert {name for name, _label in ICON_CHOICES} <= symbols
    assert "MIT License" in (SPRITE.parent / "ICONS-LICENSE.txt").read_text()


def test_the_forum_draws_the_icon_from_the_sprite(employee):
    CategoryFactory(name="IT help", slug="it-help", icon="monitor")
    page = signed_in(employee).get(reverse("forum:index")).text
    assert re.search(
        r'<svg class="icon" aria-hidden="true"[^>]*><use href="[^"]*icons[^"]*\.svg#monitor"', page
    )
    assert not EMOJI.search(page[page.index("<main") :])


def test_the_form_takes_a_name_from_the_set_and_refuses_an_emoji(client):
    client.force_login(grant(UserFactory(), "forum.manage_forum"))
    url = reverse("forum:category_create")
    data = {"name": "Ideas", "slug": "ideas", "colour": "#aa0000", "order": 1, "active": "on"}
    refused = client.post(url, {**data, "icon": "💡"})
    assert refused.status_code == 200 and "Select a valid choice" in refused.text
    assert not Category.objects.filter(slug="ideas").exists()
    client.post(url, {**data, "icon": "idea"})
    assert Category.objects.get(slug="ideas").icon == "idea"


def test_unknown_values_draw_nothing():
    assert icon_for("🖥️") == "monitor"  # with the emoji variation selector
    assert icon_for("chat") == "chat"
    assert icon_for("🦄") == "" and icon_for("") == ""


def test_the_migration_maps_stored_emoji():
    migration = importlib.import_module("forum.migrations.0005_category_icons_from_emoji")
    stored = {
        "a": ("💬", "chat"),
        "b": ("🖥️", "monitor"),
        "c": ("🦄", ""),
        "d": ("", ""),
        "e": ("star", "star"),
    }
    for slug, (before, _after) in stored.items():
        Category.objects.create(name=slug, slug=slug, icon=before)
    migration.emoji_to_icons(apps, None)
    assert {c.slug: c.icon for c in Category.objects.all()} == {
        slug: after for slug, (_before, after) in stored.items()
    }
    migration.icons_to_emoji(apps, None)
    assert Category.objects.get(slug="a").icon == "💬"
