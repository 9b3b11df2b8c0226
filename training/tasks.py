"""Training's background jobs (Celery; scheduled by CELERY_BEAT_SCHEDULE in the settings)."""

from celery import shared_task

from intrasphere.tasks import run_exclusive
from training.services import certificates_notify_expiring


@shared_task(name="training.certificate_reminders", ignore_result=True)
def certificate_reminders(days: int = 30) -> dict:
    """`certificate_reminders --days N`: remind once each holder of a certificate expiring soon."""
    return run_exclusive("certificate-reminders", certificates_notify_expiring, within_days=days)
