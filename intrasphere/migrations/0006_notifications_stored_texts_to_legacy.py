"""Notifications written before kinds had templates keep their stored sentence as kind "legacy"
(shown as it was written); new ones store the event and its parameters."""

from django.db import migrations


def to_legacy(apps, schema_editor):
    Notification = apps.get_model("intrasphere", "Notification")
    rows = Notification.objects.exclude(kind="legacy").only("pk", "kind", "message", "params")
    batch = []
    for row in rows.iterator(chunk_size=2000):
        row.params = {"text": row.message, "was": row.kind}
        row.kind = "legacy"
        batch.append(row)
        if len(batch) >= 2000:
            Notification.objects.bulk_update(batch, ["kind", "params"])
            batch = []
    if batch:
        Notification.objects.bulk_update(batch, ["kind", "params"])


def back(apps, schema_editor):
    Notification = apps.get_model("intrasphere", "Notification")
    rows = Notification.objects.filter(kind="legacy").only("pk", "kind", "message", "params")
    batch = []
    for row in rows.iterator(chunk_size=2000):
        row.kind = (row.params or {}).get("was", "legacy")[:50]
        row.message = row.message or (row.params or {}).get("text", "")[:300]
        batch.append(row)
    Notification.objects.bulk_update(batch, ["kind", "message"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("intrasphere", "0005_notification_kinds_params_preferences")]

    operations = [migrations.RunPython(to_legacy, back)]
