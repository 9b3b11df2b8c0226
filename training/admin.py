from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from training import services
from training.forms import ResourceForm as TrainingResourceForm
from training.forms import TrainingForm, UploadedFileForm
from training.models import (
    Certificate,
    Choice,
    Course,
    Lesson,
    LessonAttachment,
    LessonProgress,
    Participant,
    Question,
    Quiz,
    QuizAttempt,
    Resource,
    Training,
)


class TrainingAdminForm(TrainingForm):
    def clean_max_participants(self):
        value = self.cleaned_data["max_participants"]
        if self.instance.pk and value < self.instance.participant_count:
            raise forms.ValidationError(
                _("%(count)s people already hold a seat: the maximum cannot be lower.")
                % {"count": self.instance.participant_count}
            )
        return value


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    form = TrainingAdminForm
    list_display = [
        "title",
        "category",
        "difficulty",
        "instructor",
        "start_date",
        "participant_count",
        "max_participants",
        "is_mandatory",
        "is_active",
        "is_visible",
    ]
    list_filter = ["difficulty", "is_mandatory", "is_active", "is_visible", "category"]
    search_fields = ["title", "description", "category"]
    autocomplete_fields = ["instructor"]
    readonly_fields = ["participant_count"]

    def save_model(self, request, obj, form, change):
        previous = Training.objects.get(pk=obj.pk).instructor if change else None
        super().save_model(request, obj, form, change)
        services.instructor_sync(training=obj, previous=previous)


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["user", "training", "status", "registered_at", "progress", "score", "due_date"]
    list_filter = ["status", "attended", "training__is_mandatory"]
    search_fields = ["user__username", "user__last_name", "training__title"]
    autocomplete_fields = ["user", "training", "last_lesson"]
    readonly_fields = ["user", "training", "status", "registered_at"]

    # Seats change only through the registration pages, which keep the counter right.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CourseAdminForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = ["training", "title", "description", "order", "duration_minutes", "prerequisites"]

    def clean(self):
        cleaned = super().clean()
        prerequisites = cleaned.get("prerequisites")
        training = cleaned.get("training")
        if prerequisites is not None and training is not None:
            services.course_prerequisites_check(
                course=self.instance, training=training, prerequisites=list(prerequisites)
            )
        return cleaned


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    form = CourseAdminForm
    list_display = ["title", "training", "order", "duration_minutes"]
    list_filter = ["training"]
    search_fields = ["title", "training__title"]
    autocomplete_fields = ["training", "prerequisites"]

    # Deleting through the services keeps the participants' progress right.
    def delete_model(self, request, obj):
        services.course_delete(actor=request.user, course=obj, request=request)

    def delete_queryset(self, request, queryset):
        for course in queryset.select_related("training"):
            services.course_delete(actor=request.user, course=course, request=request)


class LessonAttachmentForm(UploadedFileForm):
    class Meta:
        model = LessonAttachment
        fields = ["lesson", "title", "file"]


class ResourceForm(TrainingResourceForm):
    class Meta(TrainingResourceForm.Meta):
        fields = ["training", "title", "description", "url", "file"]


class LessonAttachmentInline(admin.TabularInline):
    model = LessonAttachment
    form = LessonAttachmentForm
    extra = 0


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "course", "order", "duration_minutes"]
    list_filter = ["course__training"]
    search_fields = ["title", "content", "course__title"]
    autocomplete_fields = ["course"]
    inlines = [LessonAttachmentInline]

    def save_model(self, request, obj, form, change):
        services.lesson_save(actor=request.user, lesson=obj, request=request)

    def delete_model(self, request, obj):
        services.lesson_delete(actor=request.user, lesson=obj, request=request)

    def delete_queryset(self, request, queryset):
        for lesson in queryset.select_related("course__training"):
            services.lesson_delete(actor=request.user, lesson=lesson, request=request)


@admin.register(LessonAttachment)
class LessonAttachmentAdmin(admin.ModelAdmin):
    form = LessonAttachmentForm
    list_display = ["title", "lesson", "extension", "size"]
    list_filter = ["extension"]
    search_fields = ["title", "lesson__title"]
    autocomplete_fields = ["lesson"]


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    form = ResourceForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "training", "url", "extension"]
    list_filter = ["training"]
    search_fields = ["title", "description", "training__title"]
    autocomplete_fields = ["training"]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    show_change_link = True


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ["title", "lesson", "passing_score", "time_limit_minutes", "max_attempts"]
    list_filter = ["show_answers"]
    search_fields = ["title", "lesson__title"]
    autocomplete_fields = ["lesson"]
    inlines = [QuestionInline]


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "quiz", "kind", "points", "order"]
    list_filter = ["kind"]
    search_fields = ["text", "quiz__title"]
    autocomplete_fields = ["quiz"]
    inlines = [ChoiceInline]


@admin.register(Choice)
class ChoiceAdmin(admin.ModelAdmin):
    list_display = ["text", "question", "is_correct", "order"]
    list_filter = ["is_correct"]
    search_fields = ["text", "question__text"]
    autocomplete_fields = ["question"]


@admin.register(QuizAttempt)
class QuizAttemptAdmin(admin.ModelAdmin):
    list_display = ["quiz", "user", "number", "started_at", "submitted_at", "score", "passed"]
    list_filter = ["passed", "late"]
    search_fields = ["quiz__title", "user__username"]
    autocomplete_fields = ["quiz", "user"]


@admin.register(LessonProgress)
class LessonProgressAdmin(admin.ModelAdmin):
    list_display = ["user", "lesson", "completed_at"]
    list_filter = ["lesson__course__training"]
    search_fields = ["user__username", "lesson__title"]
    autocomplete_fields = ["user", "lesson"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["code", "user", "training", "issued_at", "expires_at"]
    list_filter = ["training"]
    search_fields = ["code", "user__username", "training__title"]
    autocomplete_fields = ["user", "training", "issued_by"]
