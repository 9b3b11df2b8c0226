"""The search overview's shared previews (`intrasphere.search.previews`): viewers who may see
different things never get each other's hits, whatever the order they search in; writes show
at once; the personal groups (own pending forum rows, complaints, lessons of one's trainings)
stay personal. Runs on SQLite (icontains) and PostgreSQL (full text)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints.models import Complaint
from content.models import Announcement
from forum.models import Post, Status
from tests.complaints.factories import ComplaintFactory, assign_to
from tests.content.factories import AnnouncementFactory, EventFactory
from tests.factories import UserFactory, grant
from tests.forum.factories import CategoryFactory, PostFactory, topic_with_post
from tests.pages import signed_in
from tests.training.factories import CourseFactory, LessonFactory, TrainingFactory, seat
from training import services as training_services

pytestmark = pytest.mark.django_db


def previews(user, query: str = "zebra", language: str = "en") -> dict[str, list]:
    """The overview's hits of `user` for `query`, by group key."""
    response = signed_in(user, language).get(reverse("search"), {"q": query})
    assert response.status_code == 200
    return {group.key: hits for group, hits in response.context["previews"]}


def found(user, query: str = "zebra", language: str = "en") -> dict[str, set[str]]:
    """The titles of the overview's hits, by group key."""
    return {
        key: {hit.title for hit in hits} for key, hits in previews(user, query, language).items()
    }


def metas(user, key: str, language: str = "en") -> set[str]:
    return {hit.meta for hit in previews(user, language=language)[key]}


def both_orders(first, second, check) -> None:
    """`check()` after `first` searched, then after `second` searched first (fresh caches)."""
    from django.core.cache import cache, caches

    for viewers in ((first, second), (second, first)):
        cache.clear()
        caches["local"].clear()
        check(*[found(viewer) for viewer in viewers], order=viewers)


def test_announcements_follow_each_readers_audience():
    AnnouncementFactory(
        title="Zebra for finance", audience_restricted=True, audience_departments="|Finance|"
    )
    AnnouncementFactory(title="Zebra for all")
    finance, sales = UserFactory(department="Finance"), UserFactory(department="Sales")

    def check(*results, order):
        by_user = dict(zip(order, results, strict=True))
        assert "Zebra for finance" in by_user[finance]["announcements"]
        assert "Zebra for finance" not in by_user[sales]["announcements"]
        assert "Zebra for all" in by_user[sales]["announcements"]

    both_orders(finance, sales, check)


def test_language_is_part_of_the_key():
    AnnouncementFactory(title="Zebra news", type=Announcement.Type.NEWS)
    reader = UserFactory()
    assert metas(reader, "announcements") == {"News"}
    assert metas(UserFactory(), "announcements", language="fr") == {"Actualité"}
    assert metas(UserFactory(), "announcements") == {"News"}


def test_a_second_viewer_reuses_the_shared_previews_and_writes_show_at_once():
    event = EventFactory(title="Zebra run")
    assert "Zebra run" in found(UserFactory())["events"]
    with CaptureQueriesContext(connection) as queries:
        assert "Zebra run" in found(UserFactory())["events"]
    assert not any("content_event" in query["sql"] for query in queries.captured_queries)

    event.title = "Zebra walk"
    event.save()
    assert found(UserFactory())["events"] == {"Zebra walk"}
    EventFactory(title="Zebra swim")
    assert found(UserFactory())["events"] == {"Zebra walk", "Zebra swim"}
    event.delete()
    assert found(UserFactory())["events"] == {"Zebra swim"}
    person = UserFactory(last_name="Zebra")
    assert person.name in found(UserFactory())["people"]
    person.is_active = False
    person.save()
    assert person.name not in found(UserFactory())["people"]


def test_trainings_and_lessons_follow_participations_and_rights():
    open_training = TrainingFactory(title="Zebra basics")
    hidden = TrainingFactory(title="Zebra secrets", is_visible=False)
    LessonFactory(course=CourseFactory(training=open_training), title="Zebra lesson one")
    LessonFactory(course=CourseFactory(training=hidden), title="Zebra hidden lesson")
    learner, other = UserFactory(), UserFactory()
    seat(hidden, learner)

    def check(*results, order):
        by_user = dict(zip(order, results, strict=True))
        assert {"Zebra basics", "Zebra secrets"} <= by_user[learner]["trainings"]
        assert "Zebra hidden lesson" in by_user[learner]["lessons"]
        assert "Zebra lesson one" not in by_user[learner]["lessons"]  # not following it
        assert by_user[other]["trainings"] >= {"Zebra basics"}
        assert "Zebra secrets" not in by_user[other]["trainings"]
        assert not by_user[other]["lessons"]

    both_orders(learner, other, check)
    manager = grant(UserFactory(), "training.manage_trainings")
    hits = found(manager)
    assert {"Zebra lesson one", "Zebra hidden lesson"} <= hits["lessons"]
    assert "Zebra secrets" in hits["trainings"]
    # A group enrolment (bulk writes, no signal) shows at once.
    assert "Zebra lesson one" not in found(other).get("lessons", set())
    training_services.training_enrol_group(
        actor=manager,
        training=open_training,
        due_date=open_training.end_date.date(),
        department=other.department,
    )
    assert "Zebra lesson one" in found(other)["lessons"]


def test_own_pending_forum_rows_stay_their_authors():
    strict = CategoryFactory(requires_topic_validation=True)
    author, other = UserFactory(), UserFactory()
    validator = grant(UserFactory(), "forum.validate_topics")
    topic_with_post(author=author, category=strict, title="Zebra pending topic")
    topic_with_post(author=other, title="Zebra public topic", content="zebra talk")

    def check(*results, order):
        by_user = dict(zip(order, results, strict=True))
        assert "Zebra pending topic" in by_user[author]["forum_topics"]
        assert "Zebra pending topic" not in by_user[other]["forum_topics"]

    both_orders(author, other, check)
    # Nobody but its author finds pending content, validators included (docs/features.md).
    assert "Zebra pending topic" not in found(validator)["forum_topics"]

    # A pending post written after everybody searched: its author sees it at once, nobody else.
    quiet = topic_with_post(author=other, title="Quagga corner", content="hello")
    assert "Quagga corner" not in found(author)["forum_posts"] | found(other)["forum_posts"]
    PostFactory(topic=quiet, author=author, content="zebra secret", status=Status.PENDING)
    assert "Quagga corner" in found(author)["forum_posts"]
    assert "Quagga corner" not in found(other)["forum_posts"]
    assert "Quagga corner" not in found(validator)["forum_posts"]  # posts: visible or own only
    visible = Post.objects.get(content="zebra secret")
    visible.status = Status.VISIBLE
    visible.save()
    assert "Quagga corner" in found(other)["forum_posts"]


def test_complaints_are_never_shared_between_viewers():
    submitter, other = UserFactory(), UserFactory()
    handler = UserFactory()
    complaint = ComplaintFactory(submitter=submitter, title="Zebra in the lift", confidential=True)
    manager = grant(UserFactory(), "complaints.manage_complaints")

    def check(*results, order):
        by_user = dict(zip(order, results, strict=True))
        assert by_user[submitter]["complaints"] == {f"#{complaint.pk} Zebra in the lift"}
        assert not by_user[other]["complaints"]

    both_orders(submitter, other, check)
    assert not found(handler)["complaints"]
    assign_to(complaint, handler)
    assert found(handler)["complaints"] == {f"#{complaint.pk} Zebra in the lift"}
    # Managers see it, with the confidential submitter hidden; the submitter sees their name.
    assert metas(submitter, "complaints") == {f"New · {submitter.name}"}
    assert metas(manager, "complaints") == {"New · Confidential"}
    Complaint.objects.get(pk=complaint.pk).delete()
    assert not found(submitter).get("complaints")


def test_the_keyed_queries_answer_as_the_visibility_rules():
    """The groups compute their rows from their key (followed trainings, own hidden rows): for
    every kind of viewer, the same rows as the selectors' rules (search: never others' pending
    forum content)."""
    from django.db.models import Exists, OuterRef, Q
    from guardian.shortcuts import assign_perm

    from forum import selectors as forum_selectors
    from intrasphere.roof import search as selectors
    from intrasphere.search import text_search
    from training import permissions as training_permissions
    from training import selectors as training_selectors
    from training.models import Lesson, Participant

    trainings = [
        TrainingFactory(title="Zebra open"),
        TrainingFactory(title="Zebra hidden", is_visible=False),
        TrainingFactory(title="Zebra closed", is_active=False),
    ]
    for training in trainings:
        LessonFactory(course=CourseFactory(training=training), title=f"{training.title} lesson")
    strict = CategoryFactory(requires_topic_validation=True)
    plain, learner, dropped, instructor, moderator, author = UserFactory.create_batch(6)
    seat(trainings[1], learner)
    seat(trainings[2], learner, status=Participant.Status.WAITLISTED)
    seat(trainings[1], dropped, status=Participant.Status.CANCELLED)
    assign_perm("training.manage_trainings", instructor, trainings[2])
    assign_perm("forum.validate_topics", moderator, strict)
    topic_with_post(author=author, category=strict, title="Zebra waiting", content="zebra a")
    public = topic_with_post(title="Zebra public", content="zebra b")
    PostFactory(topic=public, author=author, content="zebra c", status=Status.PENDING)
    PostFactory(topic=public, author=plain, content="zebra d", status=Status.REJECTED)
    viewers = [plain, learner, dropped, instructor, moderator, author]
    viewers += [grant(UserFactory(), "training.manage_trainings")]
    viewers += [grant(UserFactory(), "forum.validate_topics")]

    for viewer in viewers:
        groups = {
            group.key: set(group.queryset.values_list("pk", flat=True))
            for group in selectors.search_groups(user=viewer, query="zebra", language="en")
        }
        followed = Participant.objects.filter(
            user=viewer, training=OuterRef("course__training"), status__in=Participant.SEATED
        )
        managed = training_selectors.managed_trainings(user=viewer).values("pk")
        lessons = Lesson.objects.all()
        if not training_permissions.can_manage_all(viewer):
            lessons = lessons.filter(Q(Exists(followed)) | Q(course__training__in=managed))
        # Search: published or one's own, never others' pending (validators included).
        published_or_own = Q(status=Status.VISIBLE) | Q(author_id=viewer.pk)
        visible_topics = forum_selectors.visible_topics(user=viewer).filter(published_or_own)
        posts = Post.objects.filter(published_or_own, deleted=False, topic__in=visible_topics)
        expected = {
            "trainings": training_selectors.visible_trainings(user=viewer),
            "lessons": lessons,
            "forum_topics": visible_topics,
            "forum_posts": posts,
        }
        for key, rows in expected.items():
            fields = {
                "trainings": ["title", "category", "description"],
                "lessons": ["title", "content"],
                "forum_topics": ["title"],
                "forum_posts": ["content"],
            }[key]
            wanted = set(text_search(rows, "zebra", fields).values_list("pk", flat=True))
            assert groups[key] == wanted, (viewer, key)
