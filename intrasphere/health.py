"""Operations endpoints: liveness (/healthz), readiness (/readyz) and Prometheus (/metrics)."""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily

from intrasphere.media import is_object_storage, storage_check
from intrasphere.services import client_ip

logger = logging.getLogger(__name__)


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """The process answers: no database, no cache."""
    return JsonResponse({"status": "ok"})


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("readyz: database unreachable: %s", exc)
        return "unavailable"
    return "ok"


def _check_cache() -> str:
    try:
        cache.set("readyz", "1", timeout=10)
        if cache.get("readyz") != "1":
            return "unavailable"
    except Exception as exc:  # noqa: BLE001 - any cache client error means "not ready"
        logger.warning("readyz: cache unreachable: %s", exc)
        return "unavailable"
    return "ok"


@login_not_required
@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """The database, the cache and (with object storage) the media bucket answer; 503
    otherwise (the load balancer stops routing).

    With READYZ_REQUIRE_CACHE off, the cache is reported but not required: without Redis the
    portal keeps serving pages (sign-in fails closed, see docs/security.md), and every instance
    shares the same Redis, so failing readiness on it takes the whole portal out of rotation."""
    checks = {"database": _check_database(), "cache": _check_cache()}
    if is_object_storage(default_storage):  # media on the network (MEDIA_STORAGE=s3)
        checks["media"] = storage_check(default_storage)
    ready = (
        checks["database"] == "ok"
        and (checks["cache"] == "ok" or not settings.READYZ_REQUIRE_CACHE)
        and checks.get("media", "ok") == "ok"
    )
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )


def metrics_allowed(request: HttpRequest) -> bool:
    """A bearer METRICS_TOKEN, or a client address in METRICS_ALLOWED_IPS; nothing by default."""
    token = settings.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    presented = header.removeprefix("Bearer ").encode() if header.startswith("Bearer ") else b""
    if token and presented and hmac.compare_digest(presented, token.encode()):
        return True
    address = client_ip(request)
    if not address or not settings.METRICS_ALLOWED_IPS:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(
        ip in ipaddress.ip_network(net, strict=False) for net in settings.METRICS_ALLOWED_IPS
    )


class MailQueueCollector:
    """Gauges read from the database at scrape time (the queue is shared by every instance)."""

    def collect(self):
        from intrasphere.mail import mail_queue_stats

        try:
            stats = mail_queue_stats()
        except DatabaseError:
            return
        yield GaugeMetricFamily(
            "intrasphere_mail_queue_length",
            "Emails waiting to be sent or retried.",
            value=stats["queued"],
        )
        yield GaugeMetricFamily(
            "intrasphere_mail_failed",
            "Emails that failed for good (see the admin, Post Office > Emails).",
            value=stats["failed"],
        )


def _process_registry():
    """This process's metrics, or every gunicorn worker's in multiprocess mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    from prometheus_client import REGISTRY

    return REGISTRY


@login_not_required
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not metrics_allowed(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain")
    app_registry = CollectorRegistry(auto_describe=False)
    app_registry.register(MailQueueCollector())
    body = generate_latest(_process_registry()) + generate_latest(app_registry)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
