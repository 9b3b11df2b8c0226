"""The dashboard: what each role sees, the part shared per audience and the viewer's own rows;
viewers never see each other's panels, and every write shows on the next view."""

import datetime

from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from complaints.models import Complaint
from forum.models import Topic
from intrasphere import caching
from intrasphere.services import notification_send
from tests.complaints.factories import ComplaintFactory
from tests.content.factories import AnnouncementFactory, EventFactory
from tests.factories import UserFactory, grant
from tests.forum.factories import CategoryFactory, topic_with_post
from tests.training.factories import TrainingFactory, seat

MANDATORY_CHART = 'aria-label="Mandatory trainings: compliance"'


def dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.content.decode().split("<main", 1)[1]


def test_each_audience_sees_only_its_announcements(client, db):
    AnnouncementFactory(
        title="For sales only", audience_restricted=True, audience_departments="|Sales|"
    )
    AnnouncementFactory(title="For everyone")
    seller, engineer = UserFactory(department="Sales"), UserFactory(department="R&D")
    assert "For sales only" in dashboard(client, seller)  # the audience's part is now shared
    html = dashboard(client, engineer)
    assert "For everyone" in html and "For sales only" not in html
    assert "For sales only" in dashboard(client, UserFactory(department="Sales"))


def test_each_language_gets_its_own_panels(client, employee):
    def page(language: str) -> str:
        client.force_login(employee)
        return client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert "Latest announcements" in page("en")
    html = page("fr")
    assert "Dernières annonces" in html and "Latest announcements" not in html
    assert "Latest announcements" in page("en")


def test_personal_rows_are_the_viewers_own(client, db):
    alice, bob = UserFactory(), UserFactory()
    notification_send(recipients=[alice], kind="test", message="Alice's notice", url="/a/")
    seat(TrainingFactory(title="Alice's course"), alice, progress=30)
    ComplaintFactory(submitter=alice, title="Alice's question", status=Complaint.Status.WAITING)
    html = dashboard(client, alice)
    assert "Alice&#x27;s notice" in html and "Alice&#x27;s course" in html
    assert "Answer the helpdesk: Alice&#x27;s question" in html
    html = dashboard(client, bob)
    assert "Alice&#x27;s" not in html
    assert "No notifications yet." in html and "No training in progress." in html


def test_must_reads_and_documents_follow_each_viewers_acknowledgements(client, db):
    must = AnnouncementFactory(title="Read me", important=True)
    alice, bob = UserFactory(), UserFactory()
    must.acknowledgements.create(user=alice)
    assert "Read: Read me" not in dashboard(client, alice)
    assert "Read: Read me" in dashboard(client, bob)


def test_new_announcement_event_and_topic_show_at_once(client, employee):
    dashboard(client, employee)  # the shared part is cached
    AnnouncementFactory(title="Fresh news")
    EventFactory(title="Fresh party")
    topic_with_post(title="Fresh topic")
    html = dashboard(client, employee)
    assert "Fresh news" in html and "Fresh party" in html and "Fresh topic" in html


def test_complaint_status_change_shows_at_once_for_managers(client, db):
    manager = grant(UserFactory(), "complaints.manage_complaints")
    complaint = ComplaintFactory()
    assert "<desc>New: 1, In progress: 0" in dashboard(client, manager)
    complaint.status = Complaint.Status.IN_PROGRESS
    complaint.save()
    assert "<desc>New: 0, In progress: 1" in dashboard(client, manager)


def test_completed_training_shows_at_once_to_the_learner_and_within_the_ttl_to_managers(client, db):
    """The managers' figures read every participation of every mandatory training: computed
    again at each registration or completion, they made every manager's dashboard wait behind
    the whole matrix at scale (bench/RESULTS.md). They are kept for the TTL
    (`STATS_CACHE_TTL`); the learner's own chart and the compliance matrix page are exact."""
    manager = grant(UserFactory(), "training.manage_trainings")
    learner = UserFactory()
    participant = seat(
        TrainingFactory(is_mandatory=True, audience_restricted=True), learner, progress=50
    )
    before = "<desc>Compliant: 0 (0%), In progress: 1 (100%)"
    html = dashboard(client, manager)
    assert MANDATORY_CHART in html and before in html
    participant.status = "completed"
    participant.progress = 100
    participant.save()
    assert "<desc>Done: 1 (100%)" in dashboard(client, learner)
    assert before in dashboard(client, manager)
    caching.cache.clear()  # the TTL has run out (the process's own copy too)
    caching.caches["local"].clear()
    assert "<desc>Compliant: 1 (100%), In progress: 0 (0%)" in dashboard(client, manager)


def test_recent_topics_panel_shows_how_long_ago_at_each_view(client, employee):
    topic = topic_with_post(title="Timed topic")
    assert "just now" in dashboard(client, employee)
    Topic.objects.filter(pk=topic.pk).update(
        last_post_at=timezone.now() - datetime.timedelta(minutes=5, seconds=3)
    )
    caching.cache.clear()  # the shared panel is kept per audience; time is the view's
    assert "5\xa0minutes ago" in dashboard(client, employee)


def test_moderation_count_is_per_set_of_moderated_categories_and_follows_writes(client, db):
    strict = {"requires_topic_validation": True, "requires_post_validation": True}
    mine, other = CategoryFactory(name="Mine", **strict), CategoryFactory(name="Other", **strict)
    ours, theirs = UserFactory(), UserFactory()
    for perm in ("forum.validate_topics", "forum.validate_posts"):
        assign_perm(perm, ours, mine)
        assign_perm(perm, theirs, other)
    topic_with_post(category=mine, title="Pending in mine")
    assert "Forum: 1 item(s) waiting" in dashboard(client, ours)
    assert "Forum:" not in dashboard(client, theirs)  # other categories: not the same count
    topic_with_post(category=mine, title="Another one")
    assert "Forum: 2 item(s) waiting" in dashboard(client, ours)
    everywhere = grant(UserFactory(), "forum.validate_topics")
    assert "Forum: 2 item(s) waiting" in dashboard(client, everywhere)


def test_links_are_those_of_reverse(client, db):
    """Tiles, panels, "To do" forms and items link where `reverse` says."""
    handler = grant(UserFactory(), "complaints.manage_complaints")
    complaint = ComplaintFactory(assignee=handler, status=Complaint.Status.NEW, title="Broken")
    training = TrainingFactory(title="Onboarding")
    seat(training, handler, progress=20)
    must = AnnouncementFactory(title="Read me", important=True)
    html = dashboard(client, handler)
    assert f'href="{complaint.get_absolute_url()}">Handle complaint: Broken' in html
    assert f'href="{reverse("training:training_resume", args=[training.pk])}">Onboarding' in html
    assert f'action="{reverse("content:announcement_acknowledge", args=[must.pk])}"' in html
    for name in ("content:announcement_list", "complaints:handling_list", "notifications:list"):
        assert f'href="{reverse(name)}"' in html


def test_a_manager_sees_every_shared_panel_and_each_follows_writes(client, db):
    """Complaint counts, mandatory completion and the moderation queue for a viewer who gets
    them all; each write shows on the next view."""
    strict = {"requires_topic_validation": True, "requires_post_validation": True}
    category = CategoryFactory(name="Moderated", **strict)
    manager = grant(
        grant(UserFactory(), "complaints.manage_complaints"), "training.manage_trainings"
    )
    assign_perm("forum.validate_topics", manager, category)
    seat(TrainingFactory(is_mandatory=True, audience_restricted=True), UserFactory(), progress=50)
    ComplaintFactory()
    topic_with_post(category=category, title="Pending")
    html = dashboard(client, manager)
    assert "<desc>New: 1," in html and "Forum: 1 item(s) waiting" in html
    assert "<desc>Compliant: 0 (0%), In progress: 1 (100%)" in html
    topic_with_post(category=category, title="Another")
    ComplaintFactory()
    html = dashboard(client, manager)
    assert "<desc>New: 2," in html and "Forum: 2 item(s) waiting" in html


def test_a_plain_employee_sees_no_manager_panel(client, employee):
    ComplaintFactory()
    seat(TrainingFactory(is_mandatory=True, audience_restricted=True), UserFactory(), progress=50)
    html = dashboard(client, employee)
    assert "Complaints by status" not in html and MANDATORY_CHART not in html
    assert "Forum:" not in html and "Open complaints" not in html


def test_a_handler_sees_the_complaints_assigned_to_them(client, db):
    handler = UserFactory()
    ComplaintFactory(assignee=handler, status=Complaint.Status.NEW, title="Printer")
    ComplaintFactory(status=Complaint.Status.NEW, title="Not mine")
    html = dashboard(client, handler)
    assert "Handle complaint: Printer" in html and "Not mine" not in html
    assert "<desc>New: 1," in html


def test_the_dashboard_keeps_nothing_on_the_user_object(db):
    """Each domain's rows are passed as arguments, never set as attributes of the viewer."""
    from accounts.models import User
    from intrasphere.roof.dashboard import dashboard_context

    learner = UserFactory()
    seat(TrainingFactory(), learner, progress=10)
    viewer = User.objects.get(pk=learner.pk)
    before = set(vars(viewer))
    dashboard_context(viewer)
    added = set(vars(viewer)) - before
    assert added <= {"_global_rights_cache", "_object_rights_cache", "_perm_cache"}, added


def test_the_dashboard_s_queries_do_not_grow_with_the_viewer_s_rows(client, db):
    """A ceiling, not a pin: at most 15 queries, the same with 2 and 12 rows of each kind."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(rows: int) -> int:
        viewer = grant(UserFactory(), "complaints.manage_complaints")
        for _i in range(rows):
            seat(TrainingFactory(), viewer, progress=10)
            ComplaintFactory(assignee=viewer, status=Complaint.Status.NEW)
            notification_send(recipients=[viewer], kind="test", message="Hi")
            AnnouncementFactory(important=True)
        client.force_login(viewer)
        client.get(reverse("dashboard"))  # warm the shared caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("dashboard")).status_code == 200
        return len(queries)

    few, many = count(2), count(12)
    assert few == many and many <= 15, (few, many)
