"""`make soak`: concurrent clients against gunicorn + PostgreSQL, with faults, nothing lost.

Not part of pytest's run. What it does:
1. migrates the database named by DATABASE_URL (PostgreSQL; use a database of its own), creates
   SOAK_CLIENTS users and a forum category, collects static files;
2. starts gunicorn (DEBUG off) on SOAK_PORT and the mail worker, with SMTP pointing at
   SOAK_SMTP_PORT where nothing listens yet (SMTP unreachable);
3. runs SOAK_CLIENTS clients for SOAK_DURATION seconds: each signs in, then mixes reads (dashboard,
   forum, announcements, messages, people) and writes (messages, which also queue notification
   emails, and forum topics); every write the server acknowledged (302) is logged;
4. at 40 % of the run starts a small SMTP server; at 50 % restarts PostgreSQL
   (SOAK_PG_RESTART, default `pg_ctlcluster <version> <cluster> restart` for the port of
   DATABASE_URL): a 503 is allowed only for a request in flight at some moment between the
   restart and the first ready answer of /readyz; every request sent after that is served;
5. afterwards checks: every acknowledged write is in the database (and whole: a topic has its
   first post), zero 5xx outside the outage, every queued email was delivered once SMTP was back.
Prints a summary and exits non-zero when a check fails. Every request carries an X-Request-ID,
so an unexpected answer is reported with the exception the server logged for it.

Settings (environment): DATABASE_URL (required), SOAK_DURATION (300), SOAK_CLIENTS (50),
SOAK_PORT (8140), SOAK_SMTP_PORT (8141), SOAK_WORKERS (4), SOAK_PG_RESTART, SOAK_MAIL_WAIT (240),
REDIS_URL (optional).
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import random
import re
import secrets
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
DURATION = float(os.environ.get("SOAK_DURATION", "300"))
CLIENTS = int(os.environ.get("SOAK_CLIENTS", "50"))
PORT = int(os.environ.get("SOAK_PORT", "8140"))
SMTP_PORT = int(os.environ.get("SOAK_SMTP_PORT", "8141"))
WORKERS = os.environ.get("SOAK_WORKERS", "4")
MAIL_WAIT = float(os.environ.get("SOAK_MAIL_WAIT", "240"))
PASSWORD = "Soak-test-passphrase-2026!"
RUN = secrets.token_hex(4)
BASE = f"http://127.0.0.1:{PORT}"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def log(message: str) -> None:
    print(f"[soak {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- Environment --------------------------------------------------------------------------------
def server_env() -> dict[str, str]:
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("soak: set DATABASE_URL=postgres://…/<a database of its own>")
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "RATELIMIT_LOGIN": "100000/m",
        "RATELIMIT_LOGIN_ADDRESS": "100000/m",
        "RATELIMIT_POST": "100000/m",
        "EMAIL_URL": f"smtp://127.0.0.1:{SMTP_PORT}",
        "MAIL_RETRY_SECONDS": "1",
        "MAIL_MAX_RETRIES": "30",
        "CONN_MAX_AGE": "60",
        "WEB_CONCURRENCY": WORKERS,
        "GUNICORN_THREADS": "4",
        "GUNICORN_LOG_LEVEL": "warning",
        "BIND": f"127.0.0.1:{PORT}",
        "DJANGO_SETTINGS_MODULE": "intrasphere.settings",
    }
    return env


def pg_restart_command() -> list[str]:
    if os.environ.get("SOAK_PG_RESTART"):
        return ["sh", "-c", os.environ["SOAK_PG_RESTART"]]
    port = str(urllib.parse.urlsplit(os.environ["DATABASE_URL"]).port or 5432)
    for line in subprocess.run(
        ["pg_lsclusters", "-h"], capture_output=True, text=True
    ).stdout.splitlines():
        version, cluster, cluster_port, *_ = line.split()
        if cluster_port == port:
            return ["pg_ctlcluster", version, cluster, "restart"]
    sys.exit(f"soak: no PostgreSQL cluster on port {port}; set SOAK_PG_RESTART")


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def prepare() -> str:
    """Migrate, collect static files, create the users and a forum category; return its slug."""
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    from accounts.models import User
    from forum.models import Category

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    hashed = make_password(PASSWORD)
    for index in range(CLIENTS):
        User.objects.update_or_create(
            username=f"soak{index}",
            defaults={
                "password": hashed,
                "email": f"soak{index}@example.com",
                "email_notifications": True,
                "is_active": True,
                "first_name": "Soak",
                "last_name": str(index),
            },
        )
    category, _created = Category.objects.get_or_create(
        slug="soak", defaults={"name": "Soak", "description": "Load test"}
    )
    return category.slug


# --- A tiny SMTP server (accepts everything, counts messages) ----------------------------------
class SMTPHandler(socketserver.StreamRequestHandler):
    received = Counter()

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        self.reply("220 soak ESMTP")
        in_data = False
        while line := self.rfile.readline():
            text = line.decode(errors="replace").rstrip("\r\n")
            if in_data:
                if text == ".":
                    in_data = False
                    SMTPHandler.received["messages"] += 1
                    self.reply("250 OK queued")
                continue
            verb = text[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 soak")
            elif verb == "DATA":
                in_data = True
                self.reply("354 go ahead")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 OK")


class SMTPServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


# --- Clients ------------------------------------------------------------------------------------
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = Counter()
        # (sent, answered, method, path, status, request id) of the answers not allowed, and
        # of the 503 answers (allowed for the requests in flight during the outage)
        self.bad = []
        self.answers_503 = []
        self.acked = {"message": set(), "topic": set()}
        self.requests = 0

    def record(
        self, method: str, path: str, status: int, sent: float, answered: float, request_id: str
    ) -> None:
        with self.lock:
            self.requests += 1
            self.statuses[status] += 1
            if status == 503:
                self.answers_503.append((sent, answered, method, path, status, request_id))
            elif status >= 500 or status in (0, 403, 404):
                self.bad.append((sent, answered, method, path, status, request_id))


class Client:
    def __init__(self, index: int, stats: Stats, slug: str, deadline: float):
        self.index, self.stats, self.slug, self.deadline = index, stats, slug, deadline
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )
        self.random = random.Random(index)
        self.writes = 0
        self.sent = 0

    def request(self, method: str, path: str, data: dict | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        self.sent += 1
        # The server logs this id with the request and with any error it raised (the checks
        # below explain an unexpected answer from gunicorn's log).
        request_id = f"soak-{RUN}-{self.index}-{self.sent}"
        request = urllib.request.Request(
            BASE + path, data=body, method=method, headers={"X-Request-ID": request_id}
        )
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=60) as response:
                status, text, location = (
                    response.status,
                    response.read().decode(errors="replace"),
                    "",
                )
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode(errors="replace")
            location = error.headers.get("Location", "")
        except OSError:
            status, text, location = 0, "", ""
        self.stats.record(method, path, status, started, time.monotonic(), request_id)
        return status, text, location

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def sign_in(self) -> bool:
        status, text, _location = self.request("GET", "/accounts/login/")
        if status != 200:
            return False
        token = CSRF_INPUT.search(text)
        status, _text, location = self.request(
            "POST",
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "username": f"soak{self.index}",
                "password": PASSWORD,
            },
        )
        return status == 302 and "/accounts/login" not in location

    def write_message(self) -> None:
        self.writes += 1
        subject = f"soak-{RUN}-{self.index}-{self.writes}"
        status, _text, location = self.request(
            "POST",
            "/messages/compose/",
            {
                "csrfmiddlewaretoken": self.csrf(),
                "recipient": f"soak{self.random.randrange(CLIENTS)}",
                "subject": subject,
                "body": f"Body of {subject}",
            },
        )
        if status == 302 and "/accounts/login" not in location:
            with self.stats.lock:
                self.stats.acked["message"].add(subject)

    def write_topic(self) -> None:
        self.writes += 1
        title = f"soak-{RUN}-{self.index}-{self.writes}"
        status, _text, location = self.request(
            "POST",
            f"/forum/c/{self.slug}/new/",
            {"csrfmiddlewaretoken": self.csrf(), "title": title, "content": f"First post {title}"},
        )
        if status == 302 and "/accounts/login" not in location:
            with self.stats.lock:
                self.stats.acked["topic"].add(title)

    def run(self) -> None:
        while time.monotonic() < self.deadline and not self.sign_in():
            time.sleep(1)
        reads = ["/", "/forum/", f"/forum/c/{self.slug}/", "/announcements/", "/messages/",
                 "/people/", "/notifications/"]  # fmt: skip
        while time.monotonic() < self.deadline:
            roll = self.random.random()
            if roll < 0.6:
                status, _text, location = self.request("GET", self.random.choice(reads))
                if status == 302 and "/accounts/login" in location:
                    self.sign_in()
            elif roll < 0.85:
                self.write_message()
            else:
                self.write_topic()
            time.sleep(self.random.uniform(0.05, 0.3))


# --- The run ------------------------------------------------------------------------------------
def wait_ready(timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(BASE + "/readyz", timeout=5) as response:
                if response.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def server_log_by_request(path: Path) -> dict[str, dict]:
    """gunicorn's log (JSON lines) by request id: when the server answered, how long it took,
    and the last line of the exception it logged, if any."""
    by_request: dict[str, dict] = {}
    for line in path.read_text(errors="replace").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if not isinstance(record, dict) or not record.get("request_id"):
            continue
        entry = by_request.setdefault(record["request_id"], {})
        if "duration_ms" in record:
            entry.update(answered=record.get("time"), duration_ms=record["duration_ms"])
        if record.get("traceback"):
            entry["error"] = record["traceback"].strip().splitlines()[-1][:300]
    return by_request


def explain(answers: list[tuple], server_log: dict[str, dict], origin: float) -> list[str]:
    """One line per unexpected answer: when it was sent and answered (seconds into the run),
    how long the server worked on it and the exception it logged."""
    lines = []
    for sent, answered, method, path, status, request_id in answers[:20]:
        entry = server_log.get(request_id, {})
        lines.append(
            f"sent t+{sent - origin:.1f}s, answered t+{answered - origin:.1f}s: "
            f"{method} {path} {status} (server: {entry.get('duration_ms', '?')} ms, "
            f"{entry.get('error', 'no exception logged')})"
        )
    return lines


def main() -> int:
    env = server_env()
    restart = pg_restart_command()
    setup_django(env)
    slug = prepare()
    log(f"run {RUN}: {CLIENTS} clients, {DURATION:g} s, gunicorn on {PORT}, SMTP on {SMTP_PORT}")
    work = Path(tempfile.mkdtemp(prefix="soak-"))
    gunicorn_log = open(work / "gunicorn.log", "w")  # noqa: SIM115 - open for the whole run
    mail_log = open(work / "mail.log", "w")  # noqa: SIM115
    gunicorn = [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py"]
    server = subprocess.Popen(
        [*gunicorn, "intrasphere.wsgi"],
        cwd=BASE_DIR, env=env, stdout=gunicorn_log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    worker = ["manage.py", "mail_worker", "--loop", "--interval", "1", "--max-backoff", "5"]
    mailer = subprocess.Popen(
        [sys.executable, *worker],
        cwd=BASE_DIR, env=env, stdout=mail_log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    smtp = None
    stats = Stats()
    faults = []
    failures = []
    try:
        if not wait_ready(60):
            sys.exit(f"soak: gunicorn did not start (see {work / 'gunicorn.log'})")
        started = time.monotonic()
        deadline = started + DURATION
        clients = [Client(i, stats, slug, deadline) for i in range(CLIENTS)]
        threads = [threading.Thread(target=c.run, daemon=True) for c in clients]
        for thread in threads:
            thread.start()
        time.sleep(DURATION * 0.4)
        smtp = SMTPServer(("127.0.0.1", SMTP_PORT), SMTPHandler)
        threading.Thread(target=smtp.serve_forever, daemon=True).start()
        log("SMTP server started (it was unreachable until now)")
        faults.append("SMTP unreachable for the first 40 % of the run")
        time.sleep(max(0.0, started + DURATION * 0.5 - time.monotonic()))
        log(f"restarting PostgreSQL: {' '.join(restart)}")
        outage_start = time.monotonic()
        result = subprocess.run(restart, capture_output=True, text=True)
        if result.returncode != 0:
            failures.append(f"PostgreSQL restart failed: {result.stderr.strip()}")
        back = wait_ready(120)
        outage_end = time.monotonic()  # from now on, every request sent must be served
        log(f"PostgreSQL back after {outage_end - outage_start:.1f} s (ready: {back})")
        faults.append(f"PostgreSQL restarted ({outage_end - outage_start:.1f} s outage)")
        for thread in threads:
            thread.join(timeout=DURATION + 120)
        elapsed = time.monotonic() - started
        # Full service after the restart: every page answers.
        probe = Client(0, Stats(), slug, time.monotonic() + 30)
        if not probe.sign_in() or probe.request("GET", "/forum/")[0] != 200:
            failures.append("the portal did not answer normally after the restart")
        # The mail queue drains now that SMTP is back.
        from django.db import connection

        connection.close()
        from post_office.models import STATUS, Email, Log

        run_emails = Email.objects.filter(subject__contains=f"soak-{RUN}-")
        waited = time.monotonic()
        while time.monotonic() - waited < MAIL_WAIT:
            pending = run_emails.exclude(status=STATUS.sent).count()
            if pending == 0:
                break
            time.sleep(2)
        mail = Counter(run_emails.values_list("status", flat=True))
        failed_attempts = Log.objects.filter(email__in=run_emails, status=STATUS.failed).count()
        sent, total_mail = mail[STATUS.sent], sum(mail.values())
        connection.close()
    finally:
        for process in (mailer, server):
            process.terminate()
        for process in (mailer, server):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        gunicorn_log.close()
        mail_log.close()
        if smtp is not None:
            smtp.shutdown()

    # --- Checks ---------------------------------------------------------------------------------
    from django.db.models import Count

    from accounts.models import Message
    from forum.models import Topic

    found_messages = set(
        Message.objects.filter(subject__startswith=f"soak-{RUN}-").values_list("subject", flat=True)
    )
    topics = Topic.objects.filter(title__startswith=f"soak-{RUN}-").annotate(n=Count("posts"))
    found_topics = {topic.title for topic in topics}
    half_written = [topic.title for topic in topics if topic.n < 1]
    lost_messages = stats.acked["message"] - found_messages
    lost_topics = stats.acked["topic"] - found_topics
    # A 503 is allowed for a request in flight at some moment of the outage (sent before the
    # restart and answered during it counts); a request sent after it must be served.
    outside = [a for a in stats.answers_503 if a[1] < outage_start or a[0] > outage_end]
    acked = len(stats.acked["message"]) + len(stats.acked["topic"])
    found = len(stats.acked["message"] & found_messages) + len(stats.acked["topic"] & found_topics)
    if lost_messages or lost_topics:
        failures.append(f"acknowledged writes missing: {sorted(lost_messages | lost_topics)[:10]}")
    if half_written:
        failures.append(f"topics without their first post: {half_written[:10]}")
    server_log = server_log_by_request(work / "gunicorn.log")
    if stats.bad:
        failures.append(f"{len(stats.bad)} unexpected answers")
        failures.extend(explain(stats.bad, server_log, started))
    if outside:
        failures.append(
            f"{len(outside)} × 503 outside the PostgreSQL outage "
            f"(t+{outage_start - started:.1f}s to t+{outage_end - started:.1f}s)"
        )
        failures.extend(explain(outside, server_log, started))
    if total_mail == 0:
        failures.append("no email was queued")
    elif failed_attempts == 0:
        failures.append("no delivery failed while SMTP was down: the fault was not exercised")
    elif sent != total_mail:
        failures.append(f"emails not delivered after SMTP came back: {total_mail - sent}")
    if acked == 0:
        failures.append("no write was acknowledged")

    summary = {
        "run": RUN,
        "clients": CLIENTS,
        "duration_s": round(elapsed, 1),
        "requests": stats.requests,
        "answers": dict(sorted(stats.statuses.items())),
        "writes_acknowledged": acked,
        "writes_found": found,
        "answers_5xx_outside_outage": len(stats.bad) + len(outside),
        "answers_503_during_outage": len(stats.answers_503) - len(outside),
        "faults_injected": faults,
        "faults_survived": len(faults) if not failures else "see failures",
        "emails_queued": total_mail,
        "email_attempts_failed_while_smtp_down": failed_attempts,
        "emails_sent": sent,
        "smtp_messages_received": SMTPHandler.received["messages"],
        "failures": failures,
    }
    print("\n=== soak summary ===")
    print(json.dumps(summary, indent=2))
    (BASE_DIR / "soak-summary.json").write_text(json.dumps(summary, indent=2))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
