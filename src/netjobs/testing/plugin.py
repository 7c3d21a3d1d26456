"""pytest plugin loaded with `-p` (before pytest-django reads settings): give every test session its own home.

Tests must never touch a developer's `.netjobs`, and subprocesses started by tests (workers, the CLI) find the
same home through the environment.
"""

from __future__ import annotations

import os
import tempfile

if "NETJOBS_HOME" not in os.environ:
    os.environ["NETJOBS_HOME"] = tempfile.mkdtemp(prefix="netjobs-test-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netjobs.settings")
