"""Invitations for imported staff: a one-time set-password link by email (command, import,
manage page, "forgotten password"); expired, reused and replaced links are refused clearly."""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts import invitations
from accounts.models import User
from intrasphere.models import AuditLog
from tests.factories import DEFAULT_PASSWORD, UserFactory, grant

NEW_PASSWORD = "a-new-and-long-passphrase-42"
PORTAL = "https://intranet.example.com"


@pytest.fixture(autouse=True)
def _portal_url(settings):
    settings.PORTAL_URL = PORTAL


@pytest.fixture
def imported(db):
    """An account as `import_users` makes it: no usable password."""
    user = UserFactory(username="pierre.dubois", email="pierre@example.com")
    user.set_unusable_password()
    user.save()
    return user


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def link_in(email) -> str:
    match = re.search(re.escape(PORTAL) + r"(/accounts/invitation/[^\s]+/)", email.body)
    assert match, email.body
    assert match.group(0) in email.alternatives[0][0]
    return match.group(1)


def choose_password(client, link, password=NEW_PASSWORD):
    response = client.get(link)
    assert response.status_code == 302  # the token leaves the address bar
    return client.post(response["Location"], {"new_password1": password, "new_password2": password})


def test_invited_person_sets_a_password_and_signs_in(
    client, imported, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        out, _err = run("invite_users", "pierre.dubois")
    assert "1 invitation(s) were sent" in out
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["pierre@example.com"]
    assert "pierre.dubois" in email.body
    response = choose_password(client, link_in(email))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    response = client.post(
        reverse("accounts:login"), {"username": "pierre.dubois", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert AuditLog.objects.filter(action="accounts.user.invite", target_id=imported.pk).exists()
    assert AuditLog.objects.filter(action="accounts.invitation.accept").exists()


def test_a_used_link_is_refused_clearly(client, imported, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run("invite_users", "pierre.dubois")
    link = link_in(mail.outbox[0])
    choose_password(client, link)
    body = client.get(link).content.decode()
    assert "This invitation no longer works" in body
    assert reverse("accounts:password_reset") in body


def test_an_expired_link_is_refused(client, imported, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run("invite_users", "pierre.dubois")
    link = link_in(mail.outbox[0])
    # Django's tokens count in naive local time.
    later = datetime.now() + timedelta(days=settings.INVITATION_DAYS, hours=1)
    invitations.invitation_token._now = lambda: later
    try:
        assert "This invitation no longer works" in client.get(link).content.decode()
    finally:
        del invitations.invitation_token._now
    imported.refresh_from_db()
    assert not imported.has_usable_password()


def test_inviting_again_replaces_the_earlier_link(
    client, imported, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run("invite_users", "pierre.dubois")
        run("invite_users", "pierre.dubois")
    first, second = (link_in(email) for email in mail.outbox)
    assert "no longer works" in client.get(first).content.decode()
    assert choose_password(client, second).status_code == 302


def test_forgotten_password_sends_the_link_to_an_account_without_one(
    client, imported, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "PIERRE@example.com"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    assert choose_password(client, link_in(mail.outbox[0])).status_code == 302
    imported.refresh_from_db()
    assert imported.check_password(NEW_PASSWORD)


def test_forgotten_password_for_a_deactivated_account_sends_nothing(
    client, imported, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=imported.pk).update(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "pierre@example.com"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_import_users_invite_invites_the_created_accounts(
    tmp_path, db, django_capture_on_commit_callbacks
):
    source = tmp_path / "staff.csv"
    source.write_text(
        "employee_id,username,email,department\nE9001,anne.roy,anne@example.com,Sales\n",
        encoding="utf-8",
    )
    with django_capture_on_commit_callbacks(execute=True):
        out, _err = run("import_users", str(source), "--invite")
    assert "1 invitation(s) were sent" in out
    assert mail.outbox[0].to == ["anne@example.com"]
    assert User.objects.get(username="anne.roy").invited_at is not None


def test_import_users_invite_needs_portal_url(tmp_path, db, settings):
    settings.PORTAL_URL = ""
    source = tmp_path / "staff.csv"
    source.write_text("employee_id,username\nE9002,luc\n", encoding="utf-8")
    with pytest.raises(CommandError, match="PORTAL_URL"):
        run("import_users", str(source), "--invite")
    assert not User.objects.filter(username="luc").exists()


def test_invite_users_pending_and_bad_input(imported, django_capture_on_commit_callbacks):
    UserFactory(username="has.password")
    with django_capture_on_commit_callbacks(execute=True):
        out, _err = run("invite_users", "--pending")
    assert "1 invitation(s) were sent" in out
    with django_capture_on_commit_callbacks(execute=True):
        out, _err = run("invite_users", "--pending")  # nothing is pending any more
    assert "0 invitation(s)" in out
    with pytest.raises(CommandError, match="not both"):
        run("invite_users")
    with pytest.raises(CommandError, match="No account"):
        run("invite_users", "ghost")
    with pytest.raises(CommandError, match="No invitation was sent"):
        run("invite_users", "has.password")


def test_a_user_manager_invites_from_the_users_page(
    client, imported, django_capture_on_commit_callbacks
):
    manager = grant(UserFactory(username="hr"), "accounts.manage_users")
    client.force_login(manager)
    page = client.get(reverse("manage:user_list")).content.decode()
    assert "Invite" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("manage:user_invite", args=[imported.pk]))
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    page = client.get(reverse("manage:user_list") + "?state=invited").content.decode()
    assert "pierre.dubois" in page and "Send invitation again" in page


def test_a_selection_is_invited_and_the_others_are_explained(
    client, imported, django_capture_on_commit_callbacks
):
    manager = grant(UserFactory(username="hr"), "accounts.manage_users")
    other = UserFactory(username="has.password")
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("manage:user_invite_selected"),
            {"users": [imported.pk, other.pk, "junk"]},
            follow=True,
        )
    body = response.content.decode()
    assert "Invitation sent to pierre.dubois" in body
    assert "already has a password" in body
    assert len(mail.outbox) == 1
    response = client.post(reverse("manage:user_invite_selected"), {}, follow=True)
    assert "Select at least one account" in response.content.decode()


def test_an_employee_cannot_invite(client, imported):
    client.force_login(UserFactory(username="someone"))
    assert client.post(reverse("manage:user_invite", args=[imported.pk])).status_code == 403


def test_a_manager_cannot_invite_a_moderator_without_a_password(
    client, db, django_capture_on_commit_callbacks
):
    moderator = UserFactory(username="mod", role="moderator")
    moderator.set_unusable_password()
    moderator.save()
    client.force_login(grant(UserFactory(username="hr"), "accounts.manage_users"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("manage:user_invite", args=[moderator.pk]), follow=True)
    assert "only an administrator" in response.content.decode()
    assert mail.outbox == []


def test_the_sign_in_still_works_for_people_with_a_password(client, db):
    UserFactory(username="plain")
    response = client.post(
        reverse("accounts:login"), {"username": "plain", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302


def test_no_cr_or_lf_reaches_an_invitations_headers(imported, django_capture_on_commit_callbacks):
    from intrasphere.models import SiteSettings

    site = SiteSettings.load()
    site.site_name = "Portal\r\nBcc: victim@example.com"
    site.save()
    with django_capture_on_commit_callbacks(execute=True):
        run("invite_users", "pierre.dubois")
    message = mail.outbox[0].message()
    assert "\r" not in mail.outbox[0].subject and "\n" not in mail.outbox[0].subject
    assert message["Bcc"] is None
