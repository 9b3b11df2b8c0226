"""Internal messages: send, inbox/sent, read marks, privacy, inactive recipients, replies."""

from django.urls import reverse

from accounts.models import Message
from intrasphere.models import Notification
from tests.factories import MessageFactory, UserFactory


def send(client, recipient, subject="Lunch?", body="Shall we have lunch at noon?"):
    return client.post(
        reverse("messaging:compose"), {"recipient": recipient, "subject": subject, "body": body}
    )


def test_send_a_message_notifies_the_recipient(employee_client, employee):
    colleague = UserFactory(username="colleague")
    assert employee_client.get(reverse("messaging:compose") + "?to=colleague").status_code == 200
    response = send(employee_client, "colleague")
    message = Message.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("messaging:detail", args=[message.pk])
    assert message.sender == employee and message.recipient == colleague
    assert message.read_at is None
    notification = Notification.objects.get(recipient=colleague)
    assert notification.kind == "accounts.message"
    assert notification.url == reverse("messaging:detail", args=[message.pk])
    assert "Lunch?" in notification.text


def test_compose_prefills_the_recipient(employee_client, db):
    UserFactory(username="jdoe", first_name="Jane", last_name="Doe", department="Legal")
    response = employee_client.get(reverse("messaging:compose") + "?to=jdoe")
    body = response.content.decode()
    assert 'value="jdoe"' in body
    # Colleagues are found by name in the "To" field itself (tests/accounts/test_people_picker.py).
    assert 'data-people-picker="/people/suggest.json"' in body


def test_inbox_sent_and_read_marks(client, employee):
    colleague = UserFactory(username="colleague")
    message = MessageFactory(sender=colleague, recipient=employee, subject="Quarterly figures")
    client.force_login(employee)
    inbox = client.get(reverse("messaging:inbox"))
    assert "Quarterly figures" in inbox.content.decode()
    assert inbox.context["unread_messages"] == 1
    # The sender opening it does not mark it read.
    client.force_login(colleague)
    assert "Quarterly figures" in client.get(reverse("messaging:sent")).content.decode()
    assert client.get(reverse("messaging:detail", args=[message.pk])).status_code == 200
    message.refresh_from_db()
    assert message.read_at is None
    # The recipient opening it does.
    client.force_login(employee)
    response = client.get(reverse("messaging:detail", args=[message.pk]))
    assert response.status_code == 200
    assert "Quarterly figures" in response.content.decode()
    message.refresh_from_db()
    assert message.read_at is not None
    assert client.get(reverse("messaging:inbox")).context["unread_messages"] == 0


def test_other_people_get_404(employee_client, db):
    message = MessageFactory(sender=UserFactory(), recipient=UserFactory())
    assert employee_client.get(reverse("messaging:detail", args=[message.pk])).status_code == 404
    assert employee_client.get(reverse("messaging:reply", args=[message.pk])).status_code == 404
    response = employee_client.post(
        reverse("messaging:reply", args=[message.pk]), {"subject": "x", "body": "y"}
    )
    assert response.status_code == 404
    assert employee_client.get(reverse("messaging:detail", args=[999999])).status_code == 404
    assert Message.objects.count() == 1


def test_inactive_recipient_is_refused_with_a_message(employee_client, db):
    UserFactory(username="leaver", first_name="Lea", last_name="Ver", is_active=False)
    response = send(employee_client, "leaver")
    assert response.status_code == 200
    assert "deactivated" in response.content.decode()
    assert not Message.objects.exists()


def test_bad_input_rerenders(employee_client, employee):
    UserFactory(username="colleague")
    for data, text in [
        ({"recipient": "ghost", "subject": "Hi", "body": "x"}, "No colleague matches “ghost”"),
        ({"recipient": "employee", "subject": "Hi", "body": "x"}, "to yourself"),
        ({"recipient": "colleague", "subject": "   ", "body": "x"}, "required"),
        ({"recipient": "colleague", "subject": "Hi", "body": ""}, "required"),
        ({"recipient": "colleague", "subject": "x" * 300, "body": "x"}, "at most 200"),
    ]:
        response = employee_client.post(reverse("messaging:compose"), data)
        assert response.status_code == 200, data
        assert text in response.content.decode(), data
    assert not Message.objects.exists()


def test_reply_is_prefilled_and_goes_to_the_other_party(client, employee):
    colleague = UserFactory(username="colleague")
    third = UserFactory(username="third")
    original = MessageFactory(sender=colleague, recipient=employee, subject="Budget")
    client.force_login(employee)
    response = client.get(reverse("messaging:reply", args=[original.pk]))
    body = response.content.decode()
    assert 'value="Re: Budget"' in body
    assert 'value="colleague"' in body
    # The recipient field is fixed: a forged one is ignored.
    response = client.post(
        reverse("messaging:reply", args=[original.pk]),
        {"recipient": "third", "subject": "Re: Budget", "body": "Agreed."},
    )
    assert response.status_code == 302
    reply = Message.objects.exclude(pk=original.pk).get()
    assert reply.parent == original
    assert reply.recipient == colleague
    assert reply.subject == "Re: Budget"
    assert not Message.objects.filter(recipient=third).exists()
    # Replying to a reply does not stack prefixes.
    client.force_login(colleague)
    response = client.get(reverse("messaging:reply", args=[reply.pk]))
    assert 'value="Re: Budget"' in response.content.decode()


def test_empty_boxes_show_an_empty_state(employee_client):
    assert "Your inbox is empty" in employee_client.get(reverse("messaging:inbox")).content.decode()
    assert "No sent messages" in employee_client.get(reverse("messaging:sent")).content.decode()


def test_header_shows_the_unread_count(employee_client, employee):
    MessageFactory.create_batch(3, recipient=employee)
    body = employee_client.get(reverse("dashboard")).content.decode()
    assert "3 unread messages" in body
    assert "Unread messages" in body
    assert reverse("messaging:inbox") in body


def test_list_query_counts(employee_client, employee, django_assert_max_num_queries):
    senders = UserFactory.create_batch(5)
    for index in range(40):
        MessageFactory(sender=senders[index % 5], recipient=employee)
        MessageFactory(sender=employee, recipient=senders[index % 5])
    with django_assert_max_num_queries(13):
        response = employee_client.get(reverse("messaging:inbox"))
        assert response.status_code == 200
    with django_assert_max_num_queries(10):
        assert employee_client.get(reverse("messaging:sent")).status_code == 200
    with django_assert_max_num_queries(10):
        assert employee_client.get(reverse("messaging:inbox") + "?page=2").status_code == 200
    assert employee_client.get(reverse("messaging:inbox") + "?page=9").status_code == 404
