from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "intrasphere"
    label = "intrasphere"
    verbose_name = _("Portal core")
