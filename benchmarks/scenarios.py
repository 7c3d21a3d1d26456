"""The benchmark scenarios (see issue "Benchmarks"): each returns table rows.

Reference numbers are Nautobot 3.2.7 on the same 2-core machine (PostgreSQL, Redis, Celery, uWSGI x2).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from benchmarks.harness import Bench, process_tree, pss_kib


@dataclass
class Scenario:
    name: str
    title: str
    run: Callable[[Bench], list[dict[str, Any]]]


def _submit_noops(count: int) -> list[int]:
    from netjobs.jobs.submit import submit

    return [submit("local/bench/NoOp").pk for _ in range(count)]


def worker_throughput(bench: Bench) -> list[dict[str, Any]]:
    """5,000 trivial runs queued first, then workers started: runs/s from first start to last finish."""
    from django.db.models import Max, Min

    from netjobs.jobs.models import JobResult

    count = 300 if bench.quick else 5_000
    ids = _submit_noops(count)
    wall = time.monotonic()
    worker = bench.start_workers(concurrency=2)
    bench.wait_finished(ids)
    wall = time.monotonic() - wall
    span = JobResult.objects.filter(pk__in=ids).aggregate(first=Min("started"), last=Max("finished"))
    seconds = (span["last"] - span["first"]).total_seconds()
    statuses = set(JobResult.objects.filter(pk__in=ids).values_list("status", flat=True))
    pss = sum(pss_kib(pid) for pid in process_tree(worker.pid)) / 1024
    bench.worker_pss_mib = pss
    bench.stop(worker)
    target = "≥ 500 runs/s" if not bench.distributed else "≥ 80 % of bare Celery"
    return [
        bench.row("3 worker-only", "throughput", count / seconds, "runs/s", target, "22 runs/s", count / seconds / 22),
        bench.row("3 worker-only", "wall time incl. worker start", wall, "s"),
        bench.row("3 worker-only", "all completed", float(statuses == {"completed"}), "bool"),
        bench.row("8 memory", "worker tree PSS after scenario 3", pss, "MiB", "≤ 100 MB", "370 MB", 370 / pss),
    ]


def sequential_latency(bench: Bench) -> list[dict[str, Any]]:
    """Sequential trivial runs submitted in-process (the API variant needs the REST API): submit→started/finished."""
    from netjobs.jobs import notify
    from netjobs.jobs.models import JobResult
    from netjobs.jobs.submit import submit

    count = 50 if bench.quick else 200
    worker = bench.start_workers(concurrency=2)
    to_start, to_finish, client = [], [], []
    with notify.Listener(notify.DONE, "bench-latency") as listener:
        for _ in range(count):
            began = time.perf_counter()
            result = submit("local/bench/NoOp")
            while not JobResult.objects.filter(pk=result.pk, status="completed").exists():
                listener.wait(0.05)
            client.append((time.perf_counter() - began) * 1000)
            result.refresh_from_db()
            to_start.append((result.started - result.created).total_seconds() * 1000)
            to_finish.append((result.finished - result.created).total_seconds() * 1000)
    bench.stop(worker)
    rows = []
    for metric, values in (("submit→started", to_start), ("submit→finished", to_finish), ("client e2e", client)):
        p50, p95 = bench.summary(values)
        target = ("≤ 10 ms" if not bench.distributed else "≤ 15 ms") if metric == "submit→finished" else ""
        reference = "120 ms" if metric == "submit→finished" else ""
        ratio = 120 / p50 if metric == "submit→finished" else None
        rows.append(bench.row("1 latency (in-process submit)", f"{metric} p50", p50, "ms", target, reference, ratio))
        rows.append(bench.row("1 latency (in-process submit)", f"{metric} p95", p95, "ms"))
    return rows


def log_ingest(bench: Bench) -> list[dict[str, Any]]:
    """One run logging 100,000 lines through self.logger.info: lines/s and emission→visible delay."""
    from django.db.models import Max

    from netjobs.jobs.models import JobLogEntry, JobResult
    from netjobs.jobs.submit import submit

    lines = 10_000 if bench.quick else 100_000
    worker = bench.start_workers(concurrency=1)
    result = submit("local/bench/LogFlood", {"lines": lines})
    delays: list[float] = []
    stop = threading.Event()

    def watch() -> None:
        # What a client polling the log would see: the newest visible line and how old it already is.
        from django.db import connections

        seen = 0
        while not stop.is_set():
            newest = JobLogEntry.objects.filter(job_result_id=result.pk).aggregate(m=Max("id"))["m"]
            if newest and newest != seen:
                entry = JobLogEntry.objects.get(pk=newest)
                from django.utils import timezone

                delays.append((timezone.now() - entry.created).total_seconds() * 1000)
                seen = newest
            time.sleep(0.05)
        connections.close_all()

    watcher = threading.Thread(target=watch)
    watcher.start()
    bench.wait_finished([result.pk])
    stop.set()
    watcher.join()
    bench.stop(worker)
    result = JobResult.objects.get(pk=result.pk)
    seconds = (result.finished - result.started).total_seconds()
    stored = JobLogEntry.objects.filter(job_result=result).count()
    p50, p95 = bench.summary(delays or [float("nan")])
    return [
        bench.row(
            "4 log ingest", "lines/s", stored / seconds, "lines/s", "≥ 50,000", "535 lines/s", stored / seconds / 535
        ),
        bench.row("4 log ingest", "emission→visible p50", p50, "ms", "≤ 1,000 ms"),
        bench.row("4 log ingest", "emission→visible p95", p95, "ms"),
        bench.row("4 log ingest", "lines stored", stored, "lines"),
    ]


def object_writes(bench: Bench) -> list[dict[str, Any]]:
    """One run creating 5,000 tags with validated_save() and change logging."""
    from netjobs.core.models import ObjectChange
    from netjobs.jobs.models import JobResult
    from netjobs.jobs.submit import submit

    count = 500 if bench.quick else 5_000
    worker = bench.start_workers(concurrency=1)
    result = submit("local/bench/CreateTags", {"count": count}, commit=True)
    bench.wait_finished([result.pk])
    bench.stop(worker)
    result = JobResult.objects.get(pk=result.pk)
    seconds = (result.finished - result.started).total_seconds()
    changes = ObjectChange.objects.filter(job_result_id=result.pk).count()
    return [
        bench.row(
            "5 object writes", "objects/s", count / seconds, "objects/s", "≥ 1,000", "92 tags/s", count / seconds / 92
        ),
        bench.row("5 object writes", "change log entries", changes, "rows"),
    ]


def up_memory(bench: Bench) -> list[dict[str, Any]]:
    """PSS of the whole `netjobs up` process tree, idle."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    up = bench.spawn("up", "--bind", f"127.0.0.1:{port}")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.2)
    time.sleep(3)  # let every child settle
    tree = process_tree(up.pid)
    pss = sum(pss_kib(pid) for pid in tree) / 1024
    bench.stop(up)
    return [bench.row("8 memory", f"`netjobs up` idle PSS ({len(tree)} processes)", pss, "MiB", "≤ 150 MB")]


SCENARIOS = [
    Scenario("latency", "sequential trivial runs, submit→finished", sequential_latency),
    Scenario("worker", "worker throughput on pre-queued runs", worker_throughput),
    Scenario("logs", "log ingest", log_ingest),
    Scenario("writes", "object writes with change log", object_writes),
    Scenario("memory", "`netjobs up` idle memory", up_memory),
]
