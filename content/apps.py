from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Content")

    def ready(self) -> None:
        from content import permissions as p
        from intrasphere.manage_links import ManageLink, register

        register(
            ManageLink(
                "content:announcement_create",
                _("New announcement"),
                _("Publish news to the whole company or an audience."),
                p.can_manage_announcements,
            ),
            ManageLink(
                "content:document_create",
                _("New document"),
                _("Share a document and its versions."),
                p.can_manage_documents,
            ),
            ManageLink(
                "content:event_create",
                _("New event"),
                _("Plan an event and follow the answers."),
                p.can_manage_events,
            ),
            ManageLink(
                "content:page_create",
                _("New page"),
                _("Write a content page of the knowledge base."),
                p.can_manage_content,
            ),
        )

        from content import selectors
        from intrasphere import caching
        from intrasphere.search import register_help_finder

        caching.register_values(
            {
                # Live must-read announcements of an audience (acknowledgements read apart).
                "live_must_reads": ("content.Announcement",),
                # One announcement with its audience, for its page (checked per reader).
                "announcement": ("content.Announcement", "content.Category", "accounts.User"),
                # The lists' row counts (`announcement_count`, `document_count`).
                "announcement_count": ("content.Announcement", "content.Category"),
                "document_count": ("content.Document", "content.DocumentVersion"),
                "search_announcements": ("content.Announcement",),
                "search_documents": ("content.Document", "content.DocumentVersion"),
                "search_events": ("content.Event",),
                "search_pages": ("content.Page",),
            }
        )
        # The helpdesk suggests pages before a complaint is filed (`intrasphere.search`).
        register_help_finder(
            lambda query, language: selectors.page_search(query=query, language=language)
        )
