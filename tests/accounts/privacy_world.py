"""A person with rows in every app and text copies of their name everywhere (issue #27)."""

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from guardian.shortcuts import assign_perm

from accounts.models import ApiToken
from accounts.services import message_send
from content.models import CalendarFeedToken, EventRSVP
from forum.models import Like, Subscription, TopicView
from intrasphere.mail import mail_send
from intrasphere.services import audit_record, notification_send
from tests.complaints.factories import ComplaintFactory, ReplyFactory
from tests.content.factories import EventFactory
from tests.factories import UserFactory
from tests.forum.factories import reply, topic_with_post
from tests.training.factories import CertificateFactory, TrainingFactory, seat

NAME = "Pierre Dubois"
USERNAME = "pierre.dubois"
EMAIL = "pierre.dubois@example.com"
PHONE = "+33 6 12 34 56 78"


def build(colleague=None):
    """`person` and a `colleague`, with a row of every kind between them."""
    from django.utils import timezone

    person = UserFactory(
        username=USERNAME,
        first_name="Pierre",
        last_name="Dubois",
        email=EMAIL,
        phone=PHONE,
        employee_id="E-PD-1",
        department="Sales",
        position="Seller",
    )
    person.avatar.save("p.png", ContentFile(b"\x89PNG fake"), save=True)
    colleague = colleague or UserFactory(username="colleague", first_name="Ann", last_name="Lee")
    w = {"person": person, "colleague": colleague}
    w["sent"] = message_send(
        sender=person, recipient=colleague, subject="Hello", body=f"Regards, {NAME}"
    )
    w["received"] = message_send(
        sender=colleague, recipient=person, subject=f"For {NAME}", body="Private to Pierre"
    )
    w["topic"] = topic_with_post(author=person, title="Question", content="My text")
    w["post"] = reply(w["topic"], author=colleague, content=f"Thanks @{USERNAME}, {NAME}!")
    Like.objects.create(user=person, post=w["post"])
    type(w["post"]).objects.filter(pk=w["post"].pk).update(like_count=1)
    TopicView.objects.create(user=person, topic=w["topic"], last_read_at=timezone.now())
    Subscription.objects.get_or_create(user=person, topic=w["topic"])
    w["complaint"] = ComplaintFactory(submitter=person, title="Broken chair")
    ReplyFactory(complaint=w["complaint"], author=colleague, body="We fix it", internal=False)
    ReplyFactory(
        complaint=w["complaint"], author=colleague, body="Internal: he is fussy", internal=True
    )
    w["event"] = EventFactory()
    EventRSVP.objects.create(event=w["event"], user=person, status="going")
    type(w["event"]).objects.filter(pk=w["event"].pk).update(going_count=1)
    w["training"] = TrainingFactory()
    seat(w["training"], person)
    w["certificate"] = CertificateFactory(user=person, training=w["training"])
    CalendarFeedToken.objects.create(user=person, token="t" * 40)
    ApiToken.objects.create(
        user=person,
        name="cli",
        prefix="abc",
        digest="d" * 64,
        expires_at=timezone.now() + timezone.timedelta(days=3),
    )
    assign_perm("complaints.manage_complaints", person, w["complaint"])
    audit_record(actor=person, action="x.y", target=person, summary=f"email {EMAIL} phone {PHONE}")
    audit_record(actor=colleague, action="x.z", target=person, summary=f"about {NAME}")
    notification_send(recipients=[colleague], kind="x", message=f"{NAME} wrote to you")
    notification_send(recipients=[person], kind="x", message="For you")
    mail_send(
        to=[EMAIL],
        subject=f"Hello {NAME}",
        template="emails/notification",
        context={"user": person, "message": "Hi", "url": ""},
    )
    LogEntry.objects.create(
        user=colleague,
        content_type=ContentType.objects.get_for_model(person),
        object_id=str(person.pk),
        object_repr=NAME,
        action_flag=CHANGE,
        change_message=f"Changed {USERNAME}",
    )
    return w
