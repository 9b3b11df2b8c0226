from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self) -> None:
        from intrasphere import caching

        caching.register_bodies(
            {
                # Categories, their stored counters and last post (topic, author and date).
                "forum_index": ("forum.Category", "forum.Post", "forum.Topic", "accounts.User"),
                # A category's topics (counters, authors); read marks filled per request.
                "forum_topic_list": ("forum.Category", "forum.Topic", "accounts.User"),
                # A topic's posts; the viewer's like count and buttons filled per request.
                "forum_topic_page": (
                    "forum.Post",
                    "forum.Topic",
                    "forum.Category",
                    "accounts.User",
                ),
            }
        )
        caching.register_values(
            {
                "search_forum_topics": ("forum.Topic", "forum.Category"),
                "search_forum_posts": ("forum.Post", "forum.Topic", "accounts.User"),
                # Whether a viewer has topics or posts only they see (the search keys on it).
                "forum_own_hidden": ("forum.Topic", "forum.Post"),
                # The dashboard's "waiting for your validation", per set of moderated categories.
                "forum_moderation_waiting": (
                    "forum.Topic",
                    "forum.Post",
                    "forum.Category",
                    "forum.Report",
                ),
            }
        )
