"""Outgoing email: every message of the portal goes through `mail_send`.

With the production backend (`post_office.EmailBackend`) a message becomes a row of the mail
queue written inside the caller's transaction: it commits or rolls back with the data it talks
about, and an SMTP outage never fails the request. `manage.py mail_worker` delivers the queue.
Any other backend (the test runner's locmem, a developer's console) sends after commit.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone

logger = logging.getLogger(__name__)

QUEUE_BACKEND = "post_office.EmailBackend"
MAX_RETRY_DELAY = timedelta(hours=6)
_suppressed: ContextVar[bool] = ContextVar("mail_suppressed", default=False)


@contextlib.contextmanager
def mail_suppressed() -> Iterator[None]:
    """Dry runs (`--dry-run`): messages are still rendered, but neither queued nor sent."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


# Control characters (C0, DEL, C1) and the Unicode line and paragraph separators: none may reach
# a header. A CR left in a subject made the email fail at every retry of the queue.
_HEADER_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def header_value(value: str) -> str:
    """`value` fit for an email header: every control character replaced by a space, runs of
    whitespace collapsed. For every header built from user text (subjects hold names, titles)."""
    return " ".join(_HEADER_CONTROL.sub(" ", value or "").split())


def mail_queue_enabled() -> bool:
    return settings.EMAIL_BACKEND == QUEUE_BACKEND


def mail_send(*, to: list[str], subject: str, template: str, context: dict[str, Any]) -> None:
    """Render `<template>.txt` and `<template>.html` and queue them (or send them after commit)."""
    text_body = render_to_string(f"{template}.txt", context)
    html_body = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=header_value(subject),
        body=text_body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[header_value(address) for address in to],
    )
    message.attach_alternative(html_body, "text/html")
    if _suppressed.get():
        return
    if mail_queue_enabled():
        message.send()  # one queue row, in the caller's transaction
    else:
        transaction.on_commit(message.send)


def mail_queue_process() -> tuple[int, int, int]:
    """Deliver the queued emails that are due; returns (sent, failed, requeued).

    post_office retries a failed email after RETRY_INTERVAL, up to MAX_RETRIES times; we stretch
    that into an exponential back-off (interval × 2^(attempt-1), at most six hours) so a long
    SMTP outage is not hammered. Every failed attempt leaves a Log row visible in the admin.
    """
    from post_office import mail as post_office_mail
    from post_office.models import STATUS, Email
    from post_office.settings import get_retry_timedelta

    started = timezone.now()
    sent, failed, requeued = post_office_mail.send_queued(processes=1)
    if requeued:
        now = timezone.now()
        base = get_retry_timedelta()
        retried = Email.objects.filter(status=STATUS.requeued, last_updated__gte=started)
        for attempts in retried.values_list("number_of_retries", flat=True).distinct():
            delay = min(base * 2 ** max((attempts or 1) - 1, 0), MAX_RETRY_DELAY)
            retried.filter(number_of_retries=attempts).update(scheduled_time=now + delay)
    if failed or requeued:
        logger.warning(
            "mail queue: %s sent, %s failed for good, %s to retry", sent, failed, requeued
        )
    return sent, failed, requeued


def mail_queue_stats() -> dict[str, int]:
    """Queue length (waiting or retrying) and emails that failed for good, for metrics."""
    from post_office.models import STATUS, Email

    counts = dict(
        Email.objects.filter(status__in=[STATUS.queued, STATUS.requeued, STATUS.failed])
        .values_list("status")
        .annotate(n=Count("id"))
    )
    return {
        "queued": counts.get(STATUS.queued, 0) + counts.get(STATUS.requeued, 0),
        "failed": counts.get(STATUS.failed, 0),
    }


def mail_delete_old_sent(*, older_than_days: int, batch_size: int = 1000) -> int:
    """Delete the emails sent more than `older_than_days` days ago, their logs, and the
    attachments no email uses any more; returns the number of emails deleted.

    Queued, requeued and failed emails are kept whatever their age: they are work still to do
    or evidence of a failure (post_office's own `cleanup_mail` deletes them too; ours replaces
    it). An email's last change is its sending, hence `last_updated`. Attachment files go once
    the deletion commits (a dry run keeps them).
    """
    from post_office.models import STATUS, Attachment, Email

    cutoff = timezone.now() - timedelta(days=older_than_days)
    sent_before = Email.objects.filter(status=STATUS.sent, last_updated__lt=cutoff)
    emails = 0
    while ids := list(sent_before.values_list("pk", flat=True)[:batch_size]):
        _, deleted = Email.objects.filter(pk__in=ids).delete()
        emails += deleted.get("post_office.Email", 0)
    storage = Attachment._meta.get_field("file").storage
    while orphans := list(Attachment.objects.filter(emails=None)[:batch_size]):
        names = [orphan.file.name for orphan in orphans if orphan.file]
        Attachment.objects.filter(pk__in=[orphan.pk for orphan in orphans]).delete()
        transaction.on_commit(lambda names=names: _delete_files(storage, names))
    return emails


def _delete_files(storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)
