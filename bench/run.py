"""`make bench`: the portal under load on the seed_bulk PostgreSQL database.

1. Builds the plan (pages, roles, ids) from the database, applies migrations, collects static.
2. Starts gunicorn (DEBUG off, gunicorn.conf.py, BENCH_WORKERS workers, the ceiling page on).
3. Signs in virtual users of every role (several sessions each).
4. Open loop: a steady BENCH_RATE (40) requests per second over the whole mix, reads and
   writes, for BENCH_DURATION seconds; latency counts from the scheduled start (no coordinated
   omission).
5. Closed loop at saturation: each read page alone, with `wrk` when installed (apt-get install
   wrk) else Python threads, and the minimal view (the ceiling) before and after every page
   for half as long; each page's ratio is its throughput to the mean of its two neighbouring
   ceiling runs, so that the machine's drift over the run (seen: 15 % between the first and
   the last ceiling run) does not reach the ratios. An empty page in the layout (the floor) is
   measured the same way, as a reference: no page that renders the layout can do better.
6. Workers' resident memory, worker timeouts from gunicorn's log, the verdict per target.
Writes bench/results/latest.json (git-ignored) and bench/results/latest.md, and prints them.

Environment: DATABASE_URL (PostgreSQL, filled by `manage.py seed_bulk`), REDIS_URL (optional),
BENCH_DURATION (open loop seconds, default 60), BENCH_SATURATION (seconds per page, default
8), BENCH_RATE (40), BENCH_WORKERS (2), BENCH_PORT (8130), BENCH_CONNECTIONS (4).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
PYTHON = sys.executable

DURATION = float(os.environ.get("BENCH_DURATION", "60"))
SATURATION = float(os.environ.get("BENCH_SATURATION", "8"))
RATE = float(os.environ.get("BENCH_RATE", "40"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
PORT = int(os.environ.get("BENCH_PORT", "8130"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "4"))
CEILING_SATURATION = SATURATION / 2  # each ceiling run beside a page
SESSIONS_PER_ROLE = 4
MEMORY_LIMIT_MB = 200
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def server_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": env.get("SECRET_KEY") or "bench-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "SECURE_HSTS_SECONDS": "0",
            "BENCH_CEILING": "true",
            # One address signs in every virtual user and sends every write: lift the limits.
            "RATELIMIT_LOGIN": "10000/m",
            "RATELIMIT_POST": "100000/m",
            "API_RATE_READ": "100000000/15m",  # the bench's tokens read far more than a script
            "API_RATE_UNSAFE": "100000000/15m",
            "WEB_CONCURRENCY": str(WORKERS),
            "HOST": "127.0.0.1",
            "PORT": str(PORT),
            "GUNICORN_LOG_LEVEL": "info",
            "GUNICORN_MAX_REQUESTS": "0",  # measure the workers' memory after the whole run
        }
    )
    return env


# --- HTTP: one keep-alive connection and a cookie jar per virtual user ------------------------


class Session:
    def __init__(self, role: str, username: str, token: str = ""):
        self.role = role
        self.username = username
        self.token = token  # the user's API token (targets with `token`)
        self.cookies: dict[str, str] = {}
        self.csrf = ""
        self.conn: http.client.HTTPConnection | None = None

    def auth_header(self, token: bool) -> tuple[str, str]:
        """The credentials a request carries: the API token, or the session's cookies."""
        if token:
            return "Authorization", f"Bearer {self.token}"
        return "Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def request(
        self, method: str, path: str, data: dict | None = None, token: bool = False
    ) -> tuple[int, bytes]:
        headers = {"Host": f"127.0.0.1:{PORT}"}
        if token or self.cookies:
            name, value = self.auth_header(token)
            headers[name] = value
        body = None
        if method == "POST":
            form = dict(data or {})
            form.setdefault("csrfmiddlewaretoken", self.csrf)
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                content = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        return response.status, content

    def login(self, password: str) -> None:
        status, body = self.request("GET", "/accounts/login/")
        self.csrf = CSRF_INPUT.search(body.decode()).group(1)
        status, _ = self.request(
            "POST", "/accounts/login/", {"username": self.username, "password": password}
        )
        if status != 302:
            raise SystemExit(f"Could not sign in {self.username} (HTTP {status}).")
        status, body = self.request("GET", "/")
        match = CSRF_INPUT.search(body.decode())
        if status != 200 or not match:
            raise SystemExit(f"{self.username}: the dashboard answered HTTP {status}.")
        self.csrf = match.group(1)


class SessionPool:
    """Idle sessions per role; a request borrows one (sessions are not shared concurrently)."""

    def __init__(self, sessions: list[Session]):
        self.cond = threading.Condition()
        self.idle: dict[str, list[Session]] = {}
        for session in sessions:
            self.idle.setdefault(session.role, []).append(session)

    def borrow(self, role: str) -> Session:
        with self.cond:
            while not self.idle[role]:
                self.cond.wait()
            return self.idle[role].pop()

    def give_back(self, session: Session) -> None:
        with self.cond:
            self.idle[session.role].append(session)
            self.cond.notify_all()


# --- measurements ------------------------------------------------------------------------------


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)

    def add(self, ms: float, status: int, ok: bool) -> None:
        self.latencies.append(ms)
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if not ok:
            self.errors += 1


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return round(ordered[index], 1)


def is_ok(target: dict, status: int) -> bool:
    return status == 302 if target["method"] == "POST" else status == 200


def open_loop(pool: SessionPool, targets: list[dict], duration: float) -> dict[str, Stats]:
    rng = random.Random(40)  # noqa: S311
    weights = [t["weight"] for t in targets]
    stats = {t["name"]: Stats() for t in targets}
    lock = threading.Lock()

    def one(target: dict, scheduled: float, path: str, data: dict) -> None:
        session = pool.borrow(rng.choice(target["roles"]))
        try:
            status, _ = session.request(target["method"], path, data, target["token"])
        except (http.client.HTTPException, OSError):
            status = 0
        finally:
            pool.give_back(session)
        ms = (time.perf_counter() - scheduled) * 1000
        with lock:
            stats[target["name"]].add(ms, status, is_ok(target, status))

    total = int(duration * RATE)
    start = time.perf_counter() + 0.5
    with ThreadPoolExecutor(max_workers=64) as executor:
        for i in range(total):
            scheduled = start + i / RATE
            target = rng.choices(targets, weights)[0]
            path = rng.choice(target["paths"])
            data = rng.choice(target["data"])
            delay = scheduled - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            executor.submit(one, target, scheduled, path, data)
    return stats


def saturate_wrk(session: Session, path: str, seconds: float, token: bool = False) -> dict:
    name, value = session.auth_header(token)
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "30s",
            "--latency",
            "-H",
            f"{name}: {value}",
            f"http://127.0.0.1:{PORT}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(bad.group(1)) if bad else 0) + (
        sum(int(g) for g in socket.groups()) if socket else 0
    )
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    return {"requests": requests, "errors": errors, "rps": rps, "p50_ms": _ms(p50)}


def _ms(match) -> float | None:
    if not match:
        return None
    value, unit = float(match.group(1)), match.group(2)
    return round(value / 1000 if unit == "us" else value * 1000 if unit == "s" else value, 1)


def saturate_threads(
    sessions: list[Session], path: str, seconds: float, token: bool = False
) -> dict:
    stop = time.perf_counter() + seconds
    counts = [0] * len(sessions)
    errors = [0] * len(sessions)
    latencies: list[list[float]] = [[] for _ in sessions]

    def loop(i: int) -> None:
        while time.perf_counter() < stop:
            began = time.perf_counter()
            try:
                status, _ = sessions[i].request("GET", path, token=token)
            except (http.client.HTTPException, OSError):
                status = 0
            latencies[i].append((time.perf_counter() - began) * 1000)
            counts[i] += 1
            errors[i] += status != 200

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(len(sessions))]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    merged = [ms for chunk in latencies for ms in chunk]
    return {
        "requests": sum(counts),
        "errors": sum(errors),
        "rps": round(sum(counts) / elapsed, 1),
        "p50_ms": percentile(merged, 50),
    }


def drain(sessions: list[Session], path: str) -> None:
    """Wait until the workers have finished what a saturation run left queued."""
    time.sleep(0.5)
    threads = [threading.Thread(target=s.request, args=("GET", path)) for s in sessions[:4]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def worker_memory_mb(master_pid: int) -> list[float]:
    sizes = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) != master_pid:
                continue
            status = (stat.parent / "status").read_text()
        except (OSError, IndexError, ValueError):
            continue
        rss = re.search(r"VmRSS:\s+(\d+) kB", status)
        if rss:
            sizes.append(round(int(rss.group(1)) / 1024, 1))
    return sorted(sizes)


# --- report ------------------------------------------------------------------------------------


def verdicts(rows: list[dict], summary: dict) -> list[str]:
    lines = []
    errors = sum(r["errors"] for r in rows) + sum(
        (r.get("sat") or {}).get("errors", 0) for r in rows
    )
    lines.append(f"{'MET' if errors == 0 else 'MISSED'}: zero errors ({errors} errors)")
    timeouts = summary["worker_timeouts"]
    lines.append(f"{'MET' if timeouts == 0 else 'MISSED'}: zero worker timeouts ({timeouts})")
    for r in rows:
        if r["p95_ms"] is not None and r["p95_ms"] >= r["limit_ms"]:
            lines.append(f"MISSED: p95 of {r['name']} is {r['p95_ms']} ms ≥ {r['limit_ms']:.0f}")
        if r.get("ratio") is not None and r["min_ratio"] is None:
            lines.append(
                f"REFERENCE: the {r['name']} reaches {r['ratio']:.2f} × the ceiling; no page "
                "that renders the layout can reach more"
            )
        elif r.get("ratio") is not None:
            beside = r["sat"].get("ceiling_rps", summary["ceiling_rps"])  # the ceiling's own row
            exact = r["sat"]["rps"] / beside  # the table shows it rounded
            if exact < r["min_ratio"]:
                lines.append(
                    f"MISSED: throughput of {r['name']} is {exact:.3f} × the ceiling "
                    f"< {r['min_ratio']:.2f}"
                )
    if not any(line.startswith("MISSED: p95") for line in lines):
        lines.append("MET: p95 under its limit on every page at the steady rate")
    if not any(line.startswith("MISSED: throughput") for line in lines):
        lines.append("MET: every read page's throughput ratio at or above its target")
    memory = summary["worker_rss_mb"]
    worst = max(memory) if memory else None
    ok = worst is not None and worst < MEMORY_LIMIT_MB
    lines.append(
        f"{'MET' if ok else 'MISSED'}: worker memory after the run {memory} MB "
        f"(limit {MEMORY_LIMIT_MB} MB)"
    )
    return lines


def markdown(rows: list[dict], summary: dict) -> str:
    fmt = lambda v, suffix="": "–" if v is None else f"{v}{suffix}"  # noqa: E731
    out = [
        f"Run {summary['started']} · {summary['workers']} gunicorn workers · open loop "
        f"{summary['rate']} req/s for {summary['duration']} s · saturation {summary['saturation']}"
        f" s per page ({summary['load_tool']}, {CONNECTIONS} connections) · ceiling "
        f"{summary['ceiling_rps']} req/s (median of {len(summary['ceiling_runs'])} runs, "
        f"{min(summary['ceiling_runs'])}–{max(summary['ceiling_runs'])}) · open loop served "
        f"{summary['open_loop_served_rps']} req/s · database {summary['database']} · load "
        f"average (1 min) {summary['load_average'][0]} before, {summary['load_average'][1]} after",
        "",
        "| page | requests | errors | p50 ms | p95 ms | p99 ms | sat. req/s | ceiling beside "
        "| ratio | target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        sat = r.get("sat") or {}
        if r["min_ratio"] is None:
            target = "reference"
        else:
            target = f"p95<{r['limit_ms']:.0f}" + (
                f", ≥{r['min_ratio']:.2f}×" if r.get("ratio") is not None else ""
            )
        out.append(
            f"| {r['name']} | {r['requests']} | {r['errors'] + sat.get('errors', 0)} "
            f"| {fmt(r['p50_ms'])} | {fmt(r['p95_ms'])} | {fmt(r['p99_ms'])} "
            f"| {fmt(sat.get('rps'))} | {fmt(sat.get('ceiling_rps'))} | {fmt(r.get('ratio'))} "
            f"| {target} |"
        )
    out += ["", *[f"- {line}" for line in summary["verdicts"]], ""]
    return "\n".join(out)


# --- main --------------------------------------------------------------------------------------


def manage(*args: str, env: dict) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def wait_ready(proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited; see bench/results/gunicorn.log")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            conn.request("GET", "/readyz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not become ready")


def main() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(
            "Set DATABASE_URL to the PostgreSQL database filled by `manage.py seed_bulk`."
        )
    RESULTS.mkdir(exist_ok=True)
    env = server_env()
    print(f"Preparing (migrate, collectstatic, plan) on {url.rsplit('/', 1)[-1]}…", flush=True)
    manage("migrate", "--noinput", "-v", "0", env=env)
    manage("collectstatic", "--noinput", "-v", "0", env=env)
    plan = json.loads(
        subprocess.run(
            [
                PYTHON,
                "-c",
                "import django, json; django.setup(); from bench.plan import "
                "build_plan; print(json.dumps(build_plan()))",
            ],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "intrasphere.settings"},
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    log_path = RESULTS / "gunicorn.log"
    log = log_path.open("w")
    proc = subprocess.Popen(
        [str(Path(PYTHON).with_name("gunicorn")), "-c", "gunicorn.conf.py", "intrasphere.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load_before = os.getloadavg()[0]  # the machine's other work, recorded with the figures
    try:
        wait_ready(proc)
        sessions = [
            Session(role, username, plan["tokens"].get(username, ""))
            for role, usernames in plan["users"].items()
            for username in usernames[:SESSIONS_PER_ROLE]
        ]
        print(f"Signing in {len(sessions)} virtual users…", flush=True)
        for session in sessions:
            session.login(plan["password"])
        pool = SessionPool(sessions)
        targets = plan["targets"]
        print("Warm-up…", flush=True)
        open_loop(pool, targets, min(10.0, DURATION / 4))
        print(f"Open loop: {RATE} req/s for {DURATION:.0f} s…", flush=True)
        began = time.perf_counter()
        stats = open_loop(pool, targets, DURATION)
        open_elapsed = time.perf_counter() - began
        use_wrk = shutil.which("wrk") is not None
        print(
            f"Saturation ({'wrk' if use_wrk else 'threads'}), {SATURATION:.0f} s per page…",
            flush=True,
        )

        def saturate(target: dict, seconds: float = SATURATION) -> dict:
            role = target["roles"][0]
            mine = [s for s in sessions if s.role == role]
            path, token = target["paths"][0], target.get("token", False)
            if use_wrk:
                result = saturate_wrk(mine[0], path, seconds, token)
            else:
                result = saturate_threads(mine[:CONNECTIONS], path, seconds, token)
            drain(sessions, plan["ceiling"]["paths"][0])
            return result

        ceilings = [saturate(plan["ceiling"], CEILING_SATURATION)]
        sat = {}
        for target in [*(t for t in targets if t["saturate"]), plan["floor"]]:
            measured = sat[target["name"]] = saturate(target)
            ceilings.append(saturate(plan["ceiling"], CEILING_SATURATION))
            measured["ceiling_rps"] = round((ceilings[-2]["rps"] + ceilings[-1]["rps"]) / 2, 1)
        floor = sat.pop(plan["floor"]["name"])
        ceiling_rps = round(statistics.median(c["rps"] for c in ceilings), 1)
        memory = worker_memory_mb(proc.pid)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()
    gunicorn_log = log_path.read_text(errors="replace")
    rows = []
    for target in targets:
        s = stats[target["name"]]
        row = {
            "name": target["name"],
            "method": target["method"],
            "requests": len(s.latencies),
            "errors": s.errors,
            "statuses": s.statuses,
            "p50_ms": percentile(s.latencies, 50),
            "p95_ms": percentile(s.latencies, 95),
            "p99_ms": percentile(s.latencies, 99),
            "mean_ms": round(statistics.fmean(s.latencies), 1) if s.latencies else None,
            "limit_ms": target["limit_ms"],
            "min_ratio": target["min_ratio"],
        }
        if target["name"] in sat:
            row["sat"] = measured = sat[target["name"]]
            row["ratio"] = round(measured["rps"] / measured["ceiling_rps"], 2)
        rows.append(row)
    # The two reference pages: measured at saturation only, not in the open loop.
    for name, measured, min_ratio in (
        (plan["floor"]["name"], floor, None),  # a reference, not a target
        (plan["ceiling"]["name"], {**ceilings[-1], "rps": ceiling_rps}, 1.0),
    ):
        rows.append(
            {
                "name": name,
                "method": "GET",
                "requests": 0,
                "errors": 0,
                "p50_ms": None,
                "p95_ms": None,
                "p99_ms": None,
                "limit_ms": 100.0,
                "min_ratio": min_ratio,
                "sat": measured,
                "ratio": round(measured["rps"] / measured.get("ceiling_rps", ceiling_rps), 2),
            }
        )
    summary = {
        "started": started,
        "database": url.rsplit("/", 1)[-1],
        "workers": WORKERS,
        "rate": RATE,
        "duration": DURATION,
        "saturation": SATURATION,
        "load_tool": "wrk" if use_wrk else "python threads",
        "ceiling_rps": ceiling_rps,
        "ceiling_runs": [c["rps"] for c in ceilings],
        # Offered RATE over DURATION; when the server is slower, the run ends late and this is
        # the rate it really served (the queue grows and the latencies with it).
        "open_loop_served_rps": round(
            sum(len(s.latencies) for s in stats.values()) / open_elapsed, 1
        ),
        "worker_rss_mb": memory,
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "worker_timeouts": gunicorn_log.count("WORKER TIMEOUT"),
    }
    summary["verdicts"] = verdicts(rows, summary)
    (RESULTS / "latest.json").write_text(json.dumps({"summary": summary, "pages": rows}, indent=2))
    text = markdown(rows, summary)
    (RESULTS / "latest.md").write_text(text)
    print()
    print(text)


if __name__ == "__main__":
    main()
