"""The API's edit of a complaint (the prototype's `PUT /complaints/<id>`), with the pages'
fields: the submitter's, while the complaint is new, and the handlers' (priority, status,
assignee and a comment, each optional)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.forms import AssignForm, ComplaintForm
from complaints.models import Complaint


class ComplaintEditForm(ComplaintForm):
    """The submission form without the attachments and the confidentiality."""

    attachments = None

    class Meta(ComplaintForm.Meta):
        fields = ["title", "description", "category", "priority"]


class ComplaintChangeForm(AssignForm):
    """The handling forms' fields at once: what is not sent stays as it is."""

    priority = forms.ChoiceField(
        label=_("Priority"), choices=Complaint.Priority.choices, required=False
    )
    status = forms.ChoiceField(
        label=_("New status"), choices=Complaint.Status.choices, required=False
    )
    field_order = ["priority", "status", "assignee", "comment"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].required = False
