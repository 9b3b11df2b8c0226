"""Sign-in and the people directory."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from accounts import selectors
from accounts.forms import LoginForm
from intrasphere.models import SiteSettings
from intrasphere.pagination import paginate


def _login_rate(group: str, request: HttpRequest) -> str:
    return settings.RATELIMIT_LOGIN


@method_decorator(login_not_required, name="dispatch")
@method_decorator(
    ratelimit(key="ip", rate=_login_rate, method="POST", block=True, group="login-ip"),
    name="post",
)
@method_decorator(
    ratelimit(key="post:username", rate=_login_rate, method="POST", block=True, group="login-user"),
    name="post",
)
class LoginView(auth_views.LoginView):
    """The rate limits run before the form, so a flood never reaches password hashing."""

    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        # Django's auth views put a RequestSite in `site`; the portal's templates mean the site
        # settings (name, contact) that the context processor provides under that name.
        return {**super().get_context_data(**kwargs), "site": SiteSettings.load()}


login = LoginView.as_view()
logout = require_POST(auth_views.LogoutView.as_view())


def directory(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    department = request.GET.get("department", "").strip()[:100]
    page = paginate(request, selectors.people_directory(query=query, department=department))
    return render(
        request,
        "accounts/person_list.html",
        {
            "page": page,
            "query": query,
            "department": department,
            "departments": selectors.departments(),
        },
    )


def person_detail(request: HttpRequest, username: str) -> HttpResponse:
    person = get_object_or_404(selectors.active_people(), username=username)
    crumbs = [(_("People"), reverse("accounts:directory")), (person.name, "")]
    return render(request, "accounts/person_detail.html", {"person": person, "crumbs": crumbs})
