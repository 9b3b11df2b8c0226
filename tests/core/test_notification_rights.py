"""A person is told when they receive or lose a right (accounts' delegation services)."""

import pytest
from django.utils import translation

from accounts import services
from intrasphere.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_granted_then_revoked_rights_notify_the_person(admin_user):
    person = UserFactory()
    grant = services.permission_grant(
        actor=admin_user, user=person, codename="content.manage_events"
    )
    told = Notification.objects.get(recipient=person)
    assert told.kind == "accounts.right_granted"
    assert told.text == "You were given the right “Manage events”."
    with translation.override("fr"):
        assert "Gérer les événements" in told.text
    services.permission_revoke(actor=admin_user, grant=grant)
    revoked = Notification.objects.filter(recipient=person).first()
    assert revoked.kind == "accounts.right_revoked"
    assert revoked.text == "Your right “Manage events” was withdrawn."
    assert not Notification.objects.filter(recipient=admin_user).exists()
