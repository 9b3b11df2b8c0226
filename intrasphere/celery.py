"""The Celery application: every background and periodic job of the portal.

Its settings are the `CELERY_*` settings of `intrasphere/settings.py` (broker: `REDIS_URL`;
without it tasks run eagerly, in the process that calls them). The periodic jobs are listed in
one place, `CELERY_BEAT_SCHEDULE`. Tasks live in each app's `tasks.py`:

    celery -A intrasphere --quiet worker        # one or more, on any machine
    celery -A intrasphere --quiet beat          # exactly one per deployment
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intrasphere.settings")

app = Celery("intrasphere")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
