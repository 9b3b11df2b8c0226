"""Demo complaints in different states (idempotent: found again by title)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import Permission

from complaints import services
from complaints.models import Complaint

if TYPE_CHECKING:
    from accounts.models import User

S = Complaint.Status

DEMO_COMPLAINTS = [
    {
        "title": "Heating off in the Sales open space",
        "description": "Since Monday the radiators near the windows stay cold.",
        "category": Complaint.Category.WORKPLACE,
        "priority": Complaint.Priority.HIGH,
        "path": [S.IN_PROGRESS],
        "reply": "A technician comes on Thursday morning.",
    },
    {
        "title": "Laptop battery drains in an hour",
        "description": "My laptop (asset 4471) lasts about an hour away from the charger.",
        "category": Complaint.Category.IT,
        "priority": Complaint.Priority.NORMAL,
        "path": [S.IN_PROGRESS, S.WAITING],
        "reply": "Could you tell us when you bought the charger?",
    },
    {
        "title": "Printer on floor 2 jams every morning",
        "description": "The shared printer jams on the first print job of the day.",
        "category": Complaint.Category.IT,
        "priority": Complaint.Priority.LOW,
        "path": [S.IN_PROGRESS, S.RESOLVED],
        "reply": "The paper tray roller was replaced.",
    },
    {
        "title": "Remarks during team meetings",
        "description": "Repeated inappropriate remarks during the weekly meeting.",
        "category": Complaint.Category.MANAGEMENT,
        "priority": Complaint.Priority.URGENT,
        "confidential": True,
        "path": [],
    },
]


def seed(people: dict[str, User]) -> list[Complaint]:
    """Pierre files the complaints, Marie (given the right) handles them."""
    submitter, handler = people["pierre.dubois"], people["marie.martin"]
    handler.user_permissions.add(
        Permission.objects.get(content_type__app_label="complaints", codename="manage_complaints")
    )
    handler = type(handler).objects.get(pk=handler.pk)  # forget the cached permissions
    complaints = []
    for spec in DEMO_COMPLAINTS:
        existing = Complaint.objects.filter(title=spec["title"]).first()
        if existing is not None:
            complaints.append(existing)
            continue
        complaint = services.complaint_submit(
            submitter=submitter,
            title=spec["title"],
            description=spec["description"],
            category=spec["category"],
            priority=spec["priority"],
            confidential=spec.get("confidential", False),
        )
        if spec["path"]:
            complaint = services.complaint_assign(
                actor=handler, complaint=complaint, assignee=handler
            )
        if spec.get("reply"):
            services.complaint_reply(author=handler, complaint=complaint, body=spec["reply"])
        for status in spec["path"]:
            complaint = services.complaint_transition(
                actor=handler, complaint=complaint, status=status
            )
        complaints.append(complaint)
    return complaints
