"""Charts that read (issue 22): the reports' bars lead to the list they count, in the badges'
colours, with the figures as a table, labels never cut, months as columns, and From/To
holding the period the subtitle states; the same for the dashboard's status chart."""

import html as html_lib
import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from complaints.models import Complaint
from tests.complaints.factories import ComplaintFactory
from tests.factories import UserFactory, grant

MANAGE = "complaints.manage_complaints"


@pytest.fixture
def manager(db):
    return grant(UserFactory(), MANAGE)


def page(client, user, url: str, **headers) -> str:
    client.force_login(user)
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode().split("<main", 1)[1]


def links(body: str) -> dict[str, str]:
    """{accessible name: href} of every bar of every chart."""
    return {
        html_lib.unescape(name): html_lib.unescape(href)
        for href, name in re.findall(r'<a href="([^"]+)" aria-label="([^"]+)"><title>', body)
    }


def listed(client, url: str) -> int:
    return client.get(url).context["page"].paginator.count


def test_from_and_to_hold_the_period_the_subtitle_states(client, manager):
    body = page(client, manager, reverse("complaints:reports"))
    today = timezone.localdate()
    start = re.search(r'name="start" value="([\d-]+)"', body)[1]
    end = re.search(r'name="end" value="([\d-]+)"', body)[1]
    assert end == today.isoformat() and date.fromisoformat(start).day == 1
    assert date.fromisoformat(start) < today
    # A period with only its start: To says today, as the subtitle does.
    body = page(client, manager, reverse("complaints:reports") + "?start=2026-01-01")
    assert 'name="start" value="2026-01-01"' in body
    assert f'name="end" value="{today.isoformat()}"' in body


def test_a_bad_period_keeps_what_was_typed(client, manager):
    client.force_login(manager)
    response = client.get(reverse("complaints:reports") + "?start=2026-05-01&end=2026-01-01")
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="2026-05-01"' in body and "The start date must be before the end date." in body


def test_each_bar_leads_to_the_list_it_counts(client, manager):
    ComplaintFactory(status=Complaint.Status.NEW, category="it")
    ComplaintFactory(status=Complaint.Status.NEW, category="hr")
    ComplaintFactory(status=Complaint.Status.RESOLVED, category="it")
    bars = links(page(client, manager, reverse("complaints:reports")))
    assert "status=new" in bars["New: 2"] and "created_from=" in bars["New: 2"]
    assert listed(client, bars["New: 2"]) == 2
    assert listed(client, bars["Resolved: 1"]) == 1
    assert listed(client, bars["IT and equipment: 2"]) == 2
    month = timezone.localdate().strftime("%B %Y")
    this_month = next(url for name, url in bars.items() if name.startswith(f"{month}: 3"))
    assert listed(client, this_month) == 3


def test_resolved_months_lead_to_what_was_resolved_that_month(client, manager):
    from tests.complaints.factories import resolved

    resolved(ComplaintFactory(), days_ago=0)
    ComplaintFactory()
    bars = links(page(client, manager, reverse("complaints:reports")))
    month = timezone.localdate().strftime("%B %Y")
    chart = [url for name, url in bars.items() if name == f"{month}: 1" and "resolved_from" in url]
    assert len(chart) == 1 and listed(client, chart[0]) == 1
    assert "resolved_from=" in chart[0] and "status=&" in chart[0] + "&"


def test_status_colours_are_the_badges(client, manager):
    body = page(client, manager, reverse("complaints:reports"))
    status_chart = body.split('aria-label="Complaints by status"', 1)[1].split("</svg>", 1)[0]
    tones = re.findall(r'class="chart-tone-(\w+)" x="0"', status_chart)
    # new, in progress, waiting, resolved, closed, rejected, reopened
    assert tones == ["info", "accent", "warning", "success", "neutral", "danger", "info"]


def test_months_are_columns_and_every_chart_has_its_table(client, manager):
    body = page(client, manager, reverse("complaints:reports"))
    assert body.count('<svg class="chart chart-columns"') == 2
    assert body.count('<details class="chart-table">') == 5
    table = body.split('<details class="chart-table">', 1)[1].split("</details>", 1)[0]
    assert "<caption" in table and '<th scope="row"><a href="' in table


def test_labels_are_never_cut(client, manager):
    """Every label written in a chart is its full label, or an abbreviation of it ending in
    "…" whose link (and tooltip) holds the full text; in French too."""
    ComplaintFactory(category="management")
    with translation.override("fr"):
        body = page(client, manager, reverse("complaints:reports"), HTTP_ACCEPT_LANGUAGE="fr")
    rows = re.findall(
        r'<a href="[^"]+" aria-label="([^"]+)"><title>[^<]+</title>'
        r'<rect class="chart-hit"[^>]*/><text x="0" y="\d+" aria-hidden="true">([^<]+)</text>',
        body,
    )
    assert rows
    for name, shown in rows:
        name, shown = html_lib.unescape(name), html_lib.unescape(shown)
        assert name.startswith(shown.removesuffix("…").rstrip()), (name, shown)
    assert any(name.startswith("Management et relations de travail") for name, _s in rows)


def test_dashboard_status_chart_bars_lead_to_the_handling_list(client, manager):
    ComplaintFactory(status=Complaint.Status.WAITING)
    ComplaintFactory(status=Complaint.Status.WAITING)
    body = page(client, manager, reverse("dashboard"))
    bars = links(body.split('aria-label="Complaints by status"', 1)[1].split("</svg>", 1)[0])
    url = bars["Waiting for submitter: 2"]
    assert url == reverse("complaints:handling_list") + "?assignee=&status=waiting"
    assert listed(client, url) == 2
    assert '<details class="chart-table">' in body
