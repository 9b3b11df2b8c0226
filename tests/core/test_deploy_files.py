"""deploy/: the nginx site and the systemd units pass their own tools (`nginx -t`,
`systemd-analyze verify`), nothing migrates on start, and a protected document is downloaded
through a real nginx on loopback (X-Accel-Redirect) in front of gunicorn.

The files are checked as shipped, with only the machine-specific values swapped for this
checkout's (paths, ports, a throw-away certificate). Without nginx or systemd-analyze the checks
are skipped, unless DEPLOY_TOOLS_REQUIRED=1 (`.ci/run`, which installs them).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from tests.content.factories import make_document, text_upload
from tests.factories import UserFactory

BASE_DIR = Path(__file__).resolve().parents[2]
DEPLOY = BASE_DIR / "deploy"
HOST = "intranet.example.com"
UNITS = ["intrasphere-web", "intrasphere-worker", "intrasphere-beat", "intrasphere-migrate"]


def _tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    if found is None:
        if os.environ.get("DEPLOY_TOOLS_REQUIRED") == "1":
            pytest.fail(f"{name} is required here (DEPLOY_TOOLS_REQUIRED=1) but not installed")
        pytest.skip(f"{name} is not installed (`.ci/run` installs it)")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def render_nginx(
    root: Path, *, app_port: int, https_port: int, http_port: int, media: Path, static: Path
) -> Path:
    """deploy/nginx/intrasphere.conf made runnable here, in an nginx.conf of its own."""
    openssl = _tool("openssl")
    cert, key = root / "cert.pem", root / "key.pem"
    if not cert.exists():
        subprocess.run(
            [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
            + ["-subj", f"/CN={HOST}", "-keyout", str(key), "-out", str(cert)],
            check=True,
            capture_output=True,
        )
    site = (DEPLOY / "nginx" / "intrasphere.conf").read_text()
    replacements = {
        "server 127.0.0.1:8000": f"server 127.0.0.1:{app_port}",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen [::]:80;": "",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "listen [::]:443 ssl http2;": "",
        "/etc/ssl/certs/intranet.example.com.pem": str(cert),
        "/etc/ssl/private/intranet.example.com.key": str(key),
        "/var/log/nginx/": f"{root}/",
        "/srv/intrasphere/current/staticfiles/": f"{static}/",
        "/srv/intrasphere/media/": f"{media}/",
    }
    for old, new in replacements.items():
        assert old in site, f"deploy/nginx/intrasphere.conf no longer has {old!r}"
        site = site.replace(old, new)
    (root / "intrasphere.conf").write_text(site)
    main = root / "nginx.conf"
    # As root, nginx's workers would run as nobody, who cannot enter pytest's private temporary
    # directory (in production www-data reads MEDIA_ROOT through the intrasphere group).
    user = "user root;\n" if os.geteuid() == 0 else ""
    main.write_text(
        f"{user}pid {root}/nginx.pid;\nerror_log {root}/error.log warn;\ndaemon off;\n"
        "events { worker_connections 64; }\n"
        "http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
        f"  client_body_temp_path {root}/body;\n  proxy_temp_path {root}/proxy;\n"
        f"  fastcgi_temp_path {root}/fastcgi;\n  uwsgi_temp_path {root}/uwsgi;\n"
        f"  scgi_temp_path {root}/scgi;\n  access_log {root}/access.log;\n"
        f"  include {root}/intrasphere.conf;\n}}\n"
    )
    return main


def test_nginx_accepts_the_site_config(tmp_path):
    nginx = _tool("nginx")
    config = render_nginx(
        tmp_path, app_port=8000, https_port=_free_port(), http_port=_free_port(),
        media=tmp_path, static=tmp_path,
    )  # fmt: skip
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(config)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_systemd_units_pass_systemd_analyze_verify(tmp_path):
    analyze = _tool("systemd-analyze")
    env_file = tmp_path / "intrasphere.env"
    env_file.write_text("DEBUG=false\n")
    rendered = []
    for name in UNITS:
        text = (DEPLOY / "systemd" / f"{name}.service").read_text()
        text = text.replace(
            "/srv/intrasphere/current/.venv/bin/", f"{Path(sys.executable).parent}/"
        )
        text = text.replace("/etc/intrasphere/intrasphere.env", str(env_file))
        text = text.replace("/srv/intrasphere/current", str(BASE_DIR))
        text = re.sub(r"^(User|Group)=intrasphere$", r"\1=root", text, flags=re.M)
        path = tmp_path / f"{name}.service"
        path.write_text(text)
        rendered.append(str(path))
    result = subprocess.run(
        [analyze, "verify", *rendered],
        capture_output=True,
        text=True,
        env={**os.environ, "SYSTEMD_LOG_LEVEL": "warning"},
    )
    # Only this machine's own units may be reported (a container has no complete systemd).
    ours = [line for line in result.stderr.splitlines() if "intrasphere" in line]
    assert ours == [], result.stderr
    assert result.returncode == 0 or not ours


def test_instances_never_migrate_on_start():
    for name in ["intrasphere-web", "intrasphere-worker", "intrasphere-beat"]:
        text = (DEPLOY / "systemd" / f"{name}.service").read_text()
        assert "migrate" not in re.findall(r"^Exec\w*=.*$", text, flags=re.M).__str__()
    migrate = (DEPLOY / "systemd" / "intrasphere-migrate.service").read_text()
    assert "Type=oneshot" in migrate and "[Install]" not in migrate  # started by hand, once
    makefile = (BASE_DIR / "Makefile").read_text()
    serve = makefile.split("\nserve:")[1].split("\n\n")[0]
    assert "migrate --check" in serve  # refuses to start with pending migrations …
    assert "migrate --noinput" not in serve  # … and never applies them


# --- A protected download through nginx -------------------------------------------------------


def _database_url() -> str:
    s = connection.settings_dict
    auth = urllib.parse.quote(s["USER"] or "")
    if s.get("PASSWORD"):
        auth += ":" + urllib.parse.quote(s["PASSWORD"])
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _wait_for(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"exited early:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"port {port} never answered:\n{log.read_text()}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def behind_nginx(transactional_db, tmp_path, settings):
    """gunicorn (production settings, this test database, local media) behind nginx."""
    nginx = _tool("nginx")
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://… (CI does)")
    media, static = tmp_path / "media", tmp_path / "static"
    media.mkdir()
    (static / "css").mkdir(parents=True)
    (static / "css" / "probe.css").write_text("body{}")
    settings.MEDIA_ROOT = media
    app_port, https_port, http_port = _free_port(), _free_port(), _free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DEBUG": "false",
        "SECRET_KEY": settings.SECRET_KEY,  # the session made here must be valid there
        "DATABASE_URL": _database_url(),
        "ALLOWED_HOSTS": HOST,
        "USE_X_FORWARDED_PROTO": "true",
        "RATELIMIT_IP_META_KEY": "HTTP_X_REAL_IP",
        "MEDIA_ROOT": str(media),
        "MEDIA_ACCEL_REDIRECT": "/_protected_media/",
        "BIND": f"127.0.0.1:{app_port}",
        "WEB_CONCURRENCY": "1",
    }
    processes = []
    app_log = tmp_path / "gunicorn.log"
    with open(app_log, "wb") as log:
        processes.append(
            subprocess.Popen(
                [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py"]
                + ["intrasphere.wsgi"],
                cwd=BASE_DIR,
                env=env,
                stdout=log,
                stderr=log,
            )  # fmt: skip
        )
    config = render_nginx(
        tmp_path, app_port=app_port, https_port=https_port, http_port=http_port,
        media=media, static=static,
    )  # fmt: skip
    nginx_log = tmp_path / "nginx.out"
    with open(nginx_log, "wb") as log:
        processes.append(
            subprocess.Popen(
                [nginx, "-p", str(tmp_path), "-c", str(config)], stdout=log, stderr=log
            )
        )
    try:
        _wait_for(app_port, processes[0], app_log)
        _wait_for(https_port, processes[1], nginx_log)
        context = ssl.create_default_context(cafile=str(tmp_path / "cert.pem"))
        context.check_hostname = False
        opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=context), _NoRedirect
        )

        def get(path: str, cookie: str = ""):
            request = urllib.request.Request(f"https://127.0.0.1:{https_port}{path}")
            request.add_header("Host", HOST)
            if cookie:
                request.add_header("Cookie", cookie)
            try:
                with opener.open(request, timeout=20) as response:
                    return response.status, response.headers, response.read()
            except urllib.error.HTTPError as error:
                return error.code, error.headers, error.read()

        yield get
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.mark.postgres
def test_a_protected_document_is_downloaded_through_nginx(behind_nginx, settings):
    get = behind_nginx
    document = make_document(upload=text_upload("safety rules.txt", "Wear a helmet.\n"))
    name = document.current_version.file.name
    client = Client()
    client.force_login(UserFactory(username="reader"))
    session = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    status, headers, body = get(f"/documents/{document.pk}/download/", cookie=session)
    assert status == 200, (headers.get("Location"), body[:500])
    assert body == b"Wear a helmet.\n"  # sent by nginx from MEDIA_ROOT
    assert "X-Accel-Redirect" not in headers
    assert len(headers.get_all("Content-Disposition")) == 1, headers.items()
    assert len(headers.get_all("Content-Type")) == 1, headers.items()
    assert headers["Content-Disposition"] == 'attachment; filename="safety_rules.txt"'
    assert headers["Content-Type"].startswith("text/plain")
    assert headers["X-Content-Type-Options"] == "nosniff"

    # Signed out: the portal refuses, nginx sends nothing.
    status, headers, body = get(f"/documents/{document.pk}/download/")
    assert status == 302 and "/accounts/login/" in headers["Location"]
    assert b"Wear a helmet" not in body
    # The internal location and the media path are unreachable from outside.
    assert get(f"/_protected_media/{name}", cookie=session)[0] == 404
    assert get(f"/media/{name}", cookie=session)[0] == 404

    # Static files: from disk by nginx, cached for a year.
    status, headers, body = get("/static/css/probe.css")
    assert status == 200 and body == b"body{}"
    assert "immutable" in headers["Cache-Control"]
