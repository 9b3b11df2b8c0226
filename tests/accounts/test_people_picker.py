"""People found by name: the type-ahead's JSON endpoint and the no-JavaScript path of the
forms that pick a person (message "To", grant form, "Check a user")."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import Message, PermissionGrant, User
from accounts.selectors_people import fold, people_suggest, person_lookup
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SUGGEST = reverse("accounts:people_suggest")
COMPOSE = reverse("messaging:compose")


@pytest.fixture
def people(db):
    # The signed-in users of the fixtures get plain names (Faker's could contain "mar").
    User.objects.update(first_name="Test", last_name="Person", display_name="")
    return {
        "marie": UserFactory(
            username="mmartin", first_name="Marie", last_name="Martin", department="Sales"
        ),
        "pierre": UserFactory(
            username="pdubois", first_name="Pierre", last_name="Dubois", department="IT"
        ),
        "pierre2": UserFactory(
            username="pdurand", first_name="Pierre", last_name="Durand", department="Legal"
        ),
        "helene": UserFactory(username="hlefevre", first_name="Hélène", last_name="Lefèvre"),
        "gone": UserFactory(
            username="mgone", first_name="Marianne", last_name="Gone", is_active=False
        ),
    }


def _names(response):
    return [row["name"] for row in response.json()["results"]]


# --- the JSON endpoint ------------------------------------------------------------------------


def test_suggestions_by_name_case_and_accents_ignored(employee_client, people):
    response = employee_client.get(SUGGEST, {"q": "mar"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert _names(response) == ["Marie Martin"]  # Marianne Gone is deactivated
    row = response.json()["results"][0]
    assert row == {
        "username": "mmartin",
        "name": "Marie Martin",
        "department": "Sales",
        "position": "Analyst",
        "url": "/people/mmartin/",
    }
    assert _names(employee_client.get(SUGGEST, {"q": "pierre dub"})) == ["Pierre Dubois"]
    assert _names(employee_client.get(SUGGEST, {"q": "HELENE lefev"})) == ["Hélène Lefèvre"]
    assert _names(employee_client.get(SUGGEST, {"q": "Lefèvre"})) == ["Hélène Lefèvre"]
    assert _names(employee_client.get(SUGGEST, {"q": "pdur"})) == ["Pierre Durand"]


def test_suggestions_rank_name_starts_first_and_are_limited(employee_client, people):
    for number in range(12):
        UserFactory(username=f"omar{number}", first_name="Omar", last_name=f"Zed{number}")
    names = _names(employee_client.get(SUGGEST, {"q": "mar"}))
    assert len(names) == 8
    assert names[0] == "Marie Martin"  # starts with "mar"; the Omars only contain it


def test_suggestions_empty_hostile_or_unknown_queries(employee_client, people):
    for query in ["", "   ", "zzzz", "%", "_", "a" * 5000, "' OR 1=1 --", "\\"]:
        response = employee_client.get(SUGGEST, {"q": query})
        assert response.status_code == 200, query
        assert response.json()["results"] == [], query
    assert employee_client.get(SUGGEST).json() == {
        "results": [],
        "status": "No colleague matches.",
        "label": "Suggestions",
    }


def test_suggestions_deny_anonymous_and_writes(employee_client, people):
    response = Client().get(SUGGEST, {"q": "mar"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert employee_client.post(SUGGEST, {"q": "mar"}).status_code == 405


@override_settings(API_RATE_READ="3/m")
def test_suggestions_are_rate_limited(employee_client, people):
    codes = [employee_client.get(SUGGEST, {"q": "mar"}).status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200]
    assert codes[-1] == 429


def test_fold_matches_sql_folding(people):
    assert fold("Hélène ŒUVRAY Straße") == "helene oeuvray strasse"
    assert [p.username for p in people_suggest(query="hélène")] == ["hlefevre"]
    assert [p.username for p in people_suggest(query="HÉLÈNE")] == ["hlefevre"]


# --- the forms without JavaScript -------------------------------------------------------------


def _send(client, to):
    return client.post(COMPOSE, {"recipient": to, "subject": "Hello", "body": "Hi there"})


@pytest.mark.parametrize(
    "typed", ["Marie Martin", "marie martin", "Martin Marie", "mmartin", "mar"]
)
def test_message_to_a_name(employee_client, people, typed):
    response = _send(employee_client, typed)
    assert response.status_code == 302, response.text
    assert Message.objects.get().recipient == people["marie"]


def test_message_to_an_ambiguous_name_lists_the_choices(employee_client, people):
    response = _send(employee_client, "Pierre")
    assert response.status_code == 200
    text = response.text
    assert "Several people match “Pierre”" in text
    assert "Pierre Dubois (pdubois, IT)" in text and "Pierre Durand (pdurand, Legal)" in text
    assert "No account has this username" not in text
    assert not Message.objects.exists()
    assert _send(employee_client, "Pierre Dubois").status_code == 302
    assert Message.objects.get().recipient == people["pierre"]


def test_message_to_nobody_or_to_a_deactivated_account(employee_client, people):
    response = _send(employee_client, "Nobody Here")
    assert response.status_code == 200
    assert "No colleague matches “Nobody Here”. Type a name or a username." in response.text
    response = _send(employee_client, "mgone")
    assert "account is deactivated" in response.text
    response = _send(employee_client, "x" * 500)
    assert response.status_code == 200
    assert not Message.objects.exists()


def test_compose_page_has_the_type_ahead_and_no_reloading_search(employee_client, people):
    response = employee_client.get(COMPOSE)
    assert f'data-people-picker="{SUGGEST}"' in response.text
    assert 'id="lookup-q"' not in response.text and "Find a colleague" not in response.text


def test_grant_form_takes_a_name(admin_client, people):
    url = reverse("manage:permission_grant")
    data = {"right": "content.manage_events", "expires_at": "", "scope": ""}
    response = admin_client.post(url, {**data, "user": "Pierre"})
    assert response.status_code == 200
    assert "Pierre Dubois (pdubois, IT)" in response.text
    assert not PermissionGrant.objects.exists()
    response = admin_client.post(url, {**data, "user": "Pierre Dubois"})
    assert response.status_code == 302, response.text
    assert PermissionGrant.objects.get().user == people["pierre"]
    response = admin_client.post(url, {**data, "user": "Nobody"})
    assert "No colleague matches “Nobody”" in response.text


def test_check_a_user_by_name(admin_client, people):
    url = reverse("manage:permission_check")
    response = admin_client.get(url, {"user": "Hélène Lefèvre"})
    assert response.status_code == 200 and response.context["person"] == people["helene"]
    response = admin_client.get(url, {"user": "pierre"})
    assert "Several people match “pierre”" in response.text
    assert '<a href="?user=pdubois">Pierre Dubois</a>' in response.text
    response = admin_client.get(url, {"user": "zzz"})
    assert "No colleague matches “zzz”" in response.text
    # A deactivated account is still checked by its username (it holds no right).
    assert admin_client.get(url, {"user": "mgone"}).context["person"] == people["gone"]


def test_lookup_prefers_an_exact_username_then_a_full_name(people):
    namesake = UserFactory(username="marie", first_name="Anne", last_name="Other")
    assert person_lookup(text="marie").person == namesake
    assert person_lookup(text="Marie Martin").person == people["marie"]
    twin = UserFactory(username="mmartin2", first_name="Marie", last_name="Martin")
    found = person_lookup(text="Marie Martin")
    assert found.person is None and set(found.choices) == {people["marie"], twin}


def test_messages_in_french(employee_client, people):
    response = employee_client.post(
        COMPOSE,
        {"recipient": "Pierre", "subject": "Bonjour", "body": "Salut"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert "Plusieurs personnes correspondent à « Pierre »" in response.text
    answer = employee_client.get(SUGGEST, {"q": "pierre"}, HTTP_ACCEPT_LANGUAGE="fr").json()
    assert answer["status"] == "2 collègues trouvés : choisissez avec les flèches."


def test_mentions_in_a_message_link_to_the_person(client, employee, people):
    from tests.factories import MessageFactory

    message = MessageFactory(
        sender=people["pierre"], recipient=employee, body="Ask @Marie Martin or @nobody."
    )
    client.force_login(employee)
    page = client.get(reverse("messaging:detail", args=[message.pk])).text
    assert '<a class="mention" href="/people/mmartin/">@Marie Martin</a> or @nobody.' in page


def test_suggestions_cost_a_few_queries_however_many_people(
    employee_client, people, django_assert_max_num_queries
):
    employee_client.get(SUGGEST, {"q": "mar"})  # the session and the user are read once
    for number in range(40):
        UserFactory(username=f"marc{number}", first_name="Marc", last_name=f"Number{number}")
    with django_assert_max_num_queries(4):
        response = employee_client.get(SUGGEST, {"q": "mar"})
    assert len(response.json()["results"]) == 8
