"""The Django admin's delete of a person anonymises them instead (issue #27)."""

import pytest
from django.db import transaction
from django.urls import reverse

from accounts.models import User
from forum.models import Topic
from tests.factories import UserFactory
from tests.forum.factories import topic_with_post


def test_delete_page_explains_and_shows_counts(admin_client):
    person = UserFactory(username="leaver")
    topic_with_post(author=person)
    response = admin_client.get(reverse("admin:accounts_user_delete", args=[person.pk]))
    assert response.status_code == 200
    assert b"forum.Topic.author" in response.content
    assert b"People are not deleted" in response.content


def test_delete_anonymises_and_keeps_posts(admin_client):
    person = UserFactory(username="leaver")
    topic = topic_with_post(author=person)
    url = reverse("admin:accounts_user_delete", args=[person.pk])
    response = admin_client.post(url, {"reason": "left the company"})
    assert response.status_code == 302
    assert User.objects.get(pk=person.pk).anonymised_at is not None
    assert Topic.objects.get(pk=topic.pk).author_id == person.pk


def test_delete_without_a_reason_or_of_oneself_is_refused(admin_client, admin_user):
    person = UserFactory(username="leaver")
    url = reverse("admin:accounts_user_delete", args=[person.pk])
    response = admin_client.post(url, {"reason": ""}, follow=True)
    assert response.status_code == 200 and b"reason" in response.content
    assert User.objects.get(pk=person.pk).anonymised_at is None
    own = reverse("admin:accounts_user_delete", args=[admin_user.pk])
    assert admin_client.post(own, {"reason": "x"}).status_code == 200
    assert User.objects.get(pk=admin_user.pk).is_active


def test_no_bulk_delete_action(admin_client):
    response = admin_client.get(reverse("admin:accounts_user_changelist"))
    assert b"delete_selected" not in response.content


def test_unknown_person_is_a_404(admin_client):
    assert admin_client.get(reverse("admin:accounts_user_delete", args=[999999])).status_code == 404


def test_employee_cannot_reach_it(employee_client):
    person = UserFactory(username="leaver")
    response = employee_client.post(
        reverse("admin:accounts_user_delete", args=[person.pk]), {"reason": "x"}
    )
    assert response.status_code == 302  # to the admin's sign-in
    assert User.objects.get(pk=person.pk).anonymised_at is None


def test_a_person_is_never_deleted_even_without_rows(db):
    """A delete would cascade into the other side's inbox, counters and certificates."""
    from accounts.services_privacy import PersonDeleteRefused
    from tests.factories import MessageFactory

    person = UserFactory(username="quiet")
    other = UserFactory(username="other")
    MessageFactory(sender=other, recipient=person)
    with pytest.raises(PersonDeleteRefused, match="anonymise"), transaction.atomic():
        person.delete()
    with pytest.raises(PersonDeleteRefused), transaction.atomic():
        User.objects.filter(pk=person.pk).delete()
    assert User.objects.filter(pk=person.pk).exists()
    assert other.sent_messages.count() == 1


def test_the_admin_action_leads_to_the_anonymisation_page(admin_client):
    person = UserFactory(username="leaver")
    changelist = reverse("admin:accounts_user_changelist")
    response = admin_client.post(
        changelist, {"action": "anonymise_person", "_selected_action": [person.pk]}
    )
    assert response["Location"].endswith(f"/{person.pk}/delete/")
    other = UserFactory(username="other")
    response = admin_client.post(
        changelist,
        {"action": "anonymise_person", "_selected_action": [person.pk, other.pk]},
        follow=True,
    )
    assert b"exactly one person" in response.content


def test_a_delete_says_what_to_do_instead(db):
    """Whoever tries (a shell, a cascade) reads how to anonymise the person instead."""
    from accounts.services_privacy import PersonDeleteRefused

    person = UserFactory(username="quiet")
    with pytest.raises(PersonDeleteRefused) as refused, transaction.atomic():
        person.delete()
    assert refused.value.args[0] == (
        "People are not deleted: anonymise quiet instead (Django admin → Delete, or "
        "manage.py anonymise_person)."
    )
    assert list(refused.value.protected_objects) == [person]
