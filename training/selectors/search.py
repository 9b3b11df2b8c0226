"""The trainings and lessons the global search (the roof, `intrasphere.search`) finds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from intrasphere import caching
from intrasphere.search import SearchGroup, SearchHit, snippet, text_search
from training.models import Lesson, Participant, Training
from training.permissions import can_manage_all, managed_training_ids

if TYPE_CHECKING:
    from accounts.models import User

Status = Participant.Status
LESSON_FIELDS = ["title", "content"]
LESSON_MATCH_LIMIT = 10_000  # far above any useful result set; see search_groups


def search_participations(user: User) -> list[tuple[int, str, bool]]:
    """`user`'s participations as (training, status, whether the training is open), shared
    per user until a participation or a training changes: the search keys on them."""
    return caching.shared_value(
        "training_participations",
        vary=(user.pk,),
        compute=lambda: [
            (training_id, status, is_active and is_visible)
            for training_id, status, is_active, is_visible in Participant.objects.filter(
                user_id=user.pk
            ).values_list("training_id", "status", "training__is_active", "training__is_visible")
        ],
    )


def search_groups(*, user: User, query: str, language: str) -> list[SearchGroup]:
    """Trainings and lessons, keyed by what decides them rather than by who asks: "all" for
    global managers, else the trainings beyond the open ones that `user` sees (those they
    manage or are enrolled in: `visible_trainings`) and the trainings whose lessons they see
    (those they follow or manage). People with the same ones share the previews."""
    if can_manage_all(user):
        extras = followed = None
    else:
        managed = set(managed_training_ids(user))
        participations = search_participations(user)
        enrolled = {pk for pk, status, is_open in participations if status != Status.CANCELLED}
        hidden = {pk for pk, _status, is_open in participations if not is_open}
        extras = sorted(managed | (enrolled & hidden))
        followed = sorted(
            managed | {pk for pk, status, _open in participations if status in Participant.SEATED}
        )

    def trainings() -> QuerySet[Training]:
        rows = Training.objects.all()
        if extras is not None:  # `visible_trainings` for this viewer
            rows = rows.filter(Q(is_active=True, is_visible=True) | Q(pk__in=extras))
        return text_search(rows, query, ["title", "category", "description"], language=language)

    def lessons() -> QuerySet[Lesson]:
        rows = Lesson.objects.select_related("course__training")
        if followed is not None:
            # Left to itself, PostgreSQL walks every lesson of the trainings one follows and
            # computes its text vector (it underestimates that cost) instead of asking the GIN
            # index. A LIMIT keeps the matching subquery from being merged into the outer
            # query, so the index finds the matches first (tests/perf/test_caching.py).
            matching = text_search(Lesson.objects.all(), query, LESSON_FIELDS, language=language)
            rows = rows.filter(
                course__training_id__in=followed,
                pk__in=matching.order_by().values("pk")[:LESSON_MATCH_LIMIT],
            )
        return text_search(rows, query, LESSON_FIELDS, language=language)

    return [
        SearchGroup(
            key="trainings",
            label=_("Trainings"),
            rows=trainings,
            shared=(query, language, "all" if extras is None else "open", *(extras or ())),
            to_hit=lambda t: SearchHit(
                title=t.title,
                url=t.get_absolute_url(),
                snippet=snippet(t, t.description, query),
                meta=t.category,
            ),
        ),
        SearchGroup(
            key="lessons",
            label=_("Lessons"),
            rows=lessons,
            # Nobody to share with when one follows nothing: no query either (no row).
            shared=(
                None
                if followed == []
                else (query, language, "all" if followed is None else "in", *(followed or ()))
            ),
            to_hit=lambda lesson: SearchHit(
                title=lesson.title,
                url=lesson.get_absolute_url(),
                snippet=snippet(lesson, lesson.content, query),
                meta=lesson.course.training.title,
            ),
        ),
    ]
