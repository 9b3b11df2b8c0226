"""Anonymising a leaver: nothing identifies them any more, the company's records stay (#27)."""

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models
from django.urls import reverse

from accounts.models import ApiToken, Message, User
from accounts.services_privacy import person_anonymise
from complaints.models import Complaint, ComplaintReply
from content.models import CalendarFeedToken, Event
from forum.models import Post, Topic
from intrasphere.models import AuditLog
from tests.accounts import privacy_world
from tests.factories import UserFactory, grant


def _text_holding(needles):
    """(model, field, pk) of every text value anywhere that still holds one of `needles`."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        for f in fields:
            for needle in needles:
                rows = model._base_manager.filter(**{f"{f.attname}__icontains": needle})
                found += [
                    (model._meta.label, f.name, pk) for pk in rows.values_list("pk", flat=True)
                ]
    return found


@pytest.fixture
def world(db, admin_user):
    return privacy_world.build()


def test_anonymisation_removes_every_copy_and_keeps_the_records(
    world, admin_user, django_capture_on_commit_callbacks
):
    person = world["person"]
    avatar = person.avatar
    assert avatar.storage.exists(avatar.name)
    audit_before = AuditLog.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        person_anonymise(
            actor=admin_user, user=person, reason=f"Left; asked by {privacy_world.NAME}"
        )

    needles = [privacy_world.NAME, privacy_world.USERNAME, privacy_world.EMAIL, privacy_world.PHONE]
    assert _text_holding(needles) == []
    person.refresh_from_db()
    assert person.username == f"former-{person.pk}"
    assert (person.email, person.phone, person.department, person.position) == ("", "", "", "")
    assert person.employee_id is None and not person.avatar
    assert not avatar.storage.exists(avatar.name)
    assert not person.is_active and not person.has_usable_password()
    assert person.name == f"Former employee #{person.pk}"
    # The company's records stay, attached to the anonymised person.
    assert Topic.objects.get(pk=world["topic"].pk).author == person
    assert Complaint.objects.get(pk=world["complaint"].pk).submitter == person
    assert ComplaintReply.objects.filter(complaint=world["complaint"]).count() == 2
    # The other side keeps the conversation.
    assert Message.objects.filter(pk__in=[world["sent"].pk, world["received"].pk]).count() == 2
    # Counters still equal their rows.
    post = Post.objects.get(pk=world["post"].pk)
    assert post.like_count == post.likes.count() == 1
    event = Event.objects.get(pk=world["event"].pk)
    assert event.going_count == 1
    # Credentials are gone; the certificate still verifies.
    assert not ApiToken.objects.filter(user=person).exists()
    assert not CalendarFeedToken.objects.filter(user=person).exists()
    assert AuditLog.objects.count() == audit_before + 1
    entry = AuditLog.objects.filter(action="accounts.user.anonymise").get()
    assert "Former employee" in entry.summary


def test_certificates_still_verify(world, admin_user, client):
    person_anonymise(actor=admin_user, user=world["person"], reason="left")
    url = reverse("training:certificate_verify", args=[world["certificate"].code])
    assert client.get(url).status_code == 200


def test_mentions_are_rewritten(world, admin_user):
    person = world["person"]
    person_anonymise(actor=admin_user, user=person, reason="left")
    content = Post.objects.get(pk=world["post"].pk).content
    assert f"@former-{person.pk}" in content and f"Former employee #{person.pk}" in content


def test_the_anonymised_person_cannot_sign_in(world, admin_user, client):
    person_anonymise(actor=admin_user, user=world["person"], reason="left")
    response = client.post(
        reverse("accounts:login"),
        {"username": privacy_world.USERNAME, "password": "password"},
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)


def test_twice_is_refused_with_a_message(world, admin_user):
    person_anonymise(actor=admin_user, user=world["person"], reason="left")
    with pytest.raises(ValidationError, match="already anonymised"):
        person_anonymise(actor=admin_user, user=world["person"], reason="again")


def test_oneself_and_the_last_administrator_are_refused(db, admin_user):
    with pytest.raises(ValidationError, match="your own"):
        person_anonymise(actor=admin_user, user=admin_user, reason="r")
    with pytest.raises(ValidationError, match="last active administrator"):
        person_anonymise(actor=None, user=admin_user, reason="r")
    assert User.objects.get(pk=admin_user.pk).anonymised_at is None


def test_only_an_administrator_may_anonymise(db, employee):
    other = UserFactory(username="other")
    with pytest.raises(PermissionDenied):
        person_anonymise(actor=employee, user=other, reason="r")
    with pytest.raises(ValidationError, match="reason"):
        person_anonymise(actor=None, user=other, reason="  ")
    assert User.objects.get(pk=other.pk).anonymised_at is None


def test_the_command(db, admin_user, capsys):
    person = UserFactory(username="leaver")
    call_command("anonymise_person", "leaver", "--reason", "left", "--actor", "admin")
    assert User.objects.get(pk=person.pk).anonymised_at is not None
    with pytest.raises(CommandError, match="No account"):
        call_command("anonymise_person", "nobody", "--reason", "left")
    with pytest.raises(CommandError, match="already anonymised"):
        call_command("anonymise_person", f"former-{person.pk}", "--reason", "left")


def test_the_command_dry_run_changes_nothing(db, admin_user):
    person = UserFactory(username="leaver")
    call_command("anonymise_person", "leaver", "--reason", "left", "--dry-run")
    assert User.objects.get(pk=person.pk).anonymised_at is None


def test_plain_words_are_not_rewritten_inside_other_words(db, admin_user):
    """A username that is one plain word is removed as a mention only: "admin" must not turn
    "administrator" into nonsense, nor rewrite the framework's tables."""
    from django.contrib.auth.models import Permission

    person = UserFactory(username="marie", first_name="Marie", last_name="Curie")
    poster = UserFactory(username="poster")
    topic = privacy_world.topic_with_post(
        author=poster, content="Ask the administrator marie, @marie or Marie Curie."
    )
    permissions = Permission.objects.count()
    person_anonymise(actor=admin_user, user=person, reason="left")
    content = Post.objects.filter(topic=topic).get().content
    assert content == (
        f"Ask the administrator marie, @former-{person.pk} or Former employee #{person.pk}."
    )
    assert Permission.objects.filter(name__contains="Former").count() == 0
    assert Permission.objects.count() == permissions


def test_a_longer_placeholder_never_overflows_a_column(db, admin_user):
    """ "Ann Lee" becomes "Former employee #N": a full column is cut, never an error."""
    from intrasphere.models import Notification

    person = UserFactory(username="ann.lee", first_name="Ann", last_name="Lee")
    colleague = UserFactory(username="colleague")
    message = ("x" * 293) + "Ann Lee"  # 300 characters, the column's maximum
    Notification.objects.create(recipient=colleague, kind="k", message=message)
    person_anonymise(actor=admin_user, user=person, reason="left")
    stored = Notification.objects.get(recipient=colleague).message
    assert len(stored) == 300 and "Ann Lee" not in stored


# --- The refusals, word for word (what the admin, the command's operator or the DPO reads) ---


def _command_refusal(*args) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("anonymise_person", *args)
    return str(refused.value)


def test_the_command_says_why_it_refuses(db, admin_user):
    person = UserFactory(username="leaver")
    assert _command_refusal("admin", "--reason", "r", "--actor", "admin") == (
        "You cannot anonymise your own account."
    )
    call_command("anonymise_person", "leaver", "--reason", "left")
    assert _command_refusal(f"former-{person.pk}", "--reason", "again") == (
        "This person is already anonymised."
    )


def test_the_last_active_administrator_stays_whoever_else_is_active(db, admin_user, employee):
    """An active employee is no administrator, a deactivated administrator no active one."""
    UserFactory(username="retired.admin", role="admin", is_superuser=True, is_active=False)
    assert _command_refusal("admin", "--reason", "left") == (
        "The last active administrator cannot be anonymised."
    )
    assert User.objects.get(pk=admin_user.pk).anonymised_at is None


def test_an_administrator_is_anonymised_while_another_stays_active(db, admin_user):
    first = UserFactory(username="first.admin", role="admin", is_superuser=True, is_staff=True)
    second = UserFactory(username="second.admin", role="admin", is_superuser=True, is_staff=True)
    call_command("anonymise_person", "first.admin", "--reason", "left")  # the system
    call_command("anonymise_person", "second.admin", "--reason", "left", "--actor", "admin")
    assert User.objects.get(pk=first.pk).anonymised_at is not None
    assert User.objects.get(pk=second.pk).anonymised_at is not None


def test_who_may_anonymise_is_said_word_for_word(db, admin_user, employee):
    person = UserFactory(username="leaver")
    with pytest.raises(PermissionDenied) as refused:
        person_anonymise(actor=employee, user=person, reason="left")
    assert str(refused.value) == (
        "Only administrators and people handling personal data requests can anonymise."
    )
    officer = grant(UserFactory(username="officer"), "accounts.handle_privacy_requests")
    UserFactory(username="other.admin", role="admin", is_superuser=True)
    with pytest.raises(PermissionDenied) as refused:
        person_anonymise(actor=officer, user=admin_user, reason="left")
    assert str(refused.value) == "Only administrators can anonymise an administrator."
    assert User.objects.filter(anonymised_at__isnull=False).count() == 0


def test_each_personal_field_has_its_replacement(db, admin_user):
    """Names become "Former employee #N", the email and username "former-N", the phone and
    employee number "[removed]", whatever their case; so does the reason kept in the audit."""
    person = UserFactory(
        username="ann.lee",
        first_name="Ann",
        last_name="Lee",
        display_name="Annie L.",
        email="Ann.Lee@Example.com",
        phone="+33 1 23 45 67 89 ext. 12",
        employee_id="Emp-042",
    )
    poster = UserFactory(username="poster")
    topic = privacy_world.topic_with_post(
        author=poster,
        content=(
            "Ann Lee, Lee Ann, Annie L.; Ann.Lee@Example.com, ann.lee@example.com, ann.lee; "
            "+33 1 23 45 67 89 ext. 12, Emp-042; cc @ann.lee@example.com"
        ),
    )
    person_anonymise(
        actor=admin_user, user=person, reason="asked by Ann Lee (Ann.Lee@Example.com, Emp-042)"
    )
    name, username = f"Former employee #{person.pk}", f"former-{person.pk}"
    assert Post.objects.filter(topic=topic).get().content == (
        f"{name}, {name}, {name}; {username}, {username}, {username}; "
        f"[removed], [removed]; cc @{username}"
    )
    entry = AuditLog.objects.get(action="accounts.user.anonymise")
    assert entry.summary == f"reason: asked by {name} ({username}, [removed])"
