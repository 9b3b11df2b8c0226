"""Announcements (+ acknowledgements) and documents (+ versions) through the API.

Reads with `content.selectors` (what a role may not see is a 404), checks with
`content.permissions` (what it may not do is a 403), writes through `content.services`, and
validates input with the pages' forms (`bound_form`).
"""

from __future__ import annotations

from django import forms
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from content import permissions, selectors, services
from content.api.serializers import (
    AcknowledgementSerializer,
    AnnouncementDetailSerializer,
    AnnouncementSerializer,
    DocumentDetailSerializer,
    DocumentSerializer,
    DocumentVersionSerializer,
)
from content.forms import (
    AnnouncementFilterForm,
    AnnouncementForm,
    DocumentCreateForm,
    DocumentFilterForm,
    DocumentForm,
    DocumentVersionForm,
)
from intrasphere.api.forms import bound_form, form_serializer


def ensure(allowed: bool) -> None:
    """A 403 unless the page's predicate allows it."""
    if not allowed:
        raise PermissionDenied


def filters(form_class, request: Request, **kwargs) -> dict:
    """The page's filter form on the query string; a 400 for a value it refuses."""
    form = form_class(request.query_params or None, **kwargs)
    if form.is_bound and not form.is_valid():
        raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
    return form.cleaned_data if form.is_bound else {}


# --- Announcements --------------------------------------------------------------------------
class _AnnouncementSchemaForm(AnnouncementForm):
    """The form's fields without its per-request set-up (it reads the departments), so the
    schema is described at import without a database."""

    def __init__(self, *args, **kwargs):
        forms.ModelForm.__init__(self, *args, **kwargs)


ANNOUNCEMENT_INPUT = form_serializer(_AnnouncementSchemaForm, "AnnouncementInput")


@extend_schema(
    parameters=[
        OpenApiParameter("type", description="news, policy, event, training…"),
        OpenApiParameter("category", int, description="a category id"),
    ]
)
class AnnouncementList(generics.ListAPIView):
    """`GET` the announcements the caller may read (important first, then newest); managers
    also see scheduled, expired and targeted ones. `POST` one (announcement managers; an image
    through multipart as `image_upload`)."""

    serializer_class = AnnouncementSerializer

    def get_queryset(self):
        chosen = filters(AnnouncementFilterForm, self.request)
        return selectors.announcement_list(
            user=self.request.user, type=chosen.get("type", ""), category=chosen.get("category")
        )

    def row_count(self) -> int:
        """The list's count, shared (`PortalPagination`)."""
        chosen = filters(AnnouncementFilterForm, self.request)
        return selectors.announcement_count(
            user=self.request.user, type=chosen.get("type", ""), category=chosen.get("category")
        )

    @extend_schema(request=ANNOUNCEMENT_INPUT, responses={201: AnnouncementDetailSerializer})
    def post(self, request: Request) -> Response:
        ensure(permissions.can_manage_announcements(request.user))
        form = bound_form(AnnouncementForm, request)
        saved = services.announcement_save(
            actor=request.user, request=request._request, **form.service_kwargs()
        )
        return Response(AnnouncementDetailSerializer(saved).data, status=status.HTTP_201_CREATED)


class AnnouncementDetail(APIView):
    """`GET` one announcement (404 if it is not meant for the caller); `PUT`/`PATCH` or
    `DELETE` it (announcement managers)."""

    @extend_schema(responses=AnnouncementDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        announcement = selectors.announcement_get(user=request.user, pk=pk)
        acknowledged = announcement.important and selectors.announcement_acknowledged(
            user=request.user, announcement=announcement
        )
        return Response(
            AnnouncementDetailSerializer(announcement, context={"acknowledged": acknowledged}).data
        )

    def _update(self, request: Request, pk: int, *, partial: bool) -> Response:
        ensure(permissions.can_manage_announcements(request.user))
        announcement = selectors.announcement_get(user=request.user, pk=pk)
        form = bound_form(AnnouncementForm, request, partial=partial, instance=announcement)
        saved = services.announcement_save(
            actor=request.user,
            announcement=announcement,
            request=request._request,
            **form.service_kwargs(),
        )
        return Response(AnnouncementDetailSerializer(saved).data)

    @extend_schema(request=ANNOUNCEMENT_INPUT, responses=AnnouncementDetailSerializer)
    def put(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=False)

    @extend_schema(request=ANNOUNCEMENT_INPUT, responses=AnnouncementDetailSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=True)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        ensure(permissions.can_manage_announcements(request.user))
        announcement = selectors.announcement_get(user=request.user, pk=pk)
        services.announcement_delete(
            actor=request.user, announcement=announcement, request=request._request
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class AnnouncementAcknowledge(APIView):
    """`POST`: confirm reading a must-read (a repeat changes nothing)."""

    @extend_schema(request=None, responses=AnnouncementDetailSerializer)
    def post(self, request: Request, pk: int) -> Response:
        announcement = selectors.announcement_get(user=request.user, pk=pk)
        if not announcement.important:
            raise ValidationError(_("This announcement does not need a confirmation."))
        services.announcement_acknowledge(user=request.user, announcement=announcement)
        return Response(
            AnnouncementDetailSerializer(announcement, context={"acknowledged": True}).data
        )


@extend_schema(parameters=[OpenApiParameter("show", enum=["pending", "read"])])
class AnnouncementAcknowledgements(generics.ListAPIView):
    """`GET` who has read a must-read (`?show=read`) or not yet (default): its author and the
    announcement managers."""

    serializer_class = AcknowledgementSerializer

    def get_queryset(self):
        announcement = selectors.announcement_get(user=self.request.user, pk=self.kwargs["pk"])
        permissions.ensure_can_follow_acknowledgements(self.request.user, announcement)
        report = selectors.announcement_acknowledgement_report(announcement=announcement)
        if self.request.query_params.get("show") == "read":
            rows = report.acknowledged
        else:
            rows = [(person, None) for person in report.pending]
        return [{"person": person, "acknowledged_at": when} for person, when in rows]


class AnnouncementRemind(APIView):
    """`POST`: notify the audience members who have not confirmed reading (author, managers)."""

    @extend_schema(request=None, responses={200: {"type": "object"}})
    def post(self, request: Request, pk: int) -> Response:
        announcement = selectors.announcement_get(user=request.user, pk=pk)
        permissions.ensure_can_follow_acknowledgements(request.user, announcement)
        count = services.announcement_remind(
            actor=request.user, announcement=announcement, request=request._request
        )
        return Response({"reminded": count})


# --- Documents ------------------------------------------------------------------------------
@extend_schema(
    parameters=[
        OpenApiParameter("q", description="words of the title or description"),
        OpenApiParameter("category", int, description="a category id"),
    ]
)
class DocumentList(generics.ListAPIView):
    """`GET` the library (metadata and the protected download link); `POST` a document with
    its first file, through multipart (document managers; the form's content checks)."""

    serializer_class = DocumentSerializer

    def get_queryset(self):
        chosen = filters(DocumentFilterForm, self.request)
        return selectors.document_list(
            user=self.request.user,
            query=chosen.get("q", ""),
            category=chosen.get("category"),
            language=get_language(),
        )

    @extend_schema(
        request={"multipart/form-data": form_serializer(DocumentCreateForm, "DocumentCreateInput")},
        responses={201: DocumentDetailSerializer},
    )
    def post(self, request: Request) -> Response:
        ensure(permissions.can_manage_documents(request.user))
        form = bound_form(DocumentCreateForm, request)
        document = services.document_create(
            actor=request.user,
            data={name: form.cleaned_data[name] for name in DocumentForm.Meta.fields},
            upload=form.cleaned_data["file"],
            change_note=form.cleaned_data["change_note"],
            request=request._request,
        )
        return Response(DocumentDetailSerializer(document).data, status=status.HTTP_201_CREATED)


class DocumentDetail(APIView):
    """`GET` a document's metadata; `PUT`/`PATCH` it or `DELETE` it (document managers)."""

    @extend_schema(responses=DocumentDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        document = selectors.document_get(user=request.user, pk=pk)
        acknowledged = document.requires_acknowledgement and selectors.document_acknowledged(
            user=request.user, document=document
        )
        return Response(
            DocumentDetailSerializer(document, context={"acknowledged": acknowledged}).data
        )

    def _update(self, request: Request, pk: int, *, partial: bool) -> Response:
        ensure(permissions.can_manage_documents(request.user))
        document = selectors.document_get(user=request.user, pk=pk)
        form = bound_form(DocumentForm, request, partial=partial, instance=document)
        document = services.document_update(
            actor=request.user,
            document=selectors.document_get(user=request.user, pk=pk),
            data=form.cleaned_data,
            request=request._request,
        )
        return Response(DocumentDetailSerializer(document).data)

    @extend_schema(
        request=form_serializer(DocumentForm, "DocumentInput"), responses=DocumentDetailSerializer
    )
    def put(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=False)

    @extend_schema(
        request=form_serializer(DocumentForm, "DocumentInput"), responses=DocumentDetailSerializer
    )
    def patch(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=True)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        ensure(permissions.can_manage_documents(request.user))
        document = selectors.document_get(user=request.user, pk=pk)
        services.document_delete(actor=request.user, document=document, request=request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DocumentVersionList(generics.ListAPIView):
    """`GET` a document's versions, newest first (each with its download link); `POST` a new
    version through multipart: file, change_note (document managers)."""

    serializer_class = DocumentVersionSerializer

    def get_queryset(self):
        document = selectors.document_get(user=self.request.user, pk=self.kwargs["pk"])
        return selectors.document_versions(document=document)

    @extend_schema(
        request={"multipart/form-data": form_serializer(DocumentVersionForm, "VersionInput")},
        responses={201: DocumentVersionSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        ensure(permissions.can_manage_documents(request.user))
        document = selectors.document_get(user=request.user, pk=pk)
        form = bound_form(DocumentVersionForm, request)
        version = services.document_version_add(
            actor=request.user,
            document=document,
            upload=form.cleaned_data["file"],
            change_note=form.cleaned_data["change_note"],
            request=request._request,
        )
        return Response(DocumentVersionSerializer(version).data, status=status.HTTP_201_CREATED)


class DocumentVersionRestore(APIView):
    """`POST`: make an old version current again, as a new version (document managers)."""

    @extend_schema(request=None, responses=DocumentVersionSerializer)
    def post(self, request: Request, pk: int, number: int) -> Response:
        ensure(permissions.can_manage_documents(request.user))
        document = selectors.document_get(user=request.user, pk=pk)
        version = get_object_or_404(document.versions, number=number)
        try:
            restored = services.document_version_restore(
                actor=request.user, document=document, version=version, request=request._request
            )
        except FileNotFoundError:
            raise ValidationError(
                _("The file of this version is missing; nothing was changed.")
            ) from None
        return Response(DocumentVersionSerializer(restored).data)


class DocumentAcknowledge(APIView):
    """`POST`: confirm reading the document's current version."""

    @extend_schema(request=None, responses=DocumentDetailSerializer)
    def post(self, request: Request, pk: int) -> Response:
        document = selectors.document_get(user=request.user, pk=pk)
        services.document_acknowledge(user=request.user, document=document)
        return Response(DocumentDetailSerializer(document, context={"acknowledged": True}).data)
