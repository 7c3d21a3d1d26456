"""Who is changing data right now: a web request, an API client or a job run.

The change context travels in a ContextVar so that the change log, written from model signals deep inside a
job's code, can name the user and the run without the job passing them around.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

__all__ = ["ChangeContext", "change_context", "current_change_context"]


@dataclass(frozen=True)
class ChangeContext:
    user_id: int | None = None
    user_name: str = ""
    job_result_id: int | None = None
    request_id: uuid.UUID = field(default_factory=uuid.uuid4)


_current: ContextVar[ChangeContext | None] = ContextVar("netjobs_change_context", default=None)


def current_change_context() -> ChangeContext | None:
    return _current.get()


@contextmanager
def change_context(context: ChangeContext) -> Iterator[ChangeContext]:
    """Attribute every change made inside the block to `context`."""
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)
