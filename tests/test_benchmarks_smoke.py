"""The benchmark harness, run with small counts so that it never rots (the numbers are not asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


def test_the_quick_benchmark_runs_every_scenario_and_writes_its_numbers(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    env = {key: value for key, value in os.environ.items() if not key.startswith("NETJOBS_")}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--json", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    rows = json.loads(out.read_text())["rows"]
    scenarios = {row["scenario"] for row in rows}
    assert {"3 worker-only", "4 log ingest", "5 object writes", "8 memory"} <= scenarios
    assert all(row["metric"] != "error" for row in rows)
    assert next(r for r in rows if r["metric"] == "all completed")["value"] == 1.0
