"""`mail_worker`: deliver the mail queue, once or in a loop, backing off when things fail."""

import logging
import signal
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections

from intrasphere.locks import job_lock
from intrasphere.mail import mail_queue_process

logger = logging.getLogger("intrasphere.mail")


class Command(BaseCommand):
    help = (
        "Send the queued emails (django-post-office). Failed deliveries are retried with an "
        "exponential back-off; failures are listed in the admin under Post Office › Emails. "
        "Without --loop it sends what is due and exits (for cron); with --loop it runs until "
        "stopped (SIGTERM/SIGINT), waiting --interval seconds between rounds."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running until stopped.")
        parser.add_argument(
            "--interval",
            type=float,
            default=10.0,
            help="Seconds between two rounds with --loop (default 10).",
        )
        parser.add_argument(
            "--max-backoff",
            type=float,
            default=300.0,
            help="Longest wait, in seconds, after repeated database errors (default 300).",
        )

    def handle(self, *args, loop: bool, interval: float, max_backoff: float, **options):
        if interval <= 0 or max_backoff < interval:
            raise CommandError("--interval must be > 0 and --max-backoff at least --interval.")
        if not loop:
            self._round()
            return
        stopping: list[bool] = []
        previous = {
            signum: signal.signal(signum, lambda *_: stopping.append(True))
            for signum in (signal.SIGTERM, signal.SIGINT)
        }
        wait = interval
        self.stdout.write(f"Mail worker started (every {interval:g} s).")
        try:
            while not stopping:
                try:
                    self._round()
                    wait = interval
                except DatabaseError:
                    logger.exception("mail worker: database unavailable, retrying in %.0f s", wait)
                    wait = min(wait * 2, max_backoff)
                finally:
                    close_old_connections()
                deadline = time.monotonic() + wait
                while not stopping and time.monotonic() < deadline:
                    time.sleep(min(0.5, wait))
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        self.stdout.write("Mail worker stopped.")

    def _round(self) -> None:
        # The lock of the Celery task `intrasphere.mail_queue_send`, shared by every machine
        # (intrasphere/locks.py): one sender in the whole deployment at a time.
        with job_lock("mail-queue") as acquired:
            if not acquired:
                logger.info("mail worker: another sender holds the lock; skipping this round")
                return
            sent, failed, requeued = mail_queue_process()
        if sent or failed or requeued:
            self.stdout.write(f"{sent} sent, {failed} failed, {requeued} to retry")
