"""pytest plugin loaded with `-p` (before pytest-django reads settings): give every test session its own home.

Tests must never touch a developer's `.netjobs`, and subprocesses started by tests (workers, the CLI) find the
same home through the environment. `NETJOBS_TEST_DB=postgres` runs the suite on the machine's PostgreSQL
(`NETJOBS_TEST_DATABASE_URL` to point elsewhere); pytest-django creates and drops `test_<name>`.
"""

from __future__ import annotations

import os
import tempfile

if "NETJOBS_HOME" not in os.environ:
    os.environ["NETJOBS_HOME"] = tempfile.mkdtemp(prefix="netjobs-test-")
if os.environ.get("NETJOBS_TEST_DB") == "postgres":
    os.environ["NETJOBS_DATABASE_URL"] = os.environ.get(
        "NETJOBS_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/netjobs"
    )
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netjobs.settings")
