"""The accounts domain's API routes, mounted under /api/v1/ (names in the "api" namespace)."""

from django.urls import path

from accounts.api import views

urlpatterns = [
    path("auth/me", views.MeView.as_view(), name="auth-me"),
    path("auth/password", views.PasswordView.as_view(), name="auth-password"),
    path("auth/logout", views.LogoutView.as_view(), name="auth-logout"),
]
