"""Settings of the Celery workers started by tests/core/test_celery_jobs.py: the real settings,
with a delivery backend that writes each email to a file (so duplicates are counted) and takes a
little time per message (so two workers' rounds overlap, as they would with a real SMTP)."""

import os
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend as FileBackend

from intrasphere.settings import *  # noqa: F403
from intrasphere.settings import POST_OFFICE

EMAIL_FILE_PATH = os.environ["TEST_MAIL_DIR"]
POST_OFFICE = {
    **POST_OFFICE,
    "BACKENDS": {"default": "tests.core.celery_worker_settings.SlowFileBackend"},
    "THREADS_PER_PROCESS": 1,
}


class SlowFileBackend(FileBackend):
    """One file per message in EMAIL_FILE_PATH, after 20 ms (an SMTP round trip)."""

    def send_messages(self, email_messages):
        count = 0
        for message in email_messages:
            time.sleep(0.02)
            path = Path(self.file_path) / f"{time.time_ns()}-{id(message)}.eml"
            path.write_bytes(message.message().as_bytes())
            count += 1
        return count
