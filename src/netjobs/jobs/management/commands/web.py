"""`netjobs web`: the production web server (gunicorn) for the UI and API."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the web UI and REST API with gunicorn."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", "-b", default=None, help="Address to listen on (default 127.0.0.1:8080)")
        parser.add_argument("--workers", "-w", type=int, default=None, help="gunicorn worker processes (2)")
        parser.add_argument("--threads", type=int, default=None, help="Threads per worker process (4)")

    def handle(self, *args: Any, **options: Any) -> None:
        config = settings.NETJOBS
        bind = options["bind"] or config.get("bind", "127.0.0.1:8080")
        workers = options["workers"] or config.get("web_workers", 2)
        threads = options["threads"] or config.get("web_threads", 4)
        argv = [
            sys.executable, "-m", "gunicorn", "netjobs.wsgi:application",
            "--bind", bind, "--workers", str(workers), "--threads", str(threads),
            "--worker-class", "gthread", "--access-logfile", "-", "--log-level", "warning",
            "--timeout", "120", "--graceful-timeout", "10",
        ]  # fmt: skip
        os.execv(sys.executable, argv)  # noqa: S606 - replacing this process with the server is the point
