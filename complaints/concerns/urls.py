"""URLs of the reporting channel, mounted under /concerns/."""

from django.urls import path

from complaints.concerns import views

app_name = "concerns"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.submit, name="submit"),
    path("follow/", views.follow, name="follow"),
    path("handling/", views.handling_list, name="handling_list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/status/", views.status, name="status"),
]
