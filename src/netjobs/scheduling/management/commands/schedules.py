"""`netjobs schedules list|create|enable|disable|delete`.

Exit codes: 0 done, 3 bad input (the message names the option at fault; nothing was changed).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.utils import timezone
from rich.markup import escape
from rich.table import Table

from netjobs.jobs.console import dump_json, make_console
from netjobs.jobs.registry import JobNotFoundError
from netjobs.jobs.submit import JobDisabledError, resolve_job
from netjobs.scheduling.choices import IntervalType
from netjobs.scheduling.models import ScheduledJob
from netjobs.scheduling.scheduler import describe_next
from netjobs.scheduling.schedules import create_schedule, find_schedule, set_enabled

BAD_INPUT = 3
#: Model field → the option that sets it, so an error names what the user typed.
_OPTION_OF = {
    "job": "--job",
    "name": "--name",
    "interval_type": "--every/--hourly/--daily/--weekly/--crontab/--at",
    "interval_minutes": "--every",
    "crontab": "--crontab",
    "start_time": "--at/--start",
    "end_time": "--end",
    "user": "--user",
    "data": "--var/--data",
    "queue": "--queue",
}


class BadInput(Exception):
    """Bad command-line input: `errors` maps an option to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))


def _parse_time(option: str, text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise BadInput({option: [f"{text!r} is not an ISO 8601 date-time, e.g. 2025-01-31T02:00"]}) from None
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def schedule_as_dict(schedule: ScheduledJob) -> dict[str, Any]:
    return {
        "id": schedule.pk,
        "name": schedule.name,
        "job": schedule.job.class_path,
        "interval_type": schedule.interval_type,
        "interval_minutes": schedule.interval_minutes,
        "crontab": schedule.crontab,
        "schedule": schedule.describe(),
        "start_time": schedule.start_time,
        "end_time": schedule.end_time,
        "enabled": schedule.enabled,
        "user": schedule.user.get_username() if schedule.user_id and schedule.user else None,
        "data": schedule.data,
        "commit": schedule.commit,
        "queue": schedule.queue,
        "system_job": schedule.system_job,
        "next_run": schedule.next_run,
        "last_run": schedule.last_run,
        "run_count": schedule.run_count,
        "last_result_id": schedule.last_result_id,
        "last_error": schedule.last_error,
    }


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # start fast: `netjobs check` runs them
    help = "List, create, enable, disable or delete scheduled jobs."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="List schedules with their next and last run")
        listing.add_argument("--json", action="store_true")

        create = sub.add_parser("create", help="Schedule a job")
        create.add_argument("--job", required=True, help="Class path, e.g. local/example/MyJob")
        when = create.add_mutually_exclusive_group(required=True)
        when.add_argument("--every", type=int, metavar="MINUTES", help="Every N minutes")
        when.add_argument("--hourly", action="store_true", help="Every hour (at --start's minute)")
        when.add_argument("--daily", action="store_true", help="Every day (at --start's time)")
        when.add_argument("--weekly", action="store_true", help="Every week (on --start's weekday and time)")
        when.add_argument("--crontab", metavar="EXPR", help='A crontab expression, e.g. "*/5 * * * *"')
        when.add_argument("--at", metavar="ISO", help="Once, at this date-time (ISO 8601; local time if no offset)")
        create.add_argument("--start", metavar="ISO", help="When recurring runs start (default: now)")
        create.add_argument("--end", metavar="ISO", help="No run starts after this date-time")
        create.add_argument("--var", action="append", default=[], metavar="NAME=VALUE", help="One input (repeatable)")
        create.add_argument("--data", help="Input as a JSON object")
        create.add_argument("--user", help="Run as this user (username)")
        commit = create.add_mutually_exclusive_group()
        commit.add_argument("--commit", dest="commit", action="store_true", default=None, help="Keep DB changes")
        commit.add_argument("--no-commit", dest="commit", action="store_false", help="Dry runs")
        create.add_argument("--name", default="", help="A unique name (default: derived from the job)")
        create.add_argument("--description", default="")
        create.add_argument("--queue", default="", help="Queue to run on (default: the job's queue)")
        create.add_argument("--disabled", action="store_true", help="Create it disabled")
        create.add_argument("--json", action="store_true", help="Print the new schedule as JSON")

        for action in ("enable", "disable", "delete"):
            sub.add_parser(action, help=f"{action.capitalize()} a schedule").add_argument(
                "schedule", help="Schedule id or name"
            )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "list":
                self._list(options)
            elif action == "create":
                self._create(options)
            else:
                self._switch(action, options["schedule"])
        except BadInput as exc:
            errors = make_console(stderr=True)
            errors.print("[red]Invalid schedule:[/red]")
            for option, messages in exc.errors.items():
                errors.print(f"  [bold]{escape(option)}[/bold]: {escape(' '.join(messages))}")
            raise SystemExit(BAD_INPUT) from None

    # --- list ------------------------------------------------------------------------------------------------
    def _list(self, options: dict[str, Any]) -> None:
        schedules = list(ScheduledJob.objects.select_related("job").order_by("system_job", "name"))
        if options["json"]:
            self.stdout.write(dump_json([schedule_as_dict(s) for s in schedules]))
            return
        console = make_console()
        if not schedules:
            console.print("No schedules. Create one with `netjobs schedules create --job … --every 15`.")
            return
        table = Table(show_edge=False, header_style="bold")
        for column in ("Id", "Name", "Job", "Schedule", "Enabled", "Next run", "Last run", "Runs", "Last error"):
            table.add_column(column)
        for s in schedules:
            table.add_row(
                str(s.pk),
                escape(s.name) + (" [dim](system)[/dim]" if s.system_job else ""),
                escape(s.job.class_path),
                escape(s.describe()),
                "yes" if s.enabled else "[yellow]no[/yellow]",
                describe_next(s),
                timezone.localtime(s.last_run).strftime("%Y-%m-%d %H:%M:%S") if s.last_run else "-",
                str(s.run_count),
                f"[red]{escape(s.last_error[:60])}[/red]" if s.last_error else "",
            )
        console.print(table)

    # --- create ----------------------------------------------------------------------------------------------
    def _timing(self, options: dict[str, Any]) -> dict[str, Any]:
        start = _parse_time("--start", options["start"])
        end = _parse_time("--end", options["end"])
        timing: dict[str, Any] = {"start_time": start, "end_time": end}
        if options["at"]:
            if start is not None:
                raise BadInput({"--start": ["--at is the one run's time; --start is for recurring schedules"]})
            timing.update(interval_type=IntervalType.ONCE, start_time=_parse_time("--at", options["at"]))
        elif options["every"] is not None:
            timing.update(interval_type=IntervalType.MINUTES, interval_minutes=options["every"])
        elif options["crontab"] is not None:
            timing.update(interval_type=IntervalType.CRONTAB, crontab=options["crontab"])
        else:
            kind = next(k for k in ("hourly", "daily", "weekly") if options[k])
            timing.update(interval_type=IntervalType(kind))
        return timing

    def _input(self, class_path: str, options: dict[str, Any]) -> dict[str, Any]:
        try:
            _definition, job_class = resolve_job(class_path)
        except (JobNotFoundError, JobDisabledError) as exc:
            raise BadInput({"--job": [str(exc)]}) from None
        data: dict[str, Any] = {}
        if options["data"]:
            try:
                data = json.loads(options["data"])
            except json.JSONDecodeError as exc:
                raise BadInput({"--data": [f"not valid JSON: {exc}"]}) from None
            if not isinstance(data, dict):
                raise BadInput({"--data": ['must be a JSON object, e.g. \'{"name": "value"}\'']})
        bad: dict[str, list[str]] = {}
        for item in options["var"]:
            name, sep, text = item.partition("=")
            name = name.strip()
            var = job_class.variables.get(name)
            if not sep:
                bad[f"--var {item}"] = ["use NAME=VALUE"]
            elif var is None:
                bad[f"--var {name}"] = ["unknown variable: this job has no input of that name"]
            else:
                try:
                    value = var.parse_cli(text)
                except ValidationError as exc:
                    bad[f"--var {name}"] = list(exc.messages)
                    continue
                if hasattr(value, "read"):
                    bad[f"--var {name}"] = ["file inputs cannot be stored in a schedule"]
                else:
                    data[name] = value
        if bad:
            raise BadInput(bad)
        return data

    def _create(self, options: dict[str, Any]) -> None:
        timing = self._timing(options)
        data = self._input(options["job"], options)
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise BadInput({"--user": [f"no user named {options['user']!r}"]})
        try:
            schedule = create_schedule(
                options["job"],
                data=data,
                user=user,
                commit=options["commit"],
                queue=options["queue"],
                name=options["name"],
                description=options["description"],
                enabled=not options["disabled"],
                **timing,
            )
        except ValidationError as exc:
            errors: dict[str, list[str]] = {}
            for field, messages in exc.message_dict.items():
                errors.setdefault(_OPTION_OF.get(field, field), []).extend(messages)
            raise BadInput(errors) from None
        if options["json"]:
            self.stdout.write(dump_json(schedule_as_dict(schedule)))
            return
        when = f"{schedule.describe()}; next run {describe_next(schedule)}"
        self.stdout.write(f"Created schedule {schedule.pk} {schedule.name!r}: {when}")

    # --- enable / disable / delete ---------------------------------------------------------------------------
    def _switch(self, action: str, identifier: str) -> None:
        schedule = find_schedule(identifier)
        if schedule is None:
            raise BadInput({"schedule": [f"no schedule with id or name {identifier!r} (see `netjobs schedules list`)"]})
        if action == "delete":
            schedule.delete()
            self.stdout.write(f"Deleted schedule {identifier}")
            return
        set_enabled(schedule, action == "enable")
        if action == "enable" and schedule.next_run is None:
            set_enabled(schedule, False)
            raise BadInput({"schedule": [f"{schedule.name!r} has no run left to make (its time or end is past)"]})
        self.stdout.write(f"Schedule {schedule.pk} {schedule.name!r} {action}d; next run {describe_next(schedule)}")
