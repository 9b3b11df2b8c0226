"""An anonymous report leaves no trace of its reporter: not in its row, the audit log, the
notifications, the session or the log records (#27, item 6)."""

import logging

import pytest
from django.contrib.sessions.models import Session
from django.forms.models import model_to_dict
from django.urls import reverse

from complaints.models import Concern, ConcernMessage
from intrasphere.logging import JsonFormatter, RequestIdFilter
from intrasphere.models import AuditLog, Notification
from tests.factories import UserFactory, grant

IP = "198.51.100.77"


@pytest.fixture
def reporter(db):
    return UserFactory(
        username="whistle.blower",
        first_name="Wanda",
        last_name="Blower",
        email="wanda.blower@example.com",
    )


@pytest.fixture
def handler(db):
    return grant(UserFactory(username="ethics.officer"), "complaints.handle_concerns")


def _formatted(records) -> list[str]:
    formatter, tagger = JsonFormatter(), RequestIdFilter()
    lines = []
    for record in records:
        tagger.filter(record)
        lines.append(formatter.format(record))
    return lines


def _traces(reporter) -> list[str]:
    return [reporter.username, reporter.email, "Wanda", "Blower", IP]


def _submit(client, reporter, identity):
    client.force_login(reporter)
    return client.post(
        reverse("concerns:submit"),
        {"identity": identity, "subject": "Backdated invoices", "description": "In March."},
        REMOTE_ADDR=IP,
    )


def test_an_anonymous_report_leaves_no_trace(client, reporter, handler, caplog):
    caplog.set_level(logging.DEBUG)
    response = _submit(client, reporter, "anonymous")
    assert response.status_code == 200
    concern = Concern.objects.get()
    receipt_secret = response.context["receipt"].secret
    # The row: no link, no address, nothing of the person in any column.
    assert concern.reporter_id is None and concern.anonymous
    row = " ".join(str(value) for value in model_to_dict(concern).values())
    assert not [trace for trace in _traces(reporter) if trace in row]
    assert receipt_secret not in row  # only a hash of the secret is kept
    # The audit log: an entry without actor or address, and none naming the reporter.
    entry = AuditLog.objects.get(action="complaints.concern.submit")
    assert entry.actor_id is None and entry.ip_address is None
    assert not AuditLog.objects.filter(actor=reporter).exists()
    assert not AuditLog.objects.filter(ip_address=IP).exists()
    for audit in AuditLog.objects.all():
        text = f"{audit.actor_label} {audit.target_label} {audit.summary}"
        assert not [trace for trace in _traces(reporter) if trace in text]
    # The handler is notified without the reporter's name.
    note = Notification.objects.get(recipient=handler)
    assert concern.code in note.text
    assert not [trace for trace in _traces(reporter) if trace in note.message]
    assert not Notification.objects.filter(recipient=reporter).exists()
    # The session holds nothing of the report (the receipt was the answer itself).
    for session in Session.objects.all():
        assert concern.code not in str(session.get_decoded())
    # The log records: neither the reporter's id nor their address, in any field.
    lines = _formatted(caplog.records)
    assert any('"path": "/concerns/new/"' in line for line in lines)
    for line in lines:
        assert f'"user_id": {reporter.pk}' not in line
        assert not [trace for trace in _traces(reporter) if trace in line], line


def test_the_follow_up_page_is_logged_without_identity(client, reporter, caplog):
    _submit(client, reporter, "anonymous")
    concern = Concern.objects.get()
    caplog.set_level(logging.DEBUG)
    receipt_code = concern.code
    secret = "irrelevant"  # a wrong secret is logged the same way
    client.post(
        reverse("concerns:follow"), {"code": receipt_code, "secret": secret}, REMOTE_ADDR=IP
    )
    for line in _formatted(caplog.records):
        assert f'"user_id": {reporter.pk}' not in line and IP not in line


def test_a_report_by_name_is_linked_and_audited(client, reporter, handler):
    _submit(client, reporter, "named")
    concern = Concern.objects.get()
    assert concern.reporter == reporter and not concern.anonymous
    entry = AuditLog.objects.get(action="complaints.concern.submit")
    assert entry.actor == reporter and entry.ip_address == IP


def test_the_reporters_messages_are_never_linked_to_an_account(client, reporter):
    response = _submit(client, reporter, "named")
    receipt = response.context["receipt"]
    client.post(
        reverse("concerns:follow"),
        {"code": receipt.code, "secret": receipt.secret, "message": "One more thing."},
    )
    message = ConcernMessage.objects.get(kind="reporter")
    assert message.author_id is None and message.body == "One more thing."
