"""The restore drill of docs/operations.md, on a small database: back up with
deploy/backup/backup.sh, restore into a fresh database and media directory with
deploy/backup/restore.sh, then the portal (gunicorn, production settings) answers from the
restored copy with the same data, the same file bytes, and nothing left in the cache.

Runs on PostgreSQL (pg_dump and pg_restore from Debian's postgresql-client, as CI installs),
with Redis at 127.0.0.1:6379 (database 11); skipped otherwise.
"""

from __future__ import annotations

import datetime
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import psycopg
import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.utils import timezone

from tests.content.factories import AnnouncementFactory, make_document, text_upload
from tests.factories import DEFAULT_PASSWORD, UserFactory

BASE_DIR = Path(__file__).resolve().parents[2]
REDIS_DB = 11
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _url(name: str) -> str:
    s = connection.settings_dict
    auth = urllib.parse.quote(s["USER"] or "")
    if s.get("PASSWORD"):
        auth += ":" + urllib.parse.quote(s["PASSWORD"])
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _admin_sql(statement: str) -> None:
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(statement)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    def __init__(self, port: int):
        self.port = port
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def get(self, path: str, data: dict | None = None) -> tuple[int, bytes]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=body)
        try:
            with self.opener.open(request, timeout=15) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def login(self, username: str, password: str) -> int:
        page = self.get("/accounts/login/")[1].decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = {"csrfmiddlewaretoken": token, "username": username, "password": password}
        return self.get("/accounts/login/", data)[0]


def _status(browser: Browser, path: str) -> int:
    try:
        return browser.get(path)[0]
    except (urllib.error.URLError, OSError):
        return 0  # not listening yet


def _run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    result = subprocess.run(
        args, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture
def drill(tmp_path, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://… (CI does)")
    if not shutil.which("pg_dump") or not shutil.which("pg_restore"):
        pytest.skip("needs pg_dump and pg_restore (Debian's postgresql-client)")
    if not _redis_up():
        pytest.skip("needs Redis at 127.0.0.1:6379 (CI starts it)")
    restored = f"{connection.settings_dict['NAME']}_restored"[:63]
    _admin_sql(f'DROP DATABASE IF EXISTS "{restored}"')
    _admin_sql(f'CREATE DATABASE "{restored}"')
    prefix = "drill-" + uuid.uuid4().hex[:12]
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "PYTHON": sys.executable,
        "DJANGO_SETTINGS_MODULE": "intrasphere.settings",
        "DEBUG": "false",
        "SECRET_KEY": "restore-drill-key-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "CONN_MAX_AGE": "0",
        "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "CACHE_KEY_PREFIX": prefix,
        "LOG_LEVEL": "WARNING",
        "WEB_CONCURRENCY": "1",
    }
    yield {"env": env, "restored": restored, "tmp": tmp_path, "prefix": prefix}
    connection.close()
    _admin_sql(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')


def test_backup_restore_and_the_portal_answers_with_the_same_data(drill, settings):
    import redis

    env, tmp = drill["env"], drill["tmp"]
    reader = UserFactory(username="drill.reader")
    # The tests' MD5 hasher is unknown to the production settings the restored portal runs.
    reader.password = PBKDF2PasswordHasher().encode(DEFAULT_PASSWORD, "drill", iterations=1000)
    reader.save(update_fields=["password"])
    AnnouncementFactory(
        title="Drill: the fire exit moved",
        publish_at=timezone.now() - datetime.timedelta(hours=1),
    )
    document = make_document(title="Drill handbook", upload=text_upload("handbook.txt", "v1\n"))
    original_bytes = b"v1\n"
    source_media = Path(settings.MEDIA_ROOT)

    # Back up the live database (its data committed: transactional test) and media.
    backup = tmp / "backup"
    _run(
        ["bash", "deploy/backup/backup.sh", str(backup)],
        {
            **env,
            "DATABASE_URL": _url(connection.settings_dict["NAME"]),
            "MEDIA_ROOT": str(source_media),
        },
    )
    assert {p.name for p in backup.iterdir()} == {"database.dump", "media.tar.gz", "SHA256SUMS"}

    # A stale cached value, as a running portal leaves behind: the restore must empty it.
    client = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)
    stale = f"{drill['prefix']}:1:stale-before-restore"
    client.set(stale, b"x")
    client.set("not-the-portal:key", b"kept")

    restored_media = tmp / "restored-media"
    restored_env = {
        **env,
        "DATABASE_URL": _url(drill["restored"]),
        "MEDIA_ROOT": str(restored_media),
    }
    result = _run(["bash", "deploy/backup/restore.sh", str(backup)], restored_env)
    assert "All 1 referenced files are present" in result.stdout
    assert client.get(stale) is None
    assert client.get("not-the-portal:key") == b"kept"  # only the portal's keys go
    client.delete("not-the-portal:key")

    # The restored portal, as production runs it.
    _run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], restored_env)
    port = _free_port()
    log = (tmp / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
        + ["--bind", f"127.0.0.1:{port}", "intrasphere.wsgi"],
        cwd=BASE_DIR,
        env={**restored_env, "PROMETHEUS_MULTIPROC_DIR": str(tmp / "metrics")},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        browser = Browser(port)
        deadline = time.monotonic() + 30
        while _status(browser, "/readyz") != 200:
            if server.poll() is not None or time.monotonic() > deadline:
                logs = (tmp / "gunicorn.log").read_text()[-3000:]
                pytest.fail(f"the restored portal did not start:\n{logs}")
            time.sleep(0.3)
        assert browser.login("drill.reader", DEFAULT_PASSWORD) == 302
        status, page = browser.get("/announcements/")
        assert status == 200 and "Drill: the fire exit moved" in page.decode()
        status, body = browser.get(f"/documents/{document.pk}/download/")
        assert status == 200 and body == original_bytes
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)
        log.close()


def test_restore_refuses_a_damaged_backup(drill, settings):
    backup = drill["tmp"] / "backup"
    env = {
        **drill["env"],
        "DATABASE_URL": _url(connection.settings_dict["NAME"]),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    _run(["bash", "deploy/backup/backup.sh", str(backup)], env)
    with (backup / "database.dump").open("ab") as dump:
        dump.write(b"garbage")
    result = subprocess.run(
        ["bash", "deploy/backup/restore.sh", str(backup)],
        cwd=BASE_DIR,
        env={**env, "DATABASE_URL": _url(drill["restored"])},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "FAILED" in result.stdout + result.stderr  # sha256sum names the damaged file
    with psycopg.connect(_url(drill["restored"])) as restored:
        tables = restored.execute(
            "select count(*) from information_schema.tables where table_schema = 'public'"
        ).fetchone()[0]
    assert tables == 0  # nothing restored from it
