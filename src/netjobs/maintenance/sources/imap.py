"""IMAP mailboxes: messages with a UID above the last one read, in UID order, fetched without marking them read.

UIDs only grow within one UIDVALIDITY. When the server changes UIDVALIDITY (folder re-created, server moved)
the old UIDs mean nothing: the folder is read again from the start and messages already stored are recognised
by their Message-ID.
"""

from __future__ import annotations

import imaplib
import re
import ssl
from collections.abc import Iterator

from netjobs.maintenance.choices import ImapSecurity
from netjobs.maintenance.secrets import SecretError, resolve_secret
from netjobs.maintenance.sources.base import Batch, FetchedMessage, Fetcher, FetchError

__all__ = ["ImapFetcher", "quote_mailbox"]

TIMEOUT_S = 30.0
_FETCH_UID = re.compile(rb"\bUID (\d+)\b")


def quote_mailbox(name: str) -> str:
    """A folder name as an IMAP quoted string (imaplib sends names as given, so "Provider NOC" needs quotes)."""
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _check(response: tuple[str, list], what: str) -> list:
    status, data = response
    if status != "OK":
        detail = b" ".join(part for part in data if isinstance(part, bytes)).decode(errors="replace")
        raise FetchError(f"{what} failed: {detail or status}")
    return data


class ImapFetcher(Fetcher):
    def _tls_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if not self.source.verify_tls:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context

    def connect(self) -> imaplib.IMAP4:
        """A logged-in connection. Raises FetchError with the reason (never with the password)."""
        source = self.source
        try:
            password = resolve_secret(source.secret_ref)
        except SecretError as exc:
            raise FetchError(f"password of {source.account}: {exc}") from None
        host, port = source.host, source.effective_port()
        try:
            if source.security == ImapSecurity.SSL:
                connection: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                    host, port, ssl_context=self._tls_context(), timeout=TIMEOUT_S
                )
            else:
                connection = imaplib.IMAP4(host, port, timeout=TIMEOUT_S)
                if source.security == ImapSecurity.STARTTLS:
                    connection.starttls(ssl_context=self._tls_context())
        except (OSError, imaplib.IMAP4.error) as exc:
            raise FetchError(f"cannot connect to {host}:{port}: {exc}") from exc
        try:
            connection.login(source.account, password)
        except imaplib.IMAP4.error as exc:
            _logout(connection)
            raise FetchError(f"login as {source.account} on {host}:{port} refused: {_text(exc)}") from None
        return connection

    def batches(self) -> Iterator[Batch]:
        connection = self.connect()
        try:
            yield from self._read(connection)
        except (OSError, imaplib.IMAP4.error) as exc:
            raise FetchError(f"{self.source.host}: {_text(exc)}") from exc
        finally:
            _logout(connection)

    def _read(self, connection: imaplib.IMAP4) -> Iterator[Batch]:
        source = self.source
        _check(connection.select(quote_mailbox(source.folder), readonly=True), f"opening folder {source.folder}")
        _, values = connection.response("UIDVALIDITY")  # untagged data of SELECT: (name, [value])
        if not values or values[-1] is None:
            raise FetchError(f"the server sent no UIDVALIDITY for {source.folder}")
        uidvalidity = int(values[-1])
        last_uid = source.imap_last_uid or 0
        if source.imap_uidvalidity is not None and source.imap_uidvalidity != uidvalidity:
            self.notices.append(
                f"UIDVALIDITY of {source.folder} changed ({source.imap_uidvalidity} → {uidvalidity}): reading the "
                "folder again; messages already stored are skipped"
            )
            last_uid = 0
        # "n:*" always matches the highest UID, even below n: filter on our side.
        found = _check(connection.uid("SEARCH", None, f"UID {last_uid + 1}:*"), "UID SEARCH")
        uids = sorted(uid for uid in (int(part) for part in (found[0] or b"").split()) if uid > last_uid)
        if not uids and source.imap_uidvalidity != uidvalidity:
            yield Batch([], {"imap_uidvalidity": uidvalidity, "imap_last_uid": last_uid})
            return
        for chunk in self._chunks(uids):
            data = _check(connection.uid("FETCH", ",".join(map(str, chunk)), "(UID BODY.PEEK[])"), "UID FETCH")
            by_uid = _fetched(data)
            messages = [FetchedMessage(by_uid[uid], f"{uidvalidity}:{uid}") for uid in chunk if uid in by_uid]
            yield Batch(messages, {"imap_uidvalidity": uidvalidity, "imap_last_uid": chunk[-1]})


def _fetched(data: list) -> dict[int, bytes]:
    """UID → message from a UID FETCH response; messages expunged in the meantime are simply absent.

    Servers put the UID before the literal (`1 (UID 7 BODY[] {n}`) or after it (`)` element ` UID 7)`).
    """
    messages: dict[int, bytes] = {}
    for index, item in enumerate(data):
        if not (isinstance(item, tuple) and len(item) == 2):
            continue
        match = _FETCH_UID.search(item[0])
        if match is None and index + 1 < len(data) and isinstance(data[index + 1], bytes):
            match = _FETCH_UID.search(data[index + 1])
        if match is not None:
            messages[int(match[1])] = item[1]
    return messages


def _text(exc: BaseException) -> str:
    arg = exc.args[0] if exc.args else exc
    return arg.decode(errors="replace") if isinstance(arg, bytes) else str(arg)


def _logout(connection: imaplib.IMAP4) -> None:
    try:
        connection.logout()
    except (OSError, imaplib.IMAP4.error):
        pass
