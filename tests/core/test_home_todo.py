"""The home starts with what to do (issue 22): "To do" first, with due dates and overdue items
marked in words; then the news, the events and the rest; tiles that lead somewhere and agree
with the charts."""

import datetime
import re

from django.urls import reverse
from django.utils import formats, timezone

from complaints.models import Complaint
from content import services
from content.models import AnnouncementAcknowledgement
from tests.complaints.factories import ComplaintFactory
from tests.content.factories import AnnouncementFactory, EventFactory, make_document, png_upload
from tests.factories import UserFactory, grant
from tests.training.factories import TrainingFactory, seat


def main_column(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    return html.split('<div class="stack home-main">', 1)[1].split("<aside", 1)[0]


def todo_rows(html: str) -> list[str]:
    todo = html.split('id="todo-title"', 1)[1].split("</section>", 1)[0]
    return re.findall(r"<li[^>]*>.*?</li>", todo, flags=re.S)


def short(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def test_to_do_comes_first_with_due_dates_and_overdue_marked(client, employee):
    today = timezone.localdate()
    must = AnnouncementFactory(title="New badge policy", important=True)
    document = make_document(title="Internal rules", requires_acknowledgement=True)
    late = TrainingFactory(
        title="Fire safety", is_mandatory=True, deadline_date=today - datetime.timedelta(days=3)
    )
    soon = TrainingFactory(
        title="First aid", is_mandatory=True, deadline_date=today + datetime.timedelta(days=10)
    )
    AnnouncementFactory(title="Canteen reopens")
    EventFactory(title="Summer party")
    html = main_column(client, employee)
    # The first thing in the main column is "To do", before the news and the events.
    first_heading = re.search(r"<h2[^>]*>([^<]+)</h2>", html)[1]
    assert first_heading == "To do"
    assert html.index("To do") < html.index("Canteen reopens") < html.index("Summer party")
    rows = todo_rows(html)
    text = "\n".join(rows)
    for title in ("Read: New badge policy", "Acknowledge: Internal rules", "Fire safety"):
        assert title in text
    # Overdue first, in red and in words, with its date; then the next due date.
    assert "Fire safety" in rows[0] and 'class="todo-overdue"' in rows[0]
    assert ">Overdue</span>" in rows[0] and short(late.deadline_date) in rows[0]
    assert "First aid" in rows[1] and "due" in rows[1] and short(soon.deadline_date) in rows[1]
    assert "Overdue" not in rows[1] and "todo-overdue" not in rows[1]
    # Each item is a link to act on it.
    assert f'href="{late.get_absolute_url()}">Fire safety</a>' in text
    assert f'href="{document.get_absolute_url()}">Acknowledge: Internal rules</a>' in text
    assert f'href="{must.get_absolute_url()}">Read: New badge policy</a>' in text
    ack = reverse("content:announcement_acknowledge", args=[must.pk])
    assert f'action="{ack}"' in text
    # Times read as relative, with the exact time on hover.
    assert re.search(r'<time datetime="[^"]+" title="[^"]+">just now</time>', text)


def test_acknowledging_removes_the_item(client, employee):
    must = AnnouncementFactory(title="New badge policy", important=True)
    assert "Read: New badge policy" in main_column(client, employee)
    client.post(reverse("content:announcement_acknowledge", args=[must.pk]))
    assert AnnouncementAcknowledgement.objects.filter(user=employee).exists()
    assert "Read: New badge policy" not in main_column(client, employee)


def test_requests_waiting_for_me_and_moderation(client, db):
    handler = grant(UserFactory(), "complaints.manage_complaints")
    late = ComplaintFactory(
        title="Broken door",
        assignee=handler,
        status=Complaint.Status.NEW,
        due_at=timezone.now() - datetime.timedelta(days=1),
    )
    rows = todo_rows(main_column(client, handler))
    assert "Handle complaint: Broken door" in rows[0] and ">Overdue</span>" in rows[0]
    assert late.get_absolute_url() in rows[0]
    submitter = late.submitter
    ComplaintFactory(title="My question", submitter=submitter, status=Complaint.Status.WAITING)
    assert "Answer the helpdesk: My question" in "".join(todo_rows(main_column(client, submitter)))


def test_nothing_to_do(client, employee):
    html = main_column(client, employee)
    assert todo_rows(html) == []
    assert "Nothing to do" in html.split("</section>", 1)[0]


def test_tiles_are_links_to_their_lists_and_mere_counts_are_gone(client, employee):
    client.force_login(employee)
    response = client.get(reverse("dashboard"))
    labels = [str(label) for label, _value, _url in response.context["stats"]]
    assert "Colleagues" not in labels and "Documents" not in labels
    assert "Announcements" not in labels
    html = response.content.decode()
    tiles = html.split('id="stats-title"', 1)[1].split("</section>", 1)[0]
    links = re.findall(r'<a class="card stat" href="([^"]+)">', tiles)
    assert len(links) == len(labels) and links
    assert not re.search(r'<div class="card stat"', tiles)  # every tile is a link
    for url in links:
        assert client.get(url).status_code == 200


def test_the_training_tile_and_chart_agree_on_bulk_data(client, employee):
    """21 registrations not started: the tile says 0 in progress, as the chart does, and
    both lead to the same list."""
    for _index in range(21):
        seat(TrainingFactory(max_participants=100), employee)
    client.force_login(employee)
    response = client.get(reverse("dashboard"))
    tiles = {str(label): (value, url) for label, value, url in response.context["stats"]}
    value, url = tiles["Trainings in progress"]
    html = response.content.decode()
    assert value == 0
    assert "In progress: 0 (0%), Not started: 21 (100%)" in html
    # The chart's "In progress" part leads where the tile does; that list holds as many rows.
    assert f'<a href="{url}" aria-label="In progress: 0 (0%)">' in html
    listed = client.get(url).context["page"].paginator.count
    assert listed == value
    for participant in employee.training_participations.all()[:4]:
        participant.progress = 30
        participant.save()
    response = client.get(reverse("dashboard"))
    tiles = {str(label): value for label, value, _url in response.context["stats"]}
    assert tiles["Trainings in progress"] == 4
    assert "In progress: 4 (19%), Not started: 17 (81%)" in response.content.decode()
    assert client.get(url).context["page"].paginator.count == 4
    not_started = reverse("training:my_trainings") + "?state=not_started"
    assert client.get(not_started).context["page"].paginator.count == 17


def test_my_trainings_ignores_an_unknown_state(client, employee):
    seat(TrainingFactory(), employee)
    client.force_login(employee)
    response = client.get(reverse("training:my_trainings") + "?state=<b>")
    assert response.status_code == 200 and response.context["page"].paginator.count == 1


def test_news_feed_shows_banner_excerpt_and_audience(client, db):
    seller = UserFactory(department="Sales")
    author = grant(UserFactory(), "content.manage_announcements")
    news = services.announcement_save(
        actor=author,
        data={
            "title": "New showroom",
            "content": "We open a **new showroom** in Lyon.\n\nCome and see it.",
            "publish_at": timezone.now() - datetime.timedelta(minutes=5),
        },
        departments=["Sales"],
        image=png_upload(),
    )
    html = main_column(client, seller)
    feed = html.split('id="news-title"', 1)[1].split("</section>", 1)[0]
    assert reverse("content:announcement_image", args=[news.pk]) in feed
    assert "We open a new showroom in Lyon. Come and see it." in feed  # text, not Markdown
    assert "For: Sales" in feed
    assert "**" not in feed


def test_the_home_keeps_its_query_ceiling_whatever_is_to_do(client, employee):
    """≤ 15 queries, the same with a few and with many things to do (warm caches)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(employee)
    today = timezone.localdate()

    def add(count: int, start: int) -> None:
        for index in range(start, start + count):
            AnnouncementFactory(title=f"Must {index}", important=True)
            make_document(title=f"Rules {index}", requires_acknowledgement=True)
            TrainingFactory(
                is_mandatory=True, deadline_date=today + datetime.timedelta(days=index - 2)
            )
            seat(TrainingFactory(max_participants=100), employee, progress=index % 2 * 40)

    def count() -> int:
        client.get(reverse("dashboard"))  # warms what a running worker keeps
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("dashboard")).status_code == 200
        return len(queries)

    add(3, 0)
    few = count()
    add(30, 3)
    many = count()
    assert many == few <= 15


def test_my_trainings_in_a_state_without_any(client, employee):
    seat(TrainingFactory(title="Not begun"), employee)
    client.force_login(employee)
    html = client.get(reverse("training:my_trainings") + "?state=done").content.decode()
    assert "None of your trainings is in this state" in html and "Not begun" not in html
    assert 'aria-current="page">Done</a>' in html


def test_to_do_in_french(client, employee):
    today = timezone.localdate()
    TrainingFactory(
        title="Sécurité incendie",
        is_mandatory=True,
        deadline_date=today - datetime.timedelta(days=3),
    )
    employee.language = "fr"
    employee.save()
    client.force_login(employee)
    html = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert ">À faire</h2>" in html and ">En retard</span>" in html
    assert "Formation obligatoire" in html and "à faire pour le" in html
    assert "To do" not in html and "Overdue" not in html
