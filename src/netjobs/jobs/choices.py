"""Statuses and log levels, defined once."""

from __future__ import annotations

import logging

from django.db import models

__all__ = ["ACTIVE_STATES", "TERMINAL_STATES", "JobResultStatus", "LogLevel"]

SUCCESS = 25
logging.addLevelName(SUCCESS, "SUCCESS")


class JobResultStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    PENDING = "pending", "Pending"
    APPROVAL_REQUIRED = "approval_required", "Approval required"
    RUNNING = "running", "Running"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"
    ERRORED = "errored", "Errored"
    CANCELLED = "cancelled", "Cancelled"


TERMINAL_STATES = frozenset(
    {JobResultStatus.COMPLETED, JobResultStatus.FAILED, JobResultStatus.ERRORED, JobResultStatus.CANCELLED}
)
ACTIVE_STATES = frozenset({JobResultStatus.PENDING, JobResultStatus.RUNNING})


class LogLevel(models.TextChoices):
    DEBUG = "debug", "Debug"
    INFO = "info", "Info"
    SUCCESS = "success", "Success"
    WARNING = "warning", "Warning"
    FAILURE = "failure", "Failure"

    @classmethod
    def from_logging(cls, levelno: int) -> LogLevel:
        """Map a `logging` level to a log level: ERROR and above are failures (they fail the run)."""
        if levelno >= logging.ERROR:
            return cls.FAILURE
        if levelno >= logging.WARNING:
            return cls.WARNING
        if levelno >= SUCCESS:
            return cls.SUCCESS
        if levelno >= logging.INFO:
            return cls.INFO
        return cls.DEBUG

    @classmethod
    def to_logging(cls, level: str) -> int:
        return {
            cls.DEBUG: logging.DEBUG,
            cls.INFO: logging.INFO,
            cls.SUCCESS: SUCCESS,
            cls.WARNING: logging.WARNING,
            cls.FAILURE: logging.ERROR,
        }[cls(level)]
