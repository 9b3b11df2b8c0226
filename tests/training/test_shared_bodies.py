"""Shared page body of the training catalog (intrasphere.caching.shared_body): reused across
viewers who see the same trainings, never across rights, instructors or enrolments that change
the rows or the buttons, and rendered again after a write."""

import pytest
from django.urls import reverse
from guardian.shortcuts import assign_perm

from tests.factories import UserFactory, grant
from tests.pages import page_of, signed_in, warmed
from tests.training.factories import ParticipantFactory, TrainingFactory
from training import services

CATALOG = reverse("training:training_list")
MANAGE = "training.manage_trainings"


@pytest.mark.django_db
def test_second_employee_reuses_the_catalog_body():
    TrainingFactory.create_batch(3, title="Fire safety")
    first_employee, second_employee = warmed(UserFactory(), CATALOG), warmed(UserFactory(), CATALOG)
    first, first_queries = page_of(first_employee, CATALOG)
    second, second_queries = page_of(second_employee, CATALOG)
    assert first.count("Fire safety") == second.count("Fire safety") == 3
    assert second_queries < first_queries  # neither the count, the rows nor the categories


@pytest.mark.django_db
def test_a_managers_body_never_reaches_an_employee_and_back():
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
def test_an_employee_body_never_reaches_a_manager():
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
def test_a_cohort_of_the_same_hidden_training_shares_one_body():
    hidden = TrainingFactory(title="Pilot course", is_active=False)
    first_learner, second_learner = UserFactory(), UserFactory()
    for learner in (first_learner, second_learner):
        ParticipantFactory(training=hidden, user=learner)
    first, first_queries = page_of(warmed(first_learner, CATALOG), CATALOG)
    second, second_queries = page_of(warmed(second_learner, CATALOG), CATALOG)
    assert "Pilot course" in first and "Pilot course" in second
    assert second_queries < first_queries


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
def test_the_catalog_query_string_is_part_of_the_key(settings):
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
def test_the_catalog_body_holds_nothing_of_the_viewer():
    TrainingFactory(title="Fire safety")
    page_of(signed_in(UserFactory(first_name="Zoltan", last_name="Firstviewer")), CATALOG)
    second, _ = page_of(signed_in(UserFactory(first_name="Maud")), CATALOG)
    assert "Fire safety" in second and "Firstviewer" not in second


@pytest.mark.django_db
def test_languages_get_their_own_catalog_body():
    TrainingFactory(title="Fire safety")
    english, _ = page_of(signed_in(UserFactory()), CATALOG)
    french, _ = page_of(signed_in(UserFactory(), "fr"), CATALOG)
    assert "places prises" in french and "places prises" not in english


@pytest.mark.django_db
@pytest.mark.parametrize("prepared", [True, False], ids=["prepared", "not prepared"])
def test_the_catalog_audience_is_the_rule_of_visible_trainings(prepared, settings):
    """The audience's statement names exactly the trainings beyond the open ones that
    `visible_trainings` gives each kind of viewer (it reads them itself, for speed)."""
    from training.models import Participant
    from training.selectors import training_catalog_audience, visible_trainings

    settings.DATABASE_PREPARED_STATEMENTS = prepared
    TrainingFactory.create_batch(2)  # open ones: never in the audience
    hidden, closed, other = (
        TrainingFactory(is_visible=False),
        TrainingFactory(is_active=False),
        TrainingFactory(is_visible=False, is_active=False),
    )
    instructor, learner, cancelled, everyone = (UserFactory() for _ in range(4))
    assign_perm(MANAGE, instructor, hidden)
    assign_perm(MANAGE, instructor, closed)
    ParticipantFactory(training=closed, user=learner)
    for status in Participant.Status:
        ParticipantFactory(training=TrainingFactory(is_visible=False), user=learner, status=status)
    ParticipantFactory(training=other, user=cancelled, status=Participant.Status.CANCELLED)
    ParticipantFactory(training=hidden, user=instructor)  # both managed and enrolled
    for viewer in (instructor, learner, cancelled, everyone):
        extra = (
            visible_trainings(user=viewer)
            .exclude(is_active=True, is_visible=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        assert training_catalog_audience(viewer) == ("open", *extra)
    assert len(training_catalog_audience(learner)) == 1 + len(Participant.Status)  # less cancelled
    assert training_catalog_audience(grant(UserFactory(), MANAGE)) == ("all",)
