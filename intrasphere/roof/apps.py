from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoofConfig(AppConfig):
    """The roof as an app: its management commands (seed_demo, seed_bulk) and nothing stored."""

    name = "intrasphere.roof"
    label = "roof"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from intrasphere import caching

        caching.register_values(
            {
                # The dashboard's part shared by an audience (`roof.dashboard.dashboard_shared`):
                # global counts, latest announcements (news items with their audience's
                # category names), upcoming events.
                "dashboard": (
                    "accounts.User",
                    "accounts.EmployeeCategory",
                    "content.Announcement",
                    "content.Category",
                    "content.Document",
                    "content.DocumentVersion",
                    "content.Event",
                ),
                # Its recent forum topics, apart: every forum reply changes its topic.
                "dashboard_forum": ("forum.Topic", "forum.Category", "accounts.User"),
            }
        )
