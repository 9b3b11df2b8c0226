"""Uploaded files (media): where they are stored and how a permitted download is delivered.

Storage (`MEDIA_STORAGE`, docs/production.md): the local filesystem (`MEDIA_ROOT`) by default,
or an S3-compatible object store (django-storages) shared by every instance.

Delivery: the view checks the viewer's right, then hands the bytes over without streaming them
through the app's workers when it can:

- object storage: a redirect to a signed URL valid `MEDIA_URL_EXPIRE` seconds (60 by default),
  which names the file and its type for the browser;
- local storage behind nginx (`MEDIA_ACCEL_REDIRECT=/_protected_media/`): an empty response with
  `X-Accel-Redirect`, and nginx sends the file from its `internal` location (deploy/nginx/);
- otherwise (`make run`, tests): the app streams the file itself.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header

logger = logging.getLogger(__name__)


def is_object_storage(storage) -> bool:
    return hasattr(storage, "bucket_name") and callable(getattr(storage, "url", None))


def protected_file_response(
    stored: FieldFile,
    *,
    content_type: str,
    as_attachment: bool = False,
    filename: str = "",
    missing: str = "",
) -> HttpResponse:
    """The response delivering `stored` to a viewer the caller has checked.

    `filename` names the download (Content-Disposition); `missing` is the 404 message when the
    file is not in storage. Headers common to every mode: nosniff.
    """
    if not stored:
        raise Http404(missing)
    storage = stored.storage
    disposition = content_disposition_header(as_attachment, filename) if filename else None
    if is_object_storage(storage):
        parameters = {"ResponseContentType": content_type}
        if disposition:
            parameters["ResponseContentDisposition"] = disposition
        url = storage.url(stored.name, parameters=parameters, expire=settings.MEDIA_URL_EXPIRE)
        response: HttpResponse = HttpResponseRedirect(url)
        response["Cache-Control"] = "private, no-store"  # the signed URL must not be reused
    elif settings.MEDIA_ACCEL_REDIRECT and isinstance(storage, FileSystemStorage):
        if not storage.exists(stored.name):
            raise Http404(missing)
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_REDIRECT + quote(stored.name)
        if disposition:
            response["Content-Disposition"] = disposition
    else:
        try:
            handle = stored.open("rb")
        except FileNotFoundError:
            raise Http404(missing) from None
        response = FileResponse(
            handle, as_attachment=as_attachment, filename=filename, content_type=content_type
        )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def storage_check(storage) -> str:
    """`ok` when the media storage answers, `unavailable` otherwise (/readyz)."""
    try:
        storage.exists("readyz-probe")
    except Exception as exc:  # noqa: BLE001 - any failure of the backend is reported, not raised
        logger.warning("media storage unreachable: %s", exc)
        return "unavailable"
    return "ok"
