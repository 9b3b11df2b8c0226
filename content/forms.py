"""Input validation for content, with clear messages."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from accounts.models import EmployeeCategory
from accounts.selectors import departments
from content.models import (
    COMMENT_MAX_LENGTH,
    Announcement,
    Category,
    Document,
    Event,
    EventRSVP,
    Page,
    Reaction,
)
from intrasphere.uploads import DOCUMENT_EXTENSIONS, IMAGE_EXTENSIONS, validate_upload
from intrasphere.widgets import MarkdownEditor

DATETIME_WIDGET = forms.DateTimeInput(
    attrs={"type": "datetime-local", "min": "1900-01-01T00:00", "max": "2999-12-31T23:59"},
    format="%Y-%m-%dT%H:%M",
)
MAX_EVENT_CAPACITY = 100_000


def validate_plausible_date(value) -> None:
    """Dates far outside any plan (year 1 or 9999) cannot be stored in every time zone."""
    if value is not None and not (1900 <= value.year <= 2999):
        raise forms.ValidationError(_("Enter a date between the years 1900 and 2999."))


class PlausibleDatesMixin:
    """Adds `validate_plausible_date` to every date-time field of the form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateTimeField):
                field.validators.append(validate_plausible_date)


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name", "slug", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Leave empty to build it from the name.")

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or slugify(self.cleaned_data.get("name", ""))
        if not slug:
            raise forms.ValidationError(_("Enter a slug made of letters, numbers or hyphens."))
        if Category.objects.filter(slug=slug).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another category already uses this slug."))
        return slug


PUBLISHING_ACTIONS = [
    ("draft", _("Save draft")),
    ("publish", _("Publish")),
    ("schedule", _("Schedule")),
    ("preview", _("Preview")),
]


class AnnouncementForm(PlausibleDatesMixin, forms.ModelForm):
    departments = forms.MultipleChoiceField(
        label=_("Departments"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    employee_categories = forms.ModelMultipleChoiceField(
        label=_("Employee categories"),
        queryset=EmployeeCategory.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    image_upload = forms.FileField(
        label=_("Image"),
        required=False,
        help_text=_("PNG or JPEG. Shown as a banner across the top of the card."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_image = forms.BooleanField(label=_("Remove the current image"), required=False)
    # The button pressed: save a draft, publish now, schedule at the publish date, or preview.
    action = forms.ChoiceField(choices=PUBLISHING_ACTIONS, required=False)

    class Meta:
        model = Announcement
        fields = [
            "title",
            "content",
            "type",
            "category",
            "icon",
            "important",
            "publish_at",
            "unpublish_at",
            "allow_comments",
            "allow_reactions",
        ]
        widgets = {
            "publish_at": DATETIME_WIDGET,
            "unpublish_at": DATETIME_WIDGET,
            "content": MarkdownEditor(attrs={"rows": 12}),
        }
        help_texts = {"publish_at": _("For “Schedule”: when it goes live.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = set(departments()) | set(
            self.instance.department_list if self.instance.pk else []
        )
        self.fields["departments"].choices = [(name, name) for name in sorted(choices)]
        if self.instance.pk:
            self.initial.setdefault("departments", self.instance.department_list)
            self.initial.setdefault(
                "employee_categories", list(self.instance.audience_categories.all())
            )
        if not (self.instance.pk and self.instance.image):
            del self.fields["remove_image"]

    def clean_image_upload(self):
        image = self.cleaned_data.get("image_upload")
        if image:
            validate_upload(image, allowed=IMAGE_EXTENSIONS, thumbnail=(256, 256))
        return image

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("publish_at"), cleaned.get("unpublish_at")
        if start and end and end <= start:
            self.add_error(
                "unpublish_at", _("The unpublish date must come after the publish date.")
            )
        return cleaned

    @property
    def previewing(self) -> bool:
        return self.is_bound and self.data.get("action") == "preview"

    def audience_choices(self) -> tuple[list[str], list[int]]:
        """The departments and category ids chosen (as submitted, or as saved): what "reaches N
        people" counts. Values that are not offered are left out."""
        if self.is_bound:
            offered = {name for name, _label in self.fields["departments"].choices}
            names = [name for name in self.data.getlist("departments") if name in offered]
            ids = [int(v) for v in self.data.getlist("employee_categories") if v.isdigit()]
            return names, ids
        categories = self.initial.get("employee_categories") or []
        return list(self.initial.get("departments") or []), [c.pk for c in categories]

    def service_kwargs(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}
        return {
            "data": data,
            "departments": self.cleaned_data["departments"],
            "employee_categories": self.cleaned_data["employee_categories"],
            "image": self.cleaned_data.get("image_upload") or None,
            "remove_image": self.cleaned_data.get("remove_image", False),
            "action": self.cleaned_data.get("action", "") if "action" in self.fields else "",
        }


class AnnouncementFilterForm(forms.Form):
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *Announcement.Type.choices]
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.order_by("name"),
        required=False,
        empty_label=_("All categories"),
    )


def _check_document(upload):
    validate_upload(upload, allowed=DOCUMENT_EXTENSIONS, max_bytes=settings.UPLOAD_MAX_BYTES)
    return upload


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["title", "description", "category", "requires_acknowledgement"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class DocumentCreateForm(DocumentForm):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument, text or image files."),
    )
    change_note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def clean_file(self):
        return _check_document(self.cleaned_data["file"])


class DocumentVersionForm(forms.Form):
    file = forms.FileField(label=_("New file"))
    change_note = forms.CharField(
        label=_("What changed?"), max_length=500, widget=forms.TextInput()
    )

    def clean_file(self):
        return _check_document(self.cleaned_data["file"])


class DocumentFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.order_by("name"),
        required=False,
        empty_label=_("All categories"),
    )


class EventForm(PlausibleDatesMixin, forms.ModelForm):
    class Meta:
        model = Event
        fields = ["title", "description", "type", "location", "starts_at", "ends_at", "capacity"]
        widgets = {
            "starts_at": DATETIME_WIDGET,
            "ends_at": DATETIME_WIDGET,
            "description": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        capacity = self.fields["capacity"]
        capacity.validators = [
            *(v for v in capacity.validators if not isinstance(v, MinValueValidator)),
            MinValueValidator(1),
            MaxValueValidator(MAX_EVENT_CAPACITY),
        ]
        capacity.widget.attrs.update({"min": 1, "max": MAX_EVENT_CAPACITY})

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_at"), cleaned.get("ends_at")
        if start and end and end < start:
            self.add_error("ends_at", _("The event cannot end before it starts."))
        return cleaned


class RSVPForm(forms.Form):
    status = forms.ChoiceField(choices=EventRSVP.Status.choices)


class PageForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = ["title", "slug", "category", "status", "body"]
        widgets = {"body": MarkdownEditor(attrs={"rows": 16})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("The page's address; built from the title when empty.")

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or slugify(self.cleaned_data.get("title", ""))
        if not slug:
            raise forms.ValidationError(_("Enter a slug made of letters, numbers or hyphens."))
        if Page.objects.filter(slug=slug).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another page already uses this address."))
        return slug


class CommentForm(forms.Form):
    content = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=MarkdownEditor(attrs={"rows": 4}),
        help_text=_("Markdown is supported."),
        error_messages={"required": _("Write a comment first.")},
    )


class CommentReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this comment?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what is wrong with this comment.")},
    )


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(choices=Reaction.choices)


class EventFilterForm(forms.Form):
    """The events list's filter: `day` (YYYY-MM-DD), the events running that day (the calendar's
    "+N more" link)."""

    day = forms.DateField(
        label=_("Day"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a day as YYYY-MM-DD, e.g. 2030-02-12.")},
    )

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day is not None and not 1900 <= day.year <= 9998:
            raise forms.ValidationError(_("Choose a day between the years 1900 and 9998."))
        return day
