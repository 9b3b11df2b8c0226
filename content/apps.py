from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Content")

    def ready(self) -> None:
        from content import selectors
        from intrasphere.search import register_help_finder

        register_help_finder(
            lambda query, language: selectors.page_search(query=query, language=language)
        )
