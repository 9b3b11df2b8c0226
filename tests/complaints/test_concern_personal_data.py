"""Reports of the reporting channel in a person's export and anonymisation (#27, item 6)."""

import io
import json
import zipfile

from accounts.services_privacy import person_anonymise, person_export
from complaints.concerns.services import concern_answer
from complaints.models import Concern
from tests.complaints.factories import report
from tests.factories import UserFactory, grant


def _export(user) -> dict:
    target = io.BytesIO()
    person_export(actor=user, user=user, target=target)
    return json.loads(zipfile.ZipFile(target).read("data.json"))


def test_a_report_by_name_is_exported_without_the_secrets_hash(db):
    person = UserFactory(username="named.reporter")
    handler = grant(UserFactory(), "complaints.handle_concerns")
    named = report(reporter=person, anonymous=False, subject="By name")
    report(reporter=person, anonymous=True, subject="Anonymous one")
    concern_answer(actor=handler, concern=named.concern, body="Received.")
    concern_answer(actor=handler, concern=named.concern, body="Secret note", internal=True)
    data = _export(person)
    rows = data["complaints.Concern.reporter"]
    assert [row["subject"] for row in rows] == ["By name"]  # the anonymous one is not theirs
    assert "secret_hash" not in rows[0]
    bodies = [row["body"] for row in data["complaints.report_messages"]]
    assert bodies == ["Received."]  # never internal notes


def test_anonymising_a_reporter_keeps_the_report_without_the_link(db, admin_user):
    person = UserFactory(username="named.reporter")
    concern = report(reporter=person, anonymous=False).concern
    person_anonymise(actor=admin_user, user=person, reason="left")
    concern = Concern.objects.get(pk=concern.pk)
    assert concern.reporter_id is None and not concern.anonymous
