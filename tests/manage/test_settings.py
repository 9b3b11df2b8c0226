"""The site settings page: admins only, audited through site_settings_update."""

from django.urls import reverse

from intrasphere.models import AuditLog, SiteSettings


def test_update_is_audited(admin_client, admin_user):
    response = admin_client.post(
        reverse("manage:settings"),
        {
            "site_name": "Our intranet",
            "registration_open": "on",
            "contact_email": "help@example.com",
            "welcome_message": "Hello",
        },
    )
    assert response.status_code == 302
    site = SiteSettings.load()
    assert site.site_name == "Our intranet" and site.registration_open
    entry = AuditLog.objects.get(action="settings.update")
    assert entry.actor == admin_user and "Our intranet" in entry.summary
    assert "Our intranet" in admin_client.get(reverse("manage:settings")).content.decode()


def test_bad_input_changes_nothing(admin_client):
    response = admin_client.post(
        reverse("manage:settings"), {"site_name": "", "contact_email": "not-an-email"}
    )
    assert response.status_code == 200
    assert {"site_name", "contact_email"} <= set(response.context["form"].errors)
    assert SiteSettings.load().site_name == "IntraSphere"
    assert not AuditLog.objects.exists()


def test_forbidden_for_non_admins(employee_client):
    response = employee_client.post(reverse("manage:settings"), {"site_name": "Hacked"})
    assert response.status_code == 403
    assert SiteSettings.load().site_name == "IntraSphere"
