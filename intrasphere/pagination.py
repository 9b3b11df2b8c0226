"""One pagination rule for every list: a page past the end or not a number is a 404.

A list over a table that grows (announcements, people, documents…) may hand `paginate` its
`count`, read from the cache (`caching.shared_value`, under the generations of the models it
counts): then the paginator does not count the rows again at every page view.
"""

from django.conf import settings
from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _


class CountedPaginator(Paginator):
    """A Paginator given the number of rows (e.g. a cached count) instead of counting them."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count = count  # Paginator.count is a cached_property: this value is kept


def paginate(
    request: HttpRequest, object_list, per_page: int | None = None, *, count: int | None = None
) -> Page:
    size = per_page or settings.PAGE_SIZE
    if count is None:
        paginator = Paginator(object_list, size)
    else:
        paginator = CountedPaginator(object_list, size, count=count)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404(_("That page does not exist.")) from None
