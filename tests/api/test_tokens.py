"""Personal access tokens: made on the profile, shown once, stored hashed, acting as their owner."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApiToken
from accounts.services_tokens import api_token_revoke, token_digest
from intrasphere.models import AuditLog
from tests.api.helpers import ApiClient, token_for
from tests.factories import UserFactory

ME = "/api/v1/auth/me"


def _create(client, **data):
    form = {
        "name": "HR sync",
        "expires_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "access": "read",
        **data,
    }
    return client.post(reverse("accounts:tokens"), form)


def test_a_token_is_shown_once_stored_hashed_and_opens_the_api(employee_client, employee):
    response = _create(employee_client)
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("isp_")
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=employee)
    assert token.digest == token_digest(secret)
    assert not ApiToken.objects.filter(digest__contains=secret[5:]).exists()
    assert secret not in str(list(ApiToken.objects.values_list()))
    # Shown once: the list afterwards shows the prefix only.
    page = employee_client.get(reverse("accounts:tokens"))
    assert secret not in page.content.decode()
    assert token.prefix in page.content.decode()
    answer = ApiClient(secret).get(ME)
    assert answer.status_code == 200
    assert answer.json()["username"] == employee.username
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert AuditLog.objects.filter(action="api_token.create", actor=employee).count() == 1


@pytest.mark.parametrize(
    "data, field",
    [
        ({"name": "   "}, "name"),
        ({"expires_on": "2001-01-01"}, "expires_on"),
        ({"expires_on": (timezone.localdate() + timedelta(days=400)).isoformat()}, "expires_on"),
        ({"expires_on": "not a date"}, "expires_on"),
        ({"access": "root"}, "access"),
    ],
)
def test_bad_token_input_is_refused_with_a_message(employee_client, data, field):
    response = _create(employee_client, **data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_read_only_tokens_only_read(employee):
    client = ApiClient(token_for(employee, read_only=True))
    assert client.get(ME).status_code == 200
    response = client.patch(ME, {"phone": "0102"})
    assert response.status_code == 403
    assert response.json()["type"] == "permission_denied"
    employee.refresh_from_db()
    assert employee.phone == ""


def test_a_read_write_token_changes_what_its_owner_may_change(employee):
    response = ApiClient(token_for(employee)).patch(ME, {"phone": "0102"})
    assert response.status_code == 200, response.content
    employee.refresh_from_db()
    assert employee.phone == "0102"


def test_revoked_expired_and_deactivated_tokens_stop_at_once(employee_client, employee):
    secret = token_for(employee)
    client = ApiClient(secret)
    assert client.get(ME).status_code == 200
    token = ApiToken.objects.get(user=employee)
    response = employee_client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    assert client.get(ME).status_code == 401
    assert AuditLog.objects.filter(action="api_token.revoke").count() == 1

    expired = token_for(employee)
    ApiToken.objects.filter(digest=token_digest(expired)).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert ApiClient(expired).get(ME).status_code == 401

    live = token_for(employee)
    assert ApiClient(live).get(ME).status_code == 200
    employee.is_active = False
    employee.save()
    assert ApiClient(live).get(ME).status_code == 401


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer isp_unknown", "Bearer a b", "Bearer nope", "Bearer " + "x" * 5000],
)
def test_malformed_or_unknown_tokens_answer_401(db, header):
    response = ApiClient().client.get(ME, headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["status"] == 401


def test_nobody_revokes_someone_elses_token_on_the_page(employee_client):
    other = UserFactory(username="other")
    token_for(other)
    token = ApiToken.objects.get(user=other)
    response = employee_client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_administrators_see_and_revoke_everyones_tokens_in_the_admin(admin_client, admin_user):
    other = UserFactory(username="other")
    secret = token_for(other)
    token = ApiToken.objects.get(user=other)
    listing = admin_client.get(reverse("admin:accounts_apitoken_changelist"))
    assert listing.status_code == 200
    assert token.prefix in listing.content.decode()
    response = admin_client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke_selected", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    assert ApiClient(secret).get(ME).status_code == 401
    entry = AuditLog.objects.get(action="api_token.revoke")
    assert entry.actor == admin_user


def test_only_the_owner_or_an_administrator_may_revoke(employee):
    from django.core.exceptions import PermissionDenied

    other = UserFactory(username="other")
    token_for(other)
    token = ApiToken.objects.get(user=other)
    with pytest.raises(PermissionDenied):
        api_token_revoke(actor=employee, token=token)


def test_a_signed_in_browser_session_may_change_through_the_api(employee_client, employee):
    """No token (the session's own sign-in): nothing read-only about it."""
    response = employee_client.patch(
        "/api/v1/auth/me", {"phone": "555"}, content_type="application/json"
    )
    assert response.status_code == 200
    employee.refresh_from_db()
    assert employee.phone == "555"


def test_an_employees_token_does_not_open_the_administrators_endpoints(employee, admin_user):
    client = ApiClient(token_for(employee))
    assert client.get("/api/v1/system-settings").status_code == 403
    assert ApiClient(token_for(admin_user)).get("/api/v1/system-settings").status_code == 200
