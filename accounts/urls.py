"""People: sign-in under /accounts/, the directory under /people/."""

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("accounts/login/", views.login, name="login"),
    path("accounts/logout/", views.logout, name="logout"),
    path("people/", views.directory, name="directory"),
    path("people/<str:username>/", views.person_detail, name="person_detail"),
]
