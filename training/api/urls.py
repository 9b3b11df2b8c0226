"""The training domain's API routes, mounted under /api/v1/ (names in the "api" namespace)."""

from django.urls import path

from intrasphere.api.files import PageFileView
from training.api import views, views_authoring, views_manage, views_quizzes
from training.views import learning as pages
from training.views import reports

urlpatterns = [
    path("trainings", views_manage.TrainingList.as_view(), name="training-list"),
    path("trainings/<int:pk>", views_manage.TrainingDetail.as_view(), name="training-detail"),
    path("trainings/<int:pk>/register", views.TrainingRegister.as_view(), name="training-register"),
    path(
        "trainings/<int:pk>/unregister",
        views.TrainingUnregister.as_view(),
        name="training-unregister",
    ),
    path("trainings/<int:pk>/feedback", views.TrainingFeedback.as_view(), name="training-feedback"),
    path(
        "trainings/<int:pk>/participants",
        views.TrainingParticipants.as_view(),
        name="training-participants",
    ),
    path("trainings/<int:pk>/courses", views.TrainingCourses.as_view(), name="training-courses"),
    path(
        "trainings/<int:pk>/enrol", views_authoring.TrainingEnrol.as_view(), name="training-enrol"
    ),
    path(
        "participants/<int:pk>/attendance",
        views_authoring.ParticipantAttendance.as_view(),
        name="participant-attendance",
    ),
    path("trainings/compliance", views_authoring.Compliance.as_view(), name="training-compliance"),
    path(
        "trainings/compliance/<int:pk>",
        views_authoring.ComplianceDetail.as_view(),
        name="training-compliance-detail",
    ),
    path("courses", views_manage.CourseList.as_view(), name="course-list"),
    path("courses/<int:pk>", views_manage.CourseDetail.as_view(), name="course-detail"),
    path("courses/<int:pk>/lessons", views.CourseLessons.as_view(), name="course-lessons"),
    path("lessons", views_manage.LessonList.as_view(), name="lesson-list"),
    path("lessons/<int:pk>", views_manage.LessonDetail.as_view(), name="lesson-detail"),
    path("progress/<int:pk>", views.Progress.as_view(), name="progress"),
    path("certificates", views_manage.CertificateList.as_view(), name="certificate-list"),
    path("certificates/<int:pk>", views.CertificatesOfUser.as_view(), name="certificates-of-user"),
    path(
        "certificates/<int:pk>/pdf",
        PageFileView.as_view(page_view=reports.certificate_pdf),
        name="certificate-pdf",
    ),
    path("resources", views_manage.ResourceList.as_view(), name="resource-list"),
    path("resources/<int:pk>", views_manage.ResourceDetail.as_view(), name="resource-detail"),
    path(
        "resources/<int:pk>/file",
        PageFileView.as_view(page_view=pages.resource_download),
        name="resource-file",
    ),
    path(
        "lesson-attachments/<int:pk>/file",
        PageFileView.as_view(page_view=pages.attachment_download),
        name="lesson-attachment-file",
    ),
    path(
        "lesson-attachments",
        views_authoring.LessonAttachmentCreate.as_view(),
        name="lesson-attachment-list",
    ),
    path(
        "lesson-attachments/<int:pk>",
        views_authoring.LessonAttachmentDetail.as_view(),
        name="lesson-attachment-detail",
    ),
    path("quizzes", views_authoring.QuizList.as_view(), name="quiz-list"),
    path("quizzes/<int:pk>", views_authoring.QuizDetail.as_view(), name="quiz-detail"),
    path(
        "quizzes/<int:pk>/questions",
        views_authoring.QuizQuestions.as_view(),
        name="quiz-questions",
    ),
    path("questions/<int:pk>", views_authoring.QuestionDetail.as_view(), name="question-detail"),
    path(
        "quizzes/<int:pk>/attempts",
        views_quizzes.QuizAttemptStart.as_view(),
        name="quiz-attempt-start",
    ),
    path("attempts/<int:pk>", views_quizzes.AttemptDetail.as_view(), name="attempt-detail"),
    path("attempts/<int:pk>/submit", views_quizzes.AttemptSubmit.as_view(), name="attempt-submit"),
]
