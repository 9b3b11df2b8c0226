"""Seats, waitlist, cancellation and promotion — including real concurrency on PostgreSQL."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from intrasphere.models import AuditLog, Notification
from tests.factories import UserFactory
from tests.training.factories import TrainingFactory, seat
from training.models import Participant, Training

Status = Participant.Status


def register(client, training):
    return client.post(reverse("training:training_register", args=[training.pk]), follow=True)


def test_register_takes_a_seat_and_confirms(
    employee_client, employee, django_capture_on_commit_callbacks
):
    training = TrainingFactory(max_participants=2)
    with django_capture_on_commit_callbacks(execute=True):
        response = register(employee_client, training)
    assert "You are registered." in response.content.decode()
    training.refresh_from_db()
    assert training.participant_count == 1
    assert Participant.objects.get(training=training, user=employee).status == Status.REGISTERED
    # Their own action: the page said it and an email confirms it; no notification.
    assert not Notification.objects.filter(recipient=employee).exists()
    assert mail.outbox and mail.outbox[0].to == [employee.email]
    assert AuditLog.objects.filter(action="training.participant.register").exists()


def test_register_twice_is_refused(employee_client, employee):
    training = TrainingFactory()
    register(employee_client, training)
    response = register(employee_client, training)
    assert "already registered" in response.content.decode()
    training.refresh_from_db()
    assert training.participant_count == 1
    assert Participant.objects.filter(training=training).count() == 1


@pytest.mark.parametrize("field", ["is_active", "is_visible"])
def test_register_to_inactive_or_hidden_training(employee_client, employee, field):
    training = TrainingFactory(**{field: False})
    response = employee_client.post(reverse("training:training_register", args=[training.pk]))
    # Hidden or inactive trainings are not in the employee's catalog at all.
    assert response.status_code == 404
    assert not Participant.objects.exists()


def test_manager_cannot_register_to_a_hidden_training(admin_client, admin_user):
    training = TrainingFactory(is_visible=False)
    response = register(admin_client, training)
    assert "not open for registration" in response.content.decode()
    assert not Participant.objects.exists()


def test_register_get_is_not_allowed(employee_client):
    training = TrainingFactory()
    response = employee_client.get(reverse("training:training_register", args=[training.pk]))
    assert response.status_code == 405


def test_full_training_puts_people_on_the_waitlist(employee_client, employee):
    training = TrainingFactory(max_participants=1)
    seat(training, UserFactory())
    response = register(employee_client, training)
    assert "waitlist" in response.content.decode()
    assert Participant.objects.get(user=employee).status == Status.WAITLISTED
    training.refresh_from_db()
    assert training.participant_count == 1


def test_cancellation_promotes_the_first_waiting_and_notifies(
    employee_client, employee, django_capture_on_commit_callbacks
):
    training = TrainingFactory(max_participants=1)
    seat(training, employee)
    first = UserFactory(username="first-waiting", email_notifications=False)
    second = UserFactory(username="second-waiting")
    Participant.objects.create(
        training=training,
        user=first,
        status=Status.WAITLISTED,
        registered_at=timezone.now() - datetime.timedelta(hours=2),
    )
    Participant.objects.create(
        training=training, user=second, status=Status.WAITLISTED, registered_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = employee_client.post(
            reverse("training:training_unregister", args=[training.pk]), follow=True
        )
    assert "cancelled" in response.content.decode()
    statuses = dict(Participant.objects.values_list("user__username", "status"))
    assert statuses == {
        employee.username: Status.CANCELLED,
        "first-waiting": Status.REGISTERED,
        "second-waiting": Status.WAITLISTED,
    }
    training.refresh_from_db()
    assert training.participant_count == 1
    assert Notification.objects.filter(recipient=first, kind="training.promoted").exists()
    assert any(first.email in message.to for message in mail.outbox)


def test_unregister_after_start_is_refused(employee_client, employee):
    training = TrainingFactory(start_date=timezone.now() - datetime.timedelta(hours=1))
    seat(training, employee)
    response = employee_client.post(
        reverse("training:training_unregister", args=[training.pk]), follow=True
    )
    assert "can no longer unregister" in response.content.decode()
    assert Participant.objects.get(user=employee).status == Status.REGISTERED


def test_unregister_when_not_registered(employee_client):
    training = TrainingFactory()
    response = employee_client.post(
        reverse("training:training_unregister", args=[training.pk]), follow=True
    )
    assert "not registered" in response.content.decode()


def test_register_again_after_cancelling(employee_client, employee):
    training = TrainingFactory()
    register(employee_client, training)
    employee_client.post(reverse("training:training_unregister", args=[training.pk]))
    register(employee_client, training)
    training.refresh_from_db()
    assert training.participant_count == 1
    assert Participant.objects.get(user=employee).status == Status.REGISTERED


def test_anonymous_cannot_register(client, db):
    training = TrainingFactory()
    response = client.post(reverse("training:training_register", args=[training.pk]))
    assert response.status_code == 302
    assert not Participant.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_registrations_for_ten_seats(on_postgres, transactional_db):
    training = TrainingFactory(max_participants=10)
    users = [UserFactory(username=f"racer{i}") for i in range(50)]
    barrier = threading.Barrier(len(users))
    statuses: list[int] = []
    errors: list[BaseException] = []

    def race(user):
        try:
            client = Client()
            client.force_login(user)
            barrier.wait(timeout=30)
            response = client.post(reverse("training:training_register", args=[training.pk]))
            statuses.append(response.status_code)
        except BaseException as error:  # report it in the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=race, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert statuses == [302] * 50
    training = Training.objects.get(pk=training.pk)
    seated = Participant.objects.filter(training=training, status=Status.REGISTERED).count()
    waiting = Participant.objects.filter(training=training, status=Status.WAITLISTED).count()
    assert seated == 10
    assert waiting == 40
    assert training.participant_count == seated


def test_waitlist_position_is_shown(employee_client, employee):
    training = TrainingFactory(max_participants=1)
    seat(training, UserFactory())
    Participant.objects.create(
        training=training,
        user=UserFactory(),
        status=Status.WAITLISTED,
        registered_at=timezone.now() - datetime.timedelta(hours=1),
    )
    register(employee_client, training)
    body = employee_client.get(training.get_absolute_url()).content.decode()
    assert "position 2" in body


def test_admin_cannot_add_seats_behind_the_counter(admin_client):
    training = TrainingFactory(max_participants=3)
    seat(training, UserFactory())
    seat(training, UserFactory())
    assert admin_client.get(reverse("admin:training_participant_add")).status_code == 403
    response = admin_client.post(
        reverse("admin:training_training_change", args=[training.pk]),
        {
            "title": training.title,
            "difficulty": "beginner",
            "duration_hours": 1,
            "max_participants": 1,
            "is_active": "on",
            "is_visible": "on",
        },
    )
    assert response.status_code == 200
    assert "cannot be lower" in response.content.decode()


def test_participants_keep_seeing_a_training_once_hidden(employee_client, employee):
    training = TrainingFactory(title="Retired course")
    seat(training, employee)
    training.is_active = False
    training.save()
    assert employee_client.get(training.get_absolute_url()).status_code == 200
    response = register(employee_client, training)
    assert "already registered" in response.content.decode()
    employee_client.post(reverse("training:training_unregister", args=[training.pk]))
    # Once cancelled, the inactive training is out of sight again.
    assert employee_client.get(training.get_absolute_url()).status_code == 404


def _buttons(client, training) -> tuple[bool, bool]:
    html = client.get(training.get_absolute_url()).content.decode()
    register = reverse("training:training_register", args=[training.pk])
    unregister = reverse("training:training_unregister", args=[training.pk])
    return f'action="{register}"' in html, f'action="{unregister}"' in html


def _refused(client, name: str, training) -> bool:
    response = client.post(reverse(f"training:{name}", args=[training.pk]), follow=True)
    return any(message.level_tag == "error" for message in response.context["messages"])


@pytest.mark.parametrize(
    ("situation", "seated", "register", "unregister"),
    [
        ("upcoming", False, True, False),
        ("upcoming", True, False, True),
        ("started", True, False, False),
        ("ended", False, False, False),
        ("hidden", False, False, False),  # seen by its manager only
    ],
)
def test_the_buttons_shown_are_the_writes_the_services_accept(
    admin_client, admin_user, situation, seated, register, unregister
):
    """One rule (`training.permissions`) decides both: a shown button succeeds, a missing one
    is refused when posted anyway."""
    now = timezone.now()
    day = datetime.timedelta(days=1)
    start = {"started": now - day, "ended": now - 2 * day}.get(situation, now + day)
    training = TrainingFactory(
        start_date=start, end_date=start + day, is_visible=situation != "hidden"
    )
    if seated:
        seat(training, admin_user)
    assert _buttons(admin_client, training) == (register, unregister)
    checks = [("training_register", register), ("training_unregister", unregister)]
    for name, shown in sorted(checks, key=lambda check: check[1]):  # refusals first
        assert _refused(admin_client, name, training) is not shown, name
