"""The helpdesk handled in one place: the update panel (one POST, one transaction, one event per
change, one notification), the submitter's edit while a request is new, re-categorising, and
the shared saved replies."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from complaints import permissions
from complaints.models import Complaint, ComplaintEvent, SavedFilter, SavedReply
from complaints.services import (
    _event,
    _locked,
    _notify,
    apply_assign,
    apply_priority,
    apply_reply,
    apply_transition,
)
from intrasphere.services import audit_record

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User


def apply_category(*, actor: User, complaint: Complaint, category: str, request) -> None:
    """Re-categorise the (locked) complaint: an event in the timeline and an audit entry."""
    if category not in Complaint.Category.values:
        raise ValidationError(_("Choose a valid category."))
    previous = complaint.category
    complaint.category = category
    complaint.save(update_fields=["category", "updated_at"])
    _event(complaint, actor, ComplaintEvent.Kind.CATEGORY, previous, category, "")
    audit_record(
        actor=actor,
        action="complaints.complaint.category",
        target=complaint,
        summary=f"{previous} → {category}",
        request=request,
    )


@transaction.atomic
def complaint_update(
    *,
    actor: User,
    complaint: Complaint,
    body: str = "",
    internal: bool = False,
    status: str = "",
    assignee: User | None = None,
    priority: str = "",
    category: str = "",
    request: HttpRequest | None = None,
) -> list[str]:
    """The handler's update panel: a reply or internal note and any of status, assignee,
    priority and category, in one transaction (a refused part refuses everything). A value
    equal to the current one is no change. One timeline event per change, one notification
    per person concerned. Returns what changed (labels), empty when nothing did."""
    complaint = _locked(complaint)
    permissions.ensure_can_handle(actor, complaint)
    changes: list[str] = []
    codes: list[
        list[str]
    ] = []  # what changed, for the notification (shown in the reader's language)
    public = False
    if (body or "").strip():
        apply_reply(
            author=actor, complaint=complaint, body=body, internal=internal, request=request
        )
        changes.append(_("internal note") if internal else _("new reply"))
        codes.append(["note" if internal else "reply", ""])
        public = not internal
    if category and category != complaint.category:
        apply_category(actor=actor, complaint=complaint, category=category, request=request)
        changes.append(_("category: %(value)s") % {"value": complaint.get_category_display()})
        codes.append(["category", category])
    if priority and priority != complaint.priority:
        apply_priority(
            actor=actor, complaint=complaint, priority=priority, comment="", request=request
        )
        changes.append(_("priority: %(value)s") % {"value": complaint.get_priority_display()})
        codes.append(["priority", priority])
    previous_assignee = complaint.assignee_id
    if assignee is not None and assignee.pk != previous_assignee:
        apply_assign(
            actor=actor, complaint=complaint, assignee=assignee, comment="", request=request
        )
        changes.append(_("assigned to %(name)s") % {"name": assignee.name})
        codes.append(["assignee", assignee.name])
    if status and status != complaint.status:
        apply_transition(
            actor=actor, complaint=complaint, status=status, comment="", request=request
        )
        changes.append(_("status: %(value)s") % {"value": complaint.get_status_display()})
        codes.append(["status", status])
        public = True
    if not changes:
        raise ValidationError(_("Nothing to update: write a message or change a field."))
    recipients = []
    if complaint.assignee_id and complaint.assignee_id != actor.pk:
        recipients.append(complaint.assignee)
    if public and complaint.submitter_id != actor.pk:
        recipients.append(complaint.submitter)
    _notify(recipients, kind="complaints.updated", complaint=complaint, actor=actor, changes=codes)
    return changes


@transaction.atomic
def complaint_edit(
    *,
    actor: User,
    complaint: Complaint,
    title: str,
    description: str,
    category: str,
    request: HttpRequest | None = None,
) -> Complaint:
    """The submitter corrects the title, description or category while the request is new."""
    complaint = _locked(complaint)
    if not permissions.can_edit(actor, complaint):
        raise ValidationError(_("A request can be edited by its submitter only while it is new."))
    title, description = (title or "").strip(), (description or "").strip()
    if len(title) < 5:
        raise ValidationError(_("Give the complaint a title of at least 5 characters."))
    if not description:
        raise ValidationError(_("Describe the request."))
    if category not in Complaint.Category.values:
        raise ValidationError(_("Choose a valid category."))
    changed = [
        name
        for name, value in (("title", title), ("description", description), ("category", category))
        if getattr(complaint, name) != value
    ]
    if not changed:
        return complaint
    previous_category = complaint.category
    complaint.title, complaint.description, complaint.category = title, description, category
    complaint.full_clean()
    complaint.save(update_fields=[*changed, "updated_at"])
    if "category" in changed:
        _event(complaint, actor, ComplaintEvent.Kind.CATEGORY, previous_category, category, "")
    if set(changed) - {"category"}:
        _event(complaint, actor, ComplaintEvent.Kind.EDIT, "", ", ".join(changed), "")
    audit_record(
        actor=actor,
        action="complaints.complaint.edit",
        target=complaint,
        summary=", ".join(changed),
        request=request,
    )
    return complaint


def saved_reply_save(
    *, actor: User, title: str, body: str, saved_reply: SavedReply | None = None
) -> SavedReply:
    """Create or change a saved reply (complaint managers)."""
    if not permissions.can_manage_saved_replies(actor):
        raise ValidationError(_("Only complaint managers can manage saved replies."))
    saved_reply = saved_reply or SavedReply()
    saved_reply.title, saved_reply.body = (title or "").strip(), (body or "").strip()
    saved_reply.updated_by = actor
    saved_reply.full_clean()
    saved_reply.save()
    audit_record(actor=actor, action="complaints.saved_reply.save", target=saved_reply)
    return saved_reply


def saved_reply_delete(*, actor: User, saved_reply: SavedReply) -> None:
    if not permissions.can_manage_saved_replies(actor):
        raise ValidationError(_("Only complaint managers can manage saved replies."))
    audit_record(actor=actor, action="complaints.saved_reply.delete", target=saved_reply)
    saved_reply.delete()


FILTER_KEYS = (
    "status", "priority", "category", "assignee", "overdue", "created_from", "created_to", "sort",
)  # fmt: skip


def saved_filter_save(*, user: User, name: str, query: str) -> SavedFilter:
    """Keep the handling list's current filters under a name (the person's own)."""
    if not permissions.can_open_handling(user):
        raise ValidationError(_("Only the people handling requests can save filters."))
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the filter a name."))
    if SavedFilter.objects.filter(user=user, name=name).exists():
        raise ValidationError(_("You already have a filter with this name."))
    params = QueryDict((query or "").lstrip("?")[:2000])
    kept = urlencode([(key, params.get(key, "")) for key in FILTER_KEYS if key in params])
    saved = SavedFilter(user=user, name=name, query=kept[:500])
    saved.full_clean()
    saved.save()
    return saved


def saved_filter_delete(*, user: User, saved_filter: SavedFilter) -> None:
    if saved_filter.user_id != user.pk:
        raise ValidationError(_("This filter is not yours."))
    saved_filter.delete()
