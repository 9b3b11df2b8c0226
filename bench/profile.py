"""Per page of the bench plan: time, SQL query count and the slowest queries, in-process.

    DATABASE_URL=postgres://… python -m bench.profile [page name substring] [--explain]

Uses Django's test client on the seed_bulk database (nothing is written but the pages' own
side effects, e.g. the topic view record). With --all, every query; with --explain, EXPLAIN
ANALYZE of the slowest query of each page. With --repeat=N, the median time of N further
requests per page (each page's own paths in turn), to compare code changes in-process. With
--role=R, each page is requested as its role R when it has one (e.g. --role=admin for the
dashboard's manager panels) instead of its first role.
"""

from __future__ import annotations

import os
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
    explain = "--explain" in sys.argv
    repeat = next((int(a.split("=", 1)[1]) for a in sys.argv if a.startswith("--repeat=")), 0)
    as_role = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--role=")), "")
    plan = build_plan()
    clients = {}
    for role, usernames in plan["users"].items():
        client = Client()
        client.force_login(User.objects.get(username=usernames[0]))
        clients[role] = client
    for target in [*plan["targets"], plan["floor"], plan["ceiling"]]:
        if target["method"] != "GET" or (args and args[0] not in target["name"]):
            continue
        client = clients[as_role if as_role in target["roles"] else target["roles"][0]]
        path = target["paths"][0]
        client.get(path)  # warm caches the way a running worker has them
        reset_queries()  # the log keeps 9,000 queries: a full one captures none
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            response = client.get(path)
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
        if explain and slowest:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN ANALYZE " + slowest[0]["sql"])
                print("\n".join("      " + row[0] for row in cursor.fetchall()))


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
