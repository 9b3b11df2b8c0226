"""Teams: a manager reminds a direct report of what they still have to do."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.permissions import ensure_manages
from intrasphere.services import audit_record, notification_send

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User

REMIND_LIMIT = 5  # items named in one reminder; the rest is "and N more"


@transaction.atomic
def team_member_remind(
    *, actor: User, person: User, items: list[str], url: str, request: HttpRequest | None = None
) -> None:
    """Notify `person` (who reports to `actor`) of their pending `items`; audited."""
    ensure_manages(actor, person)
    if not items:
        raise ValidationError(_("%(name)s has nothing pending.") % {"name": person.name})
    named = ", ".join(items[:REMIND_LIMIT])
    more = max(len(items) - REMIND_LIMIT, 0)
    notification_send(
        recipients=[person],
        kind="accounts.team_reminder_more" if more else "accounts.team_reminder",
        params={"manager": actor.name, "items": named, "count": more},
        url=url,
        actor=actor,
    )
    audit_record(
        actor=actor,
        action="accounts.team.remind",
        target=person,
        summary=named,
        request=request,
    )
