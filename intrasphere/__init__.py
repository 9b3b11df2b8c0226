"""IntraSphere's floor: what every domain app may import. The Celery application is loaded with
Django so that `@shared_task` tasks bind to it (docs/operations.md, "Background jobs")."""

from .celery import app as celery_app

__all__ = ["celery_app"]
