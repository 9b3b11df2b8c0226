"""NUL characters dropped from query strings."""

from django.http import QueryDict


class NullCharacterMiddleware:
    """Drop NUL characters from query-string parameters.

    Search boxes, filters and pagination read request.GET; PostgreSQL refuses NUL in text
    (a DataError, so a 500) and no legitimate link contains one. Forms reject NUL in POST data
    themselves (Django's ProhibitNullCharactersValidator).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
