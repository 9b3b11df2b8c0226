"""Reads of the training domain, already limited to what the user may see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Avg, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from intrasphere import caching
from intrasphere.search import SearchGroup, SearchHit, snippet, text_search
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


def training_catalog_audience(user: User) -> tuple[str | int, ...]:
    """What the catalog's body depends on (`visible_trainings`): global managers see every
    training and the "New training" and "Compliance" buttons; everyone else the open trainings
    plus the hidden or closed ones they manage or are enrolled in. Those few extra trainings are
    in the key (shared by co-instructors or a cohort), never who the viewer is."""
    if can_manage_all(user):
        return ("all",)
    extra = (
        visible_trainings(user=user)
        .exclude(is_active=True, is_visible=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return ("open", *extra)


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


def _visible_to(user: User, training: Training) -> bool:
    """`visible_trainings` for one training in memory: open to all, or managed by `user`, or one
    they are (or were) enrolled in (the only case that needs a query).

    The pages of one training, lesson or quiz ask this instead of filtering by
    `visible_trainings`, whose subqueries cost more to compose than the page's own reads."""
    if training.is_active and training.is_visible:
        return True
    if can_manage_all(user) or training.pk in managed_training_ids(user):
        return True
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


def syllabus_progress(*, user: User, training: Training) -> SyllabusProgress:
    """Every lesson of `training` and whether `user` finished it, in one query (instead of the
    progress, courses, lessons and prerequisites of `course_states`)."""
    done_by_user = LessonProgress.objects.filter(user_id=user.pk, lesson=OuterRef("pk"))
    rows = (
        Lesson.objects.filter(course__training=training)
        .annotate(is_done=Exists(done_by_user))
        .values_list("pk", "course_id", "is_done")
    )
    progress = SyllabusProgress()
    for pk, course_id, is_done in rows:
        progress.total[course_id] = progress.total.get(course_id, 0) + 1
        if is_done:
            progress.done[course_id] = progress.done.get(course_id, 0) + 1
            progress.done_ids.add(pk)
    return progress


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


def lesson_state(*, user: User, lesson: Lesson) -> tuple[bool, bool]:
    """(its course is open to `user`: every prerequisite lesson completed; `user` completed the
    lesson), from one query on the user's progress."""
    needed = prerequisite_lessons(course=lesson.course)
    done = set(
        LessonProgress.objects.filter(
            user_id=user.pk, lesson_id__in=[*needed, lesson.pk]
        ).values_list("lesson_id", flat=True)
    )
    return needed <= done, lesson.pk in done


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


def attempt_history(*, user: User, quiz: Quiz) -> QuerySet[QuizAttempt]:
    return QuizAttempt.objects.filter(user=user, quiz=quiz).order_by("-number")


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


def dashboard_completion(*, user: User) -> dict[str, Completion | None]:
    """Training completion for the dashboard charts.

    "mine": the user's own trainings (done / in progress / not started), None without any, from
    the participations the dashboard reads anyway; "mandatory": every participant of mandatory
    trainings, for training managers only (one aggregate query). Cancelled and waitlisted rows
    do not count.
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
        done, in_progress, not_started = caching.shared_value(
            "mandatory_completion", vary=(), compute=_mandatory_completion
        )
        mandatory = Completion(done=done, in_progress=in_progress, not_started=not_started)
        result["mandatory"] = mandatory if mandatory.total else None
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


def search_groups(*, user: User, query: str, language: str) -> list[SearchGroup]:
    trainings = text_search(
        visible_trainings(user=user), query, ["title", "category", "description"], language=language
    )
    followed = Participant.objects.filter(
        user=user, training=OuterRef("course__training"), status__in=Participant.SEATED
    )
    lessons = Lesson.objects.select_related("course__training")
    if not can_manage_all(user):
        # Left to itself, PostgreSQL walks every lesson of the trainings one follows and
        # computes its text vector (it underestimates that cost: 18 ms for 35 trainings)
        # instead of asking the GIN index. A LIMIT keeps the matching subquery from being
        # merged into the outer query, so the index finds the matches first (5 ms).
        matching = text_search(Lesson.objects.all(), query, LESSON_FIELDS, language=language)
        lessons = lessons.filter(
            Q(Exists(followed)) | Q(course__training__in=managed_trainings(user=user).values("pk")),
            pk__in=matching.order_by().values("pk")[:LESSON_MATCH_LIMIT],
        )
    lessons = text_search(lessons, query, LESSON_FIELDS, language=language)
    return [
        SearchGroup(
            key="trainings",
            label=_("Trainings"),
            queryset=trainings,
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
            queryset=lessons,
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
