"""Factories for the helpdesk tests."""

from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from guardian.shortcuts import assign_perm

from complaints.models import Complaint, ComplaintAttachment, ComplaintReply
from tests.factories import UserFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class ComplaintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Complaint

    submitter = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Broken heating in room {n}")
    description = "The heating has been off since Monday."
    category = Complaint.Category.WORKPLACE
    priority = Complaint.Priority.NORMAL
    due_at = factory.LazyFunction(lambda: Complaint.sla_due("normal"))


class ReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComplaintReply

    complaint = factory.SubFactory(ComplaintFactory)
    author = factory.SelfAttribute("complaint.submitter")
    body = "Any news?"


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComplaintAttachment

    complaint = factory.SubFactory(ComplaintFactory)
    uploaded_by = factory.SelfAttribute("complaint.submitter")
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="x.pdf"))
    original_name = "report.pdf"
    extension = "pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)


def assign_to(complaint: Complaint, user) -> Complaint:
    """Make `user` the assignee with the guardian object permission (as the service does)."""
    complaint.assignee = user
    complaint.save(update_fields=["assignee"])
    assign_perm("complaints.manage_complaints", user, complaint)
    return complaint


def resolved(complaint: Complaint, *, days_ago: int = 1) -> Complaint:
    complaint.status = Complaint.Status.RESOLVED
    complaint.resolved_at = timezone.now() - timedelta(days=days_ago)
    complaint.save(update_fields=["status", "resolved_at"])
    return complaint


def report(*, reporter=None, anonymous: bool = True, subject: str = "Invoices backdated"):
    """A report of the reporting channel (/concerns/), made through the service: its receipt
    (`.concern`, `.code`, `.secret`)."""
    from complaints.concerns.services import concern_submit

    return concern_submit(
        reporter=reporter or UserFactory(),
        subject=subject,
        description="Invoices of March were backdated to February.",
        anonymous=anonymous,
    )
