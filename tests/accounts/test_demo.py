"""Demo messages between the demo users: created once."""

from django.core.management import call_command

from accounts.models import Message


def test_seed_demo_adds_a_conversation_once(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    assert Message.objects.count() == 3
    reply = Message.objects.get(subject="Re: Welcome to the Sales team")
    assert reply.parent.subject == "Welcome to the Sales team"
    assert reply.sender.username == "pierre.dubois"
