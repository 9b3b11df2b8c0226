"""Outgoing email: every message of the portal goes through `mail_send`."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def mail_send(*, to: list[str], subject: str, template: str, context: dict[str, Any]) -> None:
    """Render `<template>.txt` and `<template>.html` and send them once the transaction commits."""
    text_body = render_to_string(f"{template}.txt", context)
    html_body = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject.strip().replace("\n", " "),
        body=text_body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    )
    message.attach_alternative(html_body, "text/html")
    transaction.on_commit(message.send)
