"""Matrix cases for the core pages (dashboard, search, notifications)."""

from intrasphere.models import Notification
from tests.factories import UserFactory
from tests.matrix import LOGIN, Case, everyone, public
from tests.training.factories import TrainingFactory

OBJECTS = {
    "admin_notification": lambda w: Notification.objects.create(
        recipient=w.user("admin"), kind="test", message="For the admin only"
    ),
    # Someone reporting to the admin, with a mandatory training pending (a reminder to send).
    "admin_report": lambda w: (
        TrainingFactory(is_mandatory=True),
        UserFactory(username="m-report", manager=w.user("admin")),
    )[1],
}

CASES = [
    Case("dashboard", everyone()),
    Case("search", everyone(), query="q=hello"),
    Case("privacy", public()),
    # The Markdown editor's preview: signed-in people, POST only.
    Case("markdown_preview", everyone(), method="POST", data=lambda w: {"text": "**Hi**"}),
    Case("markdown_preview", everyone(405), label="GET"),
    Case("notifications:list", everyone()),
    # Marking someone else's notification changes nothing and redirects.
    Case(
        "notifications:read",
        everyone(302),
        method="POST",
        kwargs=lambda w: {"pk": w.get("admin_notification").pk},
    ),
    Case("notifications:read_all", everyone(302), method="POST"),
    # My team: everyone's own (empty without reports); only their manager reminds a person.
    Case("my_team", everyone()),
    Case(
        "team_remind",
        {"anonymous": LOGIN, "employee": 403, "moderator": 403, "delegate": 403, "admin": 302},
        method="POST",
        kwargs=lambda w: {"username": w.get("admin_report").username},
    ),
    Case("notifications:preferences", everyone()),
    # Operations: probes are public; metrics need a token or an allow-listed address.
    Case("healthz", public(200)),
    Case("readyz", public(200)),
    Case("metrics", public(403)),
]
