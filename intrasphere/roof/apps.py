from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoofConfig(AppConfig):
    """The roof as an app: its management commands (seed_demo, seed_bulk) and nothing stored."""

    name = "intrasphere.roof"
    label = "roof"
    verbose_name = _("Portal")
