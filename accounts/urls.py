"""People: sign-in, registration, profile, passwords (/accounts/) and the directory (/people/)."""

from django.urls import path

from accounts import (
    views,
    views_invitations,
    views_oidc,
    views_privacy,
    views_rights,
    views_second_factor,
    views_tokens,
)

app_name = "accounts"

urlpatterns = [
    path("accounts/login/", views.login, name="login"),
    path("accounts/logout/", views_oidc.logout, name="logout"),
    path("accounts/sso/start/", views_oidc.oidc_start, name="oidc_start"),
    path("accounts/sso/callback/", views_oidc.oidc_callback, name="oidc_callback"),
    path("accounts/second-factor/", views_second_factor.enrol, name="second_factor"),
    path("accounts/second-factor/code/", views_second_factor.verify, name="second_factor_verify"),
    path("accounts/register/", views.register, name="register"),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/profile/edit/", views.profile_edit, name="profile_edit"),
    path("accounts/password/", views.password_change, name="password_change"),
    path("accounts/my-data/", views_privacy.my_data, name="my_data"),
    path("accounts/my-rights/", views_rights.my_rights, name="my_rights"),
    path("accounts/tokens/", views_tokens.token_list, name="tokens"),
    path("accounts/tokens/<int:pk>/revoke/", views_tokens.token_revoke, name="token_revoke"),
    path("accounts/password/reset/", views.password_reset, name="password_reset"),
    path("accounts/password/reset/sent/", views.password_reset_done, name="password_reset_done"),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        views.password_reset_complete,
        name="password_reset_complete",
    ),
    path(
        "accounts/invitation/<uidb64>/<token>/",
        views_invitations.invitation_accept,
        name="invitation_accept",
    ),
    path("people/", views.directory, name="directory"),
    # Not under people/<username>/: any username stays a profile.
    path("people/suggest.json", views.people_suggest, name="people_suggest"),
    path("org-chart/", views.org_chart, name="org_chart"),
    path("people/<str:username>/", views.person_detail, name="person_detail"),
    path("people/<str:username>/avatar/", views.person_avatar, name="person_avatar"),
]
