"""The helpdesk's API routes, mounted under /api/v1/ (names in the "api" namespace)."""

from django.urls import path

from complaints import views as pages
from complaints.api import views
from intrasphere.api.files import PageFileView

urlpatterns = [
    path("complaints", views.ComplaintList.as_view(), name="complaint-list"),
    path("complaints/my", views.MyComplaintList.as_view(), name="complaint-my"),
    path("complaints/<int:pk>", views.ComplaintDetail.as_view(), name="complaint-detail"),
    path("complaints/<int:pk>/assign", views.ComplaintAssign.as_view(), name="complaint-assign"),
    path("complaints/<int:pk>/status", views.ComplaintStatus.as_view(), name="complaint-status"),
    path(
        "complaints/<int:pk>/priority",
        views.ComplaintPriority.as_view(),
        name="complaint-priority",
    ),
    path("complaints/<int:pk>/reply", views.ComplaintReplyCreate.as_view(), name="complaint-reply"),
    path("complaints/<int:pk>/rate", views.ComplaintRate.as_view(), name="complaint-rate"),
    path("complaints/<int:pk>/reveal", views.ComplaintReveal.as_view(), name="complaint-reveal"),
    path(
        "complaints/<int:pk>/attachments/<int:attachment_pk>/file",
        PageFileView.as_view(page_view=pages.attachment_download),
        name="complaint-attachment-file",
    ),
]
