"""Demo content: the prototype's sample announcements, documents, events and a page."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import User
from content import services
from content.models import (
    Announcement,
    AnnouncementComment,
    AnnouncementReaction,
    Category,
    Document,
    Event,
    Page,
    Reaction,
)

CATEGORIES = [
    ("Human resources", "human-resources"),
    ("Quality and safety", "quality-safety"),
    ("Company life", "company-life"),
]

ANNOUNCEMENTS = [
    {
        "title": "New remote work policy",
        "type": Announcement.Type.POLICY,
        "icon": Announcement.Icon.WARNING,
        "important": True,
        "category": "human-resources",
        "content": (
            "From next month, every employee may work remotely **up to two days a week**.\n\n"
            "- Agree on your remote days with your manager.\n"
            "- Keep your calendar up to date.\n\n"
            "The full rules are in the *Internal rules* document."
        ),
    },
    {
        "title": "Cybersecurity training sessions open",
        "type": Announcement.Type.TRAINING,
        "icon": Announcement.Icon.BOOK,
        "important": False,
        "category": "quality-safety",
        "content": (
            "Registrations are open for the yearly cybersecurity awareness training.\n\n"
            "Sessions last one hour; pick the one that suits you in the training catalogue."
        ),
    },
]

DOCUMENTS = [
    {
        "title": "Internal rules",
        "filename": "internal-rules.txt",
        "category": "human-resources",
        "requires_acknowledgement": True,
        "description": "The company's internal rules (règlement intérieur): hours, leave, conduct.",
        "text": "INTERNAL RULES\n\n1. Working hours\n2. Leave\n3. Conduct and safety\n",
    },
    {
        "title": "New employee guide",
        "filename": "new-employee-guide.txt",
        "category": "company-life",
        "requires_acknowledgement": False,
        "description": "Everything a newcomer needs during the first weeks.",
        "text": "WELCOME GUIDE\n\n- Your first day\n- Tools and accounts\n- Who to ask\n",
    },
    {
        "title": "Expense claim procedure",
        "filename": "expense-procedure.txt",
        "category": "quality-safety",
        "requires_acknowledgement": False,
        "description": "How to claim travel and meal expenses, step by step.",
        "text": "EXPENSE PROCEDURE\n\n1. Keep receipts\n2. Fill the form\n3. Manager approval\n",
    },
]

EVENTS = [
    {
        "title": "Monthly all-hands meeting",
        "location": "Main conference room",
        "days": 7,
        "hours": 1,
        "capacity": 50,
        "description": "Company news, results of the month and questions to the management.",
    },
    {
        "title": "Sales team quarterly review",
        "location": "Meeting room B",
        "days": 14,
        "hours": 2,
        "capacity": 12,
        "description": "Quarterly figures and next quarter's goals for the sales team.",
    },
]


def seed_engagement(announcement: Announcement, people: dict[str, User]) -> None:
    """A comment and a few reactions on a new demo announcement."""
    pierre, marie = people.get("pierre.dubois"), people.get("marie.martin")
    if pierre is not None:
        AnnouncementComment.objects.create(
            announcement=announcement,
            author=pierre,
            content="Registered for Thursday's session. Is it in room **B2**?",
        )
    for person, kind in ((pierre, Reaction.THANKS), (marie, Reaction.LIKE)):
        if person is not None:
            AnnouncementReaction.objects.get_or_create(
                announcement=announcement, user=person, kind=kind
            )


def seed(people: dict[str, User]) -> None:
    """Create the sample content once; later runs leave existing rows alone."""
    author = people.get("admin") or User.objects.filter(is_superuser=True).first()
    categories = {}
    for name, slug in CATEGORIES:
        categories[slug], _created = Category.objects.get_or_create(
            slug=slug, defaults={"name": name}
        )
    for spec in ANNOUNCEMENTS:
        if Announcement.objects.filter(title=spec["title"]).exists():
            continue
        data = {**spec, "category": categories[spec["category"]]}
        announcement = services.announcement_save(actor=author, data=data)
        if not spec["important"]:
            seed_engagement(announcement, people)
    for spec in DOCUMENTS:
        if Document.objects.filter(title=spec["title"]).exists():
            continue
        upload = ContentFile(spec["text"].encode(), name=spec["filename"])
        services.document_create(
            actor=author,
            data={
                "title": spec["title"],
                "description": spec["description"],
                "category": categories[spec["category"]],
                "requires_acknowledgement": spec["requires_acknowledgement"],
            },
            upload=upload,
        )
    today = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    for spec in EVENTS:
        if Event.objects.filter(title=spec["title"]).exists():
            continue
        starts = today + datetime.timedelta(days=spec["days"])
        services.event_save(
            actor=author,
            data={
                "title": spec["title"],
                "description": spec["description"],
                "type": Event.Type.MEETING,
                "location": spec["location"],
                "starts_at": starts,
                "ends_at": starts + datetime.timedelta(hours=spec["hours"]),
                "capacity": spec["capacity"],
            },
        )
    if not Page.objects.filter(slug="about-us").exists():
        services.page_save(
            actor=author,
            data={
                "title": "About us",
                "slug": "about-us",
                "category": categories["company-life"],
                "status": Page.Status.PUBLISHED,
                "body": (
                    "## Who we are\n\nA company of people who like working together.\n\n"
                    "## Contacts\n\n- HR: Marie Martin\n- IT: Alice Admin"
                ),
            },
        )
