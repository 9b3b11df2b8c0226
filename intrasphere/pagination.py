"""One pagination rule for every list: a page past the end or not a number is a 404."""

from django.conf import settings
from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _


def paginate(request: HttpRequest, object_list, per_page: int | None = None) -> Page:
    paginator = Paginator(object_list, per_page or settings.PAGE_SIZE)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404(_("That page does not exist.")) from None
