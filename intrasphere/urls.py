"""Root URLconf: each domain owns its prefixes (docs/architecture.md)."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required, login_required
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from intrasphere import health, views, views_markdown
from intrasphere.roof import views as roof_views
from intrasphere.roof import views_api

notification_patterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/read/", views.notification_read, name="read"),
    path("read-all/", views.notification_read_all, name="read_all"),
    path("settings/", views.notification_preferences, name="preferences"),
]

# The REST API (docs/api.md): each domain's routes, the OpenAPI schema and its documentation.
api_patterns = [
    path("", include("accounts.api.urls")),
    path("", include("content.api.urls")),
    path("stats", views_api.StatsView.as_view(), name="stats"),
    path("search", views_api.SearchView.as_view(), name="search"),
    path("notifications", views_api.NotificationList.as_view(), name="notification-list"),
    path(
        "notifications/<int:pk>/read",
        views_api.NotificationRead.as_view(),
        name="notification-read",
    ),
    path(
        "notifications/read-all",
        views_api.NotificationReadAll.as_view(),
        name="notification-read-all",
    ),
    path("", include("forum.api.urls")),
    path("", include("complaints.api.urls")),
    path("", include("training.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
]

urlpatterns = [
    path("api/v1/", include((api_patterns, "api"))),
    path("", roof_views.dashboard, name="dashboard"),
    path("search/", roof_views.search, name="search"),
    path("team/", roof_views.my_team, name="my_team"),
    path("team/<str:username>/remind/", roof_views.team_remind, name="team_remind"),
    path("privacy/", views.privacy_notice, name="privacy"),
    path("markdown/preview/", views_markdown.markdown_preview, name="markdown_preview"),
    path("notifications/", include((notification_patterns, "notifications"))),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("", include("accounts.urls")),
    path("messages/", include("accounts.urls_messages")),
    path("", include("content.urls")),
    path("", include("training.urls")),
    path("forum/", include("forum.urls")),
    path("complaints/", include("complaints.urls")),
    path("concerns/", include("complaints.concerns.urls")),
    path("manage/", include("accounts.urls_manage")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", health.metrics, name="metrics"),
    path("bench/ceiling/", views.bench_ceiling, name="bench_ceiling"),
    path("bench/floor/", views.bench_floor, name="bench_floor"),
]

handler400 = "intrasphere.errors.bad_request"
handler403 = "intrasphere.errors.permission_denied"
handler404 = "intrasphere.errors.page_not_found"
handler500 = "intrasphere.errors.server_error"
