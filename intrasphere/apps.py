from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin, whose site audits every change (intrasphere/admin_audit.py)."""

    default = False  # named in INSTALLED_APPS by its path; CoreConfig is this app's config
    default_site = "intrasphere.admin_audit.AdminSite"


class CoreConfig(AppConfig):
    name = "intrasphere"
    label = "intrasphere"
    verbose_name = _("Portal core")

    def ready(self) -> None:
        self._logging_ready()
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from intrasphere import caching

        # Every model: the receiver bumps the generations of those shared values and bodies
        # are read from (the apps register theirs in their own `ready`, after this one).
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(caching.bump_model_generation, dispatch_uid=f"generation-{signal}")
        self._unread_ready()

    def _unread_ready(self) -> None:
        """The header counts unread notifications (other apps register their own counters)."""
        from django.db.models.signals import post_delete, post_save

        from intrasphere import unread
        from intrasphere.models import Notification

        unread.register(
            "notifications",
            lambda: unread.count_of(
                Notification.objects.filter(read_at__isnull=True), "recipient_id"
            ),
        )
        forget = unread.forget_on_save("recipient_id")
        for signal in (post_save, post_delete):
            signal.connect(forget, sender=Notification, weak=False, dispatch_uid="unread-notes")

    def _logging_ready(self) -> None:
        """JSON logs cover uncaught tracebacks and warnings; Celery keeps our LOGGING."""
        from django.conf import settings

        from intrasphere import logging as portal_logging

        if settings.LOG_FORMAT == "json":
            portal_logging.capture_uncaught()
        try:
            from celery.signals import setup_logging
        except ImportError:  # Celery is optional for a process that never runs tasks
            return
        setup_logging.connect(
            portal_logging.celery_setup_logging, weak=False, dispatch_uid="intrasphere-logging"
        )
