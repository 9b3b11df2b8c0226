"""The reporting channel's pages: the receipt, the follow-up by code and secret (rate-limited),
the handlers' list and detail, and who sees reports (#27, item 6)."""

import pytest
from django.urls import reverse

from complaints.concerns.services import concern_answer, concern_set_status
from complaints.models import Concern, ConcernMessage
from tests.complaints.factories import report
from tests.factories import UserFactory, grant
from tests.pages import signed_in

HANDLE = "complaints.handle_concerns"


@pytest.fixture
def handler(db):
    return grant(UserFactory(username="ethics.officer"), HANDLE)


def _follow(client, code, secret, message="", **extra):
    return client.post(
        reverse("concerns:follow"), {"code": code, "secret": secret, "message": message}, **extra
    )


def test_the_receipt_is_shown_once_and_only_its_hash_kept(employee_client):
    response = employee_client.post(
        reverse("concerns:submit"),
        {"identity": "anonymous", "subject": "Fraud", "description": "Details."},
    )
    receipt = response.context["receipt"]
    body = response.content.decode()
    assert receipt.code in body and receipt.secret in body
    concern = Concern.objects.get()
    assert concern.code == receipt.code and receipt.secret not in concern.secret_hash
    assert "no-store" in response["Cache-Control"]
    # Nowhere to be read again: the follow-up page asks for both.
    assert receipt.secret not in employee_client.get(reverse("concerns:follow")).content.decode()


def test_bad_input_is_refused_clearly_and_nothing_saved(employee_client):
    response = employee_client.post(reverse("concerns:submit"), {"subject": "x" * 300})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"identity", "subject", "description"}
    assert "anonymously or with your name" in str(errors["identity"])
    assert not Concern.objects.exists()


def test_follow_up_by_code_and_secret(client, handler):
    receipt = report()
    concern_answer(actor=handler, concern=receipt.concern, body="We received it: who else knew?")
    concern_answer(actor=handler, concern=receipt.concern, body="Handler-only note", internal=True)
    code = receipt.code.lower().replace("-", " ")  # read back loosely
    response = _follow(client, code, receipt.secret)  # anonymous visitors may follow too
    body = response.content.decode()
    assert response.status_code == 200
    assert "who else knew?" in body and "Handler-only note" not in body
    assert handler.username not in body  # handlers are not named to the reporter
    response = _follow(client, receipt.code, receipt.secret, message="The accountant knew.")
    assert "The accountant knew." in response.content.decode()
    assert ConcernMessage.objects.filter(kind="reporter", author=None).count() == 1


def test_a_closed_report_takes_no_more_messages(client, handler):
    receipt = report()
    concern_set_status(actor=handler, concern=receipt.concern, status="closed_no_action")
    response = _follow(client, receipt.code, receipt.secret, message="Hello?")
    assert "no longer accepts messages" in response.content.decode()
    assert not ConcernMessage.objects.filter(kind="reporter").exists()


def test_wrong_codes_are_refused_then_rate_limited(client, settings, db):
    settings.RATELIMIT_CONCERN_FOLLOW = "3/h"
    receipt = report()
    for _attempt in range(3):
        response = _follow(client, receipt.code, "guess", REMOTE_ADDR="203.0.113.5")
        assert response.status_code == 200
        assert "No report matches this receipt code and secret" in response.content.decode()
    response = _follow(client, receipt.code, receipt.secret, REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 429
    assert "Too many wrong codes" in response.content.decode()
    assert "data-concern" not in response.content.decode()
    # Another address is not blocked by this one's failures.
    response = _follow(client, receipt.code, receipt.secret, REMOTE_ADDR="203.0.113.6")
    assert response.status_code == 200 and "data-concern" in response.content.decode()


def test_successes_do_not_count_toward_the_limit(client, settings, db):
    settings.RATELIMIT_CONCERN_FOLLOW = "2/h"
    receipt = report()
    for _attempt in range(5):
        assert "data-concern" in _follow(client, receipt.code, receipt.secret).content.decode()


def test_only_holders_of_the_right_see_reports(db, handler):
    concern = report().concern
    manager = grant(UserFactory(username="complaints.boss"), "complaints.manage_complaints")
    moderator = UserFactory(username="mod", role="moderator")
    pages = [
        reverse("concerns:handling_list"),
        reverse("concerns:detail", args=[concern.pk]),
    ]
    for person in (manager, moderator, UserFactory()):
        client = signed_in(person)
        for page in pages:
            assert client.get(page).status_code == 403
        assert (
            client.post(reverse("concerns:answer", args=[concern.pk]), {"body": "x"}).status_code
            == 403
        )
        assert (
            "concerns:handling_list" not in client.get(reverse("concerns:index")).content.decode()
        )
    client = signed_in(handler)
    for page in pages:
        assert client.get(page).status_code == 200
    assert not ConcernMessage.objects.exists()


def test_the_handlers_list_paginates_and_has_an_empty_state(db, handler, settings):
    client = signed_in(handler)
    assert (
        "No report in this list" in client.get(reverse("concerns:handling_list")).content.decode()
    )
    settings.PAGE_SIZE = 2
    for n in range(3):
        report(subject=f"Report {n}")
    first = client.get(reverse("concerns:handling_list")).content.decode()
    assert first.count("data-deadline>") == 4  # two rows, two deadlines each
    assert client.get(reverse("concerns:handling_list") + "?page=2").status_code == 200
    assert client.get(reverse("concerns:handling_list") + "?page=9").status_code == 404


def test_handlers_answer_and_move_the_report(db, handler):
    concern = report().concern
    client = signed_in(handler)
    url = reverse("concerns:detail", args=[concern.pk])
    response = client.post(reverse("concerns:answer", args=[concern.pk]), {"body": "Received."})
    assert response.status_code == 302
    response = client.post(
        reverse("concerns:status", args=[concern.pk]), {"status": "follow_up", "comment": "Audit"}
    )
    assert response.status_code == 302
    response = client.post(reverse("concerns:status", args=[concern.pk]), {"status": "in_review"})
    assert response.status_code == 400  # not a move from "follow-up": a clear error
    assert "Select a valid choice" in response.content.decode()
    concern.refresh_from_db()
    assert concern.status == "follow_up" and concern.acknowledged_at and concern.feedback_at
    body = client.get(url).content.decode()
    assert "Received." in body and "Audit" in body
