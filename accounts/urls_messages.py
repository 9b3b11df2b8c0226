"""Internal messages under /messages/: inbox, sent, compose, detail, reply."""

from django.urls import path

from accounts import views

app_name = "messaging"

urlpatterns = [
    path("", views.message_inbox, name="inbox"),
    path("sent/", views.message_sent, name="sent"),
    path("compose/", views.message_compose, name="compose"),
    path("<int:pk>/", views.message_detail, name="detail"),
    path("<int:pk>/reply/", views.message_reply, name="reply"),
]
