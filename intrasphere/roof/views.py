"""The pages that compose every domain: the dashboard and the global search."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from intrasphere.pagination import paginate
from intrasphere.roof import dashboard as dashboard_selectors
from intrasphere.roof import search as search_selectors
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
