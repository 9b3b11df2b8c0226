"""What the declared rules and the text rewriting do when a person is anonymised
(`manage.py anonymise_person`, the pages' impact table): each relation deleted, cleared or kept,
every distinctive copy of the identity rewritten, codes and unique values left alone (#27, #28)."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from complaints.models import Complaint
from content.models import Category
from forum.models import Post, Topic
from intrasphere.models import Notification
from intrasphere.privacy import CLEAR, DELETE, KEEP, anonymiser, declare
from tests.complaints.factories import ComplaintFactory
from tests.factories import UserFactory
from tests.forum.factories import topic_with_post
from tests.privacy_declarations import declarations  # noqa: F401 (fixture)


@pytest.fixture
def rules(declarations, db, admin_user):  # noqa: F811
    """Three rules only: notifications deleted, reports' manager cleared, topics kept."""
    declarations.rules.clear()
    declare("intrasphere.Notification", "recipient", export=True, on_anonymise=DELETE, reason="D")
    declare("accounts.User", "manager", export=False, on_anonymise=CLEAR, reason="C")
    declare("forum.Topic", "author", export=True, on_anonymise=KEEP, reason="K")
    return declarations


def _anonymise(username: str) -> list[str]:
    out = io.StringIO()
    call_command("anonymise_person", username, "--reason", "left", stdout=out)
    return [line for line in out.getvalue().splitlines() if line.startswith("  ")]


def test_each_rule_deletes_clears_or_keeps_and_the_command_counts_them(rules):
    person = UserFactory(username="ab.cd", first_name="", last_name="", email="", employee_id=None)
    report = UserFactory(username="report", manager=person)
    other = UserFactory(username="other")
    Notification.objects.create(recipient=person, kind="k", message="one")
    Notification.objects.create(recipient=person, kind="k", message="two")
    kept = Notification.objects.create(recipient=other, kind="k", message="about ab.cd")
    topic = topic_with_post(author=person)

    assert _anonymise("ab.cd") == [
        "  accounts.User.manager: 1",
        "  intrasphere.Notification.recipient: 2",
        "  text: 2",  # the other person's notification, the audit entry of the topic
    ]
    assert not Notification.objects.filter(recipient=person).exists()
    assert Notification.objects.get(pk=kept.pk).message == f"about former-{person.pk}"
    assert User.objects.get(pk=report.pk).manager_id is None
    assert Topic.objects.get(pk=topic.pk).author_id == person.pk


def test_nothing_distinctive_rewrites_nothing(rules):
    UserFactory(username="ab1", first_name="", last_name="", email="", employee_id=None)
    Notification.objects.create(recipient=UserFactory(), kind="k", message="ab1 ab1")
    assert "  text: 0" in _anonymise("ab1")


def test_the_longest_form_goes_first_in_either_case(rules):
    person = UserFactory(username="pierre.dubois", email="Pierre.Dubois@Example.com")
    topic = topic_with_post(
        content="Write to Pierre.Dubois@Example.com, pierre.dubois@example.com or pierre.dubois."
    )
    _anonymise("pierre.dubois")
    placeholder = f"former-{person.pk}"
    assert Post.objects.get(topic=topic).content == (
        f"Write to {placeholder}, {placeholder} or {placeholder}."
    )


def test_a_four_character_identifier_is_rewritten(rules):
    person = UserFactory(username="jo.b", first_name="", last_name="", email="")
    topic = topic_with_post(content="Ask jo.b.")
    _anonymise("jo.b")
    assert Post.objects.get(topic=topic).content == f"Ask former-{person.pk}."


def test_codes_and_unique_values_stay_the_text_after_them_is_rewritten(rules):
    """A username equal to a status code never rewrites the statuses; a unique name is left
    (rewriting could collide), the prose after either is rewritten, however long."""
    person = UserFactory(username="in_progress", first_name="", last_name="", email="")
    complaint = ComplaintFactory(
        status=Complaint.Status.IN_PROGRESS, satisfaction_comment="Thanks in_progress"
    )
    long_text = "Run by in_progress. " + "x" * 2100  # longer than the column's max_length
    category = Category.objects.create(name="in_progress corner", slug="c", description=long_text)

    _anonymise("in_progress")

    complaint.refresh_from_db()
    placeholder = f"former-{person.pk}"
    assert complaint.status == Complaint.Status.IN_PROGRESS
    assert complaint.satisfaction_comment == f"Thanks {placeholder}"
    category.refresh_from_db()
    assert category.name == "in_progress corner"
    assert category.description == f"Run by {placeholder}. " + "x" * 2100


def test_an_app_anonymiser_runs_with_the_person_and_the_replacements(rules):
    seen = []

    @anonymiser
    def record(*, user, replacements):
        seen.append((user.pk, user.username, replacements))

    person = UserFactory(username="ab.cd", first_name="", last_name="", email="", employee_id=None)
    _anonymise("ab.cd")
    assert seen == [(person.pk, f"former-{person.pk}", [("ab.cd", f"former-{person.pk}")])]


def test_the_anonymise_page_lists_what_each_rule_will_touch(rules, admin_client):
    person = UserFactory(username="leaver")
    for message in ("one", "two"):
        Notification.objects.create(recipient=person, kind="k", message=message)
    topic_with_post(author=person)
    page = admin_client.get(reverse("manage:user_anonymise", args=[person.pk])).content.decode()
    rows = re.findall(r"<tr><td><code>([^<]+)</code></td><td>(\d+)</td><td>(\w+)</td>", page)
    assert rows == [
        ("forum.Topic.author", "1", "keep"),
        ("intrasphere.Notification.recipient", "2", "delete"),
    ]


def test_a_proxy_model_does_not_stop_the_rewriting(rules):
    """A proxy has no table of its own (its rows are rewritten in its model's); the apps after
    it are still rewritten."""
    from django.apps import apps

    class NotificationView(Notification):
        class Meta:
            proxy = True
            app_label = "intrasphere"

    try:
        person = UserFactory(
            username="ab.cd", first_name="", last_name="", email="", employee_id=None
        )
        topic = topic_with_post(content="Ask ab.cd.")
        note = Notification.objects.create(recipient=UserFactory(), kind="k", message="ab.cd")
        _anonymise("ab.cd")
        assert Post.objects.get(topic=topic).content == f"Ask former-{person.pk}."
        assert Notification.objects.get(pk=note.pk).message == f"former-{person.pk}"
    finally:
        del apps.all_models["intrasphere"]["notificationview"]
        apps.clear_cache()
