"""My team beyond trainings: a manager sees each report's must-read announcements not
acknowledged, documents to acknowledge and mandatory trainings with their due dates (overdue
ones in red), reminds them of all of it, and finds "My team" in the main navigation — only when
someone reports to them, computed once per user and kept until a reporting line changes."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import selectors as accounts_selectors
from accounts import services as accounts_services
from accounts.models import User
from content import services as content_services
from intrasphere.models import Notification
from tests.content.factories import AnnouncementFactory, make_document
from tests.factories import UserFactory, grant
from tests.training.factories import TrainingFactory, seat

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def nav(client) -> str:
    html = client.get(reverse("dashboard")).content.decode()
    return re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)


@pytest.fixture
def team():
    today = timezone.localdate()
    boss = UserFactory(username="boss")
    TrainingFactory(
        title="Fire", is_mandatory=True, deadline_date=today - datetime.timedelta(days=2)
    )
    TrainingFactory(
        title="Forklift",
        is_mandatory=True,
        audience_restricted=True,
        audience_departments="|Warehouse|",
        deadline_date=today + datetime.timedelta(days=20),
    )
    AnnouncementFactory(title="New badge rules", important=True)
    AnnouncementFactory(
        title="Warehouse shifts",
        important=True,
        audience_restricted=True,
        audience_departments="|Warehouse|",
    )
    AnnouncementFactory(title="Canteen menu")  # not a must-read
    make_document(title="Safety charter", requires_acknowledgement=True)
    make_document(title="Holiday calendar")  # asks nothing
    ware = UserFactory(username="ware", last_name="Ware", department="Warehouse", manager=boss)
    sales = UserFactory(username="sales", last_name="Sales", department="Sales", manager=boss)
    return {"boss": boss, "ware": ware, "sales": sales}


def test_each_report_s_obligations_beyond_trainings(team):
    from content.models import Announcement, Document

    content_services.announcement_acknowledge(
        user=team["sales"], announcement=Announcement.objects.get(title="New badge rules")
    )
    content_services.document_acknowledge(
        user=team["ware"], document=Document.objects.get(title="Safety charter")
    )
    response = signed_in(team["boss"]).get(reverse("my_team"))
    rows = {row.person.username: row for row in response.context["rows"]}
    ware, sales = rows["ware"], rows["sales"]
    assert [(o.training.title, o.state) for o in ware.pending] == [
        ("Fire", "overdue"),
        ("Forklift", "not_started"),
    ]
    assert [a.title for a in ware.must_reads] == ["Warehouse shifts", "New badge rules"]
    assert ware.documents == []
    assert [o.training.title for o in sales.pending] == ["Fire"]
    assert sales.must_reads == []
    assert [d.title for d in sales.documents] == ["Safety charter"]
    html = response.content.decode()
    assert re.search(r'<li class="team-late" data-obligation="training"><a [^>]+>Fire</a>', html)
    assert re.search(r'<li data-obligation="training"><a [^>]+>Forklift</a>', html)
    due = (timezone.localdate() + datetime.timedelta(days=20)).strftime("%Y")
    assert "due " in html and due in html
    assert html.count('data-obligation="must_read"') == 2
    assert html.count('data-obligation="document"') == 1
    assert "Canteen menu" not in html and "Holiday calendar" not in html


def test_the_reminder_names_everything_pending(team):
    client = signed_in(team["boss"])
    assert client.post(reverse("team_remind", args=["ware"])).status_code == 302
    text = Notification.objects.get(recipient=team["ware"]).text
    assert "Fire (overdue)" in text and "Forklift" in text
    assert "Warehouse shifts" in text


def test_a_report_with_only_a_must_read_can_be_reminded(db):
    boss = UserFactory()
    person = UserFactory(manager=boss)
    AnnouncementFactory(title="Read me", important=True)
    html = signed_in(boss).get(reverse("my_team")).content.decode()
    assert "Remind" in html
    signed_in(boss).post(reverse("team_remind", args=[person.username]))
    assert "Read me" in Notification.objects.get(recipient=person).text


def test_my_team_is_in_the_main_navigation_of_managers_only(team):
    assert "My team" in nav(signed_in(team["boss"]))
    assert reverse("my_team") in nav(signed_in(team["boss"]))
    for person in (team["ware"], UserFactory()):
        assert "My team" not in nav(signed_in(person))


def test_the_entry_follows_a_change_of_reporting_line(team):
    newcomer_manager = UserFactory()
    client = signed_in(newcomer_manager)
    assert "My team" not in nav(client)
    hr = grant(UserFactory(), "accounts.manage_users")
    accounts_services.user_update(
        actor=hr, user=team["ware"], changes={"manager": newcomer_manager}
    )
    assert "My team" in nav(client)
    accounts_services.user_deactivate(actor=None, user=team["ware"])
    assert "My team" not in nav(client)
    # the previous manager keeps the entry while Sales still reports to them
    assert "My team" in nav(signed_in(team["boss"]))
    accounts_services.user_update(actor=hr, user=team["sales"], changes={"manager": None})
    assert "My team" not in nav(signed_in(team["boss"]))


def test_the_import_tells_both_managers(team):
    from accounts.user_csv import users_import

    other = UserFactory(employee_id="M-2")
    User.objects.filter(pk=team["sales"].pk).update(employee_id="S-1")
    assert not accounts_selectors.has_team(user=other)
    report = users_import(
        rows=[(2, {"employee_id": "S-1", "username": "sales", "manager_employee_id": "M-2"})]
    )
    assert report.saved, report.errors
    assert accounts_selectors.has_team(user=other)


def test_the_entry_is_computed_once_per_user(team, django_assert_num_queries):
    boss = User.objects.get(pk=team["boss"].pk)
    assert accounts_selectors.has_team(user=boss)
    with django_assert_num_queries(0):
        assert accounts_selectors.has_team(user=boss)


@pytest.mark.parametrize("reports", [5, 50])
def test_the_team_page_query_count_does_not_grow(reports, django_assert_max_num_queries):
    boss = UserFactory()
    fire = TrainingFactory(is_mandatory=True, max_participants=100)
    TrainingFactory(
        is_mandatory=True, audience_restricted=True, audience_departments="|D1|", deadline_days=30
    )
    for index in range(3):
        AnnouncementFactory(important=True)
        make_document(title=f"Charter {index}", requires_acknowledgement=True)
    for index in range(reports):
        person = UserFactory(manager=boss, department=f"D{index % 3}")
        if index % 2:
            seat(fire, person, progress=10)
    client = signed_in(boss)
    client.get(reverse("my_team"))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("my_team"))
    assert response.status_code == 200
    assert response.context["rows"]
    assert all(len(row.must_reads) == 3 for row in response.context["rows"])
