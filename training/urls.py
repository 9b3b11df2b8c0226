"""URLs of the training domain."""

from django.urls import path

from training.views import catalog, learning, management, quizzes, reports

app_name = "training"

urlpatterns = [
    # catalog
    path("trainings/", catalog.training_list, name="training_list"),
    path("trainings/mine/", catalog.my_trainings, name="my_trainings"),
    path("trainings/<int:pk>/", catalog.training_detail, name="training_detail"),
    path("trainings/<int:pk>/register/", catalog.training_register, name="training_register"),
    path("trainings/<int:pk>/unregister/", catalog.training_unregister, name="training_unregister"),
    path("trainings/<int:pk>/feedback/", catalog.training_feedback, name="training_feedback"),
    path("trainings/<int:pk>/thumbnail/", catalog.training_thumbnail, name="training_thumbnail"),
    # learning
    path("trainings/<int:pk>/resume/", learning.training_resume, name="training_resume"),
    path("trainings/courses/<int:pk>/", learning.course_detail, name="course_detail"),
    path("trainings/lessons/<int:pk>/", learning.lesson_detail, name="lesson_detail"),
    path("trainings/lessons/<int:pk>/complete/", learning.lesson_complete, name="lesson_complete"),
    path(
        "trainings/attachments/<int:pk>/",
        learning.attachment_download,
        name="attachment_download",
    ),
    path("trainings/resources/<int:pk>/", learning.resource_download, name="resource_download"),
    # quizzes
    path("trainings/quizzes/<int:pk>/", quizzes.quiz_detail, name="quiz_detail"),
    path("trainings/quizzes/<int:pk>/start/", quizzes.quiz_start, name="quiz_start"),
    path("trainings/attempts/<int:pk>/", quizzes.attempt_detail, name="attempt_detail"),
    path("trainings/attempts/<int:pk>/submit/", quizzes.attempt_submit, name="attempt_submit"),
    path("trainings/lessons/<int:pk>/quiz/", quizzes.quiz_edit, name="quiz_edit"),
    path("trainings/quizzes/<int:pk>/delete/", quizzes.quiz_delete, name="quiz_delete"),
    path(
        "trainings/quizzes/<int:pk>/questions/new/",
        quizzes.question_create,
        name="question_create",
    ),
    path("trainings/questions/<int:pk>/edit/", quizzes.question_edit, name="question_edit"),
    path("trainings/questions/<int:pk>/delete/", quizzes.question_delete, name="question_delete"),
    # management
    path("trainings/new/", management.training_create, name="training_create"),
    path("trainings/<int:pk>/edit/", management.training_edit, name="training_edit"),
    path("trainings/<int:pk>/delete/", management.training_delete, name="training_delete"),
    path("trainings/<int:pk>/enrol/", management.training_enrol, name="training_enrol"),
    path("trainings/<int:pk>/participants/", management.participant_list, name="participant_list"),
    path(
        "trainings/participants/<int:pk>/",
        management.participant_progress,
        name="participant_progress",
    ),
    path(
        "trainings/participants/<int:pk>/mark/",
        management.participant_mark,
        name="participant_mark",
    ),
    path(
        "trainings/participants/<int:pk>/certificate/",
        management.certificate_issue,
        name="certificate_issue",
    ),
    path("trainings/<int:pk>/courses/new/", management.course_create, name="course_create"),
    path("trainings/courses/<int:pk>/edit/", management.course_edit, name="course_edit"),
    path("trainings/courses/<int:pk>/delete/", management.course_delete, name="course_delete"),
    path("trainings/courses/<int:pk>/lessons/new/", management.lesson_create, name="lesson_create"),
    path("trainings/lessons/<int:pk>/edit/", management.lesson_edit, name="lesson_edit"),
    path("trainings/lessons/<int:pk>/delete/", management.lesson_delete, name="lesson_delete"),
    path(
        "trainings/lessons/<int:pk>/attachments/new/",
        management.attachment_create,
        name="attachment_create",
    ),
    path(
        "trainings/attachments/<int:pk>/delete/",
        management.attachment_delete,
        name="attachment_delete",
    ),
    path("trainings/<int:pk>/resources/new/", management.resource_create, name="resource_create"),
    path("trainings/resources/<int:pk>/edit/", management.resource_edit, name="resource_edit"),
    path(
        "trainings/resources/<int:pk>/delete/", management.resource_delete, name="resource_delete"
    ),
    # reports
    path("trainings/compliance/", reports.compliance, name="compliance"),
    path("trainings/compliance/<int:pk>/", reports.compliance_detail, name="compliance_detail"),
    path(
        "trainings/<int:pk>/participants.csv",
        reports.participant_export,
        name="participant_export",
    ),
    path("certificates/", reports.certificate_list, name="certificate_list"),
    path("certificates/<int:pk>/pdf/", reports.certificate_pdf, name="certificate_pdf"),
    path("certificates/verify/<str:code>/", reports.certificate_verify, name="certificate_verify"),
]
