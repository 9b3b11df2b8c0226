"""Notifications are rendered in the *reader's* language when shown: the kind and its parameters
are stored, never a sentence; every registered kind reads French in French."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from accounts import services as accounts_services
from intrasphere import notifications
from intrasphere.models import Notification
from intrasphere.services import notification_send
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Sample parameters for every placeholder a kind may hold.
SAMPLE = {
    "text": "Texte enregistré",
    "name": "Pierre Dubois (pierre)",
    "subject": "Réunion",
    "right": "content.manage_events",
    "object": "Sécurité incendie",
    "title": "Imprimante du 2e étage",
    "author": "Marie Martin",
    "topic": "Imprimante du 2e étage",
    "category": "Général",
    "reason": "hors sujet",
    "status": "resolved",
    "rating": 4,
    "due": "2026-12-31",
    "date": "2026-12-31",
    "code": "WYX3-CLZD-M4KL",
    "manager": "Marie Martin",
    "items": "Sécurité incendie",
    "count": 2,
    "changes": [["reply", ""], ["status", "resolved"], ["priority", "high"], ["category", "it"]],
}
# English words that never appear in a French sentence (names and titles above are French).
ENGLISH = re.compile(
    r"\b(you|your|the|was|were|is|new|from|replied|mentioned|reminder|read|must|assigned|"
    r"complaint|reply|rated|see|who|filed|registered|full|waitlist|seat|enrolled|due|"
    r"certificate|ready|expires|approved|rejected|given|right|withdrawn|topic|tell|how|"
    r"satisfied|December|Resolved|resolved|Manage)\b"
    r"|\d{4}-\d{2}-\d{2}|manage_"  # a raw status, ISO date or right code: not formatted
)


def test_every_kind_reads_french_in_french():
    kinds = notifications.discover()
    assert {"forum.reply", "accounts.message", "content.must_read", "complaints.status"} <= set(
        kinds
    )
    with translation.override("fr"):
        for name in kinds:
            text = notifications.render(name, SAMPLE)
            assert text, name
            assert "%(" not in text, name
            assert not ENGLISH.search(text), (name, text)


def test_every_kind_renders_in_english_too():
    with translation.override("en"):
        for name in notifications.discover():
            text = notifications.render(name, SAMPLE)
            assert text and "%(" not in text, name


def test_a_notification_sent_from_a_french_page_reads_english_for_an_english_reader():
    pierre = UserFactory(first_name="Pierre", last_name="Dubois")
    marie = UserFactory()
    with translation.override("fr"):  # the sender's language
        accounts_services.message_send(sender=pierre, recipient=marie, subject="Hi", body="x")
    note = Notification.objects.get(recipient=marie)
    assert note.kind == "accounts.message"
    assert note.params["subject"] == "Hi" and not note.message  # no stored sentence
    with translation.override("en"):
        assert note.text.startswith("New message from Pierre Dubois")
    with translation.override("fr"):
        assert note.text.startswith("Nouveau message de Pierre Dubois")


def test_list_and_api_show_the_readers_language(client):
    reader = UserFactory()
    notification_send(
        recipients=[reader],
        kind="complaints.status",
        params={"title": "Printer", "status": "resolved"},
    )
    client.force_login(reader)
    page = client.get(reverse("notifications:list"), HTTP_ACCEPT_LANGUAGE="fr")
    assert "La réclamation « Printer » a désormais le statut : Résolue." in page.text
    api = client.get("/api/v1/notifications", HTTP_ACCEPT_LANGUAGE="fr").json()
    rows = api["results"]
    assert rows[0]["message"] == "La réclamation « Printer » a désormais le statut : Résolue."
    api_en = client.get("/api/v1/notifications", HTTP_ACCEPT_LANGUAGE="en").json()
    rows = api_en["results"]
    assert rows[0]["message"] == "Complaint “Printer” is now Resolved."


def test_old_stored_sentences_show_as_written():
    reader = UserFactory()
    old = Notification.objects.create(
        recipient=reader, kind="legacy", params={"text": "Must read: X"}, message="Must read: X"
    )
    unknown = Notification.objects.create(recipient=reader, kind="gone.kind", message="Kept")
    with translation.override("fr"):
        assert old.text == "Must read: X"
        assert unknown.text == "Kept"
