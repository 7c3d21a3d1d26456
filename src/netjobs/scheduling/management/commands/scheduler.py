"""`netjobs scheduler`: fire due schedules (any number of instances may run; each run is fired exactly once).

On start it (re)creates the system jobs' schedules from their current interval settings, so `netjobs up`, which
starts this command as a child, needs nothing else.
"""

from __future__ import annotations

import signal
from typing import Any

from django.core.management.base import BaseCommand

from netjobs.scheduling.scheduler import Scheduler
from netjobs.scheduling.system_jobs import schedule_system_jobs


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # start fast: `netjobs check` runs them
    help = "Run the scheduler: queue each due scheduled job exactly once, sleeping until the next one is due."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Fire what is due now, then exit")
        parser.add_argument(
            "--max-sleep",
            type=float,
            default=60.0,
            help="Look at the schedules at least this often (seconds), for changes made on other machines",
        )
        parser.add_argument(
            "--no-system-jobs", action="store_true", help="Do not (re)create the system jobs' schedules at start"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_system_jobs"]:
            scheduled = schedule_system_jobs()
            if options["verbosity"] >= 2:
                for class_path, schedule in scheduled.items():
                    self.stdout.write(f"{class_path}: {schedule.describe() if schedule else 'not scheduled'}")
        scheduler = Scheduler(max_sleep=max(0.1, options["max_sleep"]))
        if options["once"]:
            outcomes = scheduler.tick()
            queued = [o for o in outcomes if o.result_id is not None]
            self.stdout.write(f"Queued {len(queued)} run(s)")
            return

        def _stop(signum: int, frame: Any) -> None:
            scheduler.stop()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        scheduler.serve()
