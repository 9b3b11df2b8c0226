from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        from intrasphere import caching

        caching.register_values(
            {
                "search_complaints": ("complaints.Complaint", "accounts.User"),
                # The managers' dashboard counts (by status, overdue): every complaint.
                "complaint_counts": ("complaints.Complaint",),
                # The handling list's row and overdue counts (`complaint_count`).
                "complaint_list_count": ("complaints.Complaint",),
            }
        )
