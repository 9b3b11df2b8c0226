"""Content's background jobs (Celery; scheduled by CELERY_BEAT_SCHEDULE in the settings)."""

from celery import shared_task

from content.services import announcements_publish_scheduled
from intrasphere.tasks import run_exclusive


@shared_task(name="content.publish_scheduled", ignore_result=True)
def publish_scheduled() -> dict:
    """`publish_scheduled`: notify the audience of must-reads whose publish date has come."""
    return run_exclusive("publish-scheduled", announcements_publish_scheduled)
