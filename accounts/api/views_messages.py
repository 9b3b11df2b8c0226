"""Internal messages through the API: my inbox (or sent box), one message, send, mark read."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors, services
from accounts.api.serializers import MessageSerializer
from accounts.forms import MessageForm
from intrasphere.api.forms import bound_form, form_serializer


@extend_schema(
    parameters=[OpenApiParameter("box", enum=["inbox", "sent"], description="default inbox")]
)
class MessageList(generics.ListAPIView):
    """`GET` my messages (newest first); `POST` a message (recipient username, subject, body)."""

    serializer_class = MessageSerializer

    def get_queryset(self):
        if self.request.query_params.get("box") == "sent":
            messages = selectors.message_sent(user=self.request.user)
        else:
            messages = selectors.message_inbox(user=self.request.user)
        return messages.select_related("sender", "recipient")  # both are shown

    @extend_schema(
        request=form_serializer(MessageForm, "MessageInput", sender=None),
        responses={201: MessageSerializer},
    )
    def post(self, request: Request) -> Response:
        form = bound_form(MessageForm, request, sender=request.user)
        sent = services.message_send(
            sender=request.user,
            recipient=form.cleaned_data["recipient"],
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            request=request._request,
        )
        return Response(MessageSerializer(sent).data, status=status.HTTP_201_CREATED)


class MessageDetail(APIView):
    """`GET` one of my messages (sent or received); 404 for anyone else's."""

    @extend_schema(responses=MessageSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(MessageSerializer(selectors.message_get(user=request.user, pk=pk)).data)


class MessageRead(APIView):
    """`PUT`: mark a message I received as read (what opening it on the page does)."""

    @extend_schema(request=None, responses=MessageSerializer)
    def put(self, request: Request, pk: int) -> Response:
        message = selectors.message_get(user=request.user, pk=pk)
        services.message_mark_read(message=message, user=request.user)
        return Response(MessageSerializer(message).data)
