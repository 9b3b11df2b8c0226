"""The second factor's pages: set-up, the code at sign-in, an administrator's reset."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from accounts import second_factor, signin_limits
from accounts.models import User
from accounts.views import _signin_refused
from intrasphere.permissions import admin_required


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if safe else "/"


def _checked(request, form, device=None):
    """(the device the code matched or None, a response when the limits refuse)."""
    decision = signin_limits.check(request, request.user.get_username())
    if not decision.allowed:
        return None, _signin_refused(request, decision)
    code = form.cleaned_data["code"]
    if device is not None:
        matched = device if device.verify_token("".join(code.split())) else None
    else:
        matched = second_factor.code_check(user=request.user, code=code, request=request)
    if matched is None:
        signin_limits.record_failure(request, request.user.get_username())
        form.add_error("code", _("This code is not right (or was already used). Try again."))
    return matched, None


@second_factor.exempt
def enrol(request):
    """Set up an authenticator app: QR code, then a first code; recovery codes shown once."""
    device = second_factor.enrolment_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        matched, refused = _checked(request, form, device)
        if refused:
            return refused
        if matched:
            codes = second_factor.enrolment_confirm(
                user=request.user, device=device, request=request
            )
            otp_login(request, device)
            context = {"codes": codes, "next": _next(request)}
            return render(request, "accounts/second_factor_codes.html", context)
    context = {
        "form": form,
        "qr": second_factor.qr_svg(device),
        "secret": second_factor.secret_text(device),
        "has_device": second_factor.has_device(request.user),
        "required": second_factor.required(request.user),
        "next": _next(request),
    }
    return render(request, "accounts/second_factor_enrol.html", context)


@second_factor.exempt
def verify(request):
    """The code of the authenticator app, or a recovery code."""
    if not second_factor.has_device(request.user):
        return redirect("accounts:second_factor")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        matched, refused = _checked(request, form)
        if refused:
            return refused
        if matched:
            otp_login(request, matched)
            return redirect(_next(request))
    return render(
        request, "accounts/second_factor_verify.html", {"form": form, "next": _next(request)}
    )


@admin_required
@require_POST
def reset(request, pk: int):
    person = get_object_or_404(User, pk=pk)
    second_factor.second_factor_reset(actor=request.user, user=person, request=request)
    messages.success(
        request, _("Second factor of %(user)s removed: they set it up again.") % {"user": person}
    )
    return redirect("manage:user_edit", pk=person.pk)
