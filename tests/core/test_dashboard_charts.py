"""Dashboard charts: complaints by status and training completion, for the people concerned."""

from django.urls import reverse

from complaints.models import Complaint
from tests.complaints.factories import ComplaintFactory, assign_to
from tests.factories import UserFactory, grant
from tests.training.factories import TrainingFactory, seat

STATUS_CHART = 'aria-label="Complaints by status"'
MY_TRAININGS = 'aria-label="My trainings"'
MANDATORY = 'aria-label="Mandatory trainings: compliance"'


def dashboard(client, user) -> str:
    client.force_login(user)
    body = client.get(reverse("dashboard")).content.decode()
    return body.split("<main", 1)[1]


def test_a_plain_employee_sees_no_chart(client, employee):
    ComplaintFactory(submitter=employee)
    html = dashboard(client, employee)
    assert STATUS_CHART not in html and "<svg" not in html


def test_complaint_managers_see_every_complaint_by_status(client, db):
    manager = grant(UserFactory(), "complaints.manage_complaints")
    ComplaintFactory()
    ComplaintFactory(status=Complaint.Status.IN_PROGRESS)
    ComplaintFactory(title="<script>alert(1)</script>", status=Complaint.Status.IN_PROGRESS)
    html = dashboard(client, manager)
    assert STATUS_CHART in html
    assert "<desc>New: 1, In progress: 2, Waiting for submitter: 0" in html
    assert "<script>alert" not in html and "style=" not in html


def test_a_manager_without_complaints_gets_an_empty_state(client, db):
    html = dashboard(client, grant(UserFactory(), "complaints.manage_complaints"))
    assert "No complaints yet." in html and STATUS_CHART not in html


def test_an_assignee_sees_only_their_complaints(client, db):
    assignee = UserFactory()
    assign_to(ComplaintFactory(), assignee)
    ComplaintFactory(status=Complaint.Status.IN_PROGRESS)  # someone else's
    html = dashboard(client, assignee)
    assert STATUS_CHART in html and "<desc>New: 1, In progress: 0" in html


def test_my_training_completion(client, employee):
    seat(TrainingFactory(), employee, status="completed", progress=100)
    seat(TrainingFactory(), employee, progress=40)
    seat(TrainingFactory(), employee)
    seat(TrainingFactory(), employee, status="cancelled")
    seat(
        TrainingFactory(is_mandatory=True, audience_restricted=True),
        UserFactory(),
        status="completed",
    )
    html = dashboard(client, employee)
    assert MY_TRAININGS in html and MANDATORY not in html
    assert "<desc>Done: 1 (33%), In progress: 1 (33%), Not started: 1 (33%)</desc>" in html


def test_training_managers_see_mandatory_completion_of_everyone(client, db):
    manager = grant(UserFactory(), "training.manage_trainings")
    mandatory = TrainingFactory(is_mandatory=True, audience_restricted=True)
    seat(mandatory, UserFactory(), status="completed", progress=100)
    seat(mandatory, UserFactory(), status="completed", progress=100)
    seat(mandatory, UserFactory(), progress=10)
    seat(mandatory, UserFactory(), status="waitlisted")
    seat(TrainingFactory(), UserFactory(), status="completed")  # not mandatory
    html = dashboard(client, manager)
    assert MANDATORY in html and MY_TRAININGS not in html
    assert (
        "<desc>Compliant: 2 (67%), In progress: 1 (33%), Not started: 0 (0%), "
        "Overdue: 0 (0%), Expired: 0 (0%)</desc>"
    ) in html


def test_charts_in_french(client, employee):
    seat(TrainingFactory(), employee, status="completed", progress=100)
    employee.language = "fr"
    employee.save()
    client.force_login(employee)
    html = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'aria-label="Mes formations"' in html
    assert "Avancement des formations" in html
    assert "<desc>Terminé : 1 (100 %), En cours : 0 (0 %), Pas commencé : 0 (0 %)</desc>" in html


def test_chart_queries_do_not_grow_with_rows(client, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    manager = grant(
        grant(UserFactory(), "complaints.manage_complaints"), "training.manage_trainings"
    )
    mandatory = TrainingFactory(is_mandatory=True, audience_restricted=True, max_participants=100)
    client.force_login(manager)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("dashboard")).status_code == 200
        return len(queries)

    ComplaintFactory()
    seat(mandatory, UserFactory(), progress=10)
    count()  # warms the per-process caches (site settings, …)
    few = count()
    for index in range(20):
        ComplaintFactory(status=Complaint.Status.RESOLVED if index % 2 else Complaint.Status.NEW)
        seat(mandatory, UserFactory(), status="completed" if index % 2 else "registered")
    count()  # the writes invalidated the cached dashboard counts: warm them again
    assert count() == few


def test_charts_kept_per_process_follow_the_numbers_and_the_language(client, db):
    """The same counts draw the same chart (kept per process), in each viewer's language."""
    manager = grant(UserFactory(), "complaints.manage_complaints")
    learner, other = UserFactory(), UserFactory()
    seat(TrainingFactory(), learner, status="completed", progress=100)
    seat(TrainingFactory(), other, status="completed", progress=100)
    ComplaintFactory()
    assert "<desc>New: 1, In progress: 0" in dashboard(client, manager)
    assert "<desc>Done: 1 (100%), In progress: 0 (0%)" in dashboard(client, learner)
    client.force_login(other)
    html = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<desc>Terminé : 1 (100 %), En cours : 0 (0 %), Pas commencé : 0 (0 %)</desc>" in html
    ComplaintFactory()
    assert "<desc>New: 2, In progress: 0" in dashboard(client, manager)
