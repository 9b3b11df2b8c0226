"""Anonymising a person also rewrites their name in the parameters of notifications."""

import pytest

from accounts.services_privacy import person_anonymise
from intrasphere.models import Notification
from intrasphere.services import notification_send
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_names_in_notification_parameters_are_replaced(admin_user):
    person = UserFactory(username="ann.lee", first_name="Ann", last_name="Lee")
    colleague = UserFactory()
    notification_send(
        recipients=[colleague],
        kind="forum.reply",
        params={"author": "Ann Lee", "topic": "Lunch"},
        actor=person,
    )
    person_anonymise(actor=admin_user, user=person, reason="left")
    note = Notification.objects.get(recipient=colleague)
    assert "Ann Lee" not in note.text and note.params["topic"] == "Lunch"
