"""The training catalog: what each kind of viewer sees (rights, instructors, enrolments), never
carried from one viewer to another, and every write shown at once."""

import pytest
from django.urls import reverse
from guardian.shortcuts import assign_perm

from tests.factories import UserFactory, grant
from tests.pages import page_of, signed_in
from tests.training.factories import ParticipantFactory, TrainingFactory
from training import services

CATALOG = reverse("training:training_list")
MANAGE = "training.manage_trainings"


@pytest.mark.django_db
def test_a_managers_catalog_never_reaches_an_employee_and_back():
    TrainingFactory(title="Secret plan", is_visible=False)
    manager = signed_in(grant(UserFactory(), MANAGE))
    managed, _ = page_of(manager, CATALOG)
    read, _ = page_of(signed_in(UserFactory()), CATALOG)
    assert "Secret plan" in managed and "New training" in managed and "Compliance" in managed
    assert "Secret plan" not in read and "New training" not in read and "Compliance" not in read
    cache_of_reader, _ = page_of(signed_in(UserFactory()), CATALOG)
    assert "Secret plan" not in cache_of_reader
    assert "Secret plan" in page_of(manager, CATALOG)[0]


@pytest.mark.django_db
def test_an_employees_catalog_never_reaches_a_manager():
    TrainingFactory(title="Secret plan", is_visible=False)
    read, _ = page_of(signed_in(UserFactory()), CATALOG)
    managed, _ = page_of(signed_in(grant(UserFactory(), MANAGE)), CATALOG)
    assert "Secret plan" not in read
    assert "Secret plan" in managed and "New training" in managed


@pytest.mark.django_db
def test_instructors_and_enrolled_people_see_their_hidden_training_and_nobody_else():
    hidden = TrainingFactory(title="Pilot course", is_visible=False)
    instructor = UserFactory()
    assign_perm(MANAGE, instructor, hidden)
    learner = UserFactory()
    ParticipantFactory(training=hidden, user=learner)
    assert (
        "Pilot course" not in page_of(signed_in(UserFactory()), CATALOG)[0]
    )  # the open catalog first
    instructed, _ = page_of(signed_in(instructor), CATALOG)
    assert "Pilot course" in instructed and "Hidden" in instructed
    assert "New training" not in instructed  # one training, no global right
    assert "Pilot course" in page_of(signed_in(learner), CATALOG)[0]
    assert "Pilot course" not in page_of(signed_in(UserFactory()), CATALOG)[0]  # after both of them


@pytest.mark.django_db
def test_a_cancelled_enrolment_hides_the_hidden_training_at_once():
    hidden = TrainingFactory(title="Pilot course", is_visible=False)
    learner = UserFactory()
    participant = ParticipantFactory(training=hidden, user=learner)
    client = signed_in(learner)
    assert "Pilot course" in page_of(client, CATALOG)[0]
    participant.status = participant.Status.CANCELLED
    participant.save()
    assert "Pilot course" not in page_of(client, CATALOG)[0]


@pytest.mark.django_db
def test_a_new_renamed_hidden_or_booked_training_shows_at_once():
    client = signed_in(UserFactory())
    training = TrainingFactory(title="Fire safety", max_participants=5)
    assert "0 / 5" in page_of(client, CATALOG)[0]
    TrainingFactory(title="First aid")
    assert "First aid" in page_of(client, CATALOG)[0]
    services.training_register(training=training, user=UserFactory())
    assert "1 / 5" in page_of(client, CATALOG)[0]  # the seat counter moves with the registration
    training.title = "Fire drill"
    training.save()
    body, _ = page_of(client, CATALOG)
    assert "Fire drill" in body and "Fire safety" not in body
    training.is_visible = False
    training.save()
    assert "Fire drill" not in page_of(client, CATALOG)[0]


@pytest.mark.django_db
def test_the_catalog_filters_and_pages_by_its_query_string(settings):
    settings.PAGE_SIZE = 2
    TrainingFactory(title="Alpha", category="Security", difficulty="advanced")
    TrainingFactory(title="Beta", category="Management")
    TrainingFactory(title="Gamma", category="Management")
    client = signed_in(UserFactory())
    everything, _ = page_of(client, CATALOG)
    searched, _ = page_of(client, CATALOG + "?q=alp")
    filtered, _ = page_of(client, CATALOG + "?category=Management")
    second, _ = page_of(client, CATALOG + "?page=2")
    bad, _ = page_of(client, CATALOG + "?difficulty=impossible")
    assert "Some filters were not valid" not in everything
    assert "Alpha" in searched and "Beta" not in searched
    assert "Beta" in filtered and "Gamma" in filtered and "Alpha" not in filtered
    assert 'aria-current="page">2<' in second
    assert "Some filters were not valid" in bad
    assert client.get(CATALOG + "?page=99").status_code == 404


@pytest.mark.django_db
def test_the_catalog_shows_nothing_of_another_viewer():
    TrainingFactory(title="Fire safety")
    page_of(signed_in(UserFactory(first_name="Zoltan", last_name="Firstviewer")), CATALOG)
    second, _ = page_of(signed_in(UserFactory(first_name="Maud")), CATALOG)
    assert "Fire safety" in second and "Firstviewer" not in second


@pytest.mark.django_db
def test_each_language_gets_its_own_catalog():
    TrainingFactory(title="Fire safety")
    english, _ = page_of(signed_in(UserFactory()), CATALOG)
    french, _ = page_of(signed_in(UserFactory(), "fr"), CATALOG)
    assert "places prises" in french and "places prises" not in english
