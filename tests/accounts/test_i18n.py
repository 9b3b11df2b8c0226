"""French pages: the catalog is compiled and used."""

from django.urls import reverse


def test_login_page_in_french(client, db):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="fr")
    body = response.content.decode()
    assert '<html lang="fr">' in body
    assert "Se connecter" in body
    assert "Mot de passe oublié ?" in body


def test_language_switch_changes_the_page_language(client, db):
    client.post(reverse("set_language"), {"language": "fr", "next": reverse("accounts:login")})
    body = client.get(reverse("accounts:login")).content.decode()
    assert "Se connecter" in body
    client.post(reverse("set_language"), {"language": "en", "next": reverse("accounts:login")})
    assert "Sign in" in client.get(reverse("accounts:login")).content.decode()


def test_messages_pages_in_french(employee_client):
    response = employee_client.get(reverse("messaging:inbox"), HTTP_ACCEPT_LANGUAGE="fr")
    assert "Boîte de réception" in response.content.decode()
