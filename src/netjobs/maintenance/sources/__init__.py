"""Reading notification sources: each kind yields batches of messages, each with the cursor that follows it."""

from __future__ import annotations

from netjobs.maintenance.choices import SourceType
from netjobs.maintenance.models import NotificationSource
from netjobs.maintenance.sources.base import Batch, FetchedMessage, Fetcher, FetchError
from netjobs.maintenance.sources.imap import ImapFetcher
from netjobs.maintenance.sources.local import MaildirFetcher, MboxFetcher

__all__ = [
    "Batch",
    "FetchError",
    "FetchedMessage",
    "Fetcher",
    "ImapFetcher",
    "MaildirFetcher",
    "MboxFetcher",
    "fetcher_for",
]

_FETCHERS: dict[str, type[Fetcher]] = {
    SourceType.IMAP: ImapFetcher,
    SourceType.MAILDIR: MaildirFetcher,
    SourceType.MBOX: MboxFetcher,
}


def fetcher_for(source: NotificationSource, *, batch_size: int = 50, limit: int | None = None) -> Fetcher:
    """The fetcher for `source`'s kind. Raises FetchError for a kind that is not fetched (uploads)."""
    try:
        fetcher_class = _FETCHERS[source.source_type]
    except KeyError:
        raise FetchError(f"{source.get_source_type_display()} sources are not fetched") from None
    return fetcher_class(source, batch_size=batch_size, limit=limit)
