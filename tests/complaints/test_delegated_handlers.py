"""Someone given "manage complaints" by delegation can be chosen as an assignee, like holders
of the permission, until the delegation ends."""

import pytest
from django.urls import reverse

from accounts import services as account_services
from complaints import selectors
from complaints.models import Complaint
from tests.complaints.factories import ComplaintFactory
from tests.factories import UserFactory, grant, lapsed_grant

pytestmark = pytest.mark.django_db
MANAGE = "complaints.manage_complaints"


@pytest.fixture
def manager():
    return grant(UserFactory(username="manager"), MANAGE)


def test_a_delegated_handler_is_listed_and_can_be_assigned(client, admin_user, manager):
    delegate = UserFactory(username="delegate", first_name="Dana", last_name="Delegate")
    account_services.permission_grant(actor=admin_user, user=delegate, codename=MANAGE)
    assert delegate in selectors.complaint_handlers()
    complaint = ComplaintFactory()
    client.force_login(manager)
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert "Dana Delegate" in page  # offered in the assignment form
    response = client.post(
        reverse("complaints:assign", kwargs={"pk": complaint.pk}), {"assignee": delegate.pk}
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.assignee == delegate


def test_an_ended_delegation_is_not_offered(client, admin_user, manager):
    lapsed = UserFactory(username="lapsed")
    lapsed_grant(actor=admin_user, user=lapsed, codename=MANAGE)
    revoked = UserFactory(username="revoked")
    given = account_services.permission_grant(actor=admin_user, user=revoked, codename=MANAGE)
    account_services.permission_revoke(actor=admin_user, grant=given)
    handlers = set(selectors.complaint_handlers())
    assert manager in handlers and admin_user in handlers
    assert lapsed not in handlers and revoked not in handlers
    complaint = ComplaintFactory()
    client.force_login(manager)
    client.post(reverse("complaints:assign", kwargs={"pk": complaint.pk}), {"assignee": lapsed.pk})
    assert Complaint.objects.get(pk=complaint.pk).assignee is None
