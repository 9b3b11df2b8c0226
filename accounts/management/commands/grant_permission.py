"""Delegate one right from the command line, as `/manage/permissions/grant/` does."""

from datetime import date, datetime, time

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils import timezone

from accounts.management.commands._actor import (
    actor_label,
    add_actor_argument,
    resolve_actor,
    resolve_user,
)
from accounts.permissions import right_for
from accounts.services import permission_grant
from intrasphere.commands import WritingCommand


class Command(WritingCommand):
    help = (
        "Grant a delegable right (app_label.codename) to a user, optionally until a date and on "
        "one object (--scope-id, for rights about objects)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="Who receives the right.")
        parser.add_argument("right", help="The right, e.g. content.manage_announcements.")
        parser.add_argument(
            "--expires",
            help=(
                "Last day (2026-12-31: until the end of that day in the portal's time zone) or "
                "an exact moment (2026-12-31T18:00)."
            ),
        )
        parser.add_argument("--scope-id", help="Primary key of the object the right is limited to.")
        add_actor_argument(parser)

    def handle(
        self, *args, username, right, expires=None, scope_id=None, actor=None, dry_run=False, **opts
    ):
        expires_at = parse_expiry(expires) if expires else None
        with self.writing(dry_run=dry_run):
            admin = resolve_actor(actor)
            user = resolve_user(username)
            scope = _resolve_scope(right, scope_id) if scope_id else None
            try:
                grant = permission_grant(
                    actor=admin, user=user, codename=right, expires_at=expires_at, scope=scope
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        where = f" on {grant.scope_label}" if grant.scope_label else ""
        until = (
            f" until {timezone.localtime(grant.expires_at):%Y-%m-%d %H:%M:%S %Z}"
            if grant.expires_at
            else ""
        )
        done = "Would grant" if dry_run else "Granted"
        number = "" if dry_run else f" (grant #{grant.pk})"
        self.stdout.write(
            self.outcome(
                f"{done} {right}{where} to {username}{until}{number}, by {actor_label(admin)}.",
                dry_run,
            )
        )


def parse_expiry(value: str) -> datetime:
    """A date means the end of that day in the portal's time zone; a date-time is kept as is."""
    try:
        if len(value.strip()) == 10:
            day = date.fromisoformat(value.strip())
            return timezone.make_aware(datetime.combine(day, time.max))
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"Cannot read the expiry {value!r}: use 2026-12-31 or 2026-12-31T18:00."
        ) from None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _resolve_scope(right: str, scope_id: str):
    entry = right_for(right)
    model = entry.scope_model_class() if entry else None
    if model is None:
        raise CommandError(f"{right} cannot be limited to one object.")
    obj = model._default_manager.filter(pk=scope_id).first() if scope_id.isdigit() else None
    if obj is None:
        label = apps.get_model(entry.scope_model)._meta.verbose_name
        raise CommandError(f"No {label} has the id {scope_id!r}.")
    return obj
