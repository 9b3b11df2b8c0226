"""An employee's own rights: what I may do, where, until when, granted by whom."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import selectors


def my_rights(request: HttpRequest) -> HttpResponse:
    """The same rows as the administrators' check page (`selectors.user_rights`), for oneself."""
    context = {
        "rows": selectors.user_rights(user=request.user),
        "crumbs": [(_("My profile"), reverse("accounts:profile")), (_("My rights"), "")],
    }
    return render(request, "accounts/my_rights.html", context)
