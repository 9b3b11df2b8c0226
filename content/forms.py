"""Input validation for content, with clear messages."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from accounts.models import EmployeeCategory
from accounts.selectors import departments
from content.models import Announcement, Category, Document, Event, EventRSVP, Page
from intrasphere.uploads import DOCUMENT_EXTENSIONS, IMAGE_EXTENSIONS, validate_upload

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


class AnnouncementForm(PlausibleDatesMixin, forms.ModelForm):
    departments = forms.MultipleChoiceField(
        label=_("Audience: departments"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave departments and categories empty to address everyone."),
    )
    employee_categories = forms.ModelMultipleChoiceField(
        label=_("Audience: employee categories"),
        queryset=EmployeeCategory.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    image_upload = forms.FileField(
        label=_("Image"),
        required=False,
        help_text=_("PNG or JPEG."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_image = forms.BooleanField(label=_("Remove the current image"), required=False)

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
        ]
        widgets = {
            "publish_at": DATETIME_WIDGET,
            "unpublish_at": DATETIME_WIDGET,
            "content": forms.Textarea(attrs={"rows": 12}),
        }

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

    def service_kwargs(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return {
            "data": data,
            "departments": self.cleaned_data["departments"],
            "employee_categories": self.cleaned_data["employee_categories"],
            "image": self.cleaned_data.get("image_upload") or None,
            "remove_image": self.cleaned_data.get("remove_image", False),
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
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}

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
