from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        from complaints import permissions as p
        from intrasphere.manage_links import ManageLink, register

        register(
            ManageLink(
                "complaints:handling_list",
                _("Complaint handling"),
                _("Every complaint: assign, answer and resolve."),
                p.is_complaint_manager,
            ),
        )

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
