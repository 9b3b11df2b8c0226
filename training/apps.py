from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from intrasphere import caching

        caching.register_values(
            {
                # The lessons a course's prerequisites require (an m2m of courses).
                "prerequisite_lessons": ("training.Course", "training.Lesson"),
                # A training, lesson or quiz with what its page shows (access checked per viewer).
                "training_page": (
                    "training.Training",
                    "training.Course",
                    "training.Lesson",
                    "accounts.User",
                ),
                "lesson_page": ("training.Training", "training.Course", "training.Lesson"),
                "quiz_page": (
                    "training.Training",
                    "training.Course",
                    "training.Lesson",
                    "training.Quiz",
                ),
                "search_trainings": ("training.Training",),
                "search_lessons": ("training.Lesson", "training.Course", "training.Training"),
                # What the search keys on about a viewer: their participations.
                "training_participations": ("training.Participant", "training.Training"),
                # The dashboard's mandatory-training completion over all participants.
                "mandatory_completion": ("training.Participant", "training.Training"),
            }
        )
        from training import signals

        signals.connect()
