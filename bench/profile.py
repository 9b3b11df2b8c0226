"""Per page of the bench plan: time, SQL query count and the slowest queries, in-process.

    DATABASE_URL=postgres://… python -m bench.profile [page name substring] [--explain]

Uses Django's test client on the seed_bulk database (nothing is written but the pages' own
side effects, e.g. the topic view record). With --all, every query; with --explain, EXPLAIN
ANALYZE of the slowest query of each page. With --repeat=N, the median time of N further
requests per page (each page's own paths in turn), to compare code changes in-process. With
--role=R, each page is requested as its role R when it has one (e.g. --role=admin for the
dashboard's manager panels) instead of its first role. With --cold, the caches (shared and the
process's own) are emptied before the measured request: every query a cache miss costs, as after
a write (compare scales with `seed_bulk --scale 10`). --explain=N explains the N slowest
(ANALYZE, BUFFERS); --buffers gives every read's shared buffers, time, sequential scans and
sorts (PostgreSQL's own work, which the machine's load does not change). --writes also sends
each write of the plan once (a POST to a random one of its paths: it writes, as the bench does).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intrasphere.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECRET_KEY", "bench-profile")
os.environ.setdefault("BENCH_CEILING", "true")
os.environ.setdefault("LOG_LEVEL", "WARNING")


def main() -> None:
    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from bench.plan import build_plan

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    explain = next(
        (int(a.split("=", 1)[1]) if "=" in a else 1 for a in sys.argv if a.startswith("--explain")),
        0,
    )
    cold = "--cold" in sys.argv
    writes = "--writes" in sys.argv
    buffers = "--buffers" in sys.argv
    rng = random.Random()  # noqa: S311 (which object a write goes to)
    if cold and os.environ.get("REDIS_URL"):
        raise SystemExit("--cold empties the caches: run it without REDIS_URL (process memory).")
    repeat = next((int(a.split("=", 1)[1]) for a in sys.argv if a.startswith("--repeat=")), 0)
    as_role = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--role=")), "")
    plan = build_plan()
    clients = {}
    for role, usernames in plan["users"].items():
        client = Client()
        client.force_login(User.objects.get(username=usernames[0]))
        clients[role] = client
    for target in [*plan["targets"], plan["floor"], plan["ceiling"]]:
        post = target["method"] == "POST"
        if (post and not writes) or (args and args[0] not in target["name"]):
            continue
        client = clients[as_role if as_role in target["roles"] else target["roles"][0]]
        path = rng.choice(target["paths"]) if post else target["paths"][0]
        if post:  # a write to another object warms the caches; the measured one is new
            client.post(rng.choice(target["paths"]), target["data"][-1])
        else:
            client.get(path)  # warm caches the way a running worker has them
        if cold:
            _empty_caches()
        reset_queries()  # the log keeps 9,000 queries: a full one captures none
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            response = client.post(path, target["data"][0]) if post else client.get(path)
            elapsed = (time.perf_counter() - began) * 1000
        captured = queries.captured_queries
        sql_ms = sum(float(q["time"]) for q in captured) * 1000
        if repeat:
            elapsed = _median_ms(client, target["paths"], repeat)
        print(
            f"{target['name']:<36} {response.status_code} {elapsed:7.1f} ms "
            f"{len(captured):3d} queries {sql_ms:7.1f} ms SQL"
        )
        if repeat:
            continue
        slowest = sorted(captured, key=lambda q: -float(q["time"]))
        slowest = slowest if "--all" in sys.argv else slowest[:3]
        for q in slowest:
            print(f"    {float(q['time']) * 1000:7.1f} ms  {' '.join(q['sql'].split())[:300]}")
        if buffers:
            _buffers(connection, [q for q in captured if _is_read(q)])
            continue
        reads = [q for q in slowest if _is_read(q)]
        for q in reads[:explain]:  # EXPLAIN ANALYZE runs the statement: reads only
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
                print("      --- " + " ".join(q["sql"].split())[:120])
                print("\n".join("      " + row[0] for row in cursor.fetchall()))


def _is_read(query: dict) -> bool:
    return query["sql"].lstrip().upper().startswith(("SELECT", "WITH"))


def _buffers(connection, queries: list[dict]) -> None:
    """Each read's work in PostgreSQL, which the machine's load does not change: shared buffers
    touched (hit + read), execution time, and the plan's sequential scans and sorts."""
    total = 0
    for q in queries:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + q["sql"])
            plan = cursor.fetchone()[0][0]
        nodes, stack = [], [plan["Plan"]]
        while stack:
            node = stack.pop()
            nodes.append(node)
            stack += node.get("Plans", [])
        top = plan["Plan"]
        touched = top.get("Shared Hit Blocks", 0) + top.get("Shared Read Blocks", 0)
        total += touched
        marks = [
            f"Seq Scan {n['Relation Name']} ({n['Actual Rows'] * n['Actual Loops']} rows)"
            for n in nodes
            if n["Node Type"] == "Seq Scan"
        ] + [f"Sort ({n['Actual Rows']} rows)" for n in nodes if n["Node Type"] == "Sort"]
        print(
            f"    {plan['Execution Time']:7.2f} ms {touched:7d} buffers  "
            f"{' '.join(q['sql'].split())[:150]}"
        )
        if marks:
            print("        " + "; ".join(marks))
    print(f"    total {total} buffers")


def _empty_caches() -> None:
    """Forget every cached value but the sessions' (a cache miss everywhere, signed in still)."""
    from django.core.cache import caches

    caches["local"].clear()
    caches["default"].clear()


def _median_ms(client, paths: list[str], repeat: int) -> float:
    """Median wall time of `repeat` requests, after one warm-up request of each path."""
    paths = paths[:repeat]
    for path in paths:
        client.get(path)
    times = []
    for i in range(repeat):
        began = time.perf_counter()
        client.get(paths[i % len(paths)])
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


if __name__ == "__main__":
    main()
