"""Read a source into stored, processed notifications, moving its cursor only together with what was stored.

Shared by the fetch job and the demo loader. Per source, each batch of messages and the cursor that follows it
are saved in one savepoint: a failure half way keeps the batches before it and the next read continues right
after them — no message skipped, none stored twice.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from django.db import transaction
from django.utils import timezone

from netjobs.maintenance.choices import ParseStatus
from netjobs.maintenance.ingest import process_notification, store_message
from netjobs.maintenance.models import Notification, NotificationSource
from netjobs.maintenance.reporting import Reporter
from netjobs.maintenance.sources import FetchError, fetcher_for

__all__ = ["BATCH_SIZE", "FetchTotals", "fetch_source", "reprocess"]

BATCH_SIZE = 25


@dataclass
class FetchTotals:
    fetched: int = 0
    stored: int = 0
    duplicates: int = 0
    parsed: int = 0
    not_parsed: int = 0
    failed_sources: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    def count(self, status: str) -> None:
        if status == ParseStatus.PARSED:
            self.parsed += 1
        else:
            self.not_parsed += 1


def fetch_source(
    source: NotificationSource, report: Reporter, totals: FetchTotals, *, limit: int | None = None
) -> bool:
    """Read what arrived in `source` since its cursor. False (and a logged failure) if it could not be read."""
    state = NotificationSource.objects.filter(pk=source.pk)
    stored = 0
    try:
        fetcher = fetcher_for(source, batch_size=BATCH_SIZE, limit=limit)
        for batch in fetcher.batches():
            with transaction.atomic():
                for message in batch.messages:
                    totals.fetched += 1
                    notification, created = store_message(message.raw, source, source_key=message.key)
                    if not created:
                        totals.duplicates += 1
                        continue
                    stored += 1
                    totals.stored += 1
                    totals.count(process_notification(notification, report).status)
                state.update(**batch.cursor)
        for notice in fetcher.notices:
            report.log_warning(obj=source, message=notice)
    except FetchError as exc:
        totals.failed_sources += 1
        state.update(last_error=str(exc))
        report.log_failure(obj=source, message=f"Could not read {source}: {exc} ({stored} new message(s) stored)")
        return False
    except Exception as exc:
        totals.failed_sources += 1
        state.update(last_error=f"{type(exc).__name__}: {exc}")
        report.log_failure(
            obj=source,
            message=f"Reading {source} stopped: {type(exc).__name__}: {exc} ({stored} new message(s) stored)\n\n"
            f"```\n{traceback.format_exc(limit=8)}```",
        )
        return False
    state.update(last_fetched=timezone.now(), last_error="")
    report.log_info(obj=source, message=f"{source}: {stored} new message(s)")
    return True


def reprocess(notifications: Iterable[Notification], report: Reporter, totals: FetchTotals) -> None:
    """Process stored notifications again (after a profile was added or the parser library upgraded)."""
    for notification in notifications:
        totals.count(process_notification(notification, report).status)
