"""Local mail stores: a Maildir folder (cursor: the last key read) and an mbox file (cursor: messages read).

Both are opened read-only and never modified or locked: the mail system delivering into them stays in charge.
"""

from __future__ import annotations

import mailbox
import re
from collections.abc import Iterator
from pathlib import Path

from netjobs.maintenance.sources.base import Batch, FetchedMessage, Fetcher, FetchError

__all__ = ["MaildirFetcher", "MboxFetcher", "maildir_order"]

_LEADING_TIME = re.compile(r"^(\d+)(?:\.(\d+))?")


def maildir_order(key: str) -> tuple[int, int, str]:
    """Sort key of a Maildir key: delivery time first (keys start with the epoch seconds), then the name."""
    match = _LEADING_TIME.match(key)
    if not match:
        return (0, 0, key)
    return (int(match[1]), int(match[2] or 0), key)


class MaildirFetcher(Fetcher):
    """New and current messages of a Maildir whose key sorts after the last one read.

    Keys begin with the delivery time, so "after the last key" is "delivered later". A message moved in from
    another folder keeps its old key and is not seen: reset the source's cursor to re-read the folder
    (messages already stored are recognised by their Message-ID and skipped).
    """

    def batches(self) -> Iterator[Batch]:
        path = Path(self.source.path)
        if not (path / "cur").is_dir() or not (path / "new").is_dir():
            raise FetchError(f"{path} is not a Maildir folder (no cur/ and new/)")
        box = mailbox.Maildir(str(path), factory=None, create=False)
        try:
            keys = sorted(box.keys(), key=maildir_order)
        except OSError as exc:
            raise FetchError(f"cannot list {path}: {exc}") from exc
        last = self.source.last_key
        if last:
            after = maildir_order(last)
            keys = [key for key in keys if maildir_order(key) > after]
        for chunk in self._chunks(keys):
            messages = []
            for key in chunk:
                try:
                    messages.append(FetchedMessage(box.get_bytes(key), key))
                except KeyError:  # removed (or moved) since it was listed
                    continue
            yield Batch(messages, {"last_key": chunk[-1]})


class MboxFetcher(Fetcher):
    """Messages of an mbox file after the first `last_key` (a count); a file that shrank is read again."""

    def batches(self) -> Iterator[Batch]:
        path = Path(self.source.path)
        if not path.is_file():
            raise FetchError(f"{path} is not a file")
        box = mailbox.mbox(str(path), factory=None, create=False)
        try:
            keys = list(box.keys())
        except OSError as exc:
            raise FetchError(f"cannot read {path}: {exc}") from exc
        done = int(self.source.last_key) if self.source.last_key.isdigit() else 0
        if done > len(keys):
            self.notices.append(
                f"{path} has {len(keys)} messages but {done} were read before: the file was rewritten, reading it again"
            )
            done = 0
        position = done
        for chunk in self._chunks(keys[done:]):
            messages = [FetchedMessage(box.get_bytes(key), str(key)) for key in chunk]
            position += len(chunk)
            yield Batch(messages, {"last_key": str(position)})
