"""A forum category's end of life: archive (closed to new topics, hidden from the index, its
topics kept and reachable), restore, move all its topics to another category, delete once
empty. Forum managers only; atomic and audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forum import permissions
from forum.models import Category, Topic
from forum.services import _category_refresh
from intrasphere import caching
from intrasphere.services import audit_record

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User


def _locked(category: Category) -> Category:
    return Category.objects.select_for_update().get(pk=category.pk)


@transaction.atomic
def category_archive(
    *, actor: User, category: Category, archive: bool = True, request: HttpRequest | None = None
) -> Category:
    """Archive (or restore) a category."""
    permissions.ensure_manage_forum(actor)
    category = _locked(category)
    if archive == category.archived:
        raise ValidationError(
            _("The category is already archived.")
            if archive
            else _("The category is not archived.")
        )
    category.archived_at = timezone.now() if archive else None
    category.save(update_fields=["archived_at"])
    audit_record(
        actor=actor,
        action="forum.category.archive" if archive else "forum.category.restore",
        target=category,
        request=request,
    )
    return category


@transaction.atomic
def category_move_topics(
    *, actor: User, category: Category, target: Category, request: HttpRequest | None = None
) -> int:
    """Move every topic of `category` (pending, rejected and deleted ones too) to `target`;
    both categories' counters are recounted. Returns how many topics moved."""
    permissions.ensure_manage_forum(actor)
    if target.pk == category.pk:
        raise ValidationError(_("Choose another category to move the topics to."))
    first, second = sorted([category.pk, target.pk])
    locked = {c.pk: c for c in Category.objects.select_for_update().filter(pk__in=[first, second])}
    if target.pk not in locked:
        raise ValidationError(_("The category to move the topics to no longer exists."))
    moved = Topic.objects.filter(category_id=category.pk).update(category_id=target.pk)
    caching.bump({"forum.Topic"})  # a bulk write sends no signal
    for category_id in (first, second):
        _category_refresh(category_id)
    audit_record(
        actor=actor,
        action="forum.category.move_topics",
        target=category,
        summary=f"{moved} topic(s) → {locked[target.pk].slug}",
        request=request,
    )
    return moved


@transaction.atomic
def category_delete(*, actor: User, category: Category, request: HttpRequest | None = None) -> None:
    """Delete a category that has no topic left (deleted ones included: move them first)."""
    permissions.ensure_manage_forum(actor)
    category = _locked(category)
    remaining = Topic.objects.filter(category_id=category.pk).count()
    if remaining:
        raise ValidationError(
            ngettext(
                "The category still has %(count)d topic (deleted ones count): move it first.",
                "The category still has %(count)d topics (deleted ones count): move them first.",
                remaining,
            )
            % {"count": remaining}
        )
    audit_record(
        actor=actor, action="forum.category.delete", target=category, summary=category.slug,
        request=request,
    )  # fmt: skip
    category.delete()
