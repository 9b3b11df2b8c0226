"""URLs of the complaints domain, mounted under /complaints/."""

from django.urls import path

from complaints import views, views_handling

app_name = "complaints"

urlpatterns = [
    path("", views.my_list, name="my_list"),
    path("new/", views.submit, name="submit"),
    path("handling/", views.handling_list, name="handling_list"),
    path("reports/", views.reports, name="reports"),
    path("reports/export.csv", views.reports_csv, name="reports_csv"),
    path("handling/filters/", views_handling.saved_filter_create, name="saved_filter_create"),
    path(
        "handling/filters/<int:filter_pk>/delete/",
        views_handling.saved_filter_delete,
        name="saved_filter_delete",
    ),
    path("saved-replies/", views_handling.saved_replies, name="saved_replies"),
    path("saved-replies/<int:reply_pk>/", views_handling.saved_reply_edit, name="saved_reply_edit"),
    path(
        "saved-replies/<int:reply_pk>/delete/",
        views_handling.saved_reply_delete,
        name="saved_reply_delete",
    ),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/update/", views_handling.update, name="update"),
    path("<int:pk>/edit/", views_handling.edit, name="edit"),
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
