"""gunicorn settings (`make serve`, or `gunicorn -c gunicorn.conf.py intrasphere.wsgi`).

Every value comes from the environment; the defaults suit a small VM behind a TLS proxy.
"""

import multiprocessing
import os
import shutil
import tempfile

bind = os.environ.get(
    "BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
)
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))  # a worker silent this long is restarted
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then (slow leaks in any library stay bounded).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# gunicorn's own lines (start, stop, "WORKER TIMEOUT", errors) go through the portal's LOGGING,
# so with LOG_FORMAT=json they are JSON objects like every other line (intrasphere/logging.py).
# Our request log (one line per request, with the request id) replaces the access log unless
# GUNICORN_ACCESS_LOG=true (then one more line per request, also for those Django never saw).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intrasphere.settings")
from django.conf import settings as _django_settings  # noqa: E402

logconfig_dict = _django_settings.LOGGING
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The client address is taken by Django (RATELIMIT_IP_META_KEY), never from forwarded headers
# here; gunicorn only trusts X-Forwarded-* from the addresses listed in FORWARDED_ALLOW_IPS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Prometheus: every worker writes its metrics to a shared directory, /metrics adds them up.
_own_metrics_dir = not os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if _own_metrics_dir:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="intrasphere-metrics-")
_metrics_dir = os.environ["PROMETHEUS_MULTIPROC_DIR"]


def on_starting(server):
    # Stale files from an earlier run would be counted again.
    shutil.rmtree(_metrics_dir, ignore_errors=True)
    os.makedirs(_metrics_dir, exist_ok=True)


def on_exit(server):
    if _own_metrics_dir:
        shutil.rmtree(_metrics_dir, ignore_errors=True)


def worker_abort(worker):
    """A worker killed for running past `timeout` (SIGABRT): name the request it was serving,
    whose own log line will never be written (the arbiter's "WORKER TIMEOUT" line cannot)."""
    from intrasphere.logging import request_line_var

    worker.log.critical(
        "worker %s aborted while serving %s", worker.pid, request_line_var.get() or "no request"
    )


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


# gunicorn ≥ 24's control socket is one path per user: several instances on one host would
# collide, and we do not use it.
control_socket_disable = True
