"""Two gunicorn instances, one PostgreSQL, one Redis: one sign-in limit, one session.

Runs on PostgreSQL with Redis at 127.0.0.1:6379 (database 7), as CI does; skipped otherwise.
The instances use the test database (migrated by pytest) with data committed by this test
(`transactional_db`), a unique cache key prefix, and a trusted-proxy address header
(RATELIMIT_IP_META_KEY=HTTP_X_REAL_IP) as they would behind a load balancer.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from tests.factories import DEFAULT_PASSWORD, UserFactory

BASE_DIR = Path(__file__).resolve().parents[2]
REDIS_HOST, REDIS_PORT, REDIS_DB = "127.0.0.1", 6379, 7
CANDIDATE_PORTS = range(8108, 8120)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _redis_up() -> bool:
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _redis_cleanup(prefix: str) -> None:
    import redis

    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def _free_port(exclude: set[int]) -> int:
    for port in [*CANDIDATE_PORTS, 0]:
        if port in exclude:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError("no free port")


def _database_url() -> str:
    s = connection.settings_dict
    auth = urllib.parse.quote(s["USER"] or "")
    if s.get("PASSWORD"):
        auth += ":" + urllib.parse.quote(s["PASSWORD"])
    host = s["HOST"] or "127.0.0.1"
    return f"postgres://{auth}@{host}:{s['PORT'] or 5432}/{s['NAME']}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies shared across ports, like a browser behind one load-balanced host name."""

    def __init__(self, client_ip: str):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )
        self.client_ip = client_ip

    def request(self, port: int, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}", data=body, headers={"X-Real-IP": self.client_ip}
        )
        try:
            with self.opener.open(request, timeout=15) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def login(self, port: int, username: str, password: str) -> int:
        status, page = self.request(port, "/accounts/login/")
        assert status == 200, page[:500]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = {"csrfmiddlewaretoken": token, "username": username, "password": password}
        return self.request(port, "/accounts/login/", data)[0]


@pytest.fixture
def instances(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://… (CI does)")
    if not _redis_up():
        pytest.skip(f"needs Redis at {REDIS_HOST}:{REDIS_PORT} (CI starts it)")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "intrasphere.settings",
        "DEBUG": "false",
        "SECRET_KEY": "several-instances-test-key-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "DATABASE_URL": _database_url(),
        "CONN_MAX_AGE": "0",
        "REDIS_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}",
        "CACHE_KEY_PREFIX": "instances-test-" + uuid.uuid4().hex[:12],
        "RATELIMIT_IP_META_KEY": "HTTP_X_REAL_IP",
        "RATELIMIT_LOGIN": "5/d",  # fixed windows: a long one is never crossed mid-test
        "WEB_CONCURRENCY": "2",
        "LOG_LEVEL": "WARNING",
    }
    # DEBUG off serves static files from the manifest: collect them first (as `make serve` does).
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        timeout=120,
    )
    ports: list[int] = []
    processes: list[subprocess.Popen] = []
    try:
        for index in range(2):
            port = _free_port(set(ports))
            ports.append(port)
            log = (tmp_path / f"gunicorn-{port}.log").open("w")
            processes.append(
                subprocess.Popen(
                    [
                        sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
                        "--bind", f"127.0.0.1:{port}", "intrasphere.wsgi",
                    ],
                    cwd=BASE_DIR,
                    env={**env, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / f"metrics-{index}")},
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )  # fmt: skip
        deadline = time.monotonic() + 30
        for port, process in zip(ports, processes, strict=True):
            while True:
                if process.poll() is not None:
                    logs = (tmp_path / f"gunicorn-{port}.log").read_text()
                    pytest.fail(f"gunicorn on {port} exited:\n{logs[-3000:]}")
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as r:
                        if r.status == 200:
                            break
                except (urllib.error.URLError, OSError):
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"gunicorn on {port} not ready after 30 s")
                time.sleep(0.2)
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        connection.close()
        _redis_cleanup(env["CACHE_KEY_PREFIX"])


def test_two_instances_share_login_limit_and_sessions(instances):
    first, second = instances
    user = UserFactory(username="roaming", email="roaming@example.com")
    # The tests' MD5 hasher is unknown to the production settings the instances run with.
    user.password = PBKDF2PasswordHasher().encode(DEFAULT_PASSWORD, "instances", iterations=1000)
    user.save(update_fields=["password"])

    # A session opened on one instance is valid on the other.
    alice = Browser(client_ip="10.8.0.1")
    assert alice.login(first, "roaming", DEFAULT_PASSWORD) == 302
    status, page = alice.request(second, "/")
    assert status == 200, page[:300]
    assert "roaming" in page or "Sign out" in page
    assert Browser(client_ip="10.8.0.9").request(second, "/")[0] == 302  # no cookie, no entry

    # Five wrong passwords for one account, spread over both instances: the sixth attempt is
    # refused on both, from any client (failures count per account, in the shared Redis).
    mallory = Browser(client_ip="10.8.0.2")
    for attempt in range(5):
        port = (first, second)[attempt % 2]
        assert mallory.login(port, "roaming", f"guess{attempt}") == 200
    assert mallory.login(first, "roaming", DEFAULT_PASSWORD) == 429
    assert Browser(client_ip="10.8.0.4").login(second, "ROAMING", DEFAULT_PASSWORD) == 429
    # Another account, from another client, is not affected.
    assert Browser(client_ip="10.8.0.3").login(second, "guess7", "wrong") == 200
