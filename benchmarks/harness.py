"""The benchmark harness: a fresh installation, worker processes, and helpers to time runs."""

from __future__ import annotations

import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management import call_command

HERE = Path(__file__).resolve().parent
NETJOBS = str(Path(sys.executable).with_name("netjobs"))


def percentile(values: list[float], pct: float) -> float:
    """The pct-th percentile (nearest rank) of `values`."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def pss_kib(pid: int) -> int:
    """Proportional set size of one process, in KiB (shared pages counted once across processes)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return 0
    return 0


def process_tree(pid: int) -> list[int]:
    """`pid` and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except (FileNotFoundError, ProcessLookupError):
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, []))
    return tree


class Bench:
    def __init__(self, env: dict[str, str], quick: bool, distributed: bool) -> None:
        self.env = {**os.environ, **env}
        self.home = Path(env["NETJOBS_HOME"])
        self.quick = quick
        self.distributed = distributed
        self.processes: list[subprocess.Popen] = []

    # --- lifecycle -------------------------------------------------------------------------------------------
    def setup(self) -> None:
        call_command("migrate", verbosity=0, interactive=False)
        jobs_root = self.home / "jobs"
        for module in (HERE / "jobs").glob("*.py"):
            shutil.copy(module, jobs_root / module.name)
        call_command("syncjobs", verbosity=0)
        if self.distributed:
            self.netjobs("shell", "-c", "from netjobs.celery import app; app.control.purge()")

    def teardown(self) -> None:
        self.stop_all()
        database = self.env.get("NETJOBS_BENCH_DATABASE")
        if database:
            from django.db import connections

            connections.close_all()
            import psycopg

            with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        shutil.rmtree(self.home, ignore_errors=True)

    def netjobs(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([NETJOBS, *args], env=self.env, capture_output=True, text=True, check=True)

    def spawn(self, *args: str) -> subprocess.Popen:
        log = (self.home / f"proc-{len(self.processes)}.log").open("w")
        process = subprocess.Popen(
            [NETJOBS, *args], env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append(process)
        return process

    def stop(self, process: subprocess.Popen) -> None:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if process in self.processes:
            self.processes.remove(process)

    def stop_all(self) -> None:
        for process in list(self.processes):
            self.stop(process)

    def start_workers(self, concurrency: int = 2) -> subprocess.Popen:
        from netjobs.jobs.models import Worker

        process = self.spawn("worker", "--concurrency", str(concurrency))
        deadline = time.monotonic() + 60
        while Worker.objects.count() < concurrency:
            if time.monotonic() > deadline:
                raise RuntimeError("workers did not register within 60 s")
            time.sleep(0.05)
        return process

    # --- runs ------------------------------------------------------------------------------------------------
    def wait_finished(self, ids: list[int], timeout: float = 600) -> None:
        from netjobs.jobs.choices import TERMINAL_STATES
        from netjobs.jobs.models import JobResult

        deadline = time.monotonic() + timeout
        remaining = set(ids)
        while remaining:
            done = set(
                JobResult.objects.filter(pk__in=list(remaining), status__in=TERMINAL_STATES).values_list(
                    "pk", flat=True
                )
            )
            remaining -= done
            if remaining:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{len(remaining)} run(s) did not finish within {timeout}s")
                time.sleep(0.05)

    # --- reporting -------------------------------------------------------------------------------------------
    @staticmethod
    def row(scenario: str, metric: str, value: float, unit: str, target: str = "", reference: str = "",
            ratio: float | None = None) -> dict[str, Any]:  # fmt: skip
        return {"scenario": scenario, "metric": metric, "value": value, "unit": unit, "target": target,
                "reference": reference, "ratio": ratio}  # fmt: skip

    @staticmethod
    def summary(values: list[float]) -> tuple[float, float]:
        return statistics.median(values), percentile(values, 95)

    def machine(self) -> dict[str, Any]:
        return {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "mode": "distributed" if self.distributed else "embedded",
        }

    def print_table(self, rows: list[dict[str, Any]]) -> None:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"netjobs benchmarks ({self.machine()['mode']}{', quick' if self.quick else ''})")
        for column in ("scenario", "metric", "value", "target", "reference (Nautobot)", "ratio"):
            table.add_column(column)
        for row in rows:
            value = row["value"]
            shown = f"{value:,.1f} {row['unit']}" if isinstance(value, int | float) else str(value)
            ratio = f"{row['ratio']:.1f}x" if isinstance(row.get("ratio"), int | float) else ""
            table.add_row(row["scenario"], row["metric"], shown, row.get("target", ""), row.get("reference", ""), ratio)
        Console(width=150).print(table)
