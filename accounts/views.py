"""Sign-in, registration, profile and password pages, the people directory, messages."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_ratelimit.decorators import ratelimit

from accounts import oidc, second_factor, selectors, selectors_people, services, signin_limits
from accounts.forms import (
    LoginForm,
    MessageForm,
    PortalPasswordResetForm,
    ProfileForm,
    RegistrationForm,
)
from accounts.models import User
from intrasphere.media import protected_file_response
from intrasphere.models import SiteSettings
from intrasphere.pagination import paginate
from intrasphere.views import ratelimited


def _rate(setting_name: str) -> Callable[[str, HttpRequest], str]:
    """A rate read from settings at request time (so tests and deployments can change it)."""

    def rate(group: str, request: HttpRequest) -> str:
        return getattr(settings, setting_name)

    return rate


def signin_limited(view: Callable) -> Callable:
    """The sign-in limits (accounts.signin_limits), checked before any password is."""

    @wraps(view)
    def limited_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "POST":
            decision = signin_limits.check(request, request.POST.get("username", ""))
            if decision.unavailable:
                return ratelimited(request)
            if not decision.allowed:
                return _signin_refused(request, decision)
        return view(request, *args, **kwargs)

    # The general POST limit leaves sign-in to these limits (an office shares one address).
    limited_view.signin_limits = True
    return limited_view


def _signin_refused(request: HttpRequest, decision: signin_limits.Decision) -> HttpResponse:
    """429 that keeps the sign-in form, says when to try again and offers a password reset."""
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if not next_url and request.path.startswith(reverse("admin:index")):
        next_url = reverse("admin:index")
    context = {
        "form": LoginForm(request),
        "next": next_url,
        "until": decision.until,
        "site": SiteSettings.load(),
    }
    response = render(request, "registration/login_limited.html", context, status=429)
    response["Retry-After"] = str(decision.retry_after)
    return response


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    """The rate limits run before the form, so a flood never reaches password hashing."""

    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        services.sign_in_record(user=form.get_user(), request=self.request)
        return response

    def form_invalid(self, form):
        services.sign_in_failure_record(
            username=self.request.POST.get("username", ""), request=self.request
        )
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Django puts its own `site` (a RequestSite) here; the templates expect SiteSettings.
        context["site"] = SiteSettings.load()
        if oidc.enabled():
            context["sso_provider"] = oidc.provider_name()
            context["local_login"] = settings.LOCAL_LOGIN
        return context


login = signin_limited(LoginView.as_view())


# --- Registration -----------------------------------------------------------------------------
@login_not_required
@ratelimit(key="ip", rate=_rate("RATELIMIT_REGISTER"), method="POST", block=True, group="register")
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    if not SiteSettings.load(fresh=True).registration_open:
        return render(request, "accounts/registration_closed.html", status=403)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = _register(request, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            auth_login(request, user, backend="accounts.backends.ModelBackend")
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect("dashboard")
    return render(request, "accounts/register.html", {"form": form})


def _register(request: HttpRequest, data: dict) -> User:
    return services.user_register(
        username=data["username"],
        password=data["password1"],
        email=data["email"],
        first_name=data["first_name"],
        last_name=data["last_name"],
        request=request,
    )


# --- Own profile and password -----------------------------------------------------------------
def _person_page(request: HttpRequest, person, *, is_self: bool) -> HttpResponse:
    crumbs = [(_("People"), reverse("accounts:directory")), (person.name, "")]
    context = {
        "person": person,
        "is_self": is_self,
        "crumbs": crumbs,
        "reporting_line": selectors.reporting_line(person=person),
        "direct_reports": list(selectors.direct_reports(person=person)[: REPORTS_SHOWN + 1]),
        "reports_shown": REPORTS_SHOWN,
    }
    if is_self:
        context["second_factor_on"] = second_factor.has_device(person)
    return render(request, "accounts/person_detail.html", context)


REPORTS_SHOWN = 50  # on a person's page; the org chart shows them all, a page at a time


def org_chart(request: HttpRequest) -> HttpResponse:
    """The org chart, one branch at a time: the top (no manager), a person's branch
    (`?person=`: their line up and their direct reports), or a search (`?q=`)."""
    query = request.GET.get("q", "").strip()[:100]
    username = request.GET.get("person", "")[:150]
    focus = selectors.person_get(username=username) if username else None
    if focus is not None:
        people = selectors.direct_reports(person=focus)
    elif query:
        people = selectors.org_chart_search(query=query)
    else:
        people = selectors.org_chart_roots()
    context = {
        "query": query,
        "focus": focus,
        "line": list(reversed(selectors.reporting_line(person=focus))) if focus else [],
        "page": paginate(request, people),
    }
    return render(request, "accounts/org_chart.html", context)


def profile(request: HttpRequest) -> HttpResponse:
    return _person_page(request, request.user, is_self=True)


def profile_edit(request: HttpRequest) -> HttpResponse:
    # A fresh instance: a refused form must not alter `request.user` for the page around it.
    form = ProfileForm(
        request.POST or None,
        request.FILES or None,
        instance=selectors.profile_get(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        services.profile_update(
            user=request.user,
            changes={name: form.cleaned_data[name] for name in ProfileForm.Meta.fields},
            avatar_png=form.avatar_png,
            remove_avatar=form.cleaned_data.get("remove_avatar", False),
            request=request,
        )
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    crumbs = [(_("My profile"), reverse("accounts:profile")), (_("Edit"), "")]
    return render(request, "accounts/profile_form.html", {"form": form, "crumbs": crumbs})


def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_password_change(
            user=request.user, password=form.cleaned_data["new_password1"], request=request
        )
        # Keep this session; every other session of the user ends (its hash no longer matches).
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Your password is changed. Other sessions were signed out."))
        return redirect("accounts:profile")
    return render(request, "registration/password_change_form.html", {"form": form})


@method_decorator(login_not_required, name="dispatch")
@method_decorator(
    ratelimit(
        key="ip",
        rate=_rate("RATELIMIT_PASSWORD_RESET"),
        method="POST",
        block=True,
        group="password-reset",
    ),
    name="post",
)
class PasswordResetView(auth_views.PasswordResetView):
    form_class = PortalPasswordResetForm
    template_name = "registration/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        self.extra_email_context = {"site_name": SiteSettings.load().site_name}
        return super().form_valid(form)


@method_decorator(login_not_required, name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_reset_record(user=form.user, request=self.request)
        return response


@method_decorator(login_not_required, name="dispatch")
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


password_reset = PasswordResetView.as_view()
password_reset_done = PasswordResetDoneView.as_view()
password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = PasswordResetCompleteView.as_view()


# --- Directory --------------------------------------------------------------------------------
def directory(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    department = request.GET.get("department", "").strip()[:100]
    people = selectors.people_directory(query=query, department=department)
    count = None if query else selectors.people_count(department=department)
    context = {
        "page": paginate(request, people, count=count),
        "query": query,
        "department": department,
        "departments": selectors.departments(),
    }
    return render(request, "accounts/person_list.html", context)


def person_detail(request: HttpRequest, username: str) -> HttpResponse:
    person = selectors.person_get(username=username)
    return _person_page(request, person, is_self=person.pk == request.user.pk)


@require_GET
@ratelimit(key="user", rate=_rate("API_RATE_READ"), block=True, group="people-suggest")
def people_suggest(request: HttpRequest) -> JsonResponse:
    """The people type-ahead's answer: a few active colleagues matching `q`, with what the
    directory shows of them (signed-in users; counted like the API's reads)."""
    people = selectors_people.people_suggest(query=request.GET.get("q", ""))
    return JsonResponse(
        {
            "results": [selectors_people.person_summary(person) for person in people],
            "status": selectors_people.suggestions_status(len(people)),
            "label": _("Suggestions"),
        }
    )


def person_avatar(request: HttpRequest, username: str) -> HttpResponse:
    """A colleague's photo, for signed-in users only (media is never public)."""
    person = selectors.person_get(username=username)
    response = protected_file_response(
        person.avatar, content_type="image/png", missing=_("No photo.")
    )
    if response.status_code == 200:
        response["Content-Disposition"] = "inline"
    if "Cache-Control" not in response:
        response["Cache-Control"] = "private, max-age=3600"
    return response


# --- Internal messages (/messages/) -----------------------------------------------------------
def message_inbox(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.message_inbox(user=request.user))
    return render(request, "accounts/message_list.html", {"page": page, "box": "inbox"})


def message_sent(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.message_sent(user=request.user))
    return render(request, "accounts/message_list.html", {"page": page, "box": "sent"})


def _message_form_page(request, form, *, parent=None) -> HttpResponse:
    """Send the bound form's message, or show the form again with its errors."""
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.message_send(
                sender=request.user,
                recipient=form.cleaned_data["recipient"],
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                parent=parent,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your message is sent."))
            return redirect("messaging:detail", pk=sent.pk)
    return render(request, "accounts/message_form.html", {"form": form, "parent": parent})


def message_compose(request: HttpRequest) -> HttpResponse:
    form = MessageForm(
        request.POST or None,
        sender=request.user,
        initial={"recipient": request.GET.get("to", "").strip()[:150]},
    )
    return _message_form_page(request, form)


def message_reply(request: HttpRequest, pk: int) -> HttpResponse:
    parent = selectors.message_get(user=request.user, pk=pk)
    form = MessageForm(
        request.POST or None,
        sender=request.user,
        fixed_recipient=selectors.message_counterpart(message=parent, user=request.user),
        initial=services.message_reply_initial(message=parent, user=request.user),
    )
    return _message_form_page(request, form, parent=parent)


def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    msg = selectors.message_get(user=request.user, pk=pk)
    services.message_mark_read(message=msg, user=request.user)
    return render(
        request,
        "accounts/message_detail.html",
        {"msg": msg, "received": msg.recipient_id == request.user.pk},
    )
