from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self) -> None:
        from forum import permissions as p
        from intrasphere.manage_links import ManageLink, register

        register(
            ManageLink(
                "forum:moderation_queue",
                _("Forum moderation"),
                _("Topics and replies waiting for approval, and reports."),
                p.is_moderator_somewhere,
            ),
        )

        from intrasphere import caching

        caching.register_values(
            {
                "search_forum_topics": ("forum.Topic", "forum.Category"),
                "search_forum_posts": ("forum.Post", "forum.Topic", "accounts.User"),
                # Whether a viewer has topics or posts only they see (the search keys on it).
                "forum_own_hidden": ("forum.Topic", "forum.Post"),
                # A category's topic count (`topic_count`), per class of viewer and their own.
                "forum_topic_count": ("forum.Topic",),
                # The dashboard's "waiting for your validation", per set of moderated categories.
                "forum_moderation_waiting": (
                    "forum.Topic",
                    "forum.Post",
                    "forum.Category",
                    "forum.Report",
                ),
            }
        )
