"""Matrix cases for the training domain."""

from tests.matrix import LOGIN, Case, everyone, needs, public
from tests.training.factories import (
    CertificateFactory,
    CourseFactory,
    LessonAttachmentFactory,
    LessonFactory,
    QuizAttemptFactory,
    ResourceFactory,
    TrainingFactory,
    quiz_with_questions,
    seat,
)

MANAGE = "training.manage_trainings"


def _training(w):
    return TrainingFactory(title="Matrix training", is_mandatory=True)


def _lesson(w):
    return LessonFactory(course=CourseFactory(training=w.get("training")))


def _quiz(w):
    return quiz_with_questions(lesson=w.get("lesson"))


def _admin_participant(w):
    return seat(w.get("training"), w.user("admin"))


def _only_admin(status: int = 200, others: int = 404) -> dict:
    """Objects that belong to the admin user: every other role gets a 404."""
    return {
        "anonymous": LOGIN,
        "employee": others,
        "moderator": others,
        "delegate": others,
        "admin": status,
    }


def _nobody(status: int = 403) -> dict:
    return {**everyone(status)}


OBJECTS = {
    "training": _training,
    "lesson": _lesson,
    "quiz": _quiz,
    "lesson_attachment": lambda w: LessonAttachmentFactory(lesson=w.get("lesson")),
    "resource": lambda w: ResourceFactory(training=w.get("training")),
    "admin_participant": _admin_participant,
    "admin_attempt": lambda w: QuizAttemptFactory(quiz=w.get("quiz"), user=w.user("admin")),
    "admin_certificate": lambda w: CertificateFactory(
        training=w.get("training"), user=w.user("admin")
    ),
}

T = lambda w: {"pk": w.get("training").pk}  # noqa: E731

CASES = [
    Case("training:training_list", everyone()),
    Case("training:training_list", everyone(), query="q=x&difficulty=bogus&page=1", label="bad"),
    Case("training:my_trainings", everyone()),
    Case("training:training_create", needs(MANAGE)),
    Case("training:training_detail", everyone(), kwargs=T),
    Case("training:training_detail", everyone(404), kwargs=lambda w: {"pk": 999999}, label="404"),
    Case("training:training_edit", needs(MANAGE), kwargs=T),
    Case("training:training_delete", needs(MANAGE, ok=302), kwargs=T, method="POST"),
    Case("training:training_register", everyone(302), kwargs=T, method="POST"),
    Case("training:training_unregister", everyone(302), kwargs=T, method="POST"),
    Case("training:training_resume", _nobody(403), kwargs=T),
    Case("training:training_feedback", _nobody(403), kwargs=T, method="POST"),
    Case("training:training_enrol", needs(MANAGE), kwargs=T),
    Case("training:participant_list", needs(MANAGE), kwargs=T),
    Case("training:participant_export", needs(MANAGE), kwargs=T),
    Case(
        "training:participant_progress",
        needs(MANAGE, denied=404),
        kwargs=lambda w: {"pk": w.get("admin_participant").pk},
    ),
    Case(
        "training:participant_mark",
        needs(MANAGE, ok=302, denied=404),
        kwargs=lambda w: {"pk": w.get("admin_participant").pk},
        method="POST",
    ),
    Case(
        "training:certificate_issue",
        needs(MANAGE, ok=302, denied=404),
        kwargs=lambda w: {"pk": w.get("admin_participant").pk},
        method="POST",
    ),
    # Without a seat, a course, lesson or quiz link leads to the training page ("Register").
    Case(
        "training:course_detail",
        needs(MANAGE, denied=302),
        kwargs=lambda w: {"pk": w.get("lesson").course.pk},
    ),
    Case(
        "training:lesson_detail",
        needs(MANAGE, denied=302),
        kwargs=lambda w: {"pk": w.get("lesson").pk},
    ),
    Case(
        "training:lesson_complete",
        _nobody(403),
        kwargs=lambda w: {"pk": w.get("lesson").pk},
        method="POST",
    ),
    Case(
        "training:attachment_download",
        needs(MANAGE),
        kwargs=lambda w: {"pk": w.get("lesson_attachment").pk},
    ),
    Case(
        "training:resource_download",
        needs(MANAGE, ok=302),
        kwargs=lambda w: {"pk": w.get("resource").pk},
    ),
    Case(
        "training:quiz_detail",
        needs(MANAGE, denied=302),
        kwargs=lambda w: {"pk": w.get("quiz").pk},
    ),
    Case(
        "training:quiz_start",
        _nobody(403),
        kwargs=lambda w: {"pk": w.get("quiz").pk},
        method="POST",
    ),
    Case(
        "training:attempt_detail",
        _only_admin(),
        kwargs=lambda w: {"pk": w.get("admin_attempt").pk},
    ),
    Case(
        "training:attempt_submit",
        _only_admin(302),
        kwargs=lambda w: {"pk": w.get("admin_attempt").pk},
        method="POST",
    ),
    Case("training:certificate_list", everyone()),
    Case(
        "training:certificate_pdf",
        needs(MANAGE, denied=404),
        kwargs=lambda w: {"pk": w.get("admin_certificate").pk},
    ),
    Case(
        "training:certificate_verify",
        public(),
        kwargs=lambda w: {"code": w.get("admin_certificate").code},
    ),
    Case(
        "training:certificate_verify",
        public(404),
        kwargs=lambda w: {"code": "NOPE"},
        label="unknown",
    ),
    Case("training:compliance", needs(MANAGE)),
    Case("training:compliance", needs(MANAGE), query="format=csv", label="csv"),
    Case(
        "training:compliance_detail",
        needs(MANAGE),
        kwargs=T,
        query="department=Operations",
    ),
    Case("training:training_thumbnail", everyone(404), kwargs=T),
    Case("training:course_create", needs(MANAGE), kwargs=T),
    Case("training:course_edit", needs(MANAGE), kwargs=lambda w: {"pk": w.get("lesson").course.pk}),
    Case(
        "training:course_delete",
        needs(MANAGE, ok=302),
        kwargs=lambda w: {"pk": w.get("lesson").course.pk},
        method="POST",
    ),
    Case(
        "training:lesson_create", needs(MANAGE), kwargs=lambda w: {"pk": w.get("lesson").course.pk}
    ),
    Case("training:lesson_edit", needs(MANAGE), kwargs=lambda w: {"pk": w.get("lesson").pk}),
    Case(
        "training:lesson_delete",
        needs(MANAGE, ok=302),
        kwargs=lambda w: {"pk": w.get("lesson").pk},
        method="POST",
    ),
    Case("training:attachment_create", needs(MANAGE), kwargs=lambda w: {"pk": w.get("lesson").pk}),
    Case(
        "training:attachment_delete",
        needs(MANAGE, ok=302),
        kwargs=lambda w: {"pk": w.get("lesson_attachment").pk},
        method="POST",
    ),
    Case("training:resource_create", needs(MANAGE), kwargs=T),
    Case("training:resource_edit", needs(MANAGE), kwargs=lambda w: {"pk": w.get("resource").pk}),
    Case(
        "training:resource_edit",
        needs(MANAGE, ok=302),
        kwargs=lambda w: {"pk": w.get("resource").pk},
        method="POST",
        data=lambda w: {"title": "Slides v2", "url": "https://example.com/v2"},
        label="save",
    ),
    Case(
        "training:resource_delete",
        needs(MANAGE, ok=302),
        kwargs=lambda w: {"pk": w.get("resource").pk},
        method="POST",
    ),
    Case("training:quiz_edit", needs(MANAGE), kwargs=lambda w: {"pk": w.get("lesson").pk}),
    Case(
        "training:quiz_delete",
        needs(MANAGE, ok=302),
        kwargs=lambda w: {"pk": w.get("quiz").pk},
        method="POST",
    ),
    Case("training:question_create", needs(MANAGE), kwargs=lambda w: {"pk": w.get("quiz").pk}),
    Case(
        "training:question_edit",
        needs(MANAGE),
        kwargs=lambda w: {"pk": w.get("quiz").questions.first().pk},
    ),
    Case(
        "training:question_delete",
        needs(MANAGE, ok=302),
        kwargs=lambda w: {"pk": w.get("quiz").questions.first().pk},
        method="POST",
    ),
]
