"""Matrix cases for the core pages (dashboard, search, notifications)."""

from intrasphere.models import Notification
from tests.matrix import Case, everyone, public

OBJECTS = {
    "admin_notification": lambda w: Notification.objects.create(
        recipient=w.user("admin"), kind="test", message="For the admin only"
    ),
}

CASES = [
    Case("dashboard", everyone()),
    Case("search", everyone(), query="q=hello"),
    Case("privacy", public()),
    Case("notifications:list", everyone()),
    # Marking someone else's notification changes nothing and redirects.
    Case(
        "notifications:read",
        everyone(302),
        method="POST",
        kwargs=lambda w: {"pk": w.get("admin_notification").pk},
    ),
    Case("notifications:read_all", everyone(302), method="POST"),
    Case("notifications:preferences", everyone()),
    # Operations: probes are public; metrics need a token or an allow-listed address.
    Case("healthz", public(200)),
    Case("readyz", public(200)),
    Case("metrics", public(403)),
]
