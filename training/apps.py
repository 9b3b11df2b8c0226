from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from intrasphere.manage_links import ManageLink, register
        from training import permissions as p

        register(
            ManageLink(
                "training:training_create",
                _("New training"),
                _("Create a training with its courses and sessions."),
                p.can_manage_all,
            ),
            ManageLink(
                "training:compliance",
                _("Training compliance"),
                _("Mandatory trainings completed, per department."),
                p.can_manage_all,
            ),
        )

        from intrasphere import caching
        from training import signals

        caching.register_values(
            {
                "search_trainings": ("training.Training",),
                "search_lessons": ("training.Lesson", "training.Course", "training.Training"),
                # What the search keys on about a viewer: their participations.
                "training_participations": ("training.Participant", "training.Training"),
                # The active mandatory trainings with their audiences (every dashboard).
                "mandatory_trainings": ("training.Training", "accounts.EmployeeCategory"),
                # The dashboard's mandatory-training figures (the compliance matrix added up):
                # bounded by the TTL only. They read every participation of every mandatory
                # training; computed again after each registration, they made every manager's
                # dashboard wait behind the whole matrix (bench/RESULTS.md, scale 10). The
                # matrix page itself is always exact.
                "mandatory_completion": (),
            }
        )
        signals.connect()
