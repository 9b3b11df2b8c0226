"""The privacy notice at /privacy/: open to all, linked everywhere, editable (#27)."""

from django.urls import reverse

from intrasphere.models import SiteSettings


def test_default_notice_for_an_anonymous_visitor(client, db, settings):
    settings.PRIVACY_SENT_MAIL_DAYS = 42
    SiteSettings.objects.update_or_create(pk=1, defaults={"contact_email": "dpo@example.com"})
    response = client.get(reverse("privacy"))
    assert response.status_code == 200
    assert b"dpo@example.com" in response.content
    assert b"42 days" in response.content  # read from the settings


def test_notice_in_french(client, db):
    response = client.get(reverse("privacy"), HTTP_ACCEPT_LANGUAGE="fr")
    assert "Politique de confidentialité".encode() in response.content


def test_administrators_text_replaces_the_default(client, db):
    SiteSettings.objects.update_or_create(pk=1, defaults={"privacy_notice": "# Our *rules*"})
    response = client.get(reverse("privacy"))
    assert b"<em>rules</em>" in response.content and b"How long" not in response.content


def test_linked_from_the_footer_sign_in_and_registration(client, employee):
    link = reverse("privacy").encode()
    assert link in client.get(reverse("accounts:login")).content
    SiteSettings.objects.update_or_create(pk=1, defaults={"registration_open": True})
    SiteSettings.load(fresh=True)
    assert link in client.get(reverse("accounts:register")).content
    client.force_login(employee)
    assert link in client.get(reverse("dashboard")).content


def test_editable_in_the_settings_page(admin_client):
    response = admin_client.post(
        reverse("manage:settings"),
        {"site_name": "Portal", "contact_email": "", "welcome_message": "", "privacy_notice": "Hi"},
    )
    assert response.status_code in (200, 302)
    assert SiteSettings.load(fresh=True).privacy_notice == "Hi"


def test_closed_requests_and_reports_periods_are_stated(client, db, settings):
    settings.PRIVACY_CLOSED_REQUEST_DAYS = 0
    settings.REPORTING_CLOSED_NO_ACTION_DAYS = 61
    body = client.get(reverse("privacy")).content.decode()
    assert "Closed helpdesk requests, after their last activity: kept" in body
    assert "closed without action, after their closing: 61 days" in body
