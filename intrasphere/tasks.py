"""The floor's background jobs (Celery): the mail queue and the clean-ups.

Each periodic task runs under a lock shared by every machine (`intrasphere.locks.job_lock`):
with two workers, a round that is already running elsewhere is skipped, never doubled. The
schedule is `CELERY_BEAT_SCHEDULE` in the settings.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from importlib import import_module
from typing import Any

from celery import shared_task
from django.conf import settings

from intrasphere.locks import job_lock
from intrasphere.mail import mail_delete_old_sent, mail_queue_process
from intrasphere.retention import purge_all

logger = logging.getLogger(__name__)


def run_exclusive(name: str, job: Callable[..., Any], **kwargs) -> dict[str, Any]:
    """Run `job(**kwargs)` under the shared lock `name`; skip it when another worker runs it.

    (In a worker, Celery's Django fix-up checks the database connections before and after each
    task, as a request would: PostgreSQL may have restarted since the last one.)
    """
    with job_lock(name) as acquired:
        if not acquired:
            logger.info("%s: already running on another worker; skipped", name)
            return {"job": name, "skipped": True}
        result = job(**kwargs)
    logger.info("%s: done", name, extra={"result": result})
    return {"job": name, "skipped": False, "result": result}


@shared_task(name="intrasphere.mail_queue_send", ignore_result=True)
def mail_queue_send() -> dict[str, Any]:
    """Deliver the queued emails that are due (with the back-off of failed ones)."""
    return run_exclusive("mail-queue", mail_queue_process)


@shared_task(name="intrasphere.mail_delete_old_sent", ignore_result=True)
def mail_delete_old_sent_task(days: int = 90) -> dict[str, Any]:
    """`cleanup_mail --days N`: only *sent* emails older than N days."""
    return run_exclusive("mail-cleanup", mail_delete_old_sent, older_than_days=days)


def _sessions_clear() -> None:
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()


@shared_task(name="intrasphere.sessions_clear", ignore_result=True)
def sessions_clear() -> dict[str, Any]:
    """`clearsessions`: delete the expired sessions from the database."""
    return run_exclusive("sessions-clear", _sessions_clear)


def _purge_expired_data() -> dict[str, int]:
    from django.utils import timezone

    return purge_all(now=timezone.now())


@shared_task(name="intrasphere.purge_expired_data", ignore_result=True)
def purge_expired_data() -> dict[str, Any]:
    """`purge_expired_data`: the retention periods (docs/privacy.md) applied every day."""
    return run_exclusive("purge-expired-data", _purge_expired_data)


def _send_digests() -> int:
    from intrasphere.digest import digests_send

    return digests_send()


@shared_task(name="intrasphere.send_digests", ignore_result=True)
def send_digests() -> dict[str, Any]:
    """`send_digests`: the daily and weekly email digests of unread notifications."""
    return run_exclusive("send-digests", _send_digests)
