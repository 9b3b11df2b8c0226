"""Category icons were emoji (empty boxes without an emoji font): map them to the bundled icons."""

from django.db import migrations

# A copy of intrasphere.icons at the time of this migration (migrations do not follow the code).
EMOJI_TO_ICON = {
    "💬": "chat",
    "🗨": "chat",
    "🖥": "monitor",
    "💻": "monitor",
    "💡": "idea",
    "❓": "help",
    "❔": "help",
    "👥": "users",
    "👋": "users",
    "📚": "book",
    "📖": "book",
    "💼": "work",
    "⭐": "star",
    "🌟": "star",
    "📅": "calendar",
    "📆": "calendar",
    "☕": "coffee",
    "🔧": "tool",
    "🛠": "tool",
    "📢": "announce",
    "📣": "announce",
    "🛡": "shield",
    "🔒": "shield",
    "🌍": "globe",
    "🌐": "globe",
    "😀": "smile",
    "🙂": "smile",
    "🎉": "smile",
    "❤": "heart",
    "♥": "heart",
}
ICON_NAMES = set(EMOJI_TO_ICON.values())


def emoji_to_icons(apps, schema_editor):
    Category = apps.get_model("forum", "Category")
    for category in Category.objects.exclude(icon="").only("pk", "icon"):
        value = category.icon.strip()
        if value in ICON_NAMES:
            continue
        # An emoji with no counterpart becomes no icon: the colour mark stays.
        icon = EMOJI_TO_ICON.get(value.replace("\ufe0f", ""), "")
        Category.objects.filter(pk=category.pk).update(icon=icon)


def icons_to_emoji(apps, schema_editor):
    Category = apps.get_model("forum", "Category")
    back = {}
    for emoji, name in EMOJI_TO_ICON.items():
        back.setdefault(name, emoji)
    for category in Category.objects.exclude(icon="").only("pk", "icon"):
        Category.objects.filter(pk=category.pk).update(icon=back.get(category.icon, ""))


class Migration(migrations.Migration):
    dependencies = [("forum", "0004_category_icon_choices")]

    operations = [migrations.RunPython(emoji_to_icons, icons_to_emoji)]
