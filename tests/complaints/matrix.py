"""Matrix cases for the helpdesk, with the confidentiality cases.

Objects: `complaint` is confidential, filed by someone else and assigned to the moderator (so
the moderator is "the assignee"); `other_complaint` is confidential and assigned to someone
else (the moderator is then "a handler without the right on it"); `own_complaint` is the
employee's own. The delegate holds `complaints.manage_complaints` (a manager).
"""

from complaints.models import SavedFilter, SavedReply
from tests.complaints.factories import (
    AttachmentFactory,
    ComplaintFactory,
    assign_to,
    report,
    resolved,
)
from tests.factories import UserFactory, grant
from tests.matrix import LOGIN, Case, everyone, needs, public

MANAGE = "complaints.manage_complaints"
HANDLE = "complaints.handle_concerns"


def _complaint(w):
    return assign_to(
        ComplaintFactory(submitter=UserFactory(username="m-submitter"), confidential=True),
        w.user("moderator"),
    )


def _other_complaint(w):
    w.get("complaint")  # the moderator handles another complaint
    handler = grant(UserFactory(username="m-handler"), MANAGE)
    return assign_to(
        ComplaintFactory(submitter=UserFactory(username="m-submitter2"), confidential=True),
        handler,
    )


OBJECTS = {
    "complaint": _complaint,
    "other_complaint": _other_complaint,
    "own_complaint": lambda w: ComplaintFactory(submitter=w.user("employee")),
    "own_resolved": lambda w: resolved(ComplaintFactory(submitter=w.user("employee"))),
    "attachment": lambda w: AttachmentFactory(complaint=w.get("complaint")),
    "reveal_manager": lambda w: grant(UserFactory(username="m-reveal-to"), MANAGE),
    # The reporting channel: a report made anonymously by someone else, and its receipt.
    "concern_receipt": lambda w: report(reporter=UserFactory(username="m-reporter")),
    "saved_filter": lambda w: SavedFilter.objects.create(
        user=w.user("delegate"), name="Mine", query="status=open"
    ),
    "saved_reply": lambda w: SavedReply.objects.create(title="Reboot", body="Restart it."),
}


def assignee_sees(ok=200):
    """Confidential, assigned to the moderator: others 404, assignee and managers ok."""
    return {"anonymous": LOGIN, "employee": 404, "moderator": ok, "delegate": ok, "admin": ok,
            "_perm": MANAGE}  # fmt: skip


def managers_only_see(ok=200):
    """Confidential, assigned elsewhere: the moderator handles others only, so 404 too."""
    return {"anonymous": LOGIN, "employee": 404, "moderator": 404, "delegate": ok, "admin": ok,
            "_perm": MANAGE}  # fmt: skip


def submitter_sees(ok=200, manager=200):
    return {"anonymous": LOGIN, "employee": ok, "moderator": 404, "delegate": manager,
            "admin": manager, "_perm": MANAGE}  # fmt: skip


def _with_assignment(w):
    """No URL arguments, but the moderator is the assignee of `complaint`."""
    w.get("complaint")
    return {}


def _receipt_pk(w):
    return {"pk": w.get("concern_receipt").concern.pk}


def _pk(name):
    return lambda w: {"pk": w.get(name).pk}


CASES = [
    Case("complaints:my_list", everyone()),
    Case("complaints:submit", everyone()),
    Case("complaints:submit", everyone(), query="q=heating", label="suggestions"),
    Case("complaints:submit", everyone(), method="POST", data=lambda w: {}, label="bad input"),
    Case(
        "complaints:submit",
        everyone(302),
        method="POST",
        data=lambda w: {
            "title": "Noisy printer",
            "description": "It squeaks.",
            "category": "it",
            "priority": "low",
        },
    ),
    Case("complaints:handling_list", needs(MANAGE), label="no assignment"),
    Case(
        "complaints:handling_list",
        {**needs(MANAGE), "moderator": 200},
        kwargs=_with_assignment,
        label="assignee",
    ),
    Case("complaints:reports", needs(MANAGE)),
    Case(
        "complaints:reports",
        needs(MANAGE, ok=400),
        query="start=2026-05-01&end=2026-01-01",
        label="bad period",
    ),  # fmt: skip
    Case("complaints:reports_csv", needs(MANAGE)),
    Case("complaints:detail", assignee_sees(), kwargs=_pk("complaint"), label="assignee"),
    Case("complaints:detail", managers_only_see(), kwargs=_pk("other_complaint"), label="other"),
    Case("complaints:detail", submitter_sees(), kwargs=_pk("own_complaint"), label="own"),
    Case("complaints:detail", everyone(404), kwargs=lambda w: {"pk": 999999}, label="unknown"),
    Case(
        "complaints:attachment_download",
        assignee_sees(),
        kwargs=lambda w: {"pk": w.get("complaint").pk, "attachment_pk": w.get("attachment").pk},
    ),
    Case(
        "complaints:attachment_download",
        everyone(404),
        kwargs=lambda w: {"pk": w.get("own_complaint").pk, "attachment_pk": 999999},
        label="unknown",
    ),
    Case(
        "complaints:reply",
        assignee_sees(302),
        method="POST",
        kwargs=_pk("complaint"),
        data=lambda w: {"body": "On it."},
    ),
    Case(
        "complaints:reply",
        managers_only_see(302),
        method="POST",
        kwargs=_pk("other_complaint"),
        data=lambda w: {"body": "On it."},
        label="other",
    ),
    Case(
        "complaints:reply",
        submitter_sees(302, manager=302),
        method="POST",
        kwargs=_pk("own_complaint"),
        data=lambda w: {"body": "Any news?"},
        label="own",
    ),
    Case(
        "complaints:transition",
        assignee_sees(302),
        method="POST",
        kwargs=_pk("complaint"),
        data=lambda w: {"status": "in_progress"},
    ),
    Case(
        "complaints:transition",
        managers_only_see(302),
        method="POST",
        kwargs=_pk("other_complaint"),
        data=lambda w: {"status": "in_progress"},
        label="other",
    ),
    Case(
        "complaints:assign",
        assignee_sees(302),
        method="POST",
        kwargs=_pk("complaint"),
        data=lambda w: {"assignee": w.user("admin").pk},
    ),
    Case(
        "complaints:assign",
        managers_only_see(302),
        method="POST",
        kwargs=_pk("other_complaint"),
        data=lambda w: {"assignee": w.user("admin").pk},
        label="other",
    ),
    Case(
        "complaints:assign",
        submitter_sees(403, manager=302),
        method="POST",
        kwargs=_pk("own_complaint"),
        data=lambda w: {"assignee": w.user("admin").pk},
        label="own",
    ),
    Case(
        "complaints:reveal_submitter",
        {**assignee_sees(302), "delegate": 403},  # the assignee or an administrator only
        method="POST",
        kwargs=_pk("complaint"),
        data=lambda w: {"manager": w.get("reveal_manager").pk, "reason": "Needs the HR contact."},
    ),
    Case(
        "complaints:reveal_submitter",
        submitter_sees(403, manager=403),  # not confidential: nothing to reveal
        method="POST",
        kwargs=_pk("own_complaint"),
        data=lambda w: {"manager": w.get("reveal_manager").pk, "reason": "Why not."},
        label="own",
    ),
    Case(
        "complaints:priority",
        assignee_sees(302),
        method="POST",
        kwargs=_pk("complaint"),
        data=lambda w: {"priority": "urgent"},
    ),
    Case(
        "complaints:priority",
        submitter_sees(403, manager=302),
        method="POST",
        kwargs=_pk("own_complaint"),
        data=lambda w: {"priority": "urgent"},
        label="own",
    ),
    Case(
        "complaints:rate",
        submitter_sees(302, manager=302),
        method="POST",
        kwargs=_pk("own_resolved"),
        data=lambda w: {"rating": "4", "comment": "Quick."},
    ),
    Case(
        "complaints:rate",
        assignee_sees(302),
        method="POST",
        kwargs=_pk("complaint"),
        data=lambda w: {"rating": "4"},
        label="not submitter",
    ),
    # The reporting channel (/concerns/): reports only for the holders of handle_concerns
    # (administrators hold every right); the follow-up page for anyone with code and secret.
    Case("concerns:index", everyone()),
    Case("concerns:submit", everyone()),
    Case("concerns:submit", everyone(), method="POST", data=lambda w: {}, label="bad input"),
    Case(
        "concerns:submit",
        everyone(),  # the receipt is the answer to the form, shown once
        method="POST",
        data=lambda w: {"identity": "anonymous", "subject": "Fraud", "description": "Details."},
    ),
    Case("concerns:follow", public()),
    Case(
        "concerns:follow",
        public(),
        method="POST",
        data=lambda w: {"code": "AAAA-BBBB-CCCC", "secret": "wrong"},
        label="wrong code",
    ),
    Case(
        "concerns:follow",
        public(),
        method="POST",
        data=lambda w: {
            "code": w.get("concern_receipt").code,
            "secret": w.get("concern_receipt").secret,
            "message": "More details.",
        },
        label="receipt",
    ),
    Case("concerns:handling_list", needs(HANDLE)),
    Case("concerns:handling_list", needs(HANDLE, ok=404), query="state=nope", label="bad state"),
    Case("concerns:detail", needs(HANDLE), kwargs=_receipt_pk),
    Case(
        "concerns:detail", needs(HANDLE, ok=404), kwargs=lambda w: {"pk": 999999}, label="unknown"
    ),
    Case(
        "concerns:answer",
        needs(HANDLE, ok=302),
        method="POST",
        kwargs=_receipt_pk,
        data=lambda w: {"body": "We received your report."},
    ),
    Case(
        "concerns:answer",
        needs(HANDLE, ok=400),
        method="POST",
        kwargs=_receipt_pk,
        data=lambda w: {"body": ""},
        label="bad input",
    ),
    Case(
        "concerns:status",
        needs(HANDLE, ok=302),
        method="POST",
        kwargs=_receipt_pk,
        data=lambda w: {"status": "in_review"},
    ),
    Case(
        "concerns:status",
        needs(HANDLE, ok=400),
        method="POST",
        kwargs=_receipt_pk,
        data=lambda w: {"status": "closed"},
        label="bad input",
    ),
    Case(
        "complaints:update",
        assignee_sees(302),
        method="POST",
        kwargs=_pk("complaint"),
        data=lambda w: {
            "status": "new",
            "priority": "urgent",
            "category": "workplace",
            "assignee": w.user("moderator").pk,
        },
    ),  # fmt: skip
    Case(
        "complaints:update",
        submitter_sees(403, manager=302),
        method="POST",
        kwargs=_pk("own_complaint"),
        data=lambda w: {
            "status": "new",
            "priority": "urgent",
            "category": "workplace",
            "body": "Looking into it.",
        },
        label="own",
    ),  # fmt: skip
    Case(
        "complaints:update",
        submitter_sees(403, manager=400),
        method="POST",
        kwargs=_pk("own_complaint"),
        data=lambda w: {"status": "closed", "priority": "nope"},
        label="bad input",
    ),
    Case("complaints:edit", submitter_sees(200, manager=403), kwargs=_pk("own_complaint")),
    Case(
        "complaints:edit",
        submitter_sees(302, manager=403),
        method="POST",
        kwargs=_pk("own_complaint"),
        data=lambda w: {"title": "Noisy printer", "description": "It squeaks.", "category": "it"},
        label="save",
    ),
    Case(
        "complaints:edit",
        submitter_sees(400, manager=403),
        method="POST",
        kwargs=_pk("own_complaint"),
        data=lambda w: {"title": "x", "category": "moon"},
        label="bad input",
    ),
    Case("complaints:edit", assignee_sees(403), kwargs=_pk("complaint"), label="not submitter"),
    Case("complaints:saved_replies", needs(MANAGE)),
    Case(
        "complaints:saved_replies",
        needs(MANAGE, ok=302),
        method="POST",
        data=lambda w: {"title": "Password", "body": "Use the reset link."},
        label="add",
    ),
    Case(
        "complaints:saved_replies",
        needs(MANAGE, ok=400),
        method="POST",
        data=lambda w: {"title": "", "body": ""},
        label="bad input",
    ),
    Case(
        "complaints:saved_reply_edit",
        needs(MANAGE),
        kwargs=lambda w: {"reply_pk": w.get("saved_reply").pk},
    ),
    Case(
        "complaints:saved_reply_edit",
        needs(MANAGE, ok=302),
        method="POST",
        kwargs=lambda w: {"reply_pk": w.get("saved_reply").pk},
        data=lambda w: {"title": "Reboot first", "body": "Restart it, then tell us."},
        label="save",
    ),
    Case(
        "complaints:saved_reply_delete",
        needs(MANAGE, ok=302),
        method="POST",
        kwargs=lambda w: {"reply_pk": w.get("saved_reply").pk},
    ),
    Case(
        "complaints:saved_filter_create",
        {**needs(MANAGE, ok=302), "moderator": 302},
        method="POST",
        kwargs=_with_assignment,
        data=lambda w: {"name": "Urgent", "query": "priority=urgent&assignee="},
    ),
    Case(
        "complaints:saved_filter_create",
        {**needs(MANAGE, ok=302), "moderator": 302},
        method="POST",
        kwargs=_with_assignment,
        data=lambda w: {"name": "", "query": "<script>"},
        label="bad input",
    ),
    Case(
        "complaints:saved_filter_delete",
        {**needs(MANAGE, ok=302, denied=404), "admin": 404},  # the delegate's own filter only
        method="POST",
        kwargs=lambda w: {"filter_pk": w.get("saved_filter").pk},
    ),
]
