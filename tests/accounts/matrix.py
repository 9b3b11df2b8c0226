"""Matrix cases for sign-in and the people directory."""

from tests.matrix import Case, everyone, public

CASES = [
    Case("accounts:login", {**everyone(302), "anonymous": 200}),
    Case("accounts:logout", public(302), method="POST"),
    Case("accounts:directory", everyone()),
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
]
