"""Events (+ RSVP, participants), content pages ("contents") and categories through the API."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.serializers import PersonRefSerializer
from content import permissions, selectors, services
from content.api.serializers import (
    CategorySerializer,
    EventDetailSerializer,
    EventSerializer,
    PageSerializer,
)
from content.api.views import ensure
from content.forms import CategoryForm, EventForm, PageForm, RSVPForm
from intrasphere.api.forms import bound_form, form_serializer
from intrasphere.api.permissions import holds, signed_in_and

EVENT_INPUT = form_serializer(EventForm, "EventInput")
PAGE_INPUT = form_serializer(PageForm, "ContentPageInput")
CATEGORY_INPUT = form_serializer(CategoryForm, "CategoryInput")


# --- Events ---------------------------------------------------------------------------------
@extend_schema(parameters=[OpenApiParameter("when", enum=["upcoming", "past"])])
class EventList(generics.ListAPIView):
    """`GET` the upcoming events (soonest first) or `?when=past` (latest first); `POST` one
    (event managers)."""

    serializer_class = EventSerializer

    def get_queryset(self):
        past = self.request.query_params.get("when") == "past"
        return selectors.event_list(user=self.request.user, past=past)

    @extend_schema(request=EVENT_INPUT, responses={201: EventDetailSerializer})
    def post(self, request: Request) -> Response:
        ensure(permissions.can_manage_events(request.user))
        form = bound_form(EventForm, request)
        event = services.event_save(
            actor=request.user,
            data={name: form.cleaned_data[name] for name in EventForm.Meta.fields},
            request=request._request,
        )
        return Response(EventDetailSerializer(event).data, status=status.HTTP_201_CREATED)


class EventDetail(APIView):
    """`GET` one event with my answer; `PUT`/`PATCH` or `DELETE` it (event managers)."""

    @extend_schema(responses=EventDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        event = selectors.event_get(user=request.user, pk=pk)
        my_status = selectors.event_rsvp_status(user=request.user, event=event)
        return Response(EventDetailSerializer(event, context={"my_status": my_status}).data)

    def _update(self, request: Request, pk: int, *, partial: bool) -> Response:
        ensure(permissions.can_manage_events(request.user))
        event = selectors.event_get(user=request.user, pk=pk)
        form = bound_form(EventForm, request, partial=partial, instance=event)
        event = services.event_save(
            actor=request.user,
            event=selectors.event_get(user=request.user, pk=pk),
            data={name: form.cleaned_data[name] for name in EventForm.Meta.fields},
            request=request._request,
        )
        return Response(EventDetailSerializer(event).data)

    @extend_schema(request=EVENT_INPUT, responses=EventDetailSerializer)
    def put(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=False)

    @extend_schema(request=EVENT_INPUT, responses=EventDetailSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=True)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        ensure(permissions.can_manage_events(request.user))
        event = selectors.event_get(user=request.user, pk=pk)
        services.event_delete(actor=request.user, event=event, request=request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EventRsvp(APIView):
    """`POST` my answer: status "going" or "not_going" (refused when the event is full or
    over; "not_going" is always possible)."""

    @extend_schema(request=form_serializer(RSVPForm, "RsvpInput"), responses=EventDetailSerializer)
    def post(self, request: Request, pk: int) -> Response:
        event = selectors.event_get(user=request.user, pk=pk)
        form = bound_form(RSVPForm, request)
        answer = form.cleaned_data["status"]
        event = services.event_rsvp(user=request.user, event=event, status=answer)
        return Response(EventDetailSerializer(event, context={"my_status": answer}).data)


class EventParticipants(generics.ListAPIView):
    """`GET` who is going (event managers, as on the event's page)."""

    serializer_class = PersonRefSerializer
    permission_classes = signed_in_and(holds(permissions.MANAGE_EVENTS))

    def get_queryset(self):
        event = selectors.event_get(user=self.request.user, pk=self.kwargs["pk"])
        return selectors.event_participants(event=event).order_by("last_name", "first_name", "pk")


# --- Content pages --------------------------------------------------------------------------
class ContentList(generics.ListAPIView):
    """`GET` the content pages (published ones; content managers also see drafts); `POST`
    one (content managers)."""

    serializer_class = PageSerializer

    def get_queryset(self):
        return (
            selectors.page_list(user=self.request.user)
            .select_related("author")
            .order_by("category__name", "title", "pk")
        )

    @extend_schema(request=PAGE_INPUT, responses={201: PageSerializer})
    def post(self, request: Request) -> Response:
        ensure(permissions.can_manage_content(request.user))
        form = bound_form(PageForm, request)
        page = services.page_save(
            actor=request.user,
            data={name: form.cleaned_data[name] for name in PageForm.Meta.fields},
            request=request._request,
        )
        return Response(PageSerializer(page).data, status=status.HTTP_201_CREATED)


class ContentDetail(APIView):
    """`GET` one content page (a draft is a 404 for readers); `PUT`/`PATCH` or `DELETE` it
    (content managers)."""

    def _get(self, request: Request, pk: int):
        return get_object_or_404(selectors.page_list(user=request.user), pk=pk)

    @extend_schema(responses=PageSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(PageSerializer(self._get(request, pk)).data)

    def _update(self, request: Request, pk: int, *, partial: bool) -> Response:
        ensure(permissions.can_manage_content(request.user))
        form = bound_form(PageForm, request, partial=partial, instance=self._get(request, pk))
        page = services.page_save(
            actor=request.user,
            page=self._get(request, pk),
            data={name: form.cleaned_data[name] for name in PageForm.Meta.fields},
            request=request._request,
        )
        return Response(PageSerializer(page).data)

    @extend_schema(request=PAGE_INPUT, responses=PageSerializer)
    def put(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=False)

    @extend_schema(request=PAGE_INPUT, responses=PageSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=True)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        ensure(permissions.can_manage_content(request.user))
        services.page_delete(
            actor=request.user, page=self._get(request, pk), request=request._request
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Categories -----------------------------------------------------------------------------
MANAGE_CONTENT = signed_in_and(holds(permissions.MANAGE_CONTENT))


class CategoryList(generics.ListAPIView):
    """`GET` the general categories; `POST` one: name, slug (built from the name when empty),
    description (content managers, as on /categories/)."""

    serializer_class = CategorySerializer
    permission_classes = MANAGE_CONTENT

    def get_queryset(self):
        return selectors.category_list().order_by("name", "pk")

    @extend_schema(request=CATEGORY_INPUT, responses={201: CategorySerializer})
    def post(self, request: Request) -> Response:
        form = bound_form(CategoryForm, request)
        category = services.category_save(
            actor=request.user, request=request._request, **form.cleaned_data
        )
        return Response(CategorySerializer(category).data, status=status.HTTP_201_CREATED)


class CategoryDetail(APIView):
    """`GET`, `PUT`/`PATCH` or `DELETE` one category (content managers)."""

    permission_classes = MANAGE_CONTENT

    def _get(self, pk: int):
        return get_object_or_404(selectors.category_list(), pk=pk)

    @extend_schema(responses=CategorySerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(CategorySerializer(self._get(pk)).data)

    def _update(self, request: Request, pk: int, *, partial: bool) -> Response:
        form = bound_form(CategoryForm, request, partial=partial, instance=self._get(pk))
        category = services.category_save(
            actor=request.user,
            category=self._get(pk),
            request=request._request,
            **form.cleaned_data,
        )
        return Response(CategorySerializer(category).data)

    @extend_schema(request=CATEGORY_INPUT, responses=CategorySerializer)
    def put(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=False)

    @extend_schema(request=CATEGORY_INPUT, responses=CategorySerializer)
    def patch(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=True)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        services.category_delete(
            actor=request.user, category=self._get(pk), request=request._request
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
