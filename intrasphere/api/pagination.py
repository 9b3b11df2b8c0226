"""Page-number pagination for every list: `?page=` and `?page_size=` (capped).

A list view over a table that grows may define `row_count()`: the number of rows of its
queryset, read from the cache (as `intrasphere.pagination.paginate(count=)`), used instead of
counting them at every call.
"""

from functools import partial

from django.conf import settings
from rest_framework.pagination import PageNumberPagination

from intrasphere.pagination import CountedPaginator


class PortalPagination(PageNumberPagination):
    page_size_query_param = "page_size"

    def get_page_size(self, request):
        self.page_size = settings.PAGE_SIZE
        self.max_page_size = settings.API_MAX_PAGE_SIZE
        return super().get_page_size(request)

    def paginate_queryset(self, queryset, request, view=None):
        row_count = getattr(view, "row_count", None)
        if row_count is not None:
            self.django_paginator_class = partial(CountedPaginator, count=row_count())
        return super().paginate_queryset(queryset, request, view)
