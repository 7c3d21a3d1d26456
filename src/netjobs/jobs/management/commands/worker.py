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
        if settings.NETJOBS_QUEUE_BACKEND == "celery":
            self._celery(queues, options)
            return
        if options["burst"]:
            process = WorkerProcess(queues)
            process.install_signal_handlers()
            process.serve(burst=True)
            return
        self.stdout.write(f"netjobs worker: {options['concurrency']} process(es), queues {', '.join(queues)}")
        WorkerPool(queues, options["concurrency"], options["hostname"]).serve()

    def _celery(self, queues: list[str], options: dict[str, Any]) -> None:
        """Distributed mode: a Celery worker (prefork pool) consuming `queues` from the broker."""
        import os
        import socket

        from netjobs.celery import app

        os.environ["NETJOBS_CELERY_QUEUES"] = ",".join(queues)  # read by each pool process as it registers
        hostname = options["hostname"] or socket.gethostname()
        argv = [
            "worker",
            "--queues", ",".join(queues),
            "--concurrency", str(options["concurrency"]),
            "--hostname", f"netjobs@{hostname}" if "@" not in hostname else hostname,
            "--loglevel", "INFO",
            "--without-gossip", "--without-mingle",
        ]  # fmt: skip
        app.worker_main(argv)
