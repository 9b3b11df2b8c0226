"""The API's composed reads: the dashboard's figures, the global search, notifications.

Like the roof's pages, they compose every domain through the roof's dashboard and search,
which already limit each result to what the caller may see.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from intrasphere import selectors, services
from intrasphere.models import Notification
from intrasphere.roof import dashboard, search
from intrasphere.search import previews as search_previews


class StatSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.IntegerField()
    url = serializers.CharField()


class StatsView(APIView):
    """`GET` the dashboard's figures for the caller: colleagues, unread messages,
    announcements, documents, upcoming events, trainings in progress and, for those who handle
    complaints, open and overdue complaints."""

    @extend_schema(responses=StatSerializer(many=True))
    def get(self, request: Request) -> Response:
        with translation.override("en"):  # stable keys from the English labels
            tiles = dashboard.stats_tiles(request.user)
        rows = [
            {
                "key": slugify(label).replace("-", "_"),
                "label": _(label),
                "value": value,
                "url": url,
            }
            for label, value, url in tiles
        ]
        return Response(StatSerializer(rows, many=True).data)


class HitSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField()
    snippet = serializers.CharField(help_text="HTML: the words found are in <mark>")
    meta = serializers.CharField()


class SearchGroupSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    hits = HitSerializer(many=True)


@extend_schema(
    parameters=[
        OpenApiParameter("q", required=True, description="the words to look for"),
        OpenApiParameter("type", description="one group's key: all its hits, paginated"),
    ],
    responses=SearchGroupSerializer(many=True),
)
class SearchView(generics.GenericAPIView):
    """`GET ?q=`: the /search/ page's results, each group limited to what the caller may see
    (its first hits); with `&type=<group key>`, that group's hits, paginated."""

    serializer_class = HitSerializer

    def get(self, request: Request) -> Response:
        query = request.query_params.get("q", "").strip()[:200]
        if not query:
            raise ValidationError({"q": [_("Enter the words to look for.")]})
        groups = search.search_groups(
            user=request.user, query=query, language=translation.get_language()
        )
        selected = request.query_params.get("type", "")
        if selected:
            chosen = next((group for group in groups if group.key == selected), None)
            if chosen is None:
                raise ValidationError({"type": [_("Not a kind of result.")]})
            page = self.paginate_queryset(chosen.queryset)
            hits = [chosen.to_hit(obj) for obj in page]
            return self.get_paginated_response(HitSerializer(hits, many=True).data)
        rows = [
            {"key": group.key, "label": str(group.label), "hits": hits}
            for group, hits in search_previews(groups)
        ]
        return Response(SearchGroupSerializer(rows, many=True).data)


class NotificationSerializer(serializers.ModelSerializer):
    message = serializers.SerializerMethodField(
        help_text="The sentence, in the requester's language (Accept-Language)."
    )

    class Meta:
        model = Notification
        fields = ["id", "kind", "message", "params", "target", "url", "created_at", "read_at"]
        read_only_fields = fields

    def get_message(self, notification: Notification) -> str:
        return notification.text


@extend_schema(parameters=[OpenApiParameter("unread", bool, description="only unread ones")])
class NotificationList(generics.ListAPIView):
    """`GET` my notifications, newest first."""

    serializer_class = NotificationSerializer

    def get_queryset(self):
        notifications = selectors.notification_list(user=self.request.user)
        if self.request.query_params.get("unread") in ("1", "true", "yes"):
            notifications = notifications.filter(read_at__isnull=True)
        return notifications


class NotificationRead(APIView):
    """`PUT`: mark one of my notifications as read (404 for anyone else's)."""

    @extend_schema(request=None, responses=NotificationSerializer)
    def put(self, request: Request, pk: int) -> Response:
        notification = selectors.notification_list(user=request.user).filter(pk=pk).first()
        if notification is None:
            raise NotFound
        services.notification_mark_read(user=request.user, notification_id=pk)
        notification.refresh_from_db(fields=["read_at"])
        return Response(NotificationSerializer(notification).data)


class NotificationReadAll(APIView):
    """`POST`: mark all my notifications as read; answers how many were unread."""

    @extend_schema(request=None, responses={200: {"type": "object"}})
    def post(self, request: Request) -> Response:
        count = services.notification_mark_read(user=request.user)
        return Response({"marked": count}, status=status.HTTP_200_OK)
