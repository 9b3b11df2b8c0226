"""The Markdown editor's preview: the text rendered by the portal's own renderer, sanitised."""

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intrasphere.markdown import MAX_CHARS, render_markdown


@require_POST
def markdown_preview(request: HttpRequest) -> JsonResponse:
    """`POST text=…` (signed in, CSRF-checked) → `{"html": …}`, exactly what the page will show;
    a text longer than any form accepts is a 413."""
    text = request.POST.get("text", "")
    if len(text) > MAX_CHARS:
        return JsonResponse({"error": _("This text is too long to preview.")}, status=413)
    return JsonResponse({"html": str(render_markdown(text))})
