"""Input validation for the training pages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.audience import departments_store
from accounts.models import EmployeeCategory, User
from accounts.selectors import departments
from intrasphere.uploads import IMAGE_EXTENSIONS, image_thumbnail, validate_upload
from training.models import (
    Choice,
    Course,
    Lesson,
    LessonAttachment,
    Participant,
    Question,
    Quiz,
    Resource,
    Training,
)
from training.services import course_prerequisites_check


class CatalogFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.CharField(label=_("Category"), required=False, max_length=100)
    difficulty = forms.ChoiceField(
        label=_("Difficulty"),
        required=False,
        choices=[("", _("Any difficulty")), *Training.Difficulty.choices],
    )
    mandatory = forms.BooleanField(label=_("Mandatory only"), required=False)
    upcoming = forms.BooleanField(label=_("Upcoming only"), required=False)
    free_seats = forms.BooleanField(label=_("With free seats"), required=False)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "query": data["q"].strip(),
            "category": data["category"].strip(),
            "difficulty": data["difficulty"],
            "mandatory": data["mandatory"],
            "upcoming": data["upcoming"],
            "free_seats": data["free_seats"],
        }


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


class TrainingForm(forms.ModelForm):
    audience_departments = forms.MultipleChoiceField(
        label=_("Mandatory for: departments"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave departments and categories empty: mandatory for everyone."),
    )
    audience_categories = forms.ModelMultipleChoiceField(
        label=_("Mandatory for: employee categories"),
        queryset=EmployeeCategory.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Training
        fields = [
            "title",
            "description",
            "category",
            "difficulty",
            "duration_hours",
            "instructor",
            "start_date",
            "end_date",
            "location",
            "max_participants",
            "is_mandatory",
            "audience_departments",
            "audience_categories",
            "deadline_date",
            "deadline_days",
            "is_active",
            "is_visible",
            "certificate_validity_days",
            "thumbnail",
        ]
        widgets = {
            "start_date": DateTimeInput(format="%Y-%m-%dT%H:%M"),
            "end_date": DateTimeInput(format="%Y-%m-%dT%H:%M"),
            "deadline_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, can_choose_instructor: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instructor"].queryset = User.objects.filter(is_active=True)
        stored = self.instance.department_list
        # A callable: read when the form is shown or checked (never at import: the API schema).
        self.fields["audience_departments"].choices = lambda: [
            (name, name) for name in sorted(set(departments()) | set(stored))
        ]
        if self.instance.pk:
            self.initial["audience_departments"] = stored
        if not can_choose_instructor:
            # An instructor edits their own training but does not hand it to someone else.
            del self.fields["instructor"]

    def clean_thumbnail(self):
        upload = self.cleaned_data.get("thumbnail")
        if upload and hasattr(upload, "content_type"):
            validate_upload(upload, allowed=IMAGE_EXTENSIONS, thumbnail=(640, 360))
            from django.core.files.base import ContentFile

            return ContentFile(image_thumbnail(upload, size=(640, 360)), name="thumbnail.png")
        return upload

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end must come after the start."))
        if cleaned.get("deadline_date") and cleaned.get("deadline_days"):
            self.add_error(
                "deadline_days",
                _("Give either a deadline date or a number of days, not both."),
            )
        return cleaned

    def clean_audience_departments(self) -> str:
        return departments_store(self.cleaned_data["audience_departments"])


class ParticipantMarkForm(forms.Form):
    attended = forms.BooleanField(label=_("Attended"), required=False)
    completed = forms.BooleanField(label=_("Completed"), required=False)


class FeedbackForm(forms.ModelForm):
    feedback_rating = forms.TypedChoiceField(
        label=_("Rating"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Participant
        fields = ["feedback_rating", "feedback_comment"]


class EnrolGroupForm(forms.Form):
    department = forms.ChoiceField(label=_("Department"), required=False)
    category = forms.ModelChoiceField(
        label=_("Employee category"),
        queryset=EmployeeCategory.objects.all(),
        required=False,
        empty_label=_("—"),
    )
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, departments: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("—"))] + [(d, d) for d in departments]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("department") and not cleaned.get("category"):
            raise ValidationError(_("Choose a department or an employee category."))
        return cleaned


class CertificateIssueForm(forms.Form):
    participant = forms.IntegerField(widget=forms.HiddenInput)


def parse_answers(data) -> dict[int, list[int]]:
    """`q-<question id>` fields holding choice ids; anything else malformed is refused."""
    answers: dict[int, list[int]] = {}
    for key in data:
        if not key.startswith("q-"):
            continue
        try:
            question_id = int(key[2:])
            answers[question_id] = [int(value) for value in data.getlist(key)]
        except ValueError:
            raise ValidationError(_("The answers sent are not valid.")) from None
    return answers


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = ["title", "description", "order", "duration_minutes", "prerequisites"]
        widgets = {"prerequisites": forms.CheckboxSelectMultiple}

    def __init__(self, *args, training: Training, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.training = training
        others = training.courses.order_by("order", "pk")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["prerequisites"].queryset = others

    def clean(self):
        cleaned = super().clean()
        prerequisites = cleaned.get("prerequisites")
        if prerequisites is not None:
            try:
                course_prerequisites_check(
                    course=self.instance,
                    training=self.instance.training,
                    prerequisites=list(prerequisites),
                )
            except ValidationError as error:
                self.add_error("prerequisites", error)
        return cleaned


class LessonForm(forms.ModelForm):
    video_url = forms.URLField(label=_("video URL"), required=False, assume_scheme="https")

    class Meta:
        model = Lesson
        fields = ["title", "order", "content", "video_url", "duration_minutes"]


class UploadedFileForm(forms.ModelForm):
    """Checks the upload by its content and records its real kind and size on the instance."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):
            kind = validate_upload(upload)
            self.instance.extension = kind.extension
            self.instance.content_type = kind.content_type
            self.instance.size = upload.size
        return upload


class AttachmentForm(UploadedFileForm):
    class Meta:
        model = LessonAttachment
        fields = ["title", "file"]


class ResourceForm(UploadedFileForm):
    url = forms.URLField(label=_("link"), required=False, assume_scheme="https")

    class Meta:
        model = Resource
        fields = ["title", "description", "url", "file"]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("url") and not cleaned.get("file"):
            raise ValidationError(_("Give a link or a file."))
        return cleaned


class QuizForm(forms.ModelForm):
    class Meta:
        model = Quiz
        fields = ["title", "passing_score", "time_limit_minutes", "max_attempts", "show_answers"]


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["text", "kind", "points", "explanation", "order"]


class BaseChoiceFormSet(forms.BaseInlineFormSet):
    """At least two answers; exactly one right answer unless the question is multiple choice."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("text")
        ]
        correct = sum(1 for data in kept if data.get("is_correct"))
        if len(kept) < 2:
            raise ValidationError(_("Give at least two answers."))
        if correct == 0:
            raise ValidationError(_("Mark at least one answer as correct."))
        if self.instance.kind != Question.Kind.MULTIPLE and correct != 1:
            raise ValidationError(_("This type of question has exactly one correct answer."))


ChoiceFormSet = forms.inlineformset_factory(
    Question,
    Choice,
    formset=BaseChoiceFormSet,
    fields=["text", "is_correct", "order"],
    extra=4,
    max_num=10,
    validate_max=True,
    can_delete=True,
)
