"""Nobody is notified about their own action."""

import pytest

from complaints import services as complaint_services
from intrasphere.models import Notification
from intrasphere.services import notification_send
from tests.complaints.factories import ComplaintFactory, assign_to
from tests.factories import UserFactory, grant
from tests.training.factories import TrainingFactory
from training.services.enrolment import training_register

pytestmark = pytest.mark.django_db


def test_the_actor_is_never_among_the_recipients():
    actor, other = UserFactory(), UserFactory()
    notification_send(recipients=[actor, other], kind="legacy", params={"text": "x"}, actor=actor)
    assert list(Notification.objects.values_list("recipient", flat=True)) == [other.pk]


def test_registering_for_a_training_does_not_notify_oneself(
    mailoutbox, django_capture_on_commit_callbacks
):
    person = UserFactory(email="p@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        training_register(training=TrainingFactory(), user=person)
    assert not Notification.objects.filter(recipient=person).exists()
    assert len(mailoutbox) == 1  # the confirmation email still goes


def test_a_handler_replying_to_a_request_they_filed_is_not_told():
    handler = grant(UserFactory(), "complaints.manage_complaints")
    complaint = assign_to(ComplaintFactory(submitter=handler), handler)
    complaint_services.complaint_reply(author=handler, complaint=complaint, body="Done")
    assert not Notification.objects.filter(recipient=handler).exists()
