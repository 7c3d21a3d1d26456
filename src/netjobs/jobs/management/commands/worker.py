"""`netjobs worker`: run queued jobs."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from netjobs.jobs.worker import WorkerPool, WorkerProcess


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # start fast: `netjobs check` runs them
    help = "Start a worker that runs queued jobs (a supervisor with --concurrency worker processes)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--concurrency", "-c", type=int, default=1, help="Worker processes (default 1)")
        parser.add_argument("--queues", "-Q", default=None, help="Comma-separated queues (default: default)")
        parser.add_argument("--hostname", "-n", default=None, help="Name prefix of this worker's processes")
        parser.add_argument("--burst", action="store_true", help="Run what is queued, then exit (one process)")

    def handle(self, *args: Any, **options: Any) -> None:
        logging.getLogger("netjobs").setLevel(logging.INFO)
        queues = [q.strip() for q in (options["queues"] or settings.NETJOBS_DEFAULT_QUEUE).split(",") if q.strip()]
        if options["burst"]:
            process = WorkerProcess(queues)
            process.install_signal_handlers()
            process.serve(burst=True)
            return
        self.stdout.write(f"netjobs worker: {options['concurrency']} process(es), queues {', '.join(queues)}")
        WorkerPool(queues, options["concurrency"], options["hostname"]).serve()
