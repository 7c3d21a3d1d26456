"""`netjobs runjob <class_path>`: run a job from the command line, with input, and wait for it.

Exit codes: 0 completed, 1 failed, 2 errored (or cancelled), 3 bad input (nothing was queued), 4 not finished
(timed out waiting, or --local left it waiting for an approval or a lock).
"""

from __future__ import annotations

import json
import os
import socket
import time
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from rich.markup import escape

from netjobs.jobs import notify
from netjobs.jobs.console import (
    EXIT_CODES,
    LogPrinter,
    dump_json,
    make_console,
    print_result_summary,
    result_as_dict,
)
from netjobs.jobs.models import JobResult
from netjobs.jobs.registry import JobNotFoundError
from netjobs.jobs.runner import execute
from netjobs.jobs.submit import JobDisabledError, JobInputError, input_errors, resolve_job, submit
from netjobs.jobs.worker import WorkerProcess

BAD_INPUT = 3
TIMED_OUT = 4


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # start fast: `netjobs check` runs them
    help = "Run a job (through the queue, or in this process with --local) and print its log as it runs."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("class_path", help="e.g. local/example/MyJob (see `netjobs jobs list`)")
        commit = parser.add_mutually_exclusive_group()
        commit.add_argument("--commit", dest="commit", action="store_true", default=None, help="Keep DB changes")
        commit.add_argument("--no-commit", dest="commit", action="store_false", help="Dry run: roll back")
        parser.add_argument("--data", help="Input as a JSON object")
        parser.add_argument(
            "--var",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="One input variable (repeatable). Objects by id or name, files by path, lists comma-separated.",
        )
        parser.add_argument("--user", help="Run as this user (username)")
        where = parser.add_mutually_exclusive_group()
        where.add_argument("--queue", help="Queue to run on (default: the job's queue)")
        where.add_argument("--local", action="store_true", help="Run in this process instead of on a worker")
        parser.add_argument("--json", action="store_true", help="Print the result (and log) as JSON")
        parser.add_argument("--no-wait", action="store_true", help="Queue the run, print its id and exit")
        parser.add_argument("--timeout", type=float, default=None, help="Give up waiting after this many seconds")

    def handle(self, *args: Any, **options: Any) -> None:
        console = make_console()
        errors = make_console(stderr=True)
        try:
            result = self._submit(options)
        except (JobNotFoundError, JobDisabledError, CommandError) as exc:
            errors.print(f"[red]Error:[/red] {escape(str(exc))}")
            raise SystemExit(BAD_INPUT) from None
        except JobInputError as exc:
            errors.print("[red]Invalid input:[/red]")
            for name, messages in exc.errors.items():
                errors.print(f"  [bold]{escape(name)}[/bold]: {escape(' '.join(messages))}")
            raise SystemExit(BAD_INPUT) from None

        # JSON goes to stdout as is: rich would turn `:rocket:` into an emoji and `[b]` into markup.
        if options["no_wait"]:
            if options["json"]:
                self.stdout.write(dump_json(result_as_dict(result)))
            else:
                console.print(f"Queued run {result.pk}")
            return
        printer = None if options["json"] else LogPrinter(console)
        if options["local"]:
            self._run_here(result)
        elif not self._wait(result, printer, options["timeout"], errors):
            errors.print(f"[yellow]Gave up waiting for run {result.pk} after {options['timeout']}s[/yellow]")
            raise SystemExit(TIMED_OUT)
        result.refresh_from_db()
        if not result.is_finished:  # --local: it waits for an approval or a lock, a worker will run it
            reason = "needs approval" if result.status == "approval_required" else "waits for a lock"
            errors.print(f"[yellow]Run {result.pk} {reason}; a worker will run it (`netjobs results show {result.pk}`)")
            raise SystemExit(TIMED_OUT)
        if options["json"]:
            self.stdout.write(dump_json(result_as_dict(result, logs=True)))
        else:
            assert printer is not None
            printer.print_new(result.pk)
            print_result_summary(console, result)
        code = EXIT_CODES.get(result.status, 2)
        if code:
            raise SystemExit(code)

    # --- input -----------------------------------------------------------------------------------------------
    def _submit(self, options: dict[str, Any]) -> JobResult:
        definition, job_class = resolve_job(options["class_path"])
        data: dict[str, Any] = {}
        if options["data"]:
            try:
                data = json.loads(options["data"])
            except json.JSONDecodeError as exc:
                raise CommandError(f"--data is not valid JSON: {exc}") from None
            if not isinstance(data, dict):
                raise CommandError('--data must be a JSON object, e.g. \'{"name": "value"}\'')
        files: dict[str, Any] = {}
        bad: dict[str, list[str]] = {}
        for item in options["var"]:
            name, sep, text = item.partition("=")
            name = name.strip()
            if not sep:
                raise CommandError(f"--var {item!r}: use NAME=VALUE")
            var = job_class.variables.get(name)
            if var is None:
                bad[name] = ["Unknown variable: this job has no input of that name."]
                continue
            try:
                value = var.parse_cli(text)
            except ValidationError as exc:
                bad[name] = list(exc.messages)
                continue
            if hasattr(value, "read"):
                files[name] = value
            else:
                data[name] = value
        if bad:
            valid = {k: v for k, v in data.items() if k not in bad}
            for name, messages in input_errors(job_class, valid, files).items():
                bad.setdefault(name, messages)
            raise JobInputError(bad)
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"--user: no user named {options['user']!r}")
        # Listen before submitting, so the "done" notice of a very fast run cannot be missed.
        listener = None if options["local"] else notify.Listener(notify.DONE, f"runjob-{os.getpid()}")
        try:
            result = submit(
                definition,
                data,
                files=files,
                user=user,
                commit=options["commit"],
                # --local: a queue of its own that no worker serves, so no worker can take the run first.
                queue=f"local:{os.getpid()}" if options["local"] else options["queue"],
                request_meta={"REMOTE_ADDR": "cli", "USER": os.environ.get("USER", "")},
            )
        except BaseException:
            if listener is not None:
                listener.close()
            raise
        self._listener = listener
        return result

    def _run_here(self, result: JobResult) -> None:
        """Run in this process, registered as a heart-beating worker so that no reaper takes it for lost."""
        name = f"local:{socket.gethostname()}:{os.getpid()}"
        process = WorkerProcess([result.queue], name=name, backend="local")
        process.register()
        process.start_heartbeat()
        process.current_result_id = result.pk
        try:
            execute(result.pk, worker_name=process.name)
        finally:
            process.stopping.set()
            process.unregister()
        self._hand_over_if_waiting(result)

    @staticmethod
    def _hand_over_if_waiting(result: JobResult) -> None:
        """A --local run left waiting (approval, a lock) moves from its private queue to the job's own queue."""
        from django.conf import settings

        from netjobs.jobs.queue import get_backend

        queue = (result.job_definition.meta or {}).get("queue") if result.job_definition else None
        queue = queue or settings.NETJOBS_DEFAULT_QUEUE
        waiting = JobResult.objects.filter(pk=result.pk, status__in=("pending", "approval_required"))
        if waiting.update(queue=queue):
            result.refresh_from_db()
            if result.status == "pending":
                get_backend().dispatch(result)

    # --- waiting ---------------------------------------------------------------------------------------------
    def _wait(self, result: JobResult, printer: LogPrinter | None, timeout: float | None, errors: Any) -> bool:
        listener: notify.Listener = self._listener
        started = time.monotonic()
        hinted = False
        try:
            while True:
                result.refresh_from_db(fields=["status"])
                if printer is not None:
                    printer.print_new(result.pk)
                if result.is_finished:
                    return True
                elapsed = time.monotonic() - started
                if timeout is not None and elapsed > timeout:
                    return False
                if not hinted and elapsed > 5 and result.status == "pending":
                    errors.print("[dim]Waiting for a worker… (start one with `netjobs worker`, or use --local)[/dim]")
                    hinted = True
                listener.wait(0.25)
        finally:
            listener.close()
