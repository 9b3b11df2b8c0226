"""URLs of the training domain (prefixes from ARCHITECTURE.md)."""

from django.urls import path

from training import views

app_name = "training"

urlpatterns = [
    path("trainings/", views.training_list, name="training_list"),
    path("trainings/mine/", views.my_trainings, name="my_trainings"),
    path("trainings/new/", views.training_create, name="training_create"),
    path("trainings/compliance/", views.compliance, name="compliance"),
    path(
        "trainings/compliance/<int:pk>/",
        views.compliance_detail,
        name="compliance_detail",
    ),
    path("trainings/<int:pk>/", views.training_detail, name="training_detail"),
    path("trainings/<int:pk>/edit/", views.training_edit, name="training_edit"),
    path("trainings/<int:pk>/delete/", views.training_delete, name="training_delete"),
    path("trainings/<int:pk>/register/", views.training_register, name="training_register"),
    path("trainings/<int:pk>/unregister/", views.training_unregister, name="training_unregister"),
    path("trainings/<int:pk>/resume/", views.training_resume, name="training_resume"),
    path("trainings/<int:pk>/feedback/", views.training_feedback, name="training_feedback"),
    path("trainings/<int:pk>/enrol/", views.training_enrol, name="training_enrol"),
    path("trainings/<int:pk>/participants/", views.participant_list, name="participant_list"),
    path(
        "trainings/<int:pk>/participants.csv",
        views.participant_export,
        name="participant_export",
    ),
    path(
        "trainings/participants/<int:pk>/",
        views.participant_progress,
        name="participant_progress",
    ),
    path(
        "trainings/participants/<int:pk>/mark/",
        views.participant_mark,
        name="participant_mark",
    ),
    path(
        "trainings/participants/<int:pk>/certificate/",
        views.certificate_issue,
        name="certificate_issue",
    ),
    path("trainings/courses/<int:pk>/", views.course_detail, name="course_detail"),
    path("trainings/lessons/<int:pk>/", views.lesson_detail, name="lesson_detail"),
    path("trainings/lessons/<int:pk>/complete/", views.lesson_complete, name="lesson_complete"),
    path(
        "trainings/attachments/<int:pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("trainings/resources/<int:pk>/", views.resource_download, name="resource_download"),
    path("trainings/quizzes/<int:pk>/", views.quiz_detail, name="quiz_detail"),
    path("trainings/quizzes/<int:pk>/start/", views.quiz_start, name="quiz_start"),
    path("trainings/attempts/<int:pk>/", views.attempt_detail, name="attempt_detail"),
    path("trainings/attempts/<int:pk>/submit/", views.attempt_submit, name="attempt_submit"),
    path("trainings/<int:pk>/thumbnail/", views.training_thumbnail, name="training_thumbnail"),
    path("trainings/<int:pk>/courses/new/", views.course_create, name="course_create"),
    path("trainings/courses/<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("trainings/courses/<int:pk>/delete/", views.course_delete, name="course_delete"),
    path("trainings/courses/<int:pk>/lessons/new/", views.lesson_create, name="lesson_create"),
    path("trainings/lessons/<int:pk>/edit/", views.lesson_edit, name="lesson_edit"),
    path("trainings/lessons/<int:pk>/delete/", views.lesson_delete, name="lesson_delete"),
    path(
        "trainings/lessons/<int:pk>/attachments/new/",
        views.attachment_create,
        name="attachment_create",
    ),
    path(
        "trainings/attachments/<int:pk>/delete/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path("trainings/<int:pk>/resources/new/", views.resource_create, name="resource_create"),
    path("trainings/resources/<int:pk>/delete/", views.resource_delete, name="resource_delete"),
    path("trainings/lessons/<int:pk>/quiz/", views.quiz_edit, name="quiz_edit"),
    path("trainings/quizzes/<int:pk>/delete/", views.quiz_delete, name="quiz_delete"),
    path(
        "trainings/quizzes/<int:pk>/questions/new/",
        views.question_create,
        name="question_create",
    ),
    path("trainings/questions/<int:pk>/edit/", views.question_edit, name="question_edit"),
    path("trainings/questions/<int:pk>/delete/", views.question_delete, name="question_delete"),
    path("certificates/", views.certificate_list, name="certificate_list"),
    path("certificates/<int:pk>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("certificates/verify/<str:code>/", views.certificate_verify, name="certificate_verify"),
]
