"""Matrix cases for sign-in, registration, profile, passwords, the directory and messages."""

from datetime import timedelta

from django.utils import timezone

from accounts.services_tokens import api_token_create
from tests.factories import MessageFactory, UserFactory
from tests.matrix import Case, everyone, public

OBJECTS = {
    # A conversation between two people outside the matrix roles: everyone else gets 404.
    "private_message": lambda w: MessageFactory(
        sender=UserFactory(username="m-writer"), recipient=UserFactory(username="m-reader")
    ),
    "employee_message": lambda w: MessageFactory(
        sender=w.user("admin"), recipient=w.user("employee")
    ),
    # Someone else's token: only its owner may revoke it on this page (404 for everyone else).
    "others_token": lambda w: api_token_create(
        user=UserFactory(username="m-scripter"),
        name="script",
        expires_at=timezone.now() + timedelta(days=5),
        read_only=True,
    )[0],
}


def _to_employee(w):
    return {"recipient": w.user("employee").username, "subject": "Hi", "body": "Hello"}


CASES = [
    Case("accounts:org_chart", everyone()),
    Case("accounts:org_chart", everyone(), query="q=admin", label="search"),
    Case("accounts:org_chart", everyone(404), query="person=nobody-here", label="unknown"),
    Case("accounts:login", {**everyone(302), "anonymous": 200}),
    Case("accounts:logout", public(302), method="POST"),
    # Company sign-in is off without OIDC_* settings: no route (tests/accounts/test_oidc.py).
    Case("accounts:oidc_start", public(404)),
    Case("accounts:oidc_callback", public(404)),
    # Setting up a second factor is open to everyone; the code page sends those without one to it.
    Case("accounts:second_factor", everyone()),
    Case("accounts:second_factor_verify", everyone(302)),
    # Registration is closed by default: a friendly 403 page; signed-in users go home.
    Case("accounts:register", {**everyone(302), "anonymous": 403}),
    Case("accounts:profile", everyone()),
    Case("accounts:profile_edit", everyone()),
    Case("accounts:password_change", everyone()),
    Case("accounts:tokens", everyone()),
    # Everyone downloads their own data, and only theirs (tests/accounts/test_export.py).
    Case("accounts:my_data", everyone()),
    Case("accounts:my_rights", everyone()),
    Case("accounts:my_data", everyone(), method="POST"),
    Case(
        "accounts:token_revoke",
        everyone(404),
        method="POST",
        kwargs=lambda w: {"pk": w.get("others_token").pk},
    ),
    Case("accounts:password_reset", public(200)),
    Case("accounts:password_reset_done", public(200)),
    # A bad link shows the "no longer works" page.
    Case(
        "accounts:password_reset_confirm",
        public(200),
        kwargs=lambda w: {"uidb64": "MQ", "token": "bad-token"},
    ),
    Case("accounts:password_reset_complete", public(200)),
    # A bad invitation link shows the "no longer works" page.
    Case(
        "accounts:invitation_accept",
        public(200),
        kwargs=lambda w: {"uidb64": "MQ", "token": "bad-token"},
    ),
    Case("accounts:directory", everyone()),
    # The people type-ahead's JSON: signed-in users only (tests/accounts/test_people_picker.py).
    Case("accounts:people_suggest", everyone(), query="q=adm"),
    Case(
        "accounts:person_detail",
        everyone(),
        kwargs=lambda w: {"username": w.user("employee").username},
    ),
    Case(
        "accounts:person_detail",
        everyone(404),
        kwargs=lambda w: {"username": "nobody-by-this-name"},
        label="unknown",
    ),
    # No photo uploaded: 404 (the photo itself is tested in test_profile).
    Case(
        "accounts:person_avatar",
        everyone(404),
        kwargs=lambda w: {"username": w.user("employee").username},
    ),
    Case("messaging:inbox", everyone()),
    Case("messaging:sent", everyone()),
    Case("messaging:compose", everyone(), query="q=m-&to=m-employee"),
    # The employee writing to themselves is refused with a form error (200).
    Case(
        "messaging:compose",
        {**everyone(302), "employee": 200},
        method="POST",
        data=_to_employee,
        label="send",
    ),
    Case(
        "messaging:detail",
        everyone(404),
        kwargs=lambda w: {"pk": w.get("private_message").pk},
        label="other people's",
    ),
    Case(
        "messaging:detail",
        {**everyone(404), "employee": 200, "admin": 200},
        kwargs=lambda w: {"pk": w.get("employee_message").pk},
    ),
    Case(
        "messaging:reply",
        everyone(404),
        kwargs=lambda w: {"pk": w.get("private_message").pk},
        label="other people's",
    ),
    Case(
        "messaging:reply",
        {**everyone(404), "employee": 200, "admin": 200},
        kwargs=lambda w: {"pk": w.get("employee_message").pk},
    ),
]
