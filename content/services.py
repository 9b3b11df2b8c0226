"""Writes with a rule for content: atomic, validated, audited; notifications after commit."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import EmployeeCategory
from content import selectors
from content.models import (
    Announcement,
    AnnouncementAcknowledgement,
    CalendarFeedToken,
    Category,
    Document,
    DocumentAcknowledgement,
    DocumentVersion,
    Event,
    EventRSVP,
    Page,
)
from intrasphere.services import audit_record, notification_mark_read_about, notification_send
from intrasphere.uploads import IMAGE_EXTENSIONS, generated_name, image_thumbnail, validate_upload

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User


# --- Categories -----------------------------------------------------------------------------
@transaction.atomic
def category_save(
    *,
    actor: User,
    category: Category | None = None,
    name: str,
    slug: str,
    description: str = "",
    request: HttpRequest | None = None,
) -> Category:
    created = category is None
    category = category or Category()
    category.name, category.slug, category.description = name, slug, description
    category.full_clean()
    category.save()
    audit_record(
        actor=actor,
        action="content.category.create" if created else "content.category.update",
        target=category,
        request=request,
    )
    return category


@transaction.atomic
def category_delete(*, actor: User, category: Category, request: HttpRequest | None = None):
    audit_record(actor=actor, action="content.category.delete", target=category, request=request)
    category.delete()


# --- Announcements --------------------------------------------------------------------------
def _store_image(image: UploadedFile) -> tuple[str, str]:
    kind = validate_upload(image, allowed=IMAGE_EXTENSIONS, thumbnail=(256, 256))
    stored = default_storage.save(generated_name("announcements", kind.extension), image)
    thumb = default_storage.save(
        generated_name("announcements/thumbnails", "png"), ContentFile(image_thumbnail(image))
    )
    return stored, thumb


def _departments_field(departments: Iterable[str]) -> str:
    names = sorted({name.strip().replace("|", "") for name in departments if name.strip()})
    return f"|{'|'.join(names)}|" if names else ""


@transaction.atomic
def announcement_save(
    *,
    actor: User,
    announcement: Announcement | None = None,
    data: dict[str, Any],
    departments: Iterable[str] = (),
    employee_categories: Iterable[EmployeeCategory] = (),
    image: UploadedFile | None = None,
    remove_image: bool = False,
    action: str = "",
    request: HttpRequest | None = None,
) -> Announcement:
    """Create or update an announcement; an important one notifies its audience once published.

    `action` is the button pressed: "draft" keeps it a draft (its author and the managers see
    it), "publish" makes it live now, "schedule" makes it go live at its publish date (which
    must be ahead; `announcements_publish_scheduled` notifies then); "" keeps the state."""
    created = announcement is None
    announcement = announcement or Announcement(author=actor)
    was_live = not created and announcement.is_published
    for name, value in data.items():
        setattr(announcement, name, value)
    _apply_publishing_action(announcement, action, was_live=was_live)
    employee_categories = list(employee_categories)
    announcement.audience_departments = _departments_field(departments)
    announcement.audience_restricted = bool(
        announcement.audience_departments or employee_categories
    )
    old_files = [announcement.image.name, announcement.thumbnail.name]
    announcement.full_clean()
    if image is not None:
        announcement.image, announcement.thumbnail = _store_image(image)
    elif remove_image:
        announcement.image, announcement.thumbnail = "", ""
    announcement.save()
    announcement.audience_categories.set(employee_categories)
    if image is not None or remove_image:
        _delete_files_on_commit([name for name in old_files if name])
    audit_record(
        actor=actor,
        action="content.announcement.create" if created else "content.announcement.update",
        target=announcement,
        request=request,
    )
    if announcement.important and announcement.notified_at is None and announcement.is_published:
        _must_read_notify(announcement=announcement, now=timezone.now())
    return announcement


def _apply_publishing_action(announcement: Announcement, action: str, *, was_live: bool) -> None:
    now = timezone.now()
    if action == "draft":
        announcement.draft = True
    elif action == "publish":
        announcement.draft = False
        if not was_live:
            announcement.publish_at = now
    elif action == "schedule":
        if announcement.publish_at is None or announcement.publish_at <= now:
            raise ValidationError(
                {"publish_at": _("Choose a publish date in the future to schedule it.")}
            )
        announcement.draft = False


def _must_read_notify(*, announcement: Announcement, now: datetime.datetime) -> None:
    """Notify the audience of a live must-read once (after commit) and remember it was done."""
    announcement.notified_at = now
    Announcement.objects.filter(pk=announcement.pk).update(notified_at=now)
    audience = list(selectors.announcement_audience(announcement=announcement))
    url = announcement.get_absolute_url()
    params = {"title": announcement.title}
    transaction.on_commit(
        lambda: notification_send(
            recipients=audience,
            kind="content.must_read",
            params=params,
            target=announcement,
            url=url,
            actor=announcement.author,
        )
    )


def announcements_publish_scheduled(*, now: datetime.datetime | None = None) -> int:
    """Notify the audience of each must-read that went live since the last run; idempotent.

    Meant for a timer every few minutes (`manage.py publish_scheduled`). Each announcement is
    claimed in its own transaction with a row lock, so two overlapping runs never notify twice.
    """
    now = now or timezone.now()
    count = 0
    for pk in selectors.must_reads_due_for_notice(now=now).values_list("pk", flat=True):
        with transaction.atomic():
            announcement = (
                Announcement.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, notified_at__isnull=True)
                .first()
            )
            if announcement is None:  # another run got there first
                continue
            _must_read_notify(announcement=announcement, now=now)
            audit_record(
                actor=None,
                action="content.announcement.publish",
                target=announcement,
                summary="scheduled must-read went live; audience notified",
            )
        count += 1
    return count


def _delete_files_on_commit(names: list[str]) -> None:
    def delete():
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete)


@transaction.atomic
def announcement_delete(
    *, actor: User, announcement: Announcement, request: HttpRequest | None = None
) -> None:
    audit_record(
        actor=actor, action="content.announcement.delete", target=announcement, request=request
    )
    files = [name for name in (announcement.image.name, announcement.thumbnail.name) if name]
    announcement.delete()
    _delete_files_on_commit(files)


def announcement_acknowledge(*, user: User, announcement: Announcement) -> bool:
    """Record that `user` read the must-read; True when it was new (a repeat changes nothing).
    What told them to read it is read too."""
    notification_mark_read_about(user=user, target=announcement)
    try:
        with transaction.atomic():
            _ack, created = AnnouncementAcknowledgement.objects.get_or_create(
                announcement=announcement, user=user
            )
    except IntegrityError:  # a parallel click won the race
        return False
    return created


@transaction.atomic
def announcement_remind(
    *, actor: User, announcement: Announcement, request: HttpRequest | None = None
) -> int:
    """Notify the audience members who have not confirmed reading; returns how many."""
    pending = selectors.announcement_acknowledgement_report(announcement=announcement).pending
    params = {"title": announcement.title}
    url = announcement.get_absolute_url()
    transaction.on_commit(
        lambda: notification_send(
            recipients=pending,
            kind="content.must_read_reminder",
            params=params,
            target=announcement,
            url=url,
            actor=actor,
        )
    )
    audit_record(
        actor=actor,
        action="content.announcement.remind",
        target=announcement,
        summary=f"{len(pending)} reminded",
        request=request,
    )
    return len(pending)


# --- Documents ------------------------------------------------------------------------------
def _safe_original_name(name: str) -> str:
    return PurePath(name or "file").name[:255] or "file"


def _version_create(
    *,
    document: Document,
    actor: User,
    file_name: str,
    original_filename: str,
    size: int,
    content_type: str,
    change_note: str,
) -> DocumentVersion:
    last = (
        DocumentVersion.objects.filter(document=document)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    version = DocumentVersion.objects.create(
        document=document,
        number=(last or 0) + 1,
        file=file_name,
        original_filename=original_filename,
        size=size,
        content_type=content_type,
        change_note=change_note,
        uploaded_by=actor,
    )
    document.current_version = version
    document.save(update_fields=["current_version", "updated_at"])
    return version


def _store_document_file(upload: UploadedFile) -> tuple[str, str]:
    kind = validate_upload(upload)
    name = default_storage.save(generated_name("documents", kind.extension), upload)
    return name, kind.content_type


class _RemoveFileOnError:
    """Delete a just-stored file again when the database writes that follow it fail."""

    def __init__(self, name: str):
        self.name = name

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            default_storage.delete(self.name)
        return False


@transaction.atomic
def document_create(
    *,
    actor: User,
    data: dict[str, Any],
    upload: UploadedFile,
    change_note: str = "",
    request: HttpRequest | None = None,
) -> Document:
    document = Document(created_by=actor, **data)
    document.full_clean(exclude=["current_version"])
    file_name, content_type = _store_document_file(upload)
    with _RemoveFileOnError(file_name):
        document.save()
        _version_create(
            document=document,
            actor=actor,
            file_name=file_name,
            original_filename=_safe_original_name(upload.name),
            size=upload.size,
            content_type=content_type,
            change_note=change_note or _("First version"),
        )
    audit_record(actor=actor, action="content.document.create", target=document, request=request)
    return document


@transaction.atomic
def document_update(
    *, actor: User, document: Document, data: dict[str, Any], request: HttpRequest | None = None
) -> Document:
    for name, value in data.items():
        setattr(document, name, value)
    document.full_clean()
    document.save()
    audit_record(actor=actor, action="content.document.update", target=document, request=request)
    return document


@transaction.atomic
def document_version_add(
    *,
    actor: User,
    document: Document,
    upload: UploadedFile,
    change_note: str,
    request: HttpRequest | None = None,
) -> DocumentVersion:
    Document.objects.select_for_update().filter(pk=document.pk).first()
    file_name, content_type = _store_document_file(upload)
    with _RemoveFileOnError(file_name):
        version = _version_create(
            document=document,
            actor=actor,
            file_name=file_name,
            original_filename=_safe_original_name(upload.name),
            size=upload.size,
            content_type=content_type,
            change_note=change_note,
        )
    audit_record(
        actor=actor,
        action="content.document.version_add",
        target=document,
        summary=f"v{version.number}",
        request=request,
    )
    return version


@transaction.atomic
def document_version_restore(
    *,
    actor: User,
    document: Document,
    version: DocumentVersion,
    request: HttpRequest | None = None,
) -> DocumentVersion:
    """A new version with the content of an older one (history is never rewritten)."""
    Document.objects.select_for_update().filter(pk=document.pk).first()
    with version.file.open("rb") as source:
        file_name = default_storage.save(
            generated_name("documents", PurePath(version.file.name).suffix.lstrip(".")),
            ContentFile(source.read()),
        )
    restored = _version_create(
        document=document,
        actor=actor,
        file_name=file_name,
        original_filename=version.original_filename,
        size=version.size,
        content_type=version.content_type,
        change_note=_("Restored from version %(number)s") % {"number": version.number},
    )
    audit_record(
        actor=actor,
        action="content.document.version_restore",
        target=document,
        summary=f"v{version.number} → v{restored.number}",
        request=request,
    )
    return restored


@transaction.atomic
def document_delete(*, actor: User, document: Document, request: HttpRequest | None = None):
    audit_record(actor=actor, action="content.document.delete", target=document, request=request)
    files = list(document.versions.values_list("file", flat=True))
    document.current_version = None
    document.save(update_fields=["current_version"])
    document.delete()
    _delete_files_on_commit(files)


def document_acknowledge(*, user: User, document: Document) -> bool:
    """Confirm reading the document's current version; True when it was new."""
    if not document.requires_acknowledgement or document.current_version_id is None:
        raise ValidationError(_("This document does not ask for acknowledgement."))
    try:
        with transaction.atomic():
            _ack, created = DocumentAcknowledgement.objects.get_or_create(
                version_id=document.current_version_id, user=user
            )
    except IntegrityError:
        return False
    return created


# --- Events ---------------------------------------------------------------------------------
@transaction.atomic
def event_save(
    *,
    actor: User,
    event: Event | None = None,
    data: dict[str, Any],
    request: HttpRequest | None = None,
) -> Event:
    created = event is None
    event = event or Event(organiser=actor)
    if not created:
        Event.objects.select_for_update().filter(pk=event.pk).first()
        event.going_count = Event.objects.values_list("going_count", flat=True).get(pk=event.pk)
    for name, value in data.items():
        setattr(event, name, value)
    if event.capacity is not None and event.capacity < event.going_count:
        raise ValidationError(
            {
                "capacity": _(
                    "%(count)s people already said they are going: the limit cannot be lower."
                )
                % {"count": event.going_count}
            }
        )
    event.full_clean()
    event.save()
    audit_record(
        actor=actor,
        action="content.event.create" if created else "content.event.update",
        target=event,
        request=request,
    )
    return event


@transaction.atomic
def event_delete(*, actor: User, event: Event, request: HttpRequest | None = None) -> None:
    audit_record(actor=actor, action="content.event.delete", target=event, request=request)
    event.delete()


@transaction.atomic
def event_rsvp(*, user: User, event: Event, status: str) -> Event:
    """Answer going / not going. The event row is locked, so the limit holds under concurrency;
    saying "not going" is always possible."""
    if status not in EventRSVP.Status.values:
        raise ValidationError(_("Choose going or not going."))
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.ends_at < timezone.now():
        raise ValidationError(_("This event is over."))
    rsvp = EventRSVP.objects.filter(event=locked, user=user).first()
    previous = rsvp.status if rsvp else None
    if previous == status:
        return locked
    going = EventRSVP.Status.GOING
    if status == going:
        if locked.capacity is not None and locked.going_count >= locked.capacity:
            raise ValidationError(_("Sorry, this event is full."))
        Event.objects.filter(pk=locked.pk).update(going_count=F("going_count") + 1)
    elif previous == going:
        Event.objects.filter(pk=locked.pk).update(going_count=F("going_count") - 1)
    if rsvp is None:
        EventRSVP.objects.create(event=locked, user=user, status=status)
    else:
        rsvp.status = status
        rsvp.save(update_fields=["status", "updated_at"])
    locked.refresh_from_db(fields=["going_count"])
    return locked


@transaction.atomic
def calendar_feed_token_regenerate(
    *, user: User, request: HttpRequest | None = None
) -> CalendarFeedToken:
    """Give `user` a new secret feed URL; the previous one stops working at once."""
    feed, _created = CalendarFeedToken.objects.update_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32), "created_at": timezone.now()}
    )
    audit_record(
        actor=user, action="content.calendar_feed.regenerate", target=feed, request=request
    )
    return feed


@transaction.atomic
def calendar_feed_token_revoke(*, user: User, request: HttpRequest | None = None) -> bool:
    """Turn off `user`'s secret feed URL; False when there was none."""
    feed = CalendarFeedToken.objects.filter(user=user).first()
    if feed is None:
        return False
    audit_record(actor=user, action="content.calendar_feed.revoke", target=feed, request=request)
    feed.delete()
    return True


# --- Pages ----------------------------------------------------------------------------------
@transaction.atomic
def page_save(
    *,
    actor: User,
    page: Page | None = None,
    data: dict[str, Any],
    request: HttpRequest | None = None,
) -> Page:
    created = page is None
    page = page or Page(author=actor)
    for name, value in data.items():
        setattr(page, name, value)
    page.full_clean()
    page.save()
    audit_record(
        actor=actor,
        action="content.page.create" if created else "content.page.update",
        target=page,
        request=request,
    )
    return page


@transaction.atomic
def page_delete(*, actor: User, page: Page, request: HttpRequest | None = None) -> None:
    audit_record(actor=actor, action="content.page.delete", target=page, request=request)
    page.delete()
