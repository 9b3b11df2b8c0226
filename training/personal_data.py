"""Training: what happens to each relation to a person (intrasphere.privacy)."""

from django.utils.translation import gettext_noop as _

from intrasphere.privacy import KEEP, declare

declare(
    "training.Training",
    "instructor",
    export=False,
    on_anonymise=KEEP,
    reason=_("A company training: it stays, its instructor shown anonymised."),
)
for model in ("training.Participant", "training.QuizAttempt", "training.LessonProgress"):
    declare(
        model,
        "user",
        export=True,
        on_anonymise=KEEP,
        reason=_("Training records: compliance statistics and counts stay right."),
    )
declare(
    "training.Certificate",
    "user",
    export=True,
    on_anonymise=KEEP,
    reason=_("A certificate stays verifiable (valid/expired, training, date)."),
)
declare(
    "training.Certificate",
    "issued_by",
    export=False,
    on_anonymise=KEEP,
    reason=_("Who issued a certificate; the name is anonymised."),
)
