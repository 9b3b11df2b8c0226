"""The notifications training sends (intrasphere.notifications)."""

from django.utils.translation import gettext_noop as _

from intrasphere.notifications import date_value, register

TRAININGS = "trainings"

register("training.registered", _("You are registered for “%(title)s”."), category=TRAININGS)
register(
    "training.waitlisted", _("“%(title)s” is full: you are on the waitlist."), category=TRAININGS
)
register(
    "training.promoted",
    _("A seat opened up: you are now registered for “%(title)s”."),
    category=TRAININGS,
)
register(
    "training.enrolled",
    _("You are enrolled in the mandatory training “%(title)s”, due %(due)s."),
    category=TRAININGS,
    values={"due": date_value},
)
register(
    "training.certificate_ready",
    _("Your certificate for “%(title)s” is ready."),
    category=TRAININGS,
)
register(
    "training.certificate_expiring",
    _("Your certificate for “%(title)s” expires on %(date)s."),
    category=TRAININGS,
    values={"date": date_value},
)
