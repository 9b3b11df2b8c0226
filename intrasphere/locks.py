"""Locks shared by every machine of a deployment, for jobs that must not run twice at once.

`job_lock(name)` is taken by the Celery tasks and by `mail_worker`: with PostgreSQL it is an
advisory lock of the database every instance uses, so two workers on two machines never run the
same job together; it is held by the worker's connection, so a worker that dies (or loses its
connection) releases it at once, and no lock outlives its holder. SQLite is one machine's
database: there it is a file lock in the temporary directory.

The jobs are also safe without the lock (each row is claimed by a conditional update or a row
lock before anyone is notified); the lock keeps two workers from doing the same round twice.
Behind PgBouncer in transaction mode, advisory locks of a session do not hold: point the
workers' `DATABASE_URL` at PostgreSQL directly, or at a pool in session mode.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


def lock_key(name: str) -> int:
    """The advisory lock number of `name` (a signed 64-bit integer, stable across machines)."""
    digest = hashlib.blake2b(f"intrasphere:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@contextlib.contextmanager
def job_lock(name: str, *, using: str = "default") -> Iterator[bool]:
    """Yields True when this process holds the lock `name` for the block, False when another
    process (on any machine) holds it: the caller then skips its round."""
    if not _NAME.match(name):
        raise ValueError(f"Bad lock name: {name!r}")
    connection = connections[using]
    if connection.vendor == "postgresql":
        with _advisory_lock(connection, lock_key(name)) as acquired:
            yield acquired
    else:
        with _file_lock(Path(tempfile.gettempdir()) / f"intrasphere-{name}.lock") as acquired:
            yield acquired


@contextlib.contextmanager
def _advisory_lock(connection, key: int) -> Iterator[bool]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        acquired = bool(cursor.fetchone()[0])
    try:
        yield acquired
    finally:
        if acquired:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
            except DatabaseError:
                # The connection broke (or its transaction did): closing it ends the session,
                # which releases the lock on the server.
                logger.warning("job lock: could not unlock; closing the connection instead")
                connection.close()


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[bool]:
    with open(path, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
