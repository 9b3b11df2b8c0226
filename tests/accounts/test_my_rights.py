"""An employee's own rights page: what they may do, where, until when, granted by whom; linked
from their profile; nothing of anyone else's."""

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import services
from tests.factories import UserFactory
from tests.training.factories import TrainingFactory

pytestmark = pytest.mark.django_db
URL = reverse("accounts:my_rights")


def test_a_scoped_expiring_grant_shows_where_until_when_and_by_whom(client, admin_user):
    employee = UserFactory()
    training = TrainingFactory(title="Fire safety 2026")
    expires = timezone.now() + timedelta(days=10)
    services.permission_grant(
        actor=admin_user,
        user=employee,
        codename="training.manage_trainings",
        scope=training,
        expires_at=expires,
    )
    someone_else = UserFactory()
    services.permission_grant(actor=admin_user, user=someone_else, codename="forum.manage_forum")
    client.force_login(employee)
    assert URL in client.get(reverse("accounts:profile")).content.decode()
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "training.manage_trainings" in body
    assert "Fire safety 2026" in body  # where
    assert admin_user.name in body  # by whom
    local = timezone.localtime(expires)
    assert local.strftime("%Y") in body and "forum.manage_forum" not in body
    (row,) = response.context["rows"]
    assert row["expires_at"] == expires and row["scope"] == "Fire safety 2026"


def test_an_expired_grant_is_gone_and_an_employee_without_rights_is_told_so(client, admin_user):
    employee = UserFactory()
    grant = services.permission_grant(
        actor=admin_user,
        user=employee,
        codename="forum.manage_forum",
        expires_at=timezone.now() + timedelta(hours=1),
    )
    client.force_login(employee)
    assert "forum.manage_forum" in client.get(URL).content.decode()
    later = grant.expires_at + timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        body = client.get(URL).content.decode()
    assert "forum.manage_forum" not in body
    assert "You hold only what every employee can do." in body
