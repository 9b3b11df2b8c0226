"""The profile's "API tokens" page: make a token (its secret shown once), list and revoke."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.forms_tokens import ApiTokenForm
from accounts.models import ApiToken
from accounts.services_tokens import api_token_create, api_token_revoke
from intrasphere.pagination import paginate


def token_list(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                expires_at=form.expires_at,
                read_only=form.read_only,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user=request.user)
    context = {"form": form, "secret": secret, "page": paginate(request, tokens)}
    response = render(request, "accounts/token_list.html", context)
    add_never_cache_headers(response)  # the secret must not stay in any cache
    return response


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if api_token_revoke(actor=request.user, token=token, request=request):
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("accounts:tokens")
