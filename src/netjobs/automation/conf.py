"""The automation settings: `NETJOBS_<NAME>` in Django settings, else the environment / netjobs.toml.

Read on every use, so tests can override them with the `settings` fixture and settings.py needs no extra lines.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

__all__ = ["DEFAULTS", "setting"]

DEFAULTS: dict[str, Any] = {
    # Largest output file a job may create with `self.create_file()` (bytes).
    "max_output_file_size": 10 * 1024 * 1024,
    # `/metrics` answers at all (false: 404).
    "metrics_enabled": True,
    # Bearer token a Prometheus scraper sends; empty: only logged-in staff users may scrape.
    "metrics_token": "",
    # The duration histogram covers runs finished within this many seconds.
    "metrics_duration_window": 3600,
    # Processes re-read the enabled job hooks at least this often (seconds); edits in-process are seen at once.
    "hooks_cache_seconds": 5.0,
}


def setting(name: str) -> Any:
    """One automation setting: `settings.NETJOBS_<NAME>` if defined, else NETJOBS_<NAME> env / netjobs.toml."""
    value = getattr(settings, f"NETJOBS_{name.upper()}", None)
    if value is not None:
        return value
    return settings.NETJOBS.get(name, DEFAULTS[name])
