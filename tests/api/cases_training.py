"""API matrix cases: trainings, the learner's side (objects from the pages' matrix,
tests/training/matrix.py: `training` is open, `lesson` one of its lessons, `quiz` that lesson's
quiz, `admin_attempt` and `admin_certificate` the administrator's)."""

from tests.api.cases import needs, pk, signed_in
from tests.matrix import Case
from tests.training.factories import LessonFactory, seat

MANAGE = "training.manage_trainings"

OBJECTS = {
    "api_employee_seat": lambda w: seat(w.get("training"), w.user("employee")),
    "api_quizless_lesson": lambda w: LessonFactory(course=w.get("lesson").course),
}


def _seated(name):
    """The employee holds a seat in the training; the URL names `name`'s object."""

    def kwargs(w):
        w.get("api_employee_seat")
        return {"pk": w.get(name).pk}

    return kwargs


def seated_or_manager(ok=200):
    """Lessons and quizzes: a participant with a seat, or a manager of the training."""
    return {**needs(MANAGE, ok=ok), "employee": ok}


def only_admin(ok=200):
    """The administrator's own object: 404 for everyone else."""
    return {"anonymous": 401, "employee": 404, "moderator": 404, "delegate": 404, "admin": ok}


def seated_only(ok=200, others=403):
    return {"anonymous": 401, "employee": ok, "moderator": others, "delegate": others,
            "admin": others, "_perm": MANAGE}  # fmt: skip


T = pk("training")

CASES = [
    Case("api:training-list", signed_in()),
    Case("api:training-list", signed_in(), query="q=matrix&mandatory=true", label="filtered"),
    Case("api:training-list", signed_in(400), query="difficulty=bogus", label="bad filter"),
    Case("api:training-detail", signed_in(), kwargs=T),
    Case("api:training-detail", signed_in(404), kwargs=lambda w: {"pk": 999999}, label="404"),
    Case("api:training-register", signed_in(), method="POST", kwargs=T),
    Case(
        "api:training-register",
        seated_only(400, others=200),  # already registered
        method="POST",
        kwargs=_seated("training"),
        label="seated",
    ),
    Case("api:training-unregister", signed_in(400), method="DELETE", kwargs=T),
    Case(
        "api:training-unregister",
        seated_only(200, others=400),
        method="DELETE",
        kwargs=_seated("training"),
        label="seated",
    ),
    Case("api:training-participants", needs(MANAGE), kwargs=T),
    Case(
        "api:training-participants",
        needs(MANAGE, ok=400),
        kwargs=T,
        query="status=lost",
        label="bad filter",
    ),
    Case("api:training-courses", signed_in(), kwargs=T),
    Case(
        "api:course-detail",
        needs(MANAGE),
        kwargs=lambda w: {"pk": w.get("lesson").course_id},
    ),
    Case(
        "api:course-detail",
        seated_or_manager(),
        kwargs=lambda w: {"pk": (w.get("api_employee_seat"), w.get("lesson"))[1].course_id},
        label="seated",
    ),
    Case(
        "api:course-lessons",
        seated_or_manager(),
        kwargs=lambda w: {"pk": (w.get("api_employee_seat"), w.get("lesson"))[1].course_id},
    ),
    Case("api:lesson-detail", needs(MANAGE), kwargs=pk("lesson")),
    Case("api:lesson-detail", seated_or_manager(), kwargs=_seated("lesson"), label="seated"),
    Case("api:lesson-detail", signed_in(404), kwargs=lambda w: {"pk": 999999}, label="404"),
    Case("api:lesson-attachment-file", needs(MANAGE), kwargs=pk("lesson_attachment")),
    Case(
        "api:lesson-attachment-file",
        seated_or_manager(),
        kwargs=_seated("lesson_attachment"),
        label="seated",
    ),
    Case(
        "api:lesson-attachment-file",
        signed_in(404),
        kwargs=lambda w: {"pk": 999999},
        label="404",
    ),
    # A resource given as an address: the download is a redirect to it.
    Case("api:resource-file", needs(MANAGE, ok=302), kwargs=pk("resource")),
    Case(
        "api:resource-file",
        seated_or_manager(302),
        kwargs=_seated("resource"),
        label="seated",
    ),
    Case("api:progress", signed_in(403), method="PUT", kwargs=pk("lesson"), label="lesson"),
    Case(
        "api:progress",
        seated_only(),
        method="PUT",
        kwargs=_seated("lesson"),
        label="lesson seated",
    ),
    Case(
        "api:progress",
        {**needs(MANAGE), "employee": 200},  # one's own, or anyone's for training managers
        kwargs=lambda w: {"pk": w.user("employee").pk},
        label="user",
    ),
    Case("api:certificate-list", signed_in()),
    Case(
        "api:certificates-of-user",
        needs(MANAGE),
        kwargs=lambda w: {"pk": w.get("admin_certificate").user_id},
    ),
    Case(
        "api:certificate-pdf",
        needs(MANAGE, denied=404),  # its owner (the administrator) and the training's managers
        kwargs=lambda w: {"pk": w.get("admin_certificate").pk},
    ),
    Case("api:resource-list", signed_in(400), label="no training"),
    Case("api:resource-list", signed_in(404), query="training=999999", label="unknown"),
    Case("api:quiz-detail", needs(MANAGE), kwargs=pk("quiz")),
    Case("api:quiz-detail", seated_or_manager(), kwargs=_seated("quiz"), label="seated"),
    Case("api:quiz-attempt-start", signed_in(403), method="POST", kwargs=pk("quiz")),
    Case(
        "api:quiz-attempt-start",
        seated_only(201),
        method="POST",
        kwargs=_seated("quiz"),
        label="seated",
    ),
    Case("api:attempt-detail", only_admin(), kwargs=pk("admin_attempt")),
    Case(
        "api:attempt-submit",
        only_admin(),
        method="POST",
        kwargs=pk("admin_attempt"),
        data=lambda w: {},
    ),
    Case(
        "api:attempt-submit",
        only_admin(400),
        method="POST",
        kwargs=pk("admin_attempt"),
        data=lambda w: {"q-1": {"choice": 1}},
        label="bad input",
    ),
]

# The managers' side: trainings, courses, lessons, resources, certificates.
CASES += [
    Case(
        "api:training-list",
        needs(MANAGE, ok=201),
        method="POST",
        data=lambda w: {"title": "New training", "max_participants": 5},
    ),
    Case(
        "api:training-list",
        needs(MANAGE, ok=400),
        method="POST",
        data=lambda w: {"title": "", "max_participants": -1},
        label="bad input",
    ),
    Case(
        "api:training-detail",
        needs(MANAGE),
        method="PATCH",
        kwargs=T,
        data=lambda w: {"title": "Renamed"},
    ),
    Case(
        "api:training-detail",
        needs(MANAGE, ok=400),
        method="PATCH",
        kwargs=T,
        data=lambda w: {"start_date": "not a date"},
        label="bad input",
    ),
    Case("api:training-detail", needs(MANAGE, ok=204), method="DELETE", kwargs=T),
    Case(
        "api:course-list",
        needs(MANAGE, ok=201),
        method="POST",
        data=lambda w: {"training": w.get("training").pk, "title": "New course"},
    ),
    Case(
        "api:course-list",
        signed_in(400),
        method="POST",
        data=lambda w: {"training": "x", "title": "New course"},
        label="bad input",
    ),
    Case(
        "api:course-detail",
        needs(MANAGE),
        method="PATCH",
        kwargs=lambda w: {"pk": w.get("lesson").course_id},
        data=lambda w: {"title": "Renamed"},
    ),
    Case(
        "api:course-detail",
        needs(MANAGE, ok=204),
        method="DELETE",
        kwargs=lambda w: {"pk": w.get("lesson").course_id},
    ),
    Case(
        "api:lesson-list",
        needs(MANAGE, ok=201),
        method="POST",
        data=lambda w: {"course": w.get("lesson").course_id, "title": "New lesson"},
    ),
    Case(
        "api:lesson-list",
        needs(MANAGE, ok=400),
        method="POST",
        data=lambda w: {"course": w.get("lesson").course_id, "title": "x" * 201},
        label="bad input",
    ),
    Case(
        "api:lesson-detail",
        needs(MANAGE),
        method="PATCH",
        kwargs=pk("lesson"),
        data=lambda w: {"title": "Renamed"},
    ),
    Case("api:lesson-detail", needs(MANAGE, ok=204), method="DELETE", kwargs=pk("lesson")),
    Case(
        "api:resource-list",
        needs(MANAGE, ok=201),
        method="POST",
        data=lambda w: {
            "training": w.get("training").pk,
            "title": "Link",
            "url": "https://example.com/more",
        },
    ),
    Case(
        "api:resource-list",
        needs(MANAGE, ok=400),
        method="POST",
        data=lambda w: {"training": w.get("training").pk, "title": "Nothing"},
        label="bad input",
    ),
    Case("api:resource-detail", needs(MANAGE), kwargs=pk("resource")),
    Case("api:resource-detail", seated_or_manager(), kwargs=_seated("resource"), label="seated"),
    Case("api:resource-detail", needs(MANAGE, ok=204), method="DELETE", kwargs=pk("resource")),
    Case(
        "api:certificate-list",
        {**needs(MANAGE, ok=201), "employee": 400, "moderator": 400},  # not theirs to see
        method="POST",
        data=lambda w: {"participant": w.get("admin_participant").pk},
    ),
    Case(
        "api:certificate-list",
        signed_in(400),
        method="POST",
        data=lambda w: {"participant": "me"},
        label="bad input",
    ),
]

CASES += [
    # Only a participant who completed the training rates it; without a place: 403.
    Case(
        "api:training-feedback",
        signed_in(403),
        method="POST",
        kwargs=T,
        data=lambda w: {"feedback_rating": 4},
    ),
    Case(
        "api:training-feedback",
        seated_only(400, others=403),  # seated, not completed: the service refuses
        method="POST",
        kwargs=_seated("training"),
        data=lambda w: {"feedback_rating": 4},
        label="seated",
    ),
    Case(
        "api:training-feedback",
        seated_only(400, others=403),
        method="POST",
        kwargs=_seated("training"),
        data=lambda w: {"feedback_rating": 9},
        label="bad input",
    ),
]

CASES += [
    Case("api:course-list", signed_in(400), label="no training"),
    Case("api:course-list", signed_in(404), query="training=999999", label="unknown"),
    Case("api:lesson-list", signed_in(400), label="no course"),
    Case("api:lesson-list", signed_in(404), query="course=999999", label="unknown"),
]


def _question(w):
    return {"pk": w.get("quiz").questions.first().pk}


QUESTION = {
    "text": "Where is the assembly point?",
    "kind": "single",
    "points": 1,
    "explanation": "",
    "order": 1,
    "choices": [{"text": "Car park", "is_correct": True}, {"text": "Roof", "is_correct": False}],
}

# Authoring (quizzes, questions, attachments), enrolment, attendance and compliance.
CASES += [
    # Everyone lists the quizzes they may open (an empty list without a seat).
    Case("api:quiz-list", signed_in()),
    Case("api:quiz-list", signed_in(), query="lesson=999999", label="unknown lesson"),
    Case("api:quiz-list", signed_in(400), query="lesson=abc", label="bad lesson"),
    Case(
        "api:quiz-list",
        needs(MANAGE, ok=201),
        method="POST",
        data=lambda w: {"lesson": w.get("api_quizless_lesson").pk, "passing_score": 80},
    ),
    Case(
        "api:quiz-list",
        needs(MANAGE, ok=400),
        method="POST",
        data=lambda w: {"lesson": w.get("quiz").lesson_id},  # it has its quiz already
        label="bad input",
    ),
    Case(
        "api:quiz-list",
        signed_in(400),
        method="POST",
        data=lambda w: {"lesson": "x"},
        label="no lesson",
    ),
    Case(
        "api:quiz-detail",
        needs(MANAGE),
        method="PATCH",
        kwargs=pk("quiz"),
        data=lambda w: {"passing_score": 60},
    ),
    Case(
        "api:quiz-detail",
        needs(MANAGE),
        method="PUT",
        kwargs=pk("quiz"),
        data=lambda w: {"title": "Safety", "passing_score": 75, "max_attempts": 2},
    ),
    Case(
        "api:quiz-detail",
        needs(MANAGE, ok=400),
        method="PATCH",
        kwargs=pk("quiz"),
        data=lambda w: {"passing_score": 500},
        label="bad input",
    ),
    Case("api:quiz-detail", needs(MANAGE, ok=204), method="DELETE", kwargs=pk("quiz")),
    Case("api:quiz-questions", needs(MANAGE), kwargs=pk("quiz")),
    Case("api:quiz-questions", signed_in(404), kwargs=lambda w: {"pk": 999999}, label="404"),
    Case(
        "api:quiz-questions",
        needs(MANAGE, ok=201),
        method="POST",
        kwargs=pk("quiz"),
        data=lambda w: QUESTION,
    ),
    Case(
        "api:quiz-questions",
        needs(MANAGE, ok=400),
        method="POST",
        kwargs=pk("quiz"),
        data=lambda w: {**QUESTION, "choices": [{"text": "Alone", "is_correct": True}]},
        label="bad input",
    ),
    Case("api:question-detail", needs(MANAGE), kwargs=_question),
    Case("api:question-detail", signed_in(404), kwargs=lambda w: {"pk": 999999}, label="404"),
    Case(
        "api:question-detail",
        needs(MANAGE),
        method="PATCH",
        kwargs=_question,
        data=lambda w: {"points": 3},
    ),
    Case(
        "api:question-detail",
        needs(MANAGE),
        method="PUT",
        kwargs=_question,
        data=lambda w: QUESTION,
    ),
    Case(
        "api:question-detail",
        needs(MANAGE, ok=400),
        method="PUT",
        kwargs=_question,
        data=lambda w: {**QUESTION, "choices": "two"},
        label="bad input",
    ),
    Case("api:question-detail", needs(MANAGE, ok=204), method="DELETE", kwargs=_question),
    # JSON carries no file: the upload itself is in test_training_authoring_api.py.
    Case(
        "api:lesson-attachment-list",
        needs(MANAGE, ok=400),
        method="POST",
        data=lambda w: {"lesson": w.get("lesson").pk, "title": "Slides"},
        label="bad input",
    ),
    Case(
        "api:lesson-attachment-detail",
        needs(MANAGE, ok=204),
        method="DELETE",
        kwargs=pk("lesson_attachment"),
    ),
    Case(
        "api:training-enrol",
        needs(MANAGE),
        method="POST",
        kwargs=pk("training"),
        data=lambda w: {"department": "Operations", "due_date": "2030-01-31"},
    ),
    Case(
        "api:training-enrol",
        needs(MANAGE, ok=400),
        method="POST",
        kwargs=pk("training"),
        data=lambda w: {"due_date": "someday"},
        label="bad input",
    ),
    Case(
        "api:participant-attendance",
        needs(MANAGE, denied=404),
        method="PUT",
        kwargs=pk("admin_participant"),
        data=lambda w: {"attended": True, "completed": False},
    ),
    Case(
        "api:participant-attendance",
        needs(MANAGE, ok=400, denied=404),
        method="PUT",
        kwargs=pk("admin_participant"),
        data=lambda w: {"attended": {"yes": 1}},
        label="bad input",
    ),
    Case("api:training-compliance", needs(MANAGE)),
    Case(
        "api:training-compliance-detail",
        needs(MANAGE),
        kwargs=pk("training"),
        query="department=Operations",
    ),
]

# The inventory's PUT /resources/<id> (the matrix resource is a link).
CASES += [
    Case(
        "api:resource-detail",
        needs(MANAGE),
        method="PATCH",
        kwargs=pk("resource"),
        data=lambda w: {"title": "Renamed"},
    ),
    Case(
        "api:resource-detail",
        needs(MANAGE),
        method="PUT",
        kwargs=pk("resource"),
        data=lambda w: {"title": "Guide", "description": "", "url": "https://example.com/guide"},
    ),
    Case(
        "api:resource-detail",
        needs(MANAGE, ok=400),
        method="PUT",
        kwargs=pk("resource"),
        data=lambda w: {"title": "Guide", "url": "not a link"},
        label="bad input",
    ),
]
