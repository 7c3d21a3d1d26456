"""netjobs benchmarks: `python -m benchmarks [--quick] [--distributed] [--only NAME …] [--json PATH]`.

Each run builds its own NETJOBS_HOME (and, with --distributed, its own PostgreSQL database and Redis database),
runs the scenarios against real processes, prints a table with the targets and the reference numbers measured
for Nautobot on the same 2-core machine, and writes the numbers as JSON (benchmarks/results/latest.json).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _prepare_environment(args: argparse.Namespace) -> dict[str, str]:
    home = Path(tempfile.mkdtemp(prefix="netjobs-bench-"))
    env = {"NETJOBS_HOME": str(home), "DJANGO_SETTINGS_MODULE": "netjobs.settings", "NETJOBS_LOG_LEVEL": "WARNING"}
    if args.distributed:
        import psycopg

        database = f"netjobs_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{database}"')
        env["NETJOBS_DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:5432/{database}"
        env["NETJOBS_BROKER_URL"] = args.broker
        env["NETJOBS_BENCH_DATABASE"] = database
    os.environ.update(env)
    return env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="Small counts (the CI smoke run)")
    parser.add_argument("--distributed", action="store_true", help="PostgreSQL + Celery on Redis")
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/11", help="Broker for --distributed")
    parser.add_argument("--only", nargs="*", default=None, help="Scenario names to run")
    parser.add_argument("--json", type=Path, default=HERE / "results" / "latest.json")
    args = parser.parse_args(argv)

    env = _prepare_environment(args)
    import django

    django.setup()
    from benchmarks.harness import Bench
    from benchmarks.scenarios import SCENARIOS

    bench = Bench(env=env, quick=args.quick, distributed=args.distributed)
    bench.setup()
    rows = []
    try:
        for scenario in SCENARIOS:
            if args.only and scenario.name not in args.only:
                continue
            started = time.monotonic()
            print(f"-- {scenario.name}: {scenario.title}", file=sys.stderr, flush=True)
            try:
                rows.extend(scenario.run(bench))
            except Exception as exc:  # report and carry on: one broken scenario must not hide the others
                rows.append({"scenario": scenario.name, "metric": "error", "value": str(exc), "unit": ""})
            print(f"   {time.monotonic() - started:.1f}s", file=sys.stderr, flush=True)
    finally:
        bench.teardown()
    bench.print_table(rows)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    payload = {"mode": "distributed" if args.distributed else "embedded", "quick": args.quick, "rows": rows,
               "machine": bench.machine()}  # fmt: skip
    args.json.write_text(json.dumps(payload, indent=2, default=str))
    print(f"Wrote {args.json}", file=sys.stderr)
    return 1 if any(row["metric"] == "error" for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
