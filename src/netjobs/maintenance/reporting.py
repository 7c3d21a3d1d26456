"""Where the app's messages go: a job's log when a job runs the work, the module logger otherwise."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Protocol

__all__ = ["LoggerReporter", "RecordingReporter", "Reporter"]


class Reporter(Protocol):
    """The `log_*` methods of a Job, which is the usual reporter."""

    def log_info(self, obj: Any = None, message: Any = None) -> None: ...
    def log_success(self, obj: Any = None, message: Any = None) -> None: ...
    def log_warning(self, obj: Any = None, message: Any = None) -> None: ...
    def log_failure(self, obj: Any = None, message: Any = None) -> None: ...


@dataclass
class LoggerReporter:
    """Sends messages to a `logging` logger (uploads through the UI or the API)."""

    logger: logging.Logger = field(default_factory=lambda: logging.getLogger("netjobs.maintenance"))

    def log_info(self, obj: Any = None, message: Any = None) -> None:
        self.logger.info("%s", message)

    def log_success(self, obj: Any = None, message: Any = None) -> None:
        self.logger.info("%s", message)

    def log_warning(self, obj: Any = None, message: Any = None) -> None:
        self.logger.warning("%s", message)

    def log_failure(self, obj: Any = None, message: Any = None) -> None:
        self.logger.error("%s", message)


@dataclass
class RecordingReporter(LoggerReporter):
    """Keeps every message as (level, object, message), e.g. to show them after an upload; `forward` also logs."""

    records: list[tuple[str, Any, str]] = field(default_factory=list)
    forward: bool = True

    def _record(self, level: str, obj: Any, message: Any) -> None:
        self.records.append((level, obj, str(message)))
        if self.forward:
            getattr(super(), f"log_{level}")(obj, message)

    def log_info(self, obj: Any = None, message: Any = None) -> None:
        self._record("info", obj, message)

    def log_success(self, obj: Any = None, message: Any = None) -> None:
        self._record("success", obj, message)

    def log_warning(self, obj: Any = None, message: Any = None) -> None:
        self._record("warning", obj, message)

    def log_failure(self, obj: Any = None, message: Any = None) -> None:
        self._record("failure", obj, message)
