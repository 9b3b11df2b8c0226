"""Forum: what happens to each relation to a person (intrasphere.privacy)."""

from django.utils.translation import gettext_noop as _

from intrasphere.privacy import DELETE, KEEP, declare, declare_text
from intrasphere.retention import cutoff, delete_in_batches, purger

WRITING = _("The discussion stays readable; the author is shown anonymised.")

declare("forum.Topic", "author", export=True, on_anonymise=KEEP, reason=WRITING)
declare("forum.Post", "author", export=True, on_anonymise=KEEP, reason=WRITING)
declare(
    "forum.Topic",
    "last_post_author",
    export=False,
    on_anonymise=KEEP,
    reason=_("A denormalised copy of the last post's author."),
)
declare(
    "forum.PostRevision",
    "edited_by",
    export=False,
    on_anonymise=KEEP,
    reason=_("Moderation history; the editor is shown anonymised."),
)
declare(
    "forum.Like",
    "user",
    export=True,
    on_anonymise=KEEP,
    reason=_("Kept so that like counts stay equal to their rows."),
)
declare(
    "forum.TopicView",
    "user",
    export=True,
    on_anonymise=DELETE,
    reason=_("Reading marks: only useful to the reader."),
)
declare(
    "forum.Subscription",
    "user",
    export=True,
    on_anonymise=DELETE,
    reason=_("Notification preference of the person."),
)
declare(
    "forum.Report",
    "reporter",
    export=True,
    on_anonymise=KEEP,
    reason=_("Moderation record; the reporter is shown anonymised."),
)
declare(
    "forum.Report",
    "handled_by",
    export=False,
    on_anonymise=KEEP,
    reason=_("Moderation record; the moderator is shown anonymised."),
)
declare(
    "forum.CategoryUserObjectPermission",
    "user",
    export=True,
    on_anonymise=DELETE,
    reason=_("A moderation right on a category: meaningless once the person has left."),
)
declare_text("forum.Post", ("content",), reason=_("Mentions (@username) and quotes of a person."))


@purger("forum reading marks")
def purge_topic_views(*, now):
    from django.conf import settings

    from forum.models import TopicView

    before = cutoff(settings.PRIVACY_TOPIC_VIEW_DAYS, now)
    if before is None:
        return 0
    return delete_in_batches(TopicView.objects.filter(last_read_at__lt=before))
