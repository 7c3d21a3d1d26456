"""Runtime-editable settings: typed, with defaults, stored as RuntimeSetting rows an administrator can change.

A setting is declared once in code (`runtime_setting("result_retention_days", default=90, ...)`); reading it
costs one indexed query and falls back to the default while no row exists. Interval getters of system jobs read
these, and saving a row re-creates the affected system schedules (see netjobs.scheduling.signals).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from netjobs.scheduling.models import RuntimeSetting

__all__ = [
    "DEAD_WORKER_CLEANUP_INTERVAL",
    "RESULT_RETENTION_DAYS",
    "RESULT_RETENTION_INTERVAL",
    "RuntimeSettingSpec",
    "declared_settings",
    "get_spec",
    "runtime_setting",
    "seed_runtime_settings",
]

logger = logging.getLogger(__name__)
T = TypeVar("T", int, float, bool, str)
_SPECS: dict[str, RuntimeSettingSpec[Any]] = {}


@dataclass(frozen=True)
class RuntimeSettingSpec(Generic[T]):
    """One declared setting: its key, type, default and bounds. `get()` reads the current value."""

    key: str
    default: T
    type: type[T]
    description: str = ""
    min_value: float | None = None
    max_value: float | None = None

    def coerce(self, raw: Any) -> T:
        """`raw` as this setting's type, or ValueError saying what is wrong (shown in the admin)."""
        if raw is None:
            return self.default
        if self.type is bool:
            if isinstance(raw, bool):
                return raw  # type: ignore[return-value]
            if isinstance(raw, str) and raw.strip().lower() in {"1", "0", "true", "false", "yes", "no", "on", "off"}:
                return raw.strip().lower() in {"1", "true", "yes", "on"}  # type: ignore[return-value]
            raise ValueError(f"{self.key} must be true or false, not {raw!r}")
        if self.type in (int, float) and isinstance(raw, bool):
            raise ValueError(f"{self.key} must be a number, not {raw!r}")
        try:
            value = self.type(raw)
        except (TypeError, ValueError):
            raise ValueError(f"{self.key} must be {self.type.__name__}, not {raw!r}") from None
        if self.type is int and isinstance(raw, float) and raw != int(raw):
            raise ValueError(f"{self.key} must be a whole number, not {raw!r}")
        if self.min_value is not None and value < self.min_value:  # type: ignore[operator]
            raise ValueError(f"{self.key} must be at least {self.min_value}, not {value!r}")
        if self.max_value is not None and value > self.max_value:  # type: ignore[operator]
            raise ValueError(f"{self.key} must be at most {self.max_value}, not {value!r}")
        return value

    def get(self) -> T:
        """The current value; the default when unset or when the stored value is unusable (logged)."""
        row = RuntimeSetting.objects.filter(key=self.key).values_list("value", flat=True).first()
        try:
            return self.coerce(row)
        except ValueError as exc:
            logger.warning("Runtime setting %s is unusable (%s); using the default %r", self.key, exc, self.default)
            return self.default

    def set(self, value: Any) -> T:
        """Store `value` (validated). Saving re-creates system schedules whose interval this changes."""
        coerced = self.coerce(value)
        row, created = RuntimeSetting.objects.get_or_create(
            key=self.key, defaults={"value": coerced, "description": self.description}
        )
        if not created:
            row.value = coerced
            row.save(update_fields=["value", "last_updated"])
        return coerced


def runtime_setting(
    key: str,
    *,
    default: T,
    description: str = "",
    min_value: float | None = None,
    max_value: float | None = None,
) -> RuntimeSettingSpec[T]:
    """Declare a runtime setting (the type is the default's). Declaring a key twice keeps the latest."""
    spec = RuntimeSettingSpec(
        key=key,
        default=default,
        type=type(default),
        description=description,
        min_value=min_value,
        max_value=max_value,
    )
    _SPECS[key] = spec
    return spec


def get_spec(key: str) -> RuntimeSettingSpec[Any] | None:
    return _SPECS.get(key)


def declared_settings() -> list[RuntimeSettingSpec[Any]]:
    return [_SPECS[key] for key in sorted(_SPECS)]


def seed_runtime_settings() -> int:
    """Create a row holding the default for every declared setting that has none, so the admin lists them all.

    `bulk_create` sends no signals: seeding must not trigger the re-scheduling that a real change does.
    """
    existing = set(RuntimeSetting.objects.values_list("key", flat=True))
    missing = [
        RuntimeSetting(key=spec.key, value=spec.default, description=spec.description)
        for spec in declared_settings()
        if spec.key not in existing
    ]
    RuntimeSetting.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


# --- the built-in system jobs' settings ----------------------------------------------------------------------
RESULT_RETENTION_DAYS = runtime_setting(
    "result_retention_days",
    default=90,
    min_value=1,
    description="Finished job results (and their log lines and events) older than this many days are deleted.",
)
RESULT_RETENTION_INTERVAL = runtime_setting(
    "result_retention_interval",
    default=1440,
    min_value=0,
    description="Minutes between result-retention runs; 0 unschedules the job.",
)
DEAD_WORKER_CLEANUP_INTERVAL = runtime_setting(
    "dead_worker_cleanup_interval",
    default=5,
    min_value=0,
    description="Minutes between dead-worker clean-ups; 0 unschedules the job (workers still reap each other).",
)
