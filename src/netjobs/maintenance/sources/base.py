"""What every fetcher yields: messages in batches, each batch carrying the source cursor to store with it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from netjobs.maintenance.models import NotificationSource

__all__ = ["Batch", "FetchError", "FetchedMessage", "Fetcher"]


class FetchError(Exception):
    """The source could not be read (connection, login, missing folder or path…)."""


@dataclass(frozen=True)
class FetchedMessage:
    raw: bytes
    key: str  # where it was in the source: "UIDVALIDITY:UID", a Maildir key, an mbox index


@dataclass
class Batch:
    """Messages read in order, and the cursor fields that are true once they (and all before) are stored."""

    messages: list[FetchedMessage]
    cursor: dict[str, Any] = field(default_factory=dict)


class Fetcher:
    """Reads the messages of one source that arrived after its cursor, oldest first, at most `limit`."""

    def __init__(self, source: NotificationSource, *, batch_size: int = 50, limit: int | None = None) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.source = source
        self.batch_size = batch_size
        self.limit = limit
        self.notices: list[str] = []  # things worth telling the operator (e.g. a UIDVALIDITY change)

    def batches(self) -> Iterator[Batch]:
        raise NotImplementedError

    def _chunks(self, items: list[Any]) -> Iterator[list[Any]]:
        if self.limit is not None:
            items = items[: self.limit]
        for start in range(0, len(items), self.batch_size):
            yield items[start : start + self.batch_size]
