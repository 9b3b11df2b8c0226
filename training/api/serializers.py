"""What the API shows of trainings (output only: input goes through the pages' forms)."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.api.serializers import PersonRefSerializer
from training.models import (
    Certificate,
    Choice,
    Lesson,
    LessonAttachment,
    Participant,
    Question,
    Quiz,
    QuizAttempt,
    Resource,
    Training,
)

# The ratings 1–5 as the forms describe them (a training's feedback, a complaint's rating): one
# name for the choice set in the schema (settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
RATINGS = [(n, n) for n in range(1, 6)]
# The question kinds as the form describes them (values only).
QUESTION_KIND_VALUES = list(Question.Kind.values)


class TrainingSerializer(serializers.ModelSerializer):
    instructor = PersonRefSerializer(allow_null=True)
    viewer_status = serializers.SerializerMethodField()

    class Meta:
        model = Training
        fields = [
            "id",
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
            "participant_count",
            "is_mandatory",
            "deadline_date",
            "deadline_days",
            "is_active",
            "is_visible",
            "certificate_validity_days",
            "viewer_status",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_viewer_status(self, training: Training) -> str | None:
        """My place in it (registered, waitlisted, completed…), null without one."""
        return getattr(training, "viewer_status", None)


class ParticipationSerializer(serializers.ModelSerializer):
    """One person's place in a training and their progress."""

    training = serializers.PrimaryKeyRelatedField(read_only=True)
    training_title = serializers.CharField(source="training.title", read_only=True)

    class Meta:
        model = Participant
        fields = [
            "id",
            "training",
            "training_title",
            "status",
            "registered_at",
            "progress",
            "completed_at",
            "score",
            "due_date",
        ]
        read_only_fields = fields


class ParticipantSerializer(serializers.ModelSerializer):
    """A participant as the training's managers see them."""

    user = PersonRefSerializer()

    class Meta:
        model = Participant
        fields = [
            "id",
            "user",
            "status",
            "registered_at",
            "progress",
            "completed_at",
            "attended",
            "score",
            "due_date",
        ]
        read_only_fields = fields


class ViewerStateSerializer(serializers.Serializer):
    participation = ParticipationSerializer(allow_null=True)
    waitlist_position = serializers.IntegerField(allow_null=True)
    can_register = serializers.BooleanField()
    registration_refusal = serializers.CharField(allow_null=True)
    can_unregister = serializers.BooleanField()
    can_follow = serializers.BooleanField()
    can_manage = serializers.BooleanField()


class TrainingDetailSerializer(TrainingSerializer):
    """A training with my place in it and what I may do."""

    viewer = serializers.SerializerMethodField()
    audience_departments = serializers.ListField(
        source="department_list", child=serializers.CharField(), read_only=True
    )
    audience_categories = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta(TrainingSerializer.Meta):
        fields = [
            *TrainingSerializer.Meta.fields,
            "audience_departments",
            "audience_categories",
            "viewer",
        ]
        read_only_fields = fields

    @extend_schema_field(ViewerStateSerializer)
    def get_viewer(self, training: Training) -> dict:
        return ViewerStateSerializer(self.context["viewer"]).data


class LessonSummarySerializer(serializers.ModelSerializer):
    is_done = serializers.BooleanField(default=False)
    quiz = serializers.SerializerMethodField()

    class Meta:
        model = Lesson
        fields = ["id", "title", "order", "duration_minutes", "is_done", "quiz"]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_quiz(self, lesson: Lesson) -> int | None:
        quiz = getattr(lesson, "quiz", None)
        return quiz.pk if quiz is not None else None


class CourseStateSerializer(serializers.Serializer):
    """A course of the syllabus and my progress in it (`selectors.CourseState`)."""

    id = serializers.IntegerField(source="course.pk")
    title = serializers.CharField(source="course.title")
    description = serializers.CharField(source="course.description")
    order = serializers.IntegerField(source="course.order")
    duration_minutes = serializers.IntegerField(source="course.duration_minutes")
    prerequisites = serializers.SerializerMethodField()
    lessons_total = serializers.IntegerField(source="total")
    lessons_done = serializers.IntegerField(source="done")
    percent = serializers.IntegerField()
    is_open = serializers.BooleanField()

    def get_prerequisites(self, state) -> list[int]:
        return [course.pk for course in state.course.prerequisites.all()]


class LessonAttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = LessonAttachment
        fields = ["id", "title", "extension", "size", "download_url"]
        read_only_fields = fields

    def get_download_url(self, attachment: LessonAttachment) -> str:
        return reverse("api:lesson-attachment-file", kwargs={"pk": attachment.pk})


class LessonSerializer(LessonSummarySerializer):
    course = serializers.PrimaryKeyRelatedField(read_only=True)
    training = serializers.IntegerField(source="course.training_id", read_only=True)
    is_locked = serializers.BooleanField(default=False)
    attachments = LessonAttachmentSerializer(many=True, read_only=True)

    class Meta(LessonSummarySerializer.Meta):
        fields = [
            "id",
            "course",
            "training",
            "title",
            "order",
            "content",
            "video_url",
            "duration_minutes",
            "is_done",
            "is_locked",
            "quiz",
            "attachments",
        ]
        read_only_fields = fields


class ResourceSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Resource
        fields = ["id", "training", "title", "description", "url", "size", "download_url"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_download_url(self, resource: Resource) -> str | None:
        if not resource.file:
            return None
        return reverse("api:resource-file", kwargs={"pk": resource.pk})


class CertificateSerializer(serializers.ModelSerializer):
    user = PersonRefSerializer()
    training_title = serializers.CharField(source="training.title", read_only=True)
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "id",
            "user",
            "training",
            "training_title",
            "code",
            "issued_at",
            "expires_at",
            "pdf_url",
        ]
        read_only_fields = fields

    def get_pdf_url(self, certificate: Certificate) -> str:
        return reverse("api:certificate-pdf", kwargs={"pk": certificate.pk})


class AttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = QuizAttempt
        fields = [
            "id",
            "quiz",
            "number",
            "started_at",
            "deadline",
            "submitted_at",
            "late",
            "points",
            "max_points",
            "score",
            "passed",
        ]
        read_only_fields = fields


class QuizSerializer(serializers.ModelSerializer):
    lesson = serializers.PrimaryKeyRelatedField(read_only=True)
    question_count = serializers.IntegerField(default=None)
    attempts = serializers.SerializerMethodField()
    can_start = serializers.SerializerMethodField()
    start_refusal = serializers.SerializerMethodField()

    class Meta:
        model = Quiz
        fields = [
            "id",
            "lesson",
            "title",
            "passing_score",
            "time_limit_minutes",
            "max_attempts",
            "show_answers",
            "question_count",
            "attempts",
            "can_start",
            "start_refusal",
        ]
        read_only_fields = fields

    @extend_schema_field(AttemptSerializer(many=True))
    def get_attempts(self, quiz: Quiz) -> list:
        return AttemptSerializer(self.context["attempts"], many=True).data

    def get_can_start(self, quiz: Quiz) -> bool:
        return self.context["start_refusal"] is None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_start_refusal(self, quiz: Quiz) -> str | None:
        refusal = self.context["start_refusal"]
        return None if refusal is None else str(refusal)


class ChoiceSerializer(serializers.ModelSerializer):
    """A choice as the learner sees it: never whether it is right."""

    class Meta:
        model = Choice
        fields = ["id", "text"]
        read_only_fields = fields


class QuestionSerializer(serializers.ModelSerializer):
    choices = ChoiceSerializer(many=True, read_only=True)

    class Meta:
        model = Question
        fields = ["id", "text", "kind", "points", "choices"]
        read_only_fields = fields


class ReviewedQuestionSerializer(serializers.Serializer):
    """After submission (when the quiz shows answers): what was given, what was right."""

    question = serializers.IntegerField(source="question.pk")
    selected = serializers.ListField(child=serializers.IntegerField())
    correct = serializers.ListField(child=serializers.IntegerField())
    is_right = serializers.BooleanField()
    explanation = serializers.CharField(source="question.explanation")


class AttemptDetailSerializer(AttemptSerializer):
    questions = serializers.SerializerMethodField()
    review = serializers.SerializerMethodField()

    class Meta(AttemptSerializer.Meta):
        fields = [*AttemptSerializer.Meta.fields, "questions", "review"]
        read_only_fields = fields

    @extend_schema_field(QuestionSerializer(many=True))
    def get_questions(self, attempt: QuizAttempt) -> list:
        return QuestionSerializer(self.context["questions"], many=True).data

    @extend_schema_field(ReviewedQuestionSerializer(many=True, allow_null=True))
    def get_review(self, attempt: QuizAttempt) -> list | None:
        review = self.context["review"]
        if review is None:
            return None
        rows = [
            {
                "question": graded.question,
                "selected": sorted(graded.selected),
                "correct": sorted(graded.correct),
                "is_right": graded.is_right,
            }
            for graded in review.questions
        ]
        return ReviewedQuestionSerializer(rows, many=True).data


class ManagedChoiceSerializer(serializers.ModelSerializer):
    """A choice as the quiz's authors see it: with whether it is right."""

    class Meta:
        model = Choice
        fields = ["id", "text", "is_correct", "order"]
        read_only_fields = fields


class ManagedQuestionSerializer(serializers.ModelSerializer):
    choices = ManagedChoiceSerializer(many=True, read_only=True)

    class Meta:
        model = Question
        fields = ["id", "quiz", "text", "kind", "points", "explanation", "order", "choices"]
        read_only_fields = fields


class ManagedQuizSerializer(serializers.ModelSerializer):
    class Meta:
        model = Quiz
        fields = ["id", "lesson", "title", "passing_score", "time_limit_minutes", "max_attempts",
                  "show_answers"]  # fmt: skip
        read_only_fields = fields


class EnrolmentSerializer(serializers.Serializer):
    enrolled = serializers.IntegerField(help_text="how many people got a seat")


class ComplianceTrainingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()


class ComplianceCellSerializer(serializers.Serializer):
    """One department × training cell: the matrix's five states (each person in exactly one)."""

    training = serializers.IntegerField()
    compliant = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    not_started = serializers.IntegerField()
    overdue = serializers.IntegerField()
    expired = serializers.IntegerField()
    total = serializers.IntegerField()


class ComplianceObligationSerializer(serializers.Serializer):
    """A person counted in a matrix cell, with their state (the page's drill-down)."""

    person = PersonRefSerializer()
    state = serializers.CharField()
    deadline = serializers.DateField(allow_null=True)
    certificate_expires = serializers.DateTimeField(allow_null=True)


class ComplianceRowSerializer(serializers.Serializer):
    department = serializers.CharField(help_text="empty for people without a department")
    cells = ComplianceCellSerializer(many=True)


class ComplianceSerializer(serializers.Serializer):
    """The compliance page: mandatory trainings × departments (the page's and CSV's figures)."""

    trainings = ComplianceTrainingSerializer(many=True)
    rows = ComplianceRowSerializer(many=True)
