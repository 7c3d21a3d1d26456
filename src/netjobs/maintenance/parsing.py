"""The bridge to the circuit-maintenance-parser library: e-mail in, BCOP maintenances (or the parser's error) out.

The library is imported lazily: it pulls in numpy, timezone and geocoding data, which a web process that never
parses a message should not pay for at start-up.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.message
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "GENERIC_PARSER",
    "ParseError",
    "ParsedMaintenance",
    "combine_windows",
    "default_organizers",
    "parse_email",
    "parser_choices",
]

#: The library's generic provider: the iCalendar format of the maintnote BCOP.
GENERIC_PARSER = "genericprovider"


class ParseError(Exception):
    """The parser could not turn the message into a maintenance; the text is the parser's own explanation."""


@dataclass(frozen=True)
class ParsedMaintenance:
    """One maintenance as the parser read it (BCOP fields), with times as aware UTC datetimes."""

    maintenance_id: str
    status: str
    start: dt.datetime
    end: dt.datetime
    stamp: dt.datetime
    sequence: int
    summary: str
    account: str
    organizer: str
    uid: str
    provider: str
    circuits: tuple[tuple[str, str], ...]
    data: dict[str, Any] = field(default_factory=dict, compare=False)


def parser_choices() -> list[tuple[str, str]]:
    """(parser type, label) for every provider format the installed library knows, the generic one first."""
    from circuit_maintenance_parser import SUPPORTED_PROVIDERS

    others = sorted(
        (cls.get_provider_type(), cls.__name__)
        for cls in SUPPORTED_PROVIDERS
        if cls.get_provider_type() != GENERIC_PARSER
    )
    return [(GENERIC_PARSER, "Generic iCalendar (maintnote BCOP)"), *others]


def default_organizers() -> dict[str, str]:
    """Sender address → parser type, for the addresses the library knows each provider mails from."""
    from circuit_maintenance_parser import SUPPORTED_PROVIDERS

    organizers: dict[str, str] = {}
    for cls in SUPPORTED_PROVIDERS:
        address = cls.get_default_organizer().lower().removeprefix("mailto:")
        if "@" in address:
            organizers.setdefault(address, cls.get_provider_type())
    return organizers


def _utc(timestamp: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(timestamp, tz=dt.UTC)


def _missing_headers(message: email.message.Message) -> list[str]:
    return [name for name in ("Subject", "Date") if message.get(name) is None]


def parse_email(message: email.message.Message, parser_type: str) -> list[ParsedMaintenance]:
    """The maintenances in `message` according to the `parser_type` provider format.

    An empty list means the provider's filters say this is not a maintenance notification. Raises ParseError
    with the parser's explanation otherwise.
    """
    from circuit_maintenance_parser import NotificationData, ProviderError, init_provider

    provider = init_provider(parser_type)
    if provider is None:
        raise ParseError(f"circuit-maintenance-parser has no parser type {parser_type!r}")
    if missing := _missing_headers(message):
        raise ParseError(f"The message has no {' or '.join(missing)} header, which every parser needs.")
    data = NotificationData.init_from_emailmessage(message)
    if data is None:
        raise ParseError("The message's MIME parts could not be read.")
    try:
        maintenances = provider.get_maintenances(data)
    except ProviderError as exc:
        raise ParseError(str(exc).strip()) from exc
    except Exception as exc:  # a bug in one provider's parser must not stop the others
        raise ParseError(f"{type(exc).__name__} in the {parser_type} parser: {exc}") from exc
    return [_convert(item) for item in maintenances]


def _convert(item: Any) -> ParsedMaintenance:
    data = item.model_dump(mode="json")
    data["metadata"] = item.metadata.model_dump(mode="json")
    return ParsedMaintenance(
        maintenance_id=item.maintenance_id,
        status=data["status"],
        start=_utc(item.start),
        end=_utc(item.end),
        stamp=_utc(item.stamp),
        sequence=item.sequence,
        summary=item.summary,
        account=item.account,
        organizer=item.organizer,
        uid=item.uid,
        provider=item.provider,
        circuits=tuple((c["circuit_id"], c["impact"]) for c in data["circuits"]),
        data=data,
    )


def combine_windows(maintenances: list[ParsedMaintenance]) -> list[ParsedMaintenance]:
    """One entry per maintenance id: some providers announce one maintenance with several windows.

    The combined window runs from the first start to the last end, so that nothing is missed when checking for
    overlaps; the individual windows stay in `data["windows"]`.
    """
    by_id: dict[str, list[ParsedMaintenance]] = {}
    for item in maintenances:
        by_id.setdefault(item.maintenance_id, []).append(item)
    combined: list[ParsedMaintenance] = []
    for items in by_id.values():
        if len(items) == 1:
            combined.append(items[0])
            continue
        first = items[0]
        circuits = dict.fromkeys(circuit for item in items for circuit in item.circuits)
        data = {
            **first.data,
            "windows": [[item.data["start"], item.data["end"]] for item in items],
            "start": min(item.data["start"] for item in items),
            "end": max(item.data["end"] for item in items),
            "circuits": [{"circuit_id": cid, "impact": impact} for cid, impact in circuits],
        }
        combined.append(
            dataclasses.replace(
                first,
                start=min(item.start for item in items),
                end=max(item.end for item in items),
                circuits=tuple(circuits),
                data=data,
            )
        )
    return combined
