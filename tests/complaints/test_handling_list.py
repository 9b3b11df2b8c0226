"""The helpdesk handling list (complaints.views.handling_list): every complaint for managers,
the assigned ones for an assignee; a confidential complaint's submitter named only to its
submitter, its assignee and the managers it was revealed to; every write and rights change shown
at once; a query count that does not grow with the rows."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import services as account_services
from complaints import services
from tests.complaints.factories import ComplaintFactory, assign_to
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

MANAGE = "complaints.manage_complaints"
URL = reverse("complaints:handling_list")


def manager_named(first_name, last_name="Manager", **fields):
    return grant(UserFactory(first_name=first_name, last_name=last_name, **fields), MANAGE)


def signed_in(user, language="en"):
    """A client whose session is warm (its first request also reads and saves the session)."""
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    client.get(reverse("dashboard"))
    return client


def page_and_queries(client, query=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, query or {"assignee": ""})  # every status, anyone
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def page_of(client, query=None):
    return page_and_queries(client, query)[0]


def reads_complaints(queries):
    return [sql for sql in queries if '"complaints_complaint"' in sql]


def titles(html):
    return set(re.findall(r"#\d+ (Case [\w-]+)</a>", html))


def assignee_options(html):
    select = re.search(r'<select name="assignee".*?</select>', html, re.S)[0]
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


# --- queries -------------------------------------------------------------------------------------


def test_the_query_count_does_not_grow_with_the_complaints():
    ann = manager_named("Ann")
    viewer = signed_in(ann)
    counts = []
    for total in (5, 40):
        while len(titles(page_of(viewer))) < min(total, 20):
            for n in range(total):
                assign_to(ComplaintFactory(title=f"Case {total}-{n}", confidential=n % 3 == 0), ann)
        counts.append(len(page_and_queries(viewer)[1]))
    assert counts[0] == counts[1] <= 15


def test_access_is_checked_before_the_body():
    ComplaintFactory(title="Case secret")
    page_of(signed_in(manager_named("Ann")))
    employee = signed_in(UserFactory())
    with CaptureQueriesContext(connection) as queries:
        response = employee.get(URL)
    assert response.status_code == 403
    assert "Case secret" not in response.content.decode()
    read = reads_complaints([q["sql"] for q in queries.captured_queries])
    assert len(read) == 1 and "LIMIT 1" in read[0]  # whether any is assigned to them: no list


# --- who shares ---------------------------------------------------------------------------------


@pytest.mark.parametrize("manager_first", [True, False])
def test_an_assignee_sees_their_complaints_a_manager_every_one(manager_first):
    helper = UserFactory(first_name="Hal", last_name="Helper")  # no global right
    assign_to(ComplaintFactory(title="Case mine"), helper)
    ComplaintFactory(title="Case other")
    viewers = [signed_in(manager_named("Ann")), signed_in(helper)]
    pages = [page_of(client) for client in viewers[:: 1 if manager_first else -1]]
    managed, assigned = pages if manager_first else pages[::-1]
    assert titles(managed) == {"Case mine", "Case other"} and "Reports" in managed
    assert titles(assigned) == {"Case mine"} and "Reports" not in assigned


def test_two_assignees_each_see_their_own_list():
    hal, ida = UserFactory(), UserFactory()
    assign_to(ComplaintFactory(title="Case hal"), hal)
    assign_to(ComplaintFactory(title="Case ida"), ida)
    assert titles(page_of(signed_in(hal))) == {"Case hal"}
    assert titles(page_of(signed_in(ida))) == {"Case ida"}


# --- the confidential submitter -----------------------------------------------------------------


@pytest.fixture
def whistle():
    """A confidential complaint assigned to a manager (Ann), its submitter's name with markup."""
    submitter = UserFactory(first_name="Wanda", last_name="<b>Whistle</b>", username="wanda-w")
    assignee = manager_named("Ann")
    complaint = assign_to(
        ComplaintFactory(title="Case confidential", submitter=submitter, confidential=True),
        assignee,
    )
    ComplaintFactory(title="Case open", submitter=UserFactory(first_name="Olga"))
    return complaint, assignee


@pytest.mark.parametrize("assignee_first", [True, False])
def test_a_confidential_submitter_is_named_to_the_assignee_only(whistle, assignee_first):
    _complaint, assignee = whistle
    viewers = [signed_in(assignee), signed_in(manager_named("Bob"))]
    pages = [page_of(client) for client in viewers[:: 1 if assignee_first else -1]]
    own, other = pages if assignee_first else pages[::-1]
    assert "Wanda &lt;b&gt;Whistle&lt;/b&gt;</td>" in own and "<b>Whistle" not in own
    assert "Wanda" not in other and "Whistle" not in other and "wanda-w" not in other
    assert "Confidential</td>" in other and "Olga" in own and "Olga" in other


def test_a_submitter_revealed_to_a_manager_is_named_to_them_only(whistle):
    complaint, assignee = whistle
    bob, cid = manager_named("Bob"), manager_named("Cid")
    services.complaint_reveal_submitter(
        actor=assignee, complaint=complaint, manager=bob, reason="HR must call"
    )
    assert "Wanda &lt;b&gt;Whistle&lt;/b&gt;</td>" in page_of(signed_in(bob))
    assert "Whistle" not in page_of(signed_in(cid))


@pytest.mark.parametrize("submitter_first", [True, False])
def test_a_manager_who_submitted_a_confidential_complaint_sees_their_name(submitter_first):
    submitter = manager_named("Sue", "Selfsubmitted")
    ComplaintFactory(title="Case own", submitter=submitter, confidential=True)
    viewers = [signed_in(submitter), signed_in(manager_named("Bob"))]
    pages = [page_and_queries(client) for client in viewers[:: 1 if submitter_first else -1]]
    (own, _), (other, _) = pages if submitter_first else pages[::-1]
    assert "Sue Selfsubmitted</td>" in own
    assert "Selfsubmitted" not in table(other)  # listed as a handler in the filter only


# --- writes show at once ------------------------------------------------------------------------


def table(html):
    return html.split("<table", 1)[1]


def test_a_new_complaint_a_status_change_an_assignment_and_a_rename_show_at_once():
    ann = manager_named("Ann")
    complaint = ComplaintFactory(title="Case first")
    viewer = signed_in(manager_named("Bob"))
    before = page_of(viewer)
    assert titles(before) == {"Case first"}
    assert "In progress" not in table(before) and "Ann Manager" not in table(before)

    services.complaint_submit(
        submitter=UserFactory(), title="Case second", description="x", category="it",
        priority="normal",
    )  # fmt: skip
    assert titles(page_of(viewer)) == {"Case first", "Case second"}

    services.complaint_transition(actor=ann, complaint=complaint, status="in_progress")
    assert "In progress" in table(page_of(viewer))

    services.complaint_assign(actor=ann, complaint=complaint, assignee=ann)
    assert f"Ann Manager (@{ann.username})</td>" in table(page_of(viewer))

    complaint.submitter.first_name = "Renamed"
    complaint.submitter.save()
    assert "Renamed" in table(page_of(viewer))


def test_the_shared_counts_follow_every_write_and_each_handler_has_their_own():
    import datetime

    from django.utils import timezone

    ann = manager_named("Ann")
    viewer = signed_in(manager_named("Bob"))
    late = ComplaintFactory(due_at=timezone.now() - datetime.timedelta(days=1))
    ComplaintFactory()
    response = viewer.get(URL, {"assignee": ""})
    assert response.context["page"].paginator.count == 2
    assert "1 open complaint is overdue." in response.content.decode()
    services.complaint_submit(
        submitter=UserFactory(), title="Case third", description="x", category="it",
        priority="normal",
    )  # fmt: skip
    assert viewer.get(URL, {"assignee": ""}).context["page"].paginator.count == 3
    services.complaint_assign(actor=ann, complaint=late, assignee=ann)
    late.refresh_from_db()
    services.complaint_transition(actor=ann, complaint=late, status="rejected")
    assert "1 open complaint is overdue." not in viewer.get(URL, {"assignee": ""}).content.decode()
    mine = signed_in(ann).get(URL, {"assignee": "mine"})  # hers, and the unassigned ones
    assert mine.context["page"].paginator.count == 3
    assert viewer.get(URL, {"assignee": "mine"}).context["page"].paginator.count == 2


def test_a_new_handler_shows_in_the_assignee_filter_at_once(admin_user):
    ComplaintFactory(title="Case one")
    viewer = signed_in(manager_named("Bob"))
    dana = UserFactory(first_name="Dana", last_name="Delegate")
    assert "Dana Delegate" not in assignee_options(page_of(viewer))

    delegation = account_services.permission_grant(actor=admin_user, user=dana, codename=MANAGE)
    assert "Dana Delegate" in assignee_options(page_of(viewer))

    account_services.permission_revoke(actor=admin_user, grant=delegation)
    assert "Dana Delegate" not in assignee_options(page_of(viewer))


def test_a_groups_new_right_shows_in_the_assignee_filter_at_once():
    ComplaintFactory(title="Case one")
    viewer = signed_in(manager_named("Bob"))
    team = Group.objects.create(name="Helpdesk")
    UserFactory(first_name="Gus", last_name="Groupie").groups.add(team)
    assert "Gus Groupie" not in assignee_options(page_of(viewer))
    team.permissions.add(Permission.objects.get(codename="manage_complaints"))
    assert "Gus Groupie" in assignee_options(page_of(viewer))


# --- filters, pages and viewers ----------------------------------------------------------------


def test_filters_page_and_language_are_the_requests():
    for n in range(25):
        ComplaintFactory(title=f"Case {n}", priority="high" if n == 3 else "normal")
    viewer = signed_in(manager_named("Bob"))
    first = titles(page_of(viewer))
    second = titles(page_of(viewer, {"page": "2"}))
    assert len(first) == 20 and len(second) == 5 and not first & second
    assert titles(page_of(viewer, {"priority": "high"})) == {"Case 3"}
    assert len(titles(page_of(viewer, {"status": "nonsense"}))) == 20  # defaults
    assert viewer.get(URL, {"page": "99"}).status_code == 404
    french = page_of(signed_in(manager_named("Cid"), language="fr"))
    assert "Traitement des réclamations" in french and "Filtrer" in french


def test_a_page_holds_nothing_of_a_previous_viewer():
    ComplaintFactory(title="Case one")
    first = manager_named("Zoltan", "Firstviewer", username="zoltan-fv", email="zfv@x.example")
    viewers = [signed_in(first), signed_in(manager_named("Bob"))]
    page_of(viewers[0])
    other, _queries = page_and_queries(viewers[1])
    assert "zoltan-fv" not in other and "zfv@x.example" not in other
    assert "Firstviewer" not in table(other)  # a handler in the filter, no more
