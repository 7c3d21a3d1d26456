"""The Celery application of distributed mode (NETJOBS_BROKER_URL set): wiring only.

Celery only carries "run this id": the database stays the truth about every run (see netjobs.jobs.queue).
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netjobs.settings")

app = Celery("netjobs")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.include = ["netjobs.jobs.queue.celery"]
