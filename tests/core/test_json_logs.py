"""LOG_FORMAT=json: every line of gunicorn (its own, the access log, a worker timeout), the
portal, tracebacks, warnings, post_office and Celery is one JSON object; none twice.

gunicorn runs on loopback with a probe middleware (written by the test into a settings module
of its own) that raises, sleeps past the worker timeout, warns and logs as post_office; none of
these touch the database, so no migration is needed.
"""

import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

PROBE = """
import logging, time, warnings
from django.http import HttpResponse

class Probe:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/probe/boom":
            raise RuntimeError("probe boom")
        if request.path == "/probe/slow":
            time.sleep(60)
        if request.path == "/probe/mail":
            logging.getLogger("post_office").info("post_office probe line")
            return HttpResponse("ok")
        if request.path == "/probe/warn":
            warnings.warn("probe warning", UserWarning)
            return HttpResponse("ok")
        return self.get_response(request)
"""

SETTINGS = """
from intrasphere.settings import *  # noqa: F403
from intrasphere.settings import MIDDLEWARE, STORAGES

MIDDLEWARE = [*MIDDLEWARE[:2], "json_logs_probe.Probe", *MIDDLEWARE[2:]]  # after the request id
STORAGES = {**STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(tmp_path, **extra) -> dict:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "PYTHONPATH": f"{tmp_path}{os.pathsep}{BASE_DIR}",
        "DEBUG": "false",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
        "SECRET_KEY": "json-logs-test-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
        **extra,
    }


def _get(port: int, path: str, request_id: str, timeout: float = 10) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"X-Request-ID": request_id}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError):
        return 0  # the connection died with its worker


def _json_lines(text: str) -> list[dict]:
    lines = []
    for raw in text.splitlines():
        if not raw.strip():
            continue
        try:
            line = json.loads(raw)
        except json.JSONDecodeError:
            pytest.fail(f"not a JSON line: {raw!r}\n--- whole log ---\n{text[-5000:]}")
        assert isinstance(line, dict) and {"time", "level", "logger", "message"} <= set(line)
        lines.append(line)
    return lines


def _wait_for(path: Path, needle: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while needle not in path.read_text() and time.monotonic() < deadline:
        time.sleep(0.2)


@pytest.fixture
def gunicorn_log(tmp_path):
    (tmp_path / "json_logs_probe.py").write_text(PROBE)
    (tmp_path / "json_logs_settings.py").write_text(SETTINGS)
    (tmp_path / "metrics").mkdir()
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    env = _env(
        tmp_path,
        DJANGO_SETTINGS_MODULE="json_logs_settings",
        WEB_CONCURRENCY="1",
        GUNICORN_TIMEOUT="3",
        GUNICORN_ACCESS_LOG="true",
    )
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
            + ["--bind", f"127.0.0.1:{port}", "intrasphere.wsgi"],
            cwd=BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while _get(port, "/healthz", "probe-health-0001", timeout=2) != 200:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        assert _get(port, "/probe/boom", "probe-boom-0001") == 500
        assert _get(port, "/probe/mail", "probe-mail-0001") == 200
        assert _get(port, "/probe/warn", "probe-warn-0001") == 200
        # Killed past GUNICORN_TIMEOUT: gunicorn answers 500, or the connection just ends.
        assert _get(port, "/probe/slow", "probe-slow-0001", timeout=20) in (0, 500, 502)
        _wait_for(log, "aborted while serving", 5)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
    return log  # complete: gunicorn has stopped


def test_gunicorn_and_the_portal_write_only_json_lines(gunicorn_log):
    lines = _json_lines(gunicorn_log.read_text())
    by = lambda logger: [line for line in lines if line["logger"] == logger]  # noqa: E731

    gunicorn = by("gunicorn.error")
    assert any(line["message"].startswith("Starting gunicorn") for line in gunicorn)
    assert any(line["message"].startswith("Shutting down") for line in gunicorn)

    [error] = [line for line in by("django.request") if line["level"] == "ERROR"]
    assert error["request_id"] == "probe-boom-0001"
    assert "RuntimeError: probe boom" in error["traceback"]
    [request] = [line for line in by("intrasphere.request") if line["status"] == 500]
    assert request["request_id"] == "probe-boom-0001" and request["path"] == "/probe/boom"

    access = {line["request_id"]: line for line in by("gunicorn.access")}
    assert access["probe-boom-0001"]["status"] == 500
    assert access["probe-boom-0001"]["path"] == "/probe/boom"
    assert access["probe-mail-0001"]["method"] == "GET"

    [mail] = [line for line in lines if line["message"] == "post_office probe line"]
    assert mail["logger"] == "post_office" and mail["request_id"] == "probe-mail-0001"

    [warning] = [line for line in by("py.warnings") if "probe warning" in line["message"]]
    assert warning["request_id"] == "probe-warn-0001"

    [timeout] = [line for line in gunicorn if "WORKER TIMEOUT" in line["message"]]
    assert timeout["level"] == "CRITICAL"
    [abort] = [line for line in gunicorn if "aborted while serving" in line["message"]]
    assert abort["message"].endswith("GET /probe/slow")
    assert abort["request_id"] == "probe-slow-0001"


def test_tracebacks_and_post_office_of_a_command_are_json_once(tmp_path):
    """A management command's uncaught exception, and post_office's logger (which adds a
    plain-text handler of its own to a logger that has none), in a process of their own."""
    script = (
        "import django, logging; django.setup();"
        "import post_office.mail;"  # its import runs post_office's own logging set-up
        "logging.getLogger('post_office').info('queued mail line');"
        "raise ValueError('uncaught in a command')"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env=_env(tmp_path, DJANGO_SETTINGS_MODULE="intrasphere.settings"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    lines = _json_lines(result.stdout + result.stderr)
    assert [line["logger"] for line in lines if "queued mail line" in line["message"]] == [
        "post_office"
    ]
    [crash] = [line for line in lines if line["logger"] == "intrasphere.uncaught"]
    assert crash["level"] == "CRITICAL"
    assert "ValueError: uncaught in a command" in crash["traceback"]


CELERY_APP = """
import logging, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intrasphere.settings")
from celery import Celery
from celery.signals import worker_ready
from celery.utils.log import get_task_logger

app = Celery("probe", broker="memory://")
app.conf.task_ignore_result = True

@app.task
def probe():
    logging.getLogger("probe").info("inside the task")
    get_task_logger(__name__).warning("from the task logger")

@worker_ready.connect
def _send(**kwargs):
    probe.delay()
"""


@pytest.mark.skipif(
    importlib.util.find_spec("celery") is None, reason="Celery is not installed here"
)
def test_a_celery_worker_writes_only_json_lines(tmp_path):
    (tmp_path / "probe_celery.py").write_text(CELERY_APP)
    log = tmp_path / "celery.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "probe_celery", "--quiet", "worker"]
            + ["--pool", "solo", "--loglevel", "INFO"],
            cwd=tmp_path,
            env=_env(tmp_path),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(log, "from the task logger", 30)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
    lines = _json_lines(log.read_text())
    [inside] = [line for line in lines if line["message"] == "inside the task"]
    [task_line] = [line for line in lines if line["message"] == "from the task logger"]
    assert inside["task"] == "probe_celery.probe" and inside["task_id"]
    assert task_line["task_id"] == inside["task_id"]
    assert any(line["message"].endswith("ready.") for line in lines)
