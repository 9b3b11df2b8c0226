"""True compliance: a mandatory training's audience holds the obligation whether enrolled or
not, compliance needs a valid certificate (or a completion without one), and the matrix, its
CSV, its drill-down, the dashboard's figures and a person's "My obligations" agree.

The fixture is computed by hand: two departments (Sales, Warehouse) and the manager's (HR);
"Fire" is for everyone (30 days after joining, or after it became mandatory 60 days ago),
"Forklift" for Warehouse only (a fixed date in 10 days)."""

import csv
import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import EmployeeCategoryFactory, UserFactory, grant
from tests.training.factories import CertificateFactory, TrainingFactory, seat
from training import selectors
from training.models import Participant, Training

pytestmark = pytest.mark.django_db
Status = Participant.Status
MANAGE = "training.manage_trainings"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture
def world():
    now, today = timezone.now(), timezone.localdate()
    fire = TrainingFactory(title="Fire", is_mandatory=True, deadline_days=30)
    Training.objects.filter(pk=fire.pk).update(mandatory_since=today - days(60))
    forklift = TrainingFactory(
        title="Forklift",
        is_mandatory=True,
        audience_restricted=True,
        audience_departments="|Warehouse|",
        deadline_date=today + days(10),
    )
    boss = grant(UserFactory(username="boss", department="HR"), MANAGE)

    def person(name, department, joined=100):
        return UserFactory(
            username=name, last_name=name, department=department, date_joined=now - days(joined)
        )

    # Sales, Fire: one of each state.
    person("s_never", "Sales")  # deadline 30 days ago: overdue
    person("s_new", "Sales", joined=5)  # deadline in 25 days: not started
    seat(fire, person("s_progress", "Sales"), progress=40, due_date=today + days(5))
    done = person("s_done", "Sales")
    seat(fire, done, status=Status.COMPLETED, progress=100)
    CertificateFactory(training=fire, user=done, expires_at=now + days(100))
    expired = person("s_expired", "Sales")
    seat(fire, expired, status=Status.COMPLETED, progress=100)
    CertificateFactory(training=fire, user=expired, expires_at=now - days(1))
    # Warehouse: Fire completed without a certificate; Forklift never enrolled / in progress.
    seat(fire, person("w_done", "Warehouse"), status=Status.COMPLETED, progress=100)
    late = person("w_late", "Warehouse")
    seat(forklift, late, progress=10)
    person("gone", "Sales").__class__.objects.filter(username="gone").update(is_active=False)
    return {"fire": fire, "forklift": forklift, "boss": boss}


def csv_rows(client) -> list[list[str]]:
    response = client.get(reverse("training:compliance"), {"format": "csv"})
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_matrix_matches_the_hand_computed_figures(world):
    rows = csv_rows(signed_in(world["boss"]))
    assert rows[0][2:] == ["Compliant", "In progress", "Not started", "Overdue", "Expired", "Total"]
    assert rows[1:] == [
        ["HR", "Fire", "0", "0", "1", "0", "0", "1"],
        ["HR", "Forklift", "0", "0", "0", "0", "0", "0"],
        ["Sales", "Fire", "1", "1", "1", "1", "1", "5"],
        ["Sales", "Forklift", "0", "0", "0", "0", "0", "0"],
        ["Warehouse", "Fire", "1", "0", "0", "1", "0", "2"],
        ["Warehouse", "Forklift", "0", "1", "1", "0", "0", "2"],
    ]


@pytest.mark.parametrize(
    ("department", "training", "state", "names"),
    [
        ("Sales", "fire", "overdue", ["s_never"]),
        ("Sales", "fire", "not_started", ["s_new"]),
        ("Sales", "fire", "in_progress", ["s_progress"]),
        ("Sales", "fire", "compliant", ["s_done"]),
        ("Sales", "fire", "expired", ["s_expired"]),
        ("Warehouse", "fire", "compliant", ["w_done"]),
        ("Warehouse", "forklift", "not_started", ["w_done"]),
        ("Warehouse", "forklift", "", ["w_done", "w_late"]),
    ],
)
def test_each_figure_links_to_its_names(world, department, training, state, names):
    client = signed_in(world["boss"])
    matrix = client.get(reverse("training:compliance")).content.decode()
    url = reverse("training:compliance_detail", args=[world[training].pk])
    if state:
        assert f"{url}?department={department}&amp;state={state}" in matrix
    response = client.get(url, {"department": department, "state": state})
    assert [person.username for person, _o in response.context["page"]] == names


def test_the_dashboard_figures_are_the_matrix_added_up(world):
    html = signed_in(world["boss"]).get(reverse("dashboard")).content.decode()
    assert (
        "<desc>Compliant: 2 (20%), In progress: 2 (20%), Not started: 3 (30%), "
        "Overdue: 2 (20%), Expired: 1 (10%)</desc>"
    ) in html


def test_a_department_audience_is_in_that_department_s_obligations_only(world):
    warehouse = Participant.objects.get(user__username="w_late").user
    sales = UserFactory(username="s_other", department="Sales")
    titles = [o.training.title for o in selectors.my_obligations(user=warehouse)]
    assert titles == ["Fire", "Forklift"]
    assert [o.training.title for o in selectors.my_obligations(user=sales)] == ["Fire"]
    warehouse_page = signed_in(warehouse).get(reverse("dashboard")).content.decode()
    sales_page = signed_in(sales).get(reverse("dashboard")).content.decode()
    assert world["forklift"].get_absolute_url() in warehouse_page
    assert "Forklift" not in sales_page and world["fire"].get_absolute_url() in sales_page


def test_an_employee_category_audience():
    drivers = EmployeeCategoryFactory(name="Drivers")
    training = TrainingFactory(title="Road", is_mandatory=True, audience_restricted=True)
    training.audience_categories.add(drivers)
    driver = UserFactory(employee_category=drivers)
    assert [o.training.title for o in selectors.my_obligations(user=driver)] == ["Road"]
    assert selectors.my_obligations(user=UserFactory()) == []


def test_a_compliant_person_has_nothing_left_to_do_and_an_expired_one_is_told(world):
    done = Participant.objects.get(user__username="s_done").user
    expired = Participant.objects.get(user__username="s_expired").user
    assert "Fire</a>" not in signed_in(done).get(reverse("dashboard")).content.decode()
    assert "certificate expired" in signed_in(expired).get(reverse("dashboard")).content.decode()


@pytest.mark.parametrize("people", [5, 50])
def test_the_matrix_query_count_does_not_grow(people, django_assert_max_num_queries):
    boss = grant(UserFactory(department="HR"), MANAGE)
    fire = TrainingFactory(is_mandatory=True, max_participants=100)
    TrainingFactory(is_mandatory=True, audience_restricted=True, audience_departments="|D1|")
    for index in range(people):
        user = UserFactory(department=f"D{index % 3}")
        if index % 2:
            seat(fire, user, progress=index)
    client = signed_in(boss)
    client.get(reverse("training:compliance"))
    with django_assert_max_num_queries(15):
        assert client.get(reverse("training:compliance")).status_code == 200
    with django_assert_max_num_queries(15):
        response = client.get(
            reverse("training:compliance_detail", args=[fire.pk]), {"department": "D1"}
        )
    assert response.status_code == 200


def training_post(**extra) -> dict:
    return {
        "title": "Ladders",
        "description": "",
        "difficulty": "beginner",
        "duration_hours": 1,
        "max_participants": 10,
        "is_mandatory": "on",
        "is_active": "on",
        "is_visible": "on",
        **extra,
    }


def test_the_form_sets_the_audience_and_the_deadline(db):
    UserFactory(department="Warehouse")
    category = EmployeeCategoryFactory(name="Drivers")
    boss = grant(UserFactory(), MANAGE)
    response = signed_in(boss).post(
        reverse("training:training_create"),
        training_post(
            audience_departments=["Warehouse"],
            audience_categories=[category.pk],
            deadline_days=14,
        ),
    )
    assert response.status_code == 302
    training = Training.objects.get(title="Ladders")
    assert training.audience_restricted and training.department_list == ["Warehouse"]
    assert list(training.audience_categories.all()) == [category]
    assert training.deadline_days == 14 and training.mandatory_since == timezone.localdate()


def test_two_kinds_of_deadline_are_refused_and_nothing_is_saved(db):
    boss = grant(UserFactory(), MANAGE)
    response = signed_in(boss).post(
        reverse("training:training_create"),
        training_post(deadline_days=14, deadline_date="2031-01-01"),
    )
    assert response.status_code == 200
    assert "either a deadline date or a number of days" in response.content.decode()
    response = signed_in(boss).post(
        reverse("training:training_create"), training_post(audience_departments=["Nowhere"])
    )
    assert response.status_code == 200 and "audience_departments" in response.context["form"].errors
    assert not Training.objects.exists()
