"""The accounts domain's API routes, mounted under /api/v1/ (names in the "api" namespace)."""

from django.urls import path

from accounts import views as pages
from accounts.api import views, views_auth, views_manage, views_messages, views_users
from intrasphere.api.files import PageFileView

urlpatterns = [
    path("auth/login", views_auth.LoginView.as_view(), name="auth-login"),
    path("auth/register", views_auth.RegisterView.as_view(), name="auth-register"),
    path("auth/me", views.MeView.as_view(), name="auth-me"),
    path("auth/password", views.PasswordView.as_view(), name="auth-password"),
    path("auth/logout", views.LogoutView.as_view(), name="auth-logout"),
    path("users", views_users.UserList.as_view(), name="user-list"),
    path("users/<int:pk>", views_users.UserDetail.as_view(), name="user-detail"),
    path(
        "people/<str:username>/avatar",
        PageFileView.as_view(page_view=pages.person_avatar),
        name="person-avatar",
    ),
    path("users/<int:pk>/activate", views_users.UserActivate.as_view(), name="user-activate"),
    path("users/<int:pk>/deactivate", views_users.UserDeactivate.as_view(), name="user-deactivate"),
    path("messages", views_messages.MessageList.as_view(), name="message-list"),
    path("messages/<int:pk>", views_messages.MessageDetail.as_view(), name="message-detail"),
    path("messages/<int:pk>/read", views_messages.MessageRead.as_view(), name="message-read"),
    path(
        "employee-categories",
        views_manage.EmployeeCategoryList.as_view(),
        name="employee-category-list",
    ),
    path(
        "employee-categories/<int:pk>",
        views_manage.EmployeeCategoryDetail.as_view(),
        name="employee-category-detail",
    ),
    path("system-settings", views_manage.SystemSettings.as_view(), name="system-settings"),
    path("permissions", views_manage.PermissionGrantList.as_view(), name="permission-list"),
    path("permissions/check", views_manage.PermissionCheck.as_view(), name="permission-check"),
    path(
        "permissions/<int:pk>", views_manage.PermissionsOfUser.as_view(), name="permission-detail"
    ),
]
