"""Structured logs: one JSON object per line, with the id of the request being served.

`RequestIdMiddleware` (intrasphere.middleware.request_log) stores the request id in a context
variable; `RequestIdFilter` copies it onto every record, so every line a request causes carries
it.

One LOGGING for every process (docs/operations.md, "Logs"): the portal's own loggers, Django's,
post_office's (which would add a plain-text handler of its own: we give it ours, so its lines
are not printed twice), gunicorn's (`gunicorn.conf.py` hands it this configuration:
`logconfig_dict`), Celery's (`celery_setup_logging` keeps Celery from installing its own
handlers), Python's warnings and uncaught exceptions (`capture_uncaught`).
"""

from __future__ import annotations

import json
import logging
import sys
import threading
from contextvars import ContextVar
from datetime import UTC, datetime

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
# "GET /path" of the request being served, for the line of a worker killed in the middle of it.
request_line_var: ContextVar[str | None] = ContextVar("request_line", default=None)

# Attributes every LogRecord has; anything else was passed through `extra=` and is kept.
_RESERVED = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id"}

# gunicorn's access-log atoms (glogging.Logger.atoms) worth a field of their own.
_ACCESS_FIELDS = {"m": "method", "U": "path", "s": "status", "h": "client_ip", "B": "bytes"}


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = request_id_var.get() or "-"
        return True


def _current_task():
    """The Celery task being run by this worker, if Celery is there and runs one."""
    celery_state = sys.modules.get("celery._state")
    return celery_state.get_current_task() if celery_state else None


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "logger", "message", "request_id", …extra…, "traceback"?}`."""

    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id_var.get(),
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            payload.update(_access_fields(record.args))
        task = _current_task()
        if task is not None and task.request.id:
            payload["task_id"], payload["task"] = task.request.id, task.name
        for key, value in record.__dict__.items():
            if key not in _RESERVED and not key.startswith("_"):
                payload[key] = value
        if record.exc_info:
            payload["traceback"] = self.formatException(record.exc_info)
        elif record.stack_info:
            payload["stack"] = self.formatStack(record.stack_info)
        return json.dumps(payload, default=str, ensure_ascii=False)


def _access_fields(atoms) -> dict:
    """gunicorn's access atoms as fields, with the portal's request id from the response."""
    fields = {name: _atom(atoms, atom) for atom, name in _ACCESS_FIELDS.items()}
    if str(fields["status"]).isdigit():
        fields["status"] = int(fields["status"])
    if str(_atom(atoms, "D")).isdigit():
        fields["duration_ms"] = round(int(atoms["D"]) / 1000, 1)
    request_id = _atom(atoms, "{x-request-id}o")
    if request_id:
        fields["request_id"] = request_id
    return fields


def _atom(atoms, name: str):
    try:
        value = atoms[name]
    except KeyError:
        return None
    return None if value in ("-", None) else value


def logging_config(*, fmt: str, level: str, access_log: bool = False) -> dict:
    """The LOGGING dict for `LOG_FORMAT` = json | text.

    `access_log`: gunicorn's access lines too (one per request, beside the portal's own request
    line: the access line also covers requests that never reach Django).
    """
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "intrasphere.logging.RequestIdFilter"}},
        "formatters": {
            "json": {"()": "intrasphere.logging.JsonFormatter"},
            "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json" if fmt == "json" else "text",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            # Our request log replaces these (one line per request, not two).
            "django.server": {"level": "WARNING"},
            # gunicorn sets up handlers of its own on these and stops them from propagating:
            # naming them here removes those handlers, and they go through ours.
            "gunicorn.error": {"propagate": True},
            "gunicorn.access": {"level": "INFO" if access_log else "WARNING", "propagate": True},
            # post_office adds its own handler to a logger that has none (logutils): with ours
            # there, its lines are printed once.
            "post_office": {"handlers": ["console"], "level": "INFO", "propagate": False},
        },
    }


def celery_setup_logging(**kwargs) -> None:
    """Receiver of `celery.signals.setup_logging`: Celery workers and beat keep the portal's
    LOGGING instead of installing handlers of their own (connected by CoreConfig.ready).

    Start them with `--quiet`: their start-up banner is printed, not logged.
    """
    import logging.config

    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
    if settings.LOG_FORMAT == "json":
        # The worker's shutdown notices are printed from its signal handlers, on purpose not
        # logged (logging is not safe there): printed as JSON objects all the same.
        from celery.apps import worker

        worker.safe_say = json_say


def json_say(message: str, stream=None) -> None:
    """Celery's `safe_say` (a plain print to a standard stream), as one JSON line."""
    line = {
        "time": datetime.now(tz=UTC).isoformat(timespec="milliseconds"),
        "level": "INFO",
        "logger": "celery.apps.worker",
        "message": message,
        "request_id": None,
    }
    print(json.dumps(line), file=stream or sys.__stderr__, flush=True)


def _log_uncaught(exc_type, exc_value, exc_traceback, thread_name: str | None = None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc_value, exc_traceback)
        return
    where = f" in thread {thread_name}" if thread_name else ""
    logging.getLogger("intrasphere.uncaught").critical(
        "uncaught %s%s", exc_type.__name__, where, exc_info=(exc_type, exc_value, exc_traceback)
    )


def _log_uncaught_in_thread(args) -> None:
    if issubclass(args.exc_type, SystemExit):
        return  # as Python's own hook does
    name = args.thread.name if args.thread else None
    _log_uncaught(args.exc_type, args.exc_value, args.exc_traceback, name)


def capture_uncaught() -> None:
    """Uncaught exceptions (a command, a thread) and Python's warnings go through the logs, so
    with LOG_FORMAT=json their tracebacks are JSON lines too, not plain text on stderr."""
    sys.excepthook = _log_uncaught
    threading.excepthook = _log_uncaught_in_thread
    logging.captureWarnings(True)
