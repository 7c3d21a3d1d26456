"""The run-outcome e-mail: who receives it and what it says.

Rendered by the delivery thread when it sends (not by the receiver), because quoting the run's warning lines and
looking up users' addresses are queries the run's own thread should not pay for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from netjobs.events.choices import level_rank
from netjobs.events.payloads import run_url
from netjobs.jobs.choices import LogLevel
from netjobs.jobs.models import JobLogEntry, JobResult

if TYPE_CHECKING:
    from netjobs.events.models import RunNotification

__all__ = ["QUOTED_LINES", "recipients", "render"]

#: Log lines quoted in one e-mail at most; the mail says how many more there were.
QUOTED_LINES = 50


def recipients(notification: RunNotification, result: JobResult) -> list[str]:
    """The subscription's addresses, its users' addresses and (if asked) the run user's, without duplicates."""
    addresses = list(notification.emails)
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    if notification.usernames:
        addresses += users.filter(username__in=notification.usernames).values_list("email", flat=True)
    if notification.notify_run_user and result.user_id is not None:
        addresses += users.filter(pk=result.user_id).values_list("email", flat=True)
    seen: dict[str, None] = {}
    for address in addresses:
        seen.setdefault(address.strip(), None)
    return [a for a in seen if a]


def _quoted_lines(result: JobResult, min_level: str) -> tuple[list[JobLogEntry], int]:
    levels = [level for level in LogLevel.values if level_rank(level) >= level_rank(min_level)]
    lines = JobLogEntry.objects.filter(job_result_id=result.pk, log_level__in=levels).order_by("id")
    total = lines.count()
    return list(lines[:QUOTED_LINES]), total


def render(notification: RunNotification, result: JobResult) -> tuple[str, str]:
    """Subject and plain-text body."""
    counts = result.log_counts or {}
    noted = [f"{counts[level]} {level}" for level in ("failure", "warning") if counts.get(level)]
    prefix = getattr(settings, "EMAIL_SUBJECT_PREFIX", "")
    subject = f"{prefix}{result.name}: run {result.pk} {result.status}"
    if noted:
        subject += f" ({', '.join(noted)})"
    duration = result.duration
    url = run_url(result)
    body = [
        f"Job:        {result.name} ({result.job_class_path})",
        f"Run:        {result.pk}" + (f"  {url}" if url else ""),
        f"Status:     {result.get_status_display()}",
        f"Started by: {result.user_name or result.scheduled_by or '-'}",
        f"Started:    {timezone.localtime(result.started):%Y-%m-%d %H:%M:%S %Z}" if result.started else "Started:    -",
        f"Duration:   {duration.total_seconds():.1f} s" if duration is not None else "Duration:   -",
        f"Log:        {', '.join(f'{n} {level}' for level, n in sorted(counts.items())) or 'empty'}",
    ]
    if not result.commit:
        body.append("Dry run:    database changes were rolled back")
    if result.error:
        body += ["", f"Error: {result.error}"]
    lines, total = _quoted_lines(result, notification.include_log_level)
    if lines:
        label = LogLevel(notification.include_log_level).label.lower()
        body += ["", f"Log lines at {label} level or above ({total}):", ""]
        for entry in lines:
            about = f" [{entry.log_object}]" if entry.log_object else ""
            body.append(f"  {entry.log_level.upper():8} {entry.grouping}{about}: {entry.message}")
        if total > len(lines):
            body.append(f"  … and {total - len(lines)} more" + (f", see {url}" if url else ""))
    body += ["", f"-- \nnetjobs notification {notification.name!r}"]
    return subject[:255], "\n".join(body) + "\n"
