"""A run's log on its result page: a filtered, paginated table, and the live stream while the run is active.

The table never puts a whole log in the page. A finished run is shown a page at a time; an active run shows its
latest lines, then polls `log_stream` for the lines after the last one it has (by id), at most `STREAM_BATCH`
per answer, skipping ahead to the latest lines when a job logs faster than that. The browser keeps at most
~1,000 streamed lines and drops older ones, so a run that logs 100,000 lines stays fast. The stream stops by
itself: its answer once the run has finished carries no poller and tells the page (HX-Trigger) to refresh the
run's summary.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from netjobs.jobs import permissions
from netjobs.jobs.choices import LogLevel
from netjobs.jobs.models import JobLogEntry, JobResult
from netjobs.web.inventory import inventory_url

__all__ = ["PAGE_SIZE", "STREAM_BATCH", "TAIL_SIZE", "log_context", "log_stream", "log_table", "visible_result"]

PAGE_SIZE = 200  # lines per page of a finished run's log
TAIL_SIZE = 200  # latest lines shown when a live log opens
STREAM_BATCH = 500  # most lines one stream answer carries
RUN_FINISHED_EVENT = "netjobs:run-finished"


def visible_result(request: HttpRequest, pk: int) -> JobResult:
    """The result if the user may see it; 404 otherwise (never reveal that a run exists)."""
    result = JobResult.objects.filter(pk=pk).first()
    if result is None or not permissions.can_view_result(request.user, result):
        raise Http404("No such result")
    return result


@dataclass
class LogLine:
    entry: JobLogEntry
    new_group: bool
    link: str


def _safe_url(url: str) -> str:
    return url if url.startswith(("/", "https://", "http://")) and not url.startswith("//") else ""


def _link(entry: JobLogEntry) -> str:
    """Where the line's object lives: its inventory page if it has one, else the URL logged with it."""
    if entry.object_type_id and entry.object_id:
        try:
            model = ContentType.objects.get_for_id(entry.object_type_id).model_class()
        except ContentType.DoesNotExist:
            model = None
        if model is not None and entry.object_id.isdigit():
            url = inventory_url(model, int(entry.object_id))
            if url:
                return url
    return _safe_url(entry.absolute_url)


def _lines(entries: list[JobLogEntry], previous_group: str | None) -> list[LogLine]:
    lines = []
    for entry in entries:
        lines.append(LogLine(entry, entry.grouping != previous_group, _link(entry)))
        previous_group = entry.grouping
    return lines


def _filters(request: HttpRequest) -> dict[str, str]:
    level = request.GET.get("level", "")
    return {
        "level": level if level in LogLevel.values else "",
        "q": request.GET.get("q", "").strip()[:200],
    }


def _filtered(result: JobResult, filters: dict[str, str]) -> QuerySet[JobLogEntry]:
    entries = JobLogEntry.objects.filter(job_result_id=result.pk)
    if filters["level"]:
        entries = entries.filter(log_level=filters["level"])
    if filters["q"]:
        entries = entries.filter(message__icontains=filters["q"])
    return entries


def _stream_url(result: JobResult, after: int, group: str | None, filters: dict[str, str]) -> str:
    params = {"after": after, **{k: v for k, v in filters.items() if v}}
    if group is not None:
        params["group"] = group
    return f"{reverse('web:result-log-stream', args=[result.pk])}?{urlencode(params)}"


def level_counts(result: JobResult) -> dict[str, int]:
    """Lines per level: the stored counts of a finished run, counted live while it runs."""
    if result.is_finished and result.log_counts:
        counts = {level: int(result.log_counts.get(level, 0)) for level in LogLevel.values}
    else:
        rows = JobLogEntry.objects.filter(job_result_id=result.pk).values_list("log_level").annotate(n=Count("id"))
        counts = {level: 0 for level in LogLevel.values}
        counts.update(dict(rows))
    return counts


def log_context(request: HttpRequest, result: JobResult) -> dict[str, Any]:
    """What the log table shows for this request: a page of lines, or the live tail with a poller."""
    filters = _filters(request)
    entries = _filtered(result, filters)
    page_param = request.GET.get("page", "")
    live = not result.is_finished and not page_param
    context: dict[str, Any] = {
        "result": result,
        "filters": filters,
        "levels": LogLevel.choices,
        "counts": level_counts(result),
        "live": live,
        "filter_query": urlencode({k: v for k, v in filters.items() if v}),
    }
    if live:
        tail = list(entries.order_by("-id")[: TAIL_SIZE + 1])
        earlier = len(tail) > TAIL_SIZE
        tail = list(reversed(tail[:TAIL_SIZE]))
        last = tail[-1] if tail else None
        context.update(
            lines=_lines(tail, None),
            earlier=earlier,
            stream_url=_stream_url(result, last.pk if last else 0, last.grouping if last else None, filters),
        )
        return context
    paginator = Paginator(entries.order_by("id"), PAGE_SIZE)
    page = paginator.get_page(page_param or 1)
    context.update(lines=_lines(list(page.object_list), None), page=page, paginator=paginator)
    return context


@login_required
def log_table(request: HttpRequest, pk: int) -> HttpResponse:
    """The log table alone (htmx: filtering and paging). Without htmx, the result page it belongs to."""
    result = visible_result(request, pk)
    if not request.htmx:
        from netjobs.web.views.results import result_detail

        return result_detail(request, pk)
    return render(request, "web/htmx/log_table.html", log_context(request, result))


@login_required
def log_stream(request: HttpRequest, pk: int) -> HttpResponse:
    """The lines after `after` (an id), and a poller for the next ones while the run is active."""
    result = visible_result(request, pk)
    try:
        after = int(request.GET.get("after", "0"))
    except ValueError:
        after = 0
    filters = _filters(request)
    group = request.GET.get("group")
    # Read the status before the lines: a run is marked finished only after its last line was written, so
    # "finished, and nothing after `after`" means the log is complete.
    finished = result.is_finished
    new = _filtered(result, filters).filter(pk__gt=after)
    batch = list(new.order_by("id")[: STREAM_BATCH + 1])
    skipped = len(batch) > STREAM_BATCH
    if skipped:
        # The job logs faster than the page can show: jump to its latest lines (all stay on the log's pages).
        batch = list(reversed(new.order_by("-id")[:STREAM_BATCH]))
    last = batch[-1] if batch else None
    done = finished
    context = {
        "result": result,
        "lines": _lines(batch, None if skipped else group),
        "done": done,
        "skipped": skipped,
        "stream_url": _stream_url(result, last.pk if last else after, last.grouping if last else group, filters),
    }
    response = render(request, "web/htmx/log_stream.html", context)
    if done:
        response["HX-Trigger"] = RUN_FINISHED_EVENT
    return response
