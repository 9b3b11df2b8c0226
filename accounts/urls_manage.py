"""The administration pages under /manage/ (see accounts/views_manage.py)."""

from django.urls import path

from accounts import views_manage as views
from accounts import views_second_factor

app_name = "manage"

urlpatterns = [
    path("", views.index, name="index"),
    path("permissions/", views.permission_list, name="permission_list"),
    path("permissions/grant/", views.permission_grant, name="permission_grant"),
    path("permissions/check/", views.permission_check, name="permission_check"),
    path("permissions/<int:pk>/revoke/", views.permission_revoke, name="permission_revoke"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/edit/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/invite/", views.user_invite, name="user_invite"),
    path("users/invite/", views.user_invite_selected, name="user_invite_selected"),
    path("users/<int:pk>/activate/", views.user_activate, name="user_activate"),
    path("users/<int:pk>/deactivate/", views.user_deactivate, name="user_deactivate"),
    path("users/<int:pk>/anonymise/", views.user_anonymise, name="user_anonymise"),
    path("users/<int:pk>/export/", views.user_export, name="user_export"),
    path("privacy/", views.privacy_requests, name="privacy_requests"),
    path(
        "users/<int:pk>/second-factor/reset/",
        views_second_factor.reset,
        name="user_second_factor_reset",
    ),
    path("categories/", views.category_list, name="category_list"),
    path("categories/new/", views.category_create, name="category_create"),
    path("categories/<int:pk>/edit/", views.category_edit, name="category_edit"),
    path("categories/<int:pk>/delete/", views.category_delete, name="category_delete"),
    path("settings/", views.site_settings, name="settings"),
    path("audit/", views.audit_log, name="audit_log"),
]
