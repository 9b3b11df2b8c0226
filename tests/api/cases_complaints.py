"""API matrix cases: the helpdesk, with the confidentiality cases (objects from the pages'
matrix, tests/complaints/matrix.py: `complaint` is confidential and assigned to the moderator,
`other_complaint` confidential and assigned elsewhere, `own_complaint` the employee's)."""

from tests.api.cases import pk, signed_in
from tests.matrix import Case

MANAGE = "complaints.manage_complaints"


def assignee_sees(ok=200):
    """Confidential, assigned to the moderator: others 404, assignee and managers ok."""
    return {"anonymous": 401, "employee": 404, "moderator": ok, "delegate": ok, "admin": ok,
            "_perm": MANAGE}  # fmt: skip


def managers_only_see(ok=200):
    """Confidential, assigned elsewhere: the moderator handles others only, so 404 too."""
    return {"anonymous": 401, "employee": 404, "moderator": 404, "delegate": ok, "admin": ok,
            "_perm": MANAGE}  # fmt: skip


def submitter_sees(ok=200, manager=200):
    return {"anonymous": 401, "employee": ok, "moderator": 404, "delegate": manager,
            "admin": manager, "_perm": MANAGE}  # fmt: skip


def _filing(w):
    return {"title": "Noisy printer", "description": "It squeaks.", "category": "it"}


CASES = [
    Case("api:complaint-list", signed_in()),
    Case("api:complaint-list", signed_in(), query="status=open&sort=due", label="filtered"),
    Case("api:complaint-list", signed_in(400), query="status=lost", label="bad filter"),
    Case("api:complaint-list", signed_in(201), method="POST", data=_filing),
    Case(
        "api:complaint-list",
        signed_in(400),
        method="POST",
        data=lambda w: {"title": "Hi", "category": "nowhere"},
        label="bad input",
    ),
    Case("api:complaint-my", signed_in()),
    Case("api:complaint-detail", assignee_sees(), kwargs=pk("complaint"), label="assignee"),
    Case("api:complaint-detail", managers_only_see(), kwargs=pk("other_complaint"), label="other"),
    Case("api:complaint-detail", submitter_sees(), kwargs=pk("own_complaint"), label="own"),
    Case("api:complaint-detail", signed_in(404), kwargs=lambda w: {"pk": 999999}, label="unknown"),
    # PUT: the handlers' changes, or the submitter's corrections while the complaint is new.
    Case(
        "api:complaint-detail",
        assignee_sees(),
        method="PUT",
        kwargs=pk("complaint"),
        data=lambda w: {"priority": "high", "comment": "Urgent after all"},
        label="handler",
    ),
    Case(
        "api:complaint-detail",
        submitter_sees(200, manager=400),  # a handler changes no title: nothing to update
        method="PUT",
        kwargs=pk("own_complaint"),
        data=lambda w: {"title": "Noisy printer on floor 2"},
        label="submitter",
    ),
    Case(
        "api:complaint-detail",
        submitter_sees(400, manager=400),
        method="PUT",
        kwargs=pk("own_complaint"),
        data=lambda w: {"title": "Hi", "status": "lost", "priority": "lost"},
        label="bad input",
    ),
    Case(
        "api:complaint-detail",
        submitter_sees(403, manager=400),
        method="PUT",
        kwargs=pk("own_resolved"),
        data=lambda w: {"title": "Changed after the fact"},
        label="not new",
    ),
    Case(
        "api:complaint-attachment-file",
        assignee_sees(),
        kwargs=lambda w: {"pk": w.get("complaint").pk, "attachment_pk": w.get("attachment").pk},
    ),
    Case(
        "api:complaint-attachment-file",
        submitter_sees(404, manager=404),
        kwargs=lambda w: {"pk": w.get("own_complaint").pk, "attachment_pk": 999999},
        label="unknown",
    ),
    Case(
        "api:complaint-assign",
        assignee_sees(),
        method="PUT",
        kwargs=pk("complaint"),
        data=lambda w: {"assignee": w.user("admin").pk},
    ),
    Case(
        "api:complaint-assign",
        managers_only_see(),
        method="PUT",
        kwargs=pk("other_complaint"),
        data=lambda w: {"assignee": w.user("admin").pk},
        label="other",
    ),
    Case(
        "api:complaint-assign",
        submitter_sees(403, manager=200),
        method="PUT",
        kwargs=pk("own_complaint"),
        data=lambda w: {"assignee": w.user("admin").pk},
        label="own",
    ),
    Case(
        "api:complaint-assign",
        assignee_sees(400),
        method="PUT",
        kwargs=pk("complaint"),
        data=lambda w: {"assignee": w.user("employee").pk},
        label="bad input",
    ),
    Case(
        "api:complaint-status",
        assignee_sees(),
        method="PUT",
        kwargs=pk("complaint"),
        data=lambda w: {"status": "in_progress"},
    ),
    Case(
        "api:complaint-status",
        managers_only_see(),
        method="PUT",
        kwargs=pk("other_complaint"),
        data=lambda w: {"status": "in_progress"},
        label="other",
    ),
    Case(
        "api:complaint-status",
        submitter_sees(400, manager=200),  # the workflow: only handlers take it in hand
        method="PUT",
        kwargs=pk("own_complaint"),
        data=lambda w: {"status": "in_progress"},
        label="own",
    ),
    Case(
        "api:complaint-status",
        assignee_sees(400),
        method="PUT",
        kwargs=pk("complaint"),
        data=lambda w: {"status": "teleported"},
        label="bad input",
    ),
    Case(
        "api:complaint-priority",
        assignee_sees(),
        method="PUT",
        kwargs=pk("complaint"),
        data=lambda w: {"priority": "urgent"},
    ),
    Case(
        "api:complaint-priority",
        submitter_sees(403, manager=200),
        method="PUT",
        kwargs=pk("own_complaint"),
        data=lambda w: {"priority": "urgent"},
        label="own",
    ),
    Case(
        "api:complaint-reply",
        assignee_sees(201),
        method="POST",
        kwargs=pk("complaint"),
        data=lambda w: {"body": "On it."},
    ),
    Case(
        "api:complaint-reply",
        managers_only_see(201),
        method="POST",
        kwargs=pk("other_complaint"),
        data=lambda w: {"body": "On it."},
        label="other",
    ),
    Case(
        "api:complaint-reply",
        submitter_sees(201, manager=201),
        method="POST",
        kwargs=pk("own_complaint"),
        data=lambda w: {"body": "Any news?"},
        label="own",
    ),
    Case(
        "api:complaint-reply",
        submitter_sees(400, manager=400),
        method="POST",
        kwargs=pk("own_complaint"),
        data=lambda w: {"body": ""},
        label="bad input",
    ),
    Case(
        "api:complaint-rate",
        submitter_sees(200, manager=400),  # only the submitter rates
        method="POST",
        kwargs=pk("own_resolved"),
        data=lambda w: {"rating": 4, "comment": "Quick."},
    ),
    Case(
        "api:complaint-rate",
        submitter_sees(400, manager=400),
        method="POST",
        kwargs=pk("own_resolved"),
        data=lambda w: {"rating": 9},
        label="bad input",
    ),
    Case(
        "api:complaint-reveal",
        {**assignee_sees(), "delegate": 403},  # the assignee or an administrator only
        method="POST",
        kwargs=pk("complaint"),
        data=lambda w: {"manager": w.get("reveal_manager").pk, "reason": "Needs the HR contact."},
    ),
    Case(
        "api:complaint-reveal",
        submitter_sees(403, manager=403),  # not confidential: nothing to reveal
        method="POST",
        kwargs=pk("own_complaint"),
        data=lambda w: {"manager": w.get("reveal_manager").pk, "reason": "Why not."},
        label="own",
    ),
]
