"""`/metrics`: Prometheus text exposition, computed from the database at scrape time.

Workers are separate processes (often on other machines), so in-process counters of the web server would see
none of their runs. Everything here is a handful of aggregate queries on the bookkeeping database instead:
counters from `RunCounter` (kept by the run signals, monotonic even when old results are deleted), gauges from
`JobResult`/`Worker`/`JobLock`, and a duration histogram over the runs finished within a window.
"""

from __future__ import annotations

import bisect
import hmac
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector

from netjobs.automation.conf import setting
from netjobs.automation.records.models import RunCounter
from netjobs.jobs.choices import JobResultStatus
from netjobs.jobs.models import JobLock, JobResult, Worker

__all__ = ["DURATION_BUCKETS", "NetjobsCollector", "metrics_view", "render_metrics"]

DURATION_BUCKETS = (0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0)


class NetjobsCollector(Collector):
    """Collects every netjobs metric with one query per metric family."""

    def collect(self) -> Iterator[Metric]:
        yield from self._run_counters()
        yield self._results()
        yield self._queue_depth()
        yield self._running()
        yield self._workers()
        yield self._locks()
        yield self._lock_waits()
        yield self._durations()

    @staticmethod
    def _run_counters() -> Iterator[Metric]:
        started = CounterMetricFamily("netjobs_runs_started", "Runs started, by job", labels=["job"])
        finished = CounterMetricFamily(
            "netjobs_runs", "Runs finished, by job and terminal status", labels=["job", "status"]
        )
        for job, event, count in RunCounter.objects.values_list("job_class_path", "event", "count").order_by(
            "job_class_path", "event"
        ):
            if event == "started":
                started.add_metric([job], count)
            else:
                finished.add_metric([job, event], count)
        yield started
        yield finished

    @staticmethod
    def _results() -> Metric:
        family = GaugeMetricFamily(
            "netjobs_results",
            "Results currently kept, by job and status (goes down with retention)",
            labels=["job", "status"],
        )
        rows = JobResult.objects.values_list("job_class_path", "status").annotate(n=Count("id")).order_by()
        for job, status, n in sorted(rows):
            family.add_metric([job, status], n)
        return family

    @staticmethod
    def _queue_depth() -> Metric:
        family = GaugeMetricFamily(
            "netjobs_queue_depth", "Pending runs waiting for a worker, by queue", labels=["queue"]
        )
        rows = (
            JobResult.objects.filter(status=JobResultStatus.PENDING)
            .values_list("queue")
            .annotate(n=Count("id"))
            .order_by()
        )
        depth = {settings.NETJOBS_DEFAULT_QUEUE: 0, **dict(rows)}
        for queue in sorted(depth):
            family.add_metric([queue], depth[queue])
        return family

    @staticmethod
    def _running() -> Metric:
        family = GaugeMetricFamily("netjobs_runs_running", "Runs running now, by queue", labels=["queue"])
        rows = (
            JobResult.objects.filter(status=JobResultStatus.RUNNING)
            .values_list("queue")
            .annotate(n=Count("id"))
            .order_by()
        )
        for queue, n in sorted(rows):
            family.add_metric([queue], n)
        return family

    @staticmethod
    def _workers() -> Metric:
        cutoff = timezone.now() - timedelta(seconds=float(settings.NETJOBS_WORKER_TIMEOUT))
        alive = Worker.objects.filter(last_heartbeat__gte=cutoff).count()
        return GaugeMetricFamily("netjobs_workers_alive", "Worker processes that heart-beat recently", value=alive)

    @staticmethod
    def _locks() -> Metric:
        return GaugeMetricFamily(
            "netjobs_locks_held", "Named locks held by running runs", value=JobLock.objects.count()
        )

    @staticmethod
    def _lock_waits() -> Metric:
        # Pending runs that declare locks: those a worker skips while a lock is held (an upper bound: a run
        # that was just queued and whose locks are free is counted until it is claimed).
        waiting = JobResult.objects.filter(status=JobResultStatus.PENDING).exclude(lock_names=[]).count()
        return GaugeMetricFamily("netjobs_lock_waits", "Pending runs that need named locks", value=waiting)

    @staticmethod
    def _durations() -> Metric:
        window = float(setting("metrics_duration_window"))
        since = timezone.now() - timedelta(seconds=window)
        family = HistogramMetricFamily(
            "netjobs_run_duration_seconds",
            f"Durations of the runs finished in the last {window:g} seconds, by job",
            labels=["job"],
        )
        per_job: dict[str, list[float]] = {}
        rows = JobResult.objects.filter(finished__gte=since, started__isnull=False).values_list(
            "job_class_path", "started", "finished"
        )
        for job, started, finished in rows.iterator(chunk_size=2000):
            per_job.setdefault(job, []).append(max(0.0, (finished - started).total_seconds()))
        for job in sorted(per_job):
            durations = sorted(per_job[job])
            buckets = [(_le(bound), bisect.bisect_right(durations, bound)) for bound in DURATION_BUCKETS]
            buckets.append(("+Inf", len(durations)))
            family.add_metric([job], buckets, sum(durations))
        return family


def _le(bound: float) -> str:
    return f"{bound:g}" if bound != int(bound) else f"{bound:.1f}"


def render_metrics() -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(NetjobsCollector())
    return generate_latest(registry)


def _authorised(request: HttpRequest) -> bool:
    token = str(setting("metrics_token") or "")
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if token and header.startswith("Bearer "):
        return hmac.compare_digest(header[len("Bearer ") :].strip().encode(), token.encode())
    user: Any = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_staff)


def _enabled() -> bool:
    value = setting("metrics_enabled")
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


def metrics_view(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics for a scraper with the bearer token, or for a logged-in staff user."""
    if not _enabled():
        raise Http404("Metrics are disabled")
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    if not _authorised(request):
        response = HttpResponse("Unauthorized: send Authorization: Bearer <NETJOBS_METRICS_TOKEN>\n", status=401)
        response["WWW-Authenticate"] = 'Bearer realm="netjobs metrics"'
        response["Content-Type"] = "text/plain; charset=utf-8"
        return response
    return HttpResponse(render_metrics(), content_type=CONTENT_TYPE_LATEST)
