"""Deadlines "N days after a person joins or enters the audience": the day a person enters a
department or an employee category is kept (`User.department_since` / `category_since`) by
every writer, and a mandatory training's deadline counts from the later of joining and
entering its audience.

Time is frozen (`timezone.now`) and moved by the tests."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import services, services_identity
from accounts.directory import Entry
from accounts.models import User
from accounts.user_csv import users_import
from tests.factories import EmployeeCategoryFactory, UserFactory, grant
from tests.training.factories import TrainingFactory
from training import selectors
from training.models import Training
from training.selectors import compliance

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


class Clock:
    def __init__(self, at):
        self.at = at

    def advance(self, days: int) -> None:
        self.at += days * DAY


@pytest.fixture
def clock(monkeypatch):
    frozen = Clock(timezone.now().replace(hour=12, minute=0, second=0, microsecond=0))
    monkeypatch.setattr(timezone, "now", lambda: frozen.at)
    return frozen


@pytest.fixture
def hr(db):
    return grant(UserFactory(username="hr", department="HR"), "accounts.manage_users")


@pytest.fixture
def forklift(clock):
    training = TrainingFactory(
        title="Forklift",
        is_mandatory=True,
        audience_restricted=True,
        audience_departments="|Warehouse|",
        deadline_days=30,
    )
    Training.objects.filter(pk=training.pk).update(mandatory_since=timezone.localdate() - 400 * DAY)
    return training


def joined(name: str, department: str, days_ago: int = 200, **fields) -> User:
    return UserFactory(
        username=name,
        last_name=name,
        department=department,
        date_joined=timezone.now() - days_ago * DAY,
        **fields,
    )


def move(hr: User, person: User, department: str) -> User:
    return services.user_update(actor=hr, user=person, changes={"department": department})


def obligation(person: User) -> compliance.Obligation:
    person = User.objects.get(pk=person.pk)
    (found,) = [o for o in selectors.my_obligations(user=person) if o.training.title == "Forklift"]
    return found


def test_moving_into_the_audience_gives_a_fresh_deadline_and_staying_keeps_yours(
    clock, hr, forklift
):
    stayer = joined("stayer", "Warehouse")
    mover = joined("mover", "Sales")
    assert obligation(stayer).deadline == timezone.localdate() - 170 * DAY
    assert obligation(stayer).state == compliance.OVERDUE
    assert not [o for o in selectors.my_obligations(user=mover) if o.training == forklift]

    move(hr, mover, "Warehouse")
    assert User.objects.get(pk=mover.pk).department_since == timezone.localdate()
    fresh = obligation(mover)
    assert (fresh.deadline, fresh.state) == (timezone.localdate() + 30 * DAY, "not_started")
    assert obligation(stayer).deadline == timezone.localdate() - 170 * DAY

    clock.advance(31)
    services.user_update(actor=hr, user=stayer, changes={"position": "Lead"})  # not a move
    assert obligation(mover).state == compliance.OVERDUE
    assert obligation(stayer).deadline == clock.at.date() - 201 * DAY


def test_the_matrix_the_names_and_the_to_do_agree(clock, hr, forklift):
    grant(hr, "training.manage_trainings")
    joined("stayer", "Warehouse")
    mover = move(hr, joined("mover", "Sales"), "Warehouse")
    _trainings, table = compliance.compliance_matrix()
    (warehouse,) = [cells for department, cells in table if department == "Warehouse"]
    assert (warehouse[0].not_started, warehouse[0].overdue) == (1, 1)
    names = compliance.compliance_people(training=forklift, department="Warehouse")
    assert {p.username: o.state for p, o in names} == {
        "mover": "not_started",
        "stayer": "overdue",
    }
    client = Client()
    client.force_login(mover)
    page = client.get(reverse("dashboard")).content.decode()
    assert forklift.get_absolute_url() in page
    due = obligation(mover).deadline
    assert due == timezone.localdate() + 30 * DAY


def test_a_new_category_restarts_a_category_audience(clock, hr):
    drivers = EmployeeCategoryFactory(name="Drivers")
    road = TrainingFactory(
        title="Forklift", is_mandatory=True, audience_restricted=True, deadline_days=10
    )
    road.audience_categories.add(drivers)
    person = joined("p", "Sales")
    services.user_update(actor=hr, user=person, changes={"employee_category": drivers})
    person.refresh_from_db()
    assert (person.category_since, person.department_since) == (timezone.localdate(), None)
    assert obligation(person).deadline == timezone.localdate() + 10 * DAY


def test_a_way_in_held_since_joining_keeps_the_older_deadline(clock, hr, forklift):
    """In the audience through the department (since joining) and, later, a category too: the
    person has been in the audience all along."""
    drivers = EmployeeCategoryFactory(name="Drivers")
    forklift.audience_categories.add(drivers)
    person = joined("p", "Warehouse")
    services.user_update(actor=hr, user=person, changes={"employee_category": drivers})
    assert obligation(person).deadline == timezone.localdate() - 170 * DAY


def test_a_new_account_has_no_entry_date_and_counts_from_joining(clock, forklift):
    person = joined("p", "Warehouse", days_ago=5)
    assert (person.department_since, person.category_since) == (None, None)
    assert obligation(person).deadline == timezone.localdate() + 25 * DAY


# --- Every writer of the department keeps the date ---------------------------------------------


def test_the_import_dates_a_move(clock):
    person = joined("p", "Sales", employee_id="E-1")
    report = users_import(
        rows=[(2, {"employee_id": "E-1", "username": "p", "department": "Warehouse"})]
    )
    assert report.saved, report.errors
    assert User.objects.get(pk=person.pk).department_since == timezone.localdate()
    users_import(rows=[(2, {"employee_id": "E-1", "username": "p", "department": "Warehouse"})])
    clock.advance(3)
    users_import(rows=[(2, {"employee_id": "E-1", "username": "p", "department": "Warehouse"})])
    assert User.objects.get(pk=person.pk).department_since == timezone.localdate() - 3 * DAY


def test_single_sign_on_dates_a_move(clock, settings):
    settings.OIDC_CLAIMS_MAP = {"department": "department"}
    person = joined("p", "Sales")
    services_identity.user_update_from_claims(user=person, claims={"department": "Warehouse"})
    assert User.objects.get(pk=person.pk).department_since == timezone.localdate()
    clock.advance(2)
    services_identity.user_update_from_claims(user=person, claims={"department": "Warehouse"})
    assert User.objects.get(pk=person.pk).department_since == timezone.localdate() - 2 * DAY


def test_the_directory_dates_a_move(clock):
    person = joined("p", "Sales")
    entry = Entry(dn="uid=p,ou=people", username="p", fields={"department": "Warehouse"})
    services_identity.user_update_from_directory(user=person, entry=entry)
    assert User.objects.get(pk=person.pk).department_since == timezone.localdate()


def test_the_django_admin_dates_a_move(clock, client, admin_user):
    person = joined("p", "Sales")
    client.force_login(admin_user)
    url = reverse("admin:accounts_user_change", args=[person.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("password", "groups", "user_permissions")
    }
    data.update(
        {
            "department": "Warehouse",
            "date_joined_0": person.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": person.date_joined.strftime("%H:%M:%S"),
            "is_active": "on",
        }
    )
    for name in ("date_joined", "last_login", "email_notifications"):
        data.pop(name, None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert User.objects.get(pk=person.pk).department_since == timezone.localdate()


def test_a_save_of_other_fields_leaves_an_unsaved_move_alone(clock):
    person = joined("p", "Sales")
    person.department = "Warehouse"
    person.save(update_fields=["position"])
    person = User.objects.get(pk=person.pk)
    assert (person.department, person.department_since) == ("Sales", None)
    person.department = "Warehouse"
    person.save(update_fields=["department"])
    assert User.objects.get(pk=person.pk).department_since == timezone.localdate()
