"""URLs of the complaints domain, mounted under /complaints/."""

from django.urls import path

from complaints import views

app_name = "complaints"

urlpatterns = [
    path("", views.my_list, name="my_list"),
    path("new/", views.submit, name="submit"),
    path("handling/", views.handling_list, name="handling_list"),
    path("reports/", views.reports, name="reports"),
    path("reports/export.csv", views.reports_csv, name="reports_csv"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/status/", views.transition, name="transition"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/priority/", views.priority, name="priority"),
    path("<int:pk>/rate/", views.rate, name="rate"),
    path("<int:pk>/reveal/", views.reveal_submitter, name="reveal_submitter"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
]
