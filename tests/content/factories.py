"""Factories for content; files go through the real services so storage looks like production."""

import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from content import services
from content.models import Announcement, Category, Event, Page
from tests.factories import UserFactory


def png_upload(name: str = "picture.png", size: tuple[int, int] = (40, 30)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def text_upload(name: str = "rules.txt", text: str = "Rule one.\n") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


def pdf_upload(name: str = "guide.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class AnnouncementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Announcement

    title = factory.Sequence(lambda n: f"Announcement {n}")
    content = "Some **news**."
    author = factory.SubFactory(UserFactory)
    publish_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Event {n}")
    organiser = factory.SubFactory(UserFactory)
    location = "Room A"
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + datetime.timedelta(hours=1))


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    body = "Hello"
    status = Page.Status.PUBLISHED


def make_document(
    *, actor=None, title="Rules", requires_acknowledgement=False, upload=None, **data
):
    actor = actor or UserFactory()
    return services.document_create(
        actor=actor,
        data={"title": title, "requires_acknowledgement": requires_acknowledgement, **data},
        upload=upload or text_upload(),
    )


def make_announcement_with_image(*, actor, **data):
    return services.announcement_save(
        actor=actor,
        data={
            "title": "With a picture",
            "content": "Look",
            "publish_at": timezone.now() - datetime.timedelta(minutes=5),
            **data,
        },
        image=png_upload(),
    )
