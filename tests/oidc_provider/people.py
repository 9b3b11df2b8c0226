"""The provider's people: `people.json` in OP_DIR, {username: {"password": …, "claims": {…}}}."""

import json

from django.conf import settings
from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.models import User
from oauth2_provider.oauth2_validators import OAuth2Validator


def _people() -> dict:
    path = settings.OP_DIR / "people.json"
    return json.loads(path.read_text()) if path.exists() else {}


class PeopleBackend(BaseBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        person = _people().get(username or "")
        if person is None or person.get("password") != password:
            return None
        user, _created = User.objects.get_or_create(username=username)
        return user

    def get_user(self, user_id):
        return User.objects.filter(pk=user_id).first()


class Validator(OAuth2Validator):
    # Only `sub` is tied to a scope: every other claim of the file is sent.
    oidc_claim_scope = None

    def get_additional_claims(self, request):
        claims = _people().get(request.user.username, {}).get("claims", {})
        return {"preferred_username": request.user.username, **claims}
