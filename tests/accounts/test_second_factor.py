"""The second factor for people with rights (django-otp TOTP, recovery codes), through the pages."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from intrasphere.models import AuditLog, SiteSettings
from tests.factories import UserFactory

ENROL = reverse("accounts:second_factor")
VERIFY = reverse("accounts:second_factor_verify")


@pytest.fixture
def required(db):
    site = SiteSettings.load(fresh=True)
    site.require_second_factor = True
    site.save()
    return site


@pytest.fixture
def delegate(admin_user):
    person = UserFactory(username="delegate")
    services.permission_grant(actor=admin_user, user=person, codename="content.manage_events")
    return person


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def enrolled(client, user) -> tuple[TOTPDevice, list[str]]:
    """Set up a device through the page; returns it and the recovery codes shown."""
    client.force_login(user)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=user)
    page = client.post(ENROL, {"code": current_code(device), "next": "/"}).content.decode()
    codes = re.findall(r"<li><code>([^<]+)</code></li>", page)
    return device, codes


def test_a_delegate_without_a_device_is_sent_to_enrolment_before_any_page(
    client, required, delegate
):
    client.force_login(delegate)
    for path in (reverse("dashboard"), reverse("accounts:profile"), "/admin/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(ENROL + "?next=")
    page = client.get(ENROL)
    assert page.status_code == 200
    assert "<svg" in page.content.decode()  # the QR code, drawn by the portal


def test_people_without_rights_and_a_setting_off_are_left_alone(client, db, delegate, employee):
    client.force_login(delegate)  # the setting is off
    assert client.get(reverse("dashboard")).status_code == 200
    site = SiteSettings.load(fresh=True)
    site.require_second_factor = True
    site.save()
    client.force_login(employee)
    assert client.get(reverse("dashboard")).status_code == 200


def test_enrolment_shows_ten_recovery_codes_once_then_pages_open(client, required, delegate):
    device, codes = enrolled(client, delegate)
    assert len(codes) == 10 and len(set(codes)) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("dashboard")).status_code == 200
    assert AuditLog.objects.filter(action="accounts.second_factor.enrol").exists()
    assert not any(code in client.get(ENROL).content.decode() for code in codes)


def test_the_next_sign_in_asks_for_the_code_and_a_wrong_code_is_refused_and_counted(
    client, required, delegate
):
    device, _codes = enrolled(client, delegate)
    client.logout()
    client.force_login(delegate)
    response = client.get(reverse("dashboard"))
    assert response["Location"].startswith(VERIFY)
    for _attempt in range(5):
        response = client.post(VERIFY, {"code": "000000"})
        assert response.status_code == 200
        assert "not right" in response.content.decode()
        assert client.get(reverse("dashboard")).status_code == 302
    response = client.post(VERIFY, {"code": current_code(device)})
    assert response.status_code == 429  # the account's sign-in limit: wrong codes count


def test_the_right_code_opens_the_pages(client, required, delegate):
    device, _codes = enrolled(client, delegate)
    client.logout()
    client.force_login(delegate)
    device.refresh_from_db()
    device.last_t = -1  # the code of this time step was spent at enrolment
    device.save()
    response = client.post(VERIFY + "?next=/people/", {"code": current_code(device)})
    assert response.status_code == 302 and response["Location"] == "/people/"
    assert client.get(reverse("dashboard")).status_code == 200


def test_recovery_codes_work_once_each(client, required, delegate, settings):
    # django-otp also slows a device down after a wrong code (1 s, then 2, 4…): off here.
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    _device, codes = enrolled(client, delegate)
    client.logout()
    client.force_login(delegate)
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200
    client.logout()
    client.force_login(delegate)
    response = client.post(VERIFY, {"code": codes[0]})
    assert response.status_code == 200 and "not right" in response.content.decode()
    assert client.post(VERIFY, {"code": codes[1]}).status_code == 302
    assert StaticDevice.objects.get(user=delegate).token_set.count() == 8


def test_an_administrator_resets_a_second_factor_audited(client, required, delegate, admin_user):
    enrolled(client, delegate)
    url = reverse("manage:user_second_factor_reset", kwargs={"pk": delegate.pk})
    client.logout()
    client.force_login(delegate)
    assert client.post(url).status_code in (302, 403)  # held at the code page, or refused
    assert TOTPDevice.objects.filter(user=delegate).exists()
    admin_device, _codes = enrolled(client, admin_user)  # the admin too has rights
    assert client.post(url).status_code == 302
    assert not TOTPDevice.objects.filter(user=delegate).exists()
    assert not StaticDevice.objects.filter(user=delegate).exists()
    entry = AuditLog.objects.get(action="accounts.second_factor.reset")
    assert entry.actor_label == admin_user.username and entry.target_id == str(delegate.pk)


def test_the_django_admin_requires_it(client, required, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/")["Location"].startswith(ENROL)


def test_single_sign_on_people_are_trusted_to_the_provider_factor(
    client, required, delegate, settings
):
    client.force_login(delegate)
    session = client.session
    session["signed_in_with"] = "oidc"
    session.save()
    assert client.get(reverse("dashboard")).status_code == 200
    settings.OTP_TRUST_SSO = False
    assert client.get(reverse("dashboard")).status_code == 302


def test_the_profile_shows_the_state_and_anyone_may_set_one_up(client, employee):
    client.force_login(employee)  # no rights, the site setting off: never required
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'data-second-factor="off">not set up<' in page
    assert f'href="{ENROL}"' in page
    assert "Once it is set up" in client.get(ENROL).content.decode()

    device, codes = enrolled(client, employee)
    assert len(codes) == 10
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'data-second-factor="enabled">enabled<' in page

    client.logout()  # set up of their own accord: the next sign-in asks for the code
    client.force_login(employee)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    device.refresh_from_db()
    device.last_t = -1  # the code of this time step was spent at enrolment
    device.save()
    assert client.post(VERIFY, {"code": current_code(device), "next": "/"}).status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


def test_another_persons_page_shows_no_second_factor(client, employee):
    other = UserFactory(username="colleague")
    client.force_login(employee)
    page = client.get(reverse("accounts:person_detail", args=[other.username])).content.decode()
    assert "data-second-factor" not in page
