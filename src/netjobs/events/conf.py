"""The events app's settings: `NETJOBS_<NAME>` in Django settings, else the environment / netjobs.toml.

Read on every use (not at import) so tests can override them with the `settings` fixture, and so no extra
lines are needed in settings.py for knobs only this app reads.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

__all__ = ["DEFAULTS", "base_url", "setting"]

DEFAULTS: dict[str, Any] = {
    # First retry delay (seconds); each further retry doubles it, with jitter, up to the cap.
    "webhook_backoff": 10.0,
    "webhook_backoff_max": 3600.0,
    # A delivery thread without wake-ups looks for due deliveries this often (seconds).
    "webhook_poll_interval": 2.0,
    # Deliveries sent at once by one delivery thread (a hung endpoint then blocks only one slot).
    "webhook_concurrency": 4,
    # A claimed delivery not finished within this many seconds (its process died) is claimed again.
    "webhook_lease": 600.0,
    # Delivered and failed deliveries are deleted after this many days (0 keeps them forever).
    "webhook_retention_days": 30,
    # Workers re-read webhooks and notifications at least this often (seconds); edits in the same process
    # are seen at once.
    "events_cache_seconds": 5.0,
    # Each worker process runs a delivery thread; turn off when a dedicated `netjobs webhooks deliver` sends.
    "webhook_worker_thread": True,
    # Attempts of an e-mail notification before it is marked failed.
    "email_max_attempts": 5,
    # Prefix of links in payloads and e-mails, e.g. https://netjobs.example.com (no trailing slash).
    "base_url": "",
}


def setting(name: str) -> Any:
    """One events setting: `settings.NETJOBS_<NAME>` if defined, else NETJOBS_<NAME> env / netjobs.toml."""
    value = getattr(settings, f"NETJOBS_{name.upper()}", None)
    if value is not None:
        return value
    return settings.NETJOBS.get(name, DEFAULTS[name])


def base_url() -> str:
    return str(setting("base_url") or "").rstrip("/")
