"""seed_bulk at a tiny scale: row counts, stored counters equal to the rows, refusal to rerun."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Max, Q

from accounts.models import Message, User
from complaints.models import Complaint, ComplaintUserObjectPermission
from content.models import Announcement, Document, Event
from forum.models import Category, CategoryUserObjectPermission, Like, Post, Topic
from intrasphere.roof.management.commands.seed_bulk import (
    BIG_TOPIC_POSTS,
    BULK_PASSWORD,
    bulk_usernames,
)

pytestmark = pytest.mark.django_db


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_bulk", scale=0.01, no_progress=True, stdout=out, **options)
    return out.getvalue()


def test_counts_follow_the_sizes_and_the_scale():
    output = seed()
    assert "Done in" in output
    assert User.objects.count() == 110  # 1 % of 10,000, raised to the fixed role accounts
    assert Announcement.objects.count() == 50
    assert Document.objects.filter(current_version__isnull=False).count() == 50
    assert Event.objects.count() == 20
    assert Topic.objects.count() == 10
    assert Post.objects.count() == 1000
    assert Like.objects.count() == 2000
    assert Complaint.objects.count() == 200
    assert Message.objects.count() == 1000
    # The long topic the bench reads.
    assert (
        Topic.objects.filter(posts__isnull=False)
        .annotate(n=Count("posts"))
        .filter(n=BIG_TOPIC_POSTS)
        .exists()
    )


def test_every_stored_counter_matches_its_rows():
    seed()
    for post in Post.objects.annotate(n=Count("likes")):
        assert post.like_count == post.n
    for topic in Topic.objects.annotate(n=Count("posts"), last=Max("posts__created_at")):
        assert topic.reply_count == topic.n - 1
        assert topic.last_post_at == topic.last
    for category in Category.objects.all():
        posts = Post.objects.filter(topic__category=category)
        assert category.topic_count == Topic.objects.filter(category=category).count()
        assert category.post_count == posts.count()
        last = posts.order_by("-created_at", "-id").first()
        assert category.last_post_id == (last.pk if last else None)
    for event in Event.objects.annotate(n=Count("rsvps", filter=Q(rsvps__status="going"))):
        assert event.going_count == event.n
        assert event.capacity is None or event.going_count <= event.capacity


def test_object_permissions_and_accounts_of_each_role():
    seed()
    assigned = Complaint.objects.filter(assignee__isnull=False)
    assert ComplaintUserObjectPermission.objects.count() == assigned.count() > 0
    complaint = assigned.first()
    assert complaint.assignee.has_perm("complaints.manage_complaints", complaint)
    assert CategoryUserObjectPermission.objects.count() == Category.objects.count() * 3 * 2
    row = CategoryUserObjectPermission.objects.select_related("user", "content_object").first()
    assert row.user.has_perm("forum.validate_posts", row.content_object)
    names = bulk_usernames()
    admin = User.objects.get(username=names["admin"][0])
    assert admin.is_superuser and admin.check_password(BULK_PASSWORD)
    assert User.objects.get(username=names["moderator"][0]).role == "moderator"
    handler = User.objects.get(username=names["handler"][0])
    assert handler.has_perm("complaints.manage_complaints")
    assert User.objects.filter(username__in=names["employee"], role="employee").count() == 10


def test_refuses_to_run_twice_and_bad_options():
    seed()
    with pytest.raises(CommandError, match="already holds bulk data"):
        seed()
    with pytest.raises(CommandError, match="--scale"):
        call_command("seed_bulk", scale=0, stdout=StringIO())
    with pytest.raises(CommandError, match="negative"):
        call_command("seed_bulk", scale=0.01, posts=-1, stdout=StringIO())


def test_sizes_can_be_set_one_by_one():
    seed(topics=100, posts=100, likes=0, messages=0)  # scaled: 1 topic, 1 post each… at least
    assert Topic.objects.count() == 1
    assert Message.objects.count() == 0
    assert Like.objects.count() == 0


def test_training_rows_counters_and_instructor_rights():
    from training.models import Choice, Course, Lesson, Participant, Question, Quiz, Training

    seed()
    assert Training.objects.count() == 5  # 1 % of 500
    assert Participant.objects.count() == 500  # 1 % of 50,000
    assert Course.objects.filter(training__isnull=False).count() >= 10
    assert Lesson.objects.count() >= Course.objects.count() * 2
    assert Quiz.objects.count() == Course.objects.count()  # one per course (its last lesson)
    assert Question.objects.count() >= Quiz.objects.count() * 3
    assert not Question.objects.annotate(n=Count("choices")).filter(n__lt=3).exists()
    assert Choice.objects.filter(is_correct=True).count() == Question.objects.count()
    seated = Count("participants", filter=Q(participants__status__in=Participant.SEATED))
    for training in Training.objects.annotate(n=seated):
        assert training.participant_count == training.n <= training.max_participants
        assert training.instructor.has_perm("training.manage_trainings", training)
    # The bench's employees are seated in the first trainings (lesson and quiz pages).
    employee = User.objects.get(username=bulk_usernames()["employee"][0])
    assert (
        Participant.objects.filter(user=employee, status__in=Participant.SEATED).count()
        == Training.objects.count()
    )
