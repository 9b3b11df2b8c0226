"""The pages that compose every domain: the dashboard, the global search and "My team"."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import permissions as accounts_permissions
from accounts import selectors as accounts_selectors
from accounts.services_teams import team_member_remind
from intrasphere.pagination import paginate
from intrasphere.roof import dashboard as dashboard_selectors
from intrasphere.roof import search as search_selectors
from intrasphere.roof import teams
from intrasphere.search import previews as search_previews


def dashboard(request: HttpRequest) -> HttpResponse:
    context = dashboard_selectors.dashboard_context(request.user)
    return render(request, "intrasphere/dashboard.html", context)


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    groups = search_selectors.search_groups(user=request.user, query=query, language=get_language())
    selected = request.GET.get("type", "")
    context = {"query": query, "groups": groups, "selected": selected}
    chosen = next((group for group in groups if group.key == selected), None)
    if chosen is not None:
        page = paginate(request, chosen.queryset)
        context["page"] = page
        context["hits"] = [chosen.to_hit(obj) for obj in page]
        context["chosen"] = chosen
    else:
        context["previews"] = search_previews(groups)
        context["has_hits"] = any(hits for _group, hits in context["previews"])
    return render(request, "intrasphere/search.html", context)


def my_team(request: HttpRequest) -> HttpResponse:
    """The viewer's direct reports, each with their obligations (empty for non-managers)."""
    page = paginate(request, accounts_selectors.direct_reports(person=request.user))
    rows = teams.team_rows(people=list(page.object_list))
    return render(request, "intrasphere/my_team.html", {"page": page, "rows": rows})


@require_POST
def team_remind(request: HttpRequest, username: str) -> HttpResponse:
    person = accounts_selectors.person_get(username=username)
    accounts_permissions.ensure_manages(request.user, person)
    try:
        team_member_remind(
            actor=request.user,
            person=person,
            items=teams.reminder_items(person=person),
            url=reverse("dashboard"),
            request=request,
        )
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s was reminded.") % {"name": person.name})
    return redirect("my_team")
