"""A run's return value as the result page shows it and as it downloads: CSV table, JSON document or text."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Output", "describe_output"]

_MAX_TABLE_ROWS = 1000


@dataclass
class Output:
    kind: str  # "none", "csv", "json" or "text"
    text: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    truncated: bool = False

    @property
    def extension(self) -> str:
        return {"csv": "csv", "json": "json"}.get(self.kind, "txt")

    @property
    def content_type(self) -> str:
        return {"csv": "text/csv", "json": "application/json"}.get(self.kind, "text/plain")


def _as_csv(text: str) -> list[list[str]] | None:
    """The rows of `text` if it reads as CSV: one line at least, two columns or more, every row as wide."""
    lines = text.strip("\n")
    if "," not in lines:
        return None
    try:
        rows = [row for row in csv.reader(io.StringIO(lines)) if row]
    except csv.Error:
        return None
    widths = {len(row) for row in rows}
    if not rows or len(widths) != 1 or widths.pop() < 2:
        return None
    return rows


def describe_output(value: Any) -> Output:
    """How to show a return value: strings that read as CSV become tables, other values JSON or text."""
    if value is None or value == "":
        return Output("none")
    if isinstance(value, str):
        rows = _as_csv(value)
        if rows is not None:
            body = rows[1:]
            return Output(
                "csv",
                text=value,
                header=rows[0],
                rows=body[:_MAX_TABLE_ROWS],
                truncated=len(body) > _MAX_TABLE_ROWS,
            )
        return Output("text", text=value)
    if isinstance(value, dict | list):
        return Output("json", text=json.dumps(value, indent=2, sort_keys=True, default=str))
    return Output("text", text=str(value))
