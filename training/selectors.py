"""Reads of the training domain, already limited to what the user may see."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Avg, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from intrasphere import caching
from intrasphere.rows import among, columns, from_row, from_rows, ids_param, prepared_cursor
from intrasphere.search import SearchGroup, SearchHit, snippet, text_search
from intrasphere.unread import ids_with_unread_counts, keep_unread_counts, unread_columns
from training.models import (
    Certificate,
    Course,
    Lesson,
    LessonProgress,
    Participant,
    Question,
    Quiz,
    QuizAttempt,
    Training,
)
from training.permissions import can_manage_all, managed_training_ids

if TYPE_CHECKING:
    from accounts.models import User

Status = Participant.Status


# ---------------------------------------------------------------- trainings
def managed_trainings(*, user: User) -> QuerySet[Training]:
    """Trainings `user` manages: all with the global right, else those of their object right."""
    if can_manage_all(user):
        return Training.objects.all()
    return Training.objects.filter(pk__in=managed_training_ids(user))


def visible_trainings(*, user: User) -> QuerySet[Training]:
    if can_manage_all(user):
        return Training.objects.all()
    managed = managed_trainings(user=user).values("pk")
    # People keep seeing the trainings they are (or were) enrolled in, even once hidden.
    enrolled = Participant.objects.filter(user_id=user.pk, training=OuterRef("pk")).exclude(
        status=Status.CANCELLED
    )
    return Training.objects.filter(
        Q(is_active=True, is_visible=True) | Q(pk__in=managed) | Q(Exists(enrolled))
    )


# The catalog's audience (read with the header's counters): composed with the ORM (the rule of
# `visible_trainings`, less the open trainings) it cost ~2 ms of Python and planning on every
# view of the catalog. Names come from the models (quoted); every value is a parameter.
CATALOG_AUDIENCE_SQL = """
SELECT t.{pk}
  FROM {trainings} t
 WHERE NOT (t.{active} = %s AND t.{visible} = %s)
   AND ({managed} OR t.{pk} IN (SELECT p.{p_training} FROM {participants} p
                                 WHERE p.{p_user} = %s AND p.{p_status} <> %s))
"""


@functools.cache
def _catalog_audience_sql(managed_count: int) -> str:
    quote = connection.ops.quote_name
    training, participant = Training._meta, Participant._meta
    pk = quote(training.pk.column)
    return CATALOG_AUDIENCE_SQL.format(
        pk=pk,
        trainings=quote(training.db_table),
        active=quote(training.get_field("is_active").column),
        visible=quote(training.get_field("is_visible").column),
        managed=among(f"t.{pk}", managed_count) if managed_count else "1 = 0",
        participants=quote(participant.db_table),
        p_training=quote(participant.get_field("training").column),
        p_user=quote(participant.get_field("user").column),
        p_status=quote(participant.get_field("status").column),
    )


def training_catalog_audience(user: User) -> tuple[str | int, ...]:
    """What the catalog's body depends on (`visible_trainings`): global managers see every
    training and the "New training" and "Compliance" buttons; everyone else the open trainings
    plus the hidden or closed ones they manage or are enrolled in. Those few extra trainings are
    in the key (shared by co-instructors or a cohort), never who the viewer is. Read with the
    header's unread counters (`intrasphere.unread.ids_with_unread_counts`)."""
    if can_manage_all(user):
        return ("all",)
    managed = managed_training_ids(user)
    params: list[Any] = [True, True, *(ids_param(managed) if managed else [])]
    params += [user.pk, Status.CANCELLED]
    extra = ids_with_unread_counts(user, _catalog_audience_sql(len(managed)), params)
    return ("open", *sorted(extra))


def training_catalog(
    *,
    user: User,
    query: str = "",
    category: str = "",
    difficulty: str = "",
    mandatory: bool = False,
    upcoming: bool = False,
    free_seats: bool = False,
) -> QuerySet[Training]:
    trainings = visible_trainings(user=user).select_related("instructor")
    if query:
        for word in query.split()[:5]:
            trainings = trainings.filter(
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(category__icontains=word)
            )
    if category:
        trainings = trainings.filter(category=category)
    if difficulty:
        trainings = trainings.filter(difficulty=difficulty)
    if mandatory:
        trainings = trainings.filter(is_mandatory=True)
    if upcoming:
        trainings = trainings.filter(start_date__gt=timezone.now())
    if free_seats:
        trainings = trainings.filter(participant_count__lt=F("max_participants"))
    return trainings.order_by(F("start_date").asc(nulls_last=True), "title", "pk")


def categories() -> list[str]:
    return list(
        Training.objects.filter(is_active=True, is_visible=True)
        .exclude(category="")
        .order_by("category")
        .values_list("category", flat=True)
        .distinct()
    )


_UNREAD = object()  # `_visible_to`: the viewer's participation is not known yet


def _visible_to(user: User, training: Training, participant: Any = _UNREAD) -> bool:
    """`visible_trainings` for one training in memory: open to all, or managed by `user`, or one
    they are (or were) enrolled in (a query unless their `participant` row, or None, is given).

    The pages of one training, lesson or quiz ask this instead of filtering by
    `visible_trainings`, whose subqueries cost more to compose than the page's own reads."""
    if training.is_active and training.is_visible:
        return True
    if can_manage_all(user) or training.pk in managed_training_ids(user):
        return True
    if participant is not _UNREAD:
        return participant is not None and participant.status != Status.CANCELLED
    return (
        Participant.objects.filter(user_id=user.pk, training_id=training.pk)
        .exclude(status=Status.CANCELLED)
        .exists()
    )


def training_get(*, user: User, pk: int) -> Training:
    training = Training.objects.select_related("instructor").filter(pk=pk).first()
    if training is None or not _visible_to(user, training):
        raise Http404(_("No such training."))
    return training


def managed_training_get(*, user: User, pk: int) -> Training:
    """404 when the user cannot see it; the view then checks the right to manage (403)."""
    return training_get(user=user, pk=pk)


# ---------------------------------------------------------------- one training's pages
# A training's, lesson's and quiz's page read their object from a shared value (the same for
# every viewer, computed again when a model in `caching.SHARED_VALUES[name]` changes) and the
# viewer's own state in one statement (`viewer_state`); access is decided in memory with the
# viewer's participation (`_visible_to`), exactly as `visible_trainings` decides it.
@dataclass
class ViewerState:
    """What a training's pages show of their viewer, read fresh on every request."""

    participant: Participant | None
    participant_count: int  # the training's seats taken (bulk updates: never shared)
    done_ids: set[int] = field(default_factory=set)  # of the lessons asked about
    attempts: list[QuizAttempt] = field(default_factory=list)  # at the quiz asked, newest first


VIEWER_STATE_SQL = """
SELECT t.{count}, {unread_notifications}, {unread_messages},
       {participant_columns}{progress_column}{attempt_columns}
  FROM {trainings} t
  LEFT JOIN {participants} p
    ON p.{p_training} = t.{pk} AND p.{p_user} = %s{progress_join}{attempt_join}
 WHERE t.{pk} = %s
"""


@functools.cache
def _viewer_state_sql(lesson_count: int, with_quiz: bool) -> str:
    """`VIEWER_STATE_SQL` for so many lessons and maybe a quiz. Composing this with the ORM (the
    participation, the progress, the attempts: three querysets) cost more than running it;
    table and column names come from the models (quoted), every value is a parameter."""
    quote = connection.ops.quote_name
    participant, progress, attempt = Participant._meta, LessonProgress._meta, QuizAttempt._meta

    progress_column = progress_join = attempt_columns = attempt_join = ""
    if lesson_count:
        lesson = quote(progress.get_field("lesson").column)
        progress_column = f", lp.{lesson}"
        progress_join = (
            f"\n  LEFT JOIN {quote(progress.db_table)} lp"
            f" ON lp.{quote(progress.get_field('user').column)} = %s"
            f" AND {among(f'lp.{lesson}', lesson_count)}"
        )
    if with_quiz:
        attempt_columns = ", " + columns(QuizAttempt, "a")
        attempt_join = (
            f"\n  LEFT JOIN {quote(attempt.db_table)} a"
            f" ON a.{quote(attempt.get_field('quiz').column)} = %s"
            f" AND a.{quote(attempt.get_field('user').column)} = %s"
        )
    unread_notifications, unread_messages = unread_columns()
    return VIEWER_STATE_SQL.format(
        unread_notifications=unread_notifications,
        unread_messages=unread_messages,
        count=quote(Training._meta.get_field("participant_count").column),
        participant_columns=columns(Participant, "p"),
        progress_column=progress_column,
        attempt_columns=attempt_columns,
        trainings=quote(Training._meta.db_table),
        participants=quote(participant.db_table),
        p_training=quote(participant.get_field("training").column),
        p_user=quote(participant.get_field("user").column),
        pk=quote(Training._meta.pk.column),
        progress_join=progress_join,
        attempt_join=attempt_join,
    )


def viewer_state(
    *, user: User, training_id: int, lesson_ids: Iterable[int] = (), quiz_id: int | None = None
) -> ViewerState | None:
    """`user`'s participation in the training, which of `lesson_ids` they completed and their
    attempts at `quiz_id`, in one statement with the header's unread counters
    (`intrasphere.unread`); None when the training does not exist."""
    lesson_ids = list(lesson_ids)
    params: list[Any] = [user.pk, user.pk, user.pk]
    if lesson_ids:
        params += [user.pk, *ids_param(lesson_ids)]
    if quiz_id is not None:
        params += [quiz_id, user.pk]
    params.append(training_id)
    with prepared_cursor() as cursor:
        cursor.execute(_viewer_state_sql(len(lesson_ids), quiz_id is not None), params)
        rows = cursor.fetchall()
    if not rows:
        return None
    width = len(Participant._meta.concrete_fields)
    first = rows[0]
    if user.is_authenticated:
        keep_unread_counts(user, first[1], first[2])
    state = ViewerState(
        participant=None if first[3] is None else from_row(Participant, first[3 : 3 + width]),
        participant_count=first[0],
    )
    rest = 3 + width
    if lesson_ids:
        state.done_ids = {row[rest] for row in rows if row[rest] is not None}
        rest += 1
    if quiz_id is not None:
        attempts = {row[rest]: row[rest:] for row in rows if row[rest] is not None}
        state.attempts = sorted(from_rows(QuizAttempt, attempts.values()), key=lambda a: -a.number)
    return state


def _page_object(
    name: str, pk: int, compute: Callable[[], Any], found: dict[str, Any] | None
) -> Any:
    """The shared value `name` of object `pk`; a missing object is looked up again each time.
    `found`: its generations, when the page read them ahead (`caching.shared_value`)."""
    return caching.shared_value(name, vary=(pk,), compute=compute, found=found)


def _seen_or_404(user: User, training: Training, state: ViewerState | None, message: str) -> None:
    if state is None or not _visible_to(user, training, state.participant):
        raise Http404(message)
    training.participant_count = state.participant_count


def training_for_page(
    *, user: User, pk: int, found: dict[str, Any] | None = None
) -> tuple[Training, ViewerState, SyllabusProgress]:
    """The training page's training (with its instructor), the viewer's state and their progress
    over its lessons; 404 for whoever `visible_trainings` would not show it to."""

    def compute() -> tuple[Training, list[tuple[int, int]]] | None:
        training = Training.objects.select_related("instructor").filter(pk=pk).first()
        if training is None:
            return None
        lessons = Lesson.objects.filter(course__training_id=pk).values_list("pk", "course_id")
        return training, list(lessons)

    shared = _page_object("training_page", pk, compute, found)
    if shared is None:
        raise Http404(_("No such training."))
    training, lessons = shared
    state = viewer_state(user=user, training_id=pk, lesson_ids=[pk for pk, _ in lessons])
    _seen_or_404(user, training, state, _("No such training."))
    progress = SyllabusProgress(done_ids=state.done_ids)
    for lesson_id, course_id in lessons:
        progress.total[course_id] = progress.total.get(course_id, 0) + 1
        if lesson_id in state.done_ids:
            progress.done[course_id] = progress.done.get(course_id, 0) + 1
    return training, state, progress


def lesson_for_page(
    *, user: User, pk: int, found: dict[str, Any] | None = None
) -> tuple[Lesson, ViewerState, bool, bool]:
    """The lesson page's lesson (with its course and training), the viewer's state, whether its
    course is open to them (every prerequisite lesson done) and whether they completed it; 404
    for whoever `visible_trainings` would not show its training to."""

    def compute() -> tuple[Lesson, frozenset[int]] | None:
        lesson = Lesson.objects.select_related("course__training").filter(pk=pk).first()
        if lesson is None:
            return None
        needed = Lesson.objects.filter(course__in=lesson.course.prerequisites.all())
        return lesson, frozenset(needed.values_list("pk", flat=True))

    shared = _page_object("lesson_page", pk, compute, found)
    if shared is None:
        raise Http404(_("No such lesson."))
    lesson, needed = shared
    training = lesson.course.training
    state = viewer_state(user=user, training_id=training.pk, lesson_ids=sorted({*needed, pk}))
    _seen_or_404(user, training, state, _("No such lesson."))
    return lesson, state, needed <= state.done_ids, pk in state.done_ids


def quiz_for_page(
    *, user: User, pk: int, found: dict[str, Any] | None = None
) -> tuple[Quiz, ViewerState]:
    """The quiz page's quiz (with its lesson, course and training) and the viewer's state with
    their attempts; 404 for whoever `visible_trainings` would not show its training to."""
    quiz = _page_object(
        "quiz_page",
        pk,
        lambda: Quiz.objects.select_related("lesson__course__training").filter(pk=pk).first(),
        found,
    )
    if quiz is None:
        raise Http404(_("No such quiz."))
    training = quiz.lesson.course.training
    state = viewer_state(user=user, training_id=training.pk, quiz_id=pk)
    _seen_or_404(user, training, state, _("No such quiz."))
    return quiz, state


def participant_for(*, user: User, training: Training) -> Participant | None:
    return Participant.objects.filter(training=training, user=user).first()


def waitlist_position(*, participant: Participant) -> int | None:
    """1 for the next person to get a seat; None when not waiting."""
    if participant.status != Status.WAITLISTED:
        return None
    ahead = Participant.objects.filter(
        training_id=participant.training_id, status=Status.WAITLISTED
    ).filter(
        Q(registered_at__lt=participant.registered_at)
        | Q(registered_at=participant.registered_at, pk__lt=participant.pk)
    )
    return ahead.count() + 1


def syllabus(*, training: Training) -> QuerySet[Course]:
    return training.courses.prefetch_related(
        Prefetch("lessons", queryset=Lesson.objects.order_by("order", "pk").select_related("quiz")),
        "prerequisites",
    ).order_by("order", "pk")


def completed_lesson_ids(*, user: User, training: Training) -> set[int]:
    return set(
        LessonProgress.objects.filter(user=user, lesson__course__training=training).values_list(
            "lesson_id", flat=True
        )
    )


@dataclass
class CourseState:
    course: Course
    lessons: list[Lesson]
    done: int
    is_open: bool
    completed_ids: set[int] = field(default_factory=set)

    @property
    def total(self) -> int:
        return len(self.lessons)

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_complete(self) -> bool:
        return self.done >= self.total


def course_states(*, user: User, training: Training) -> list[CourseState]:
    """Each course with its lessons, how many the user finished and whether it is open."""
    done_ids = completed_lesson_ids(user=user, training=training)
    states = []
    complete: dict[int, bool] = {}
    courses = list(syllabus(training=training))
    for course in courses:
        lessons = list(course.lessons.all())
        done = sum(1 for lesson in lessons if lesson.pk in done_ids)
        complete[course.pk] = done >= len(lessons)
        states.append(
            CourseState(
                course=course, lessons=lessons, done=done, is_open=True, completed_ids=done_ids
            )
        )
    for state in states:
        state.is_open = all(complete.get(p.pk, True) for p in state.course.prerequisites.all())
    return states


@dataclass
class SyllabusProgress:
    """A viewer's progress over a training's lessons (the holes of the shared syllabus)."""

    total: dict[int, int] = field(default_factory=dict)  # course pk -> lessons
    done: dict[int, int] = field(default_factory=dict)  # course pk -> lessons done
    done_ids: set[int] = field(default_factory=set)

    def is_complete(self, course_id: int) -> bool:
        """A course without lessons (or of another training) counts as complete."""
        return self.done.get(course_id, 0) >= self.total.get(course_id, 0)


def syllabus_for_body(*, training: Training) -> list[Course]:
    """The syllabus as the shared body shows it; `prerequisite_ids` ("3-5") names the courses
    the viewer's "Locked" hole checks."""
    courses = list(syllabus(training=training))
    for course in courses:
        course.prerequisite_ids = "-".join(str(p.pk) for p in course.prerequisites.all())
    return courses


def prerequisite_lessons(*, course: Course) -> frozenset[int]:
    """The lessons of `course`'s prerequisite courses: the same for everybody (shared value)."""
    return caching.shared_value(
        "prerequisite_lessons",
        vary=(course.pk,),
        compute=lambda: frozenset(
            Lesson.objects.filter(course__in=course.prerequisites.all()).values_list(
                "pk", flat=True
            )
        ),
    )


def course_is_open(*, user: User, course: Course) -> bool:
    """Every prerequisite course has all its lessons completed by `user`."""
    needed = prerequisite_lessons(course=course)
    if not needed:
        return True
    done = LessonProgress.objects.filter(user_id=user.pk, lesson_id__in=needed).count()
    return done == len(needed)


def resume_lesson(*, participant: Participant) -> Lesson | None:
    """The lesson to continue with: the last one opened if unfinished, else the first not done."""
    training = participant.training
    done = completed_lesson_ids(user=participant.user, training=training)
    if participant.last_lesson_id and participant.last_lesson_id not in done:
        return participant.last_lesson
    for state in course_states(user=participant.user, training=training):
        if not state.is_open:
            continue
        for lesson in state.lessons:
            if lesson.pk not in done:
                return lesson
    return None


def lesson_get(*, user: User, pk: int) -> Lesson:
    lesson = Lesson.objects.select_related("course__training").filter(pk=pk).first()
    if lesson is None or not _visible_to(user, lesson.course.training):
        raise Http404(_("No such lesson."))
    return lesson


def lesson_quiz(*, lesson: Lesson) -> Quiz | None:
    return Quiz.objects.filter(lesson=lesson).first()


def lesson_neighbours(*, lesson: Lesson) -> tuple[Lesson | None, Lesson | None]:
    """The previous and next lessons of the same course (syllabus order)."""
    siblings = list(lesson.course.lessons.order_by("order", "pk").only("pk", "title"))
    index = next(i for i, item in enumerate(siblings) if item.pk == lesson.pk)
    return (
        siblings[index - 1] if index > 0 else None,
        siblings[index + 1] if index + 1 < len(siblings) else None,
    )


def course_get(*, user: User, pk: int) -> Course:
    return get_object_or_404(
        Course.objects.select_related("training").filter(training__in=visible_trainings(user=user)),
        pk=pk,
    )


def quiz_get(*, user: User, pk: int) -> Quiz:
    quiz = Quiz.objects.select_related("lesson__course__training").filter(pk=pk).first()
    if quiz is None or not _visible_to(user, quiz.lesson.course.training):
        raise Http404(_("No such quiz."))
    return quiz


def attempt_get(*, user: User, pk: int) -> QuizAttempt:
    """Only the attempt's own user sees it; anyone else gets a 404."""
    return get_object_or_404(
        QuizAttempt.objects.select_related("quiz__lesson__course__training"), pk=pk, user=user
    )


def my_trainings(*, user: User) -> QuerySet[Participant]:
    return (
        Participant.objects.filter(user=user)
        .exclude(status=Status.CANCELLED)
        .select_related("training")
        .order_by("status", "-registered_at", "-pk")
    )


# ---------------------------------------------------------------- participants
def participant_list(*, training: Training, status: str = "") -> QuerySet[Participant]:
    participants = training.participants.select_related("user").order_by(
        "status", "registered_at", "pk"
    )
    if status:
        participants = participants.filter(status=status)
    return participants


def participant_get_for_viewer(*, user: User, pk: int) -> Participant:
    """The participant's own row, or any row of a training the user manages; else 404."""
    participant = get_object_or_404(
        Participant.objects.select_related("training", "user", "last_lesson"), pk=pk
    )
    if participant.user_id == user.pk:
        return participant
    if managed_trainings(user=user).filter(pk=participant.training_id).exists():
        return participant
    raise Http404


def feedback_summary(*, training: Training) -> dict:
    return training.participants.filter(feedback_rating__isnull=False).aggregate(
        average=Avg("feedback_rating"), count=Count("pk")
    )


# ---------------------------------------------------------------- certificates
def certificate_list(*, user: User) -> QuerySet[Certificate]:
    return Certificate.objects.filter(user=user).select_related("training").order_by("-issued_at")


def certificate_get(*, user: User, pk: int) -> Certificate:
    """Its owner and the managers of its training; 404 for everyone else."""
    certificate = get_object_or_404(Certificate.objects.select_related("training", "user"), pk=pk)
    if certificate.user_id == user.pk:
        return certificate
    if managed_trainings(user=user).filter(pk=certificate.training_id).exists():
        return certificate
    raise Http404


# ---------------------------------------------------------------- compliance
@dataclass
class ComplianceCell:
    done: int = 0
    in_progress: int = 0
    overdue: int = 0


def compliance_matrix() -> tuple[list[Training], list[tuple[str, list[ComplianceCell]]]]:
    """Rows: departments; columns: mandatory trainings; one aggregate query for the cells."""
    trainings = list(Training.objects.filter(is_mandatory=True).order_by("title", "pk"))
    today = timezone.localdate()
    rows = (
        Participant.objects.filter(training__is_mandatory=True)
        .exclude(status__in=[Status.CANCELLED, Status.WAITLISTED])
        .values("user__department", "training_id")
        .annotate(
            done=Count("pk", filter=Q(status=Status.COMPLETED)),
            overdue=Count("pk", filter=Q(status=Status.REGISTERED, due_date__lt=today)),
            in_progress=Count(
                "pk",
                filter=Q(status=Status.REGISTERED)
                & (Q(due_date__isnull=True) | Q(due_date__gte=today)),
            ),
        )
        .order_by("user__department")
    )
    cells: dict[str, dict[int, ComplianceCell]] = {}
    for row in rows:
        department = row["user__department"] or ""
        cells.setdefault(department, {})[row["training_id"]] = ComplianceCell(
            done=row["done"], in_progress=row["in_progress"], overdue=row["overdue"]
        )
    table = [
        (department, [cells[department].get(t.pk, ComplianceCell()) for t in trainings])
        for department in sorted(cells)
    ]
    return trainings, table


def compliance_people(*, training: Training, department: str) -> QuerySet[Participant]:
    return (
        Participant.objects.filter(training=training, user__department=department)
        .exclude(status__in=[Status.CANCELLED, Status.WAITLISTED])
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


# ---------------------------------------------------------------- dashboard and search
SEATED_LIMIT = 1000


def _seated_participations(user: User) -> list[Participant]:
    """The user's registered and completed participations, read once per request for every
    dashboard panel and chart (a person follows a handful of trainings; the cap only guards
    against pathological data)."""
    if not hasattr(user, "_seated_participations"):
        seated = my_trainings(user=user).filter(status__in=Participant.SEATED)
        user._seated_participations = list(seated[:SEATED_LIMIT])
    return user._seated_participations


def dashboard_use_seated(*, user: User, seated: list[Participant]) -> None:
    """The user's seated participations, read by the dashboard with its other personal rows
    (`intrasphere.selectors.personal_reads`): the panels below use them, no query of their own."""
    user._seated_participations = seated


def dashboard_registered(*, user: User) -> list[Participant]:
    """The user's current registrations (`_seated_participations`)."""
    registered = [p for p in _seated_participations(user) if p.status == Status.REGISTERED]
    return registered[:100]


def dashboard_stats(
    *, user: User, registered: list[Participant] | None = None
) -> list[tuple[str, int, str]]:
    """(label, value, url name) tiles for the dashboard."""
    if registered is None:
        registered = dashboard_registered(user=user)
    return [(_("Trainings in progress"), len(registered), "training:my_trainings")]


def dashboard_progress(
    *, user: User, registered: list[Participant] | None = None
) -> list[Participant]:
    if registered is None:
        registered = dashboard_registered(user=user)
    return registered[:5]


@dataclass
class Completion:
    done: int = 0
    in_progress: int = 0
    not_started: int = 0

    @property
    def total(self) -> int:
        return self.done + self.in_progress + self.not_started


def mandatory_completion_request() -> caching.SharedValueRequest:
    """The managers' mandatory-training completion as a `caching.shared_values` request."""
    return ("mandatory_completion", (), _mandatory_completion)


def dashboard_completion(
    *, user: User, mandatory: tuple[int, int, int] | None = None
) -> dict[str, Completion | None]:
    """Training completion for the dashboard charts.

    "mine": the user's own trainings (done / in progress / not started), None without any, from
    the participations the dashboard reads anyway; "mandatory": every participant of mandatory
    trainings, for training managers only (one aggregate query, or `mandatory`: the caller's
    value of `mandatory_completion_request`). Cancelled and waitlisted rows do not count.
    """
    mine = Completion()
    for participant in _seated_participations(user):
        if participant.status == Status.COMPLETED:
            mine.done += 1
        elif participant.progress > 0:
            mine.in_progress += 1
        else:
            mine.not_started += 1
    result: dict[str, Completion | None] = {"mine": mine if mine.total else None, "mandatory": None}
    if can_manage_all(user):
        if mandatory is None:
            mandatory = caching.shared_values([mandatory_completion_request()])[0]
        done, in_progress, not_started = mandatory
        shares = Completion(done=done, in_progress=in_progress, not_started=not_started)
        result["mandatory"] = shares if shares.total else None
    return result


def _mandatory_completion() -> tuple[int, int, int]:
    """Every participant of mandatory trainings, done / in progress / not started: the same for
    every training manager, so shared (`caching.shared_value`, a light tuple)."""
    buckets = {
        "done": Q(status=Status.COMPLETED),
        "in_progress": Q(status=Status.REGISTERED, progress__gt=0),
        "not_started": Q(status=Status.REGISTERED, progress=0),
    }
    row = Participant.objects.filter(
        status__in=Participant.SEATED, training__is_mandatory=True
    ).aggregate(**{bucket: Count("pk", filter=condition) for bucket, condition in buckets.items()})
    return row["done"], row["in_progress"], row["not_started"]


def dashboard_panels(*, user: User) -> list[str]:
    return ["training/_dashboard_progress.html"]


def dashboard_obligations(
    *,
    user: User,
    registered: list[Participant] | None = None,
    expiring: list[Certificate] | None = None,
) -> list[dict]:
    """Due mandatory trainings, then certificates expiring within 30 days (`expiring`: the
    caller's, ordered and limited as below, when it has them)."""
    if registered is None:
        registered = dashboard_registered(user=user)
    today = timezone.localdate()
    items = []
    mandatory = sorted(
        (participant for participant in registered if participant.due_date is not None),
        key=lambda participant: participant.due_date,
    )[:10]
    for participant in mandatory:
        overdue = participant.due_date < today
        items.append(
            {
                "label": participant.training.title,
                "url": participant.training.get_absolute_url(),
                "due": (_("overdue since %(date)s") if overdue else _("due %(date)s"))
                % {"date": participant.due_date.isoformat()},
                "level": "danger" if overdue else "warning",
            }
        )
    if expiring is None:
        now = timezone.now()
        expiring = certificate_list(user=user).filter(
            expires_at__gt=now, expires_at__lte=now + datetime.timedelta(days=EXPIRY_NOTICE_DAYS)
        )[:10]
    for certificate in expiring:
        items.append(
            {
                "label": _("Certificate: %(title)s") % {"title": certificate.training.title},
                "url": reverse("training:certificate_list"),
                "due": _("expires %(date)s")
                % {"date": timezone.localdate(certificate.expires_at).isoformat()},
                "level": "warning",
            }
        )
    return items


EXPIRY_NOTICE_DAYS = 30  # the dashboard lists certificates expiring within this many days
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
            # computes its text vector (it underestimates that cost: 18 ms for 35 trainings)
            # instead of asking the GIN index. A LIMIT keeps the matching subquery from being
            # merged into the outer query, so the index finds the matches first (5 ms).
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


def question_get(*, user: User, pk: int) -> Question:
    return get_object_or_404(
        Question.objects.select_related("quiz__lesson__course__training").filter(
            quiz__lesson__course__training__in=visible_trainings(user=user)
        ),
        pk=pk,
    )
