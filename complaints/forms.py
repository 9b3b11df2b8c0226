"""Input of the helpdesk pages, with clear messages."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.fields import PersonChoiceField
from complaints.models import Complaint, SavedReply
from complaints.services import ATTACHMENT_MAX_FILES
from intrasphere.uploads import DOCUMENT_EXTENSIONS, validate_upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each one checked by content like every upload."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > ATTACHMENT_MAX_FILES:
            raise ValidationError(
                _("Attach at most %(count)d files.") % {"count": ATTACHMENT_MAX_FILES}
            )
        errors = []
        for upload in files:
            try:
                validate_upload(upload)
            except ValidationError as error:
                errors.extend(f"{upload.name}: {message}" for message in error.messages)
        if errors:
            raise ValidationError(errors)
        return list(files)


class ComplaintForm(forms.ModelForm):
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("Optional, up to %(count)d files (%(types)s), %(size)s each at most.")
        % {
            "count": ATTACHMENT_MAX_FILES,
            "types": ", ".join(DOCUMENT_EXTENSIONS),
            "size": filesizeformat(settings.UPLOAD_MAX_BYTES),
        },
    )

    class Meta:
        model = Complaint
        fields = ["title", "description", "category", "priority", "confidential"]
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}
        help_texts = {"description": _("What happened, when, and what you expect. Markdown works.")}

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if len(title) < 5:
            raise ValidationError(_("Give the complaint a title of at least 5 characters."))
        return title


class AssignForm(forms.Form):
    assignee = PersonChoiceField(
        label=_("Assign to"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose someone who can handle complaints.")},
    )
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000)

    def __init__(self, *args, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = handlers


class RevealForm(forms.Form):
    """Show a confidential complaint's submitter to one more manager (assignee or admin)."""

    manager = forms.ModelChoiceField(
        label=_("Reveal to"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose a complaint manager.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        help_text=_("Kept in the timeline and the audit log."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = candidates


class PriorityForm(forms.Form):
    priority = forms.ChoiceField(label=_("Priority"), choices=Complaint.Priority.choices)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Complaint.Status.choices)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, allowed: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if allowed is not None and not self.is_bound:
            self.fields["status"].choices = [
                (value, label) for value, label in Complaint.Status.choices if value in allowed
            ]


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4, "data-mentions": ""}),
    )
    internal = forms.BooleanField(
        label=_("Internal note (only the people handling complaints see it)"), required=False
    )

    def __init__(self, *args, allow_internal: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not allow_internal:
            del self.fields["internal"]


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you?"),
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
        help_text=_("5: very satisfied, 1: not satisfied at all."),
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class HandlingFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), ("open", _("Open")), *Complaint.Status.choices],
    )
    priority = forms.ChoiceField(
        label=_("Priority"),
        required=False,
        choices=[("", _("Any priority")), *Complaint.Priority.choices],
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("Any category")), *Complaint.Category.choices],
    )
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    created_from = forms.DateField(
        label=_("Filed from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    created_to = forms.DateField(
        label=_("Filed until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    resolved_from = forms.DateField(
        label=_("Resolved from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    resolved_to = forms.DateField(
        label=_("Resolved until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("due", _("Due date")),
            ("priority", _("Priority")),
            ("updated", _("Last update")),
        ],
    )

    # Without any filter: the open requests assigned to me or to nobody (closed ones hidden).
    DEFAULTS = {"status": "open", "assignee": "mine"}

    def __init__(self, *args, handlers, user=None, **kwargs):
        kwargs.setdefault("initial", self.DEFAULTS)
        super().__init__(*args, **kwargs)
        self.user = user
        self.handlers = {str(user.pk): user for user in handlers}
        self.fields["assignee"].choices = [
            ("", _("Anyone")),
            ("mine", _("Me or unassigned")),
            ("none", _("Unassigned")),
            *[(pk, user.name) for pk, user in self.handlers.items()],
        ]

    def filters(self) -> dict:
        """Keyword arguments for `selectors.complaint_filter` (defaults on bad input)."""
        data = (
            self.DEFAULTS if not self.is_bound else (self.cleaned_data if self.is_valid() else {})
        )
        assignee = data.get("assignee", "")
        return {
            "status": data.get("status", ""),
            "priority": data.get("priority", ""),
            "category": data.get("category", ""),
            "assignee": self.handlers.get(assignee),
            "unassigned": assignee == "none",
            "mine_or_unassigned": self.user if assignee == "mine" else None,
            "overdue": data.get("overdue", False),
            "created_from": data.get("created_from"),
            "created_to": data.get("created_to"),
            "resolved_from": data.get("resolved_from"),
            "resolved_to": data.get("resolved_to"),
            "sort": data.get("sort") or "newest",
        }


class ReportPeriodForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise ValidationError(_("The start date must be before the end date."))
        if start and end and (end - start).days > 3 * 366:
            raise ValidationError(_("Choose a period of three years at most."))
        return data

    @classmethod
    def showing(cls, start, end) -> ReportPeriodForm:
        """The form with the period the page shows (the default one when none was chosen), so
        From and To say what the subtitle says."""
        return cls({"start": start.isoformat(), "end": end.isoformat()})

    def period(self):
        today = timezone.localdate()
        default = (today.replace(day=1) - timedelta(days=335)).replace(day=1), today
        if not self.is_valid():
            return default
        return (
            self.cleaned_data.get("start") or default[0],
            self.cleaned_data.get("end") or default[1],
        )


class UpdateForm(forms.Form):
    """The handler's update panel: a reply or note and the status, assignee, priority and
    category, all preselected with their current values (an unchanged value is no change)."""

    body = forms.CharField(
        label=_("Reply"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5, "data-mentions": ""}),
        help_text=_("Optional. Markdown works."),
    )
    internal = forms.BooleanField(
        label=_("Internal note (only the people handling complaints see it)"), required=False
    )
    saved_reply = forms.ModelChoiceField(
        label=_("Saved reply"),
        queryset=None,
        required=False,
        empty_label=_("Choose a saved reply"),
        error_messages={"invalid_choice": _("This saved reply no longer exists.")},
    )
    status = forms.ChoiceField(label=_("Status"))
    assignee = PersonChoiceField(
        label=_("Assignee"),
        queryset=None,
        required=False,
        empty_label=_("Not assigned yet"),
        error_messages={"invalid_choice": _("Choose someone who can handle complaints.")},
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=Complaint.Priority.choices)
    category = forms.ChoiceField(label=_("Category"), choices=Complaint.Category.choices)

    def __init__(self, *args, complaint, allowed, handlers, saved_replies, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "status": complaint.status,
                "assignee": complaint.assignee_id,
                "priority": complaint.priority,
                "category": complaint.category,
            },
        )
        super().__init__(*args, **kwargs)
        self.complaint = complaint
        statuses = {complaint.status, *allowed}
        self.fields["status"].choices = [
            (value, label) for value, label in Complaint.Status.choices if value in statuses
        ]
        self.fields["assignee"].queryset = handlers
        self.fields["saved_reply"].queryset = saved_replies
        if complaint.status == Complaint.Status.CLOSED:  # no more replies
            for name in ("body", "internal", "saved_reply"):
                del self.fields[name]
        elif not saved_replies.exists():
            del self.fields["saved_reply"]

    def clean(self):
        data = super().clean()
        assignee = data.get("assignee")
        if assignee is None and self.complaint.assignee_id and "assignee" in data:
            raise ValidationError(
                {"assignee": _("A request cannot be unassigned: choose who handles it.")}
            )
        return data


class EditForm(forms.ModelForm):
    """The submitter's correction of a request while it is new."""

    class Meta:
        model = Complaint
        fields = ["title", "description", "category"]
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if len(title) < 5:
            raise ValidationError(_("Give the complaint a title of at least 5 characters."))
        return title


class SavedReplyForm(forms.ModelForm):
    class Meta:
        model = SavedReply
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}
