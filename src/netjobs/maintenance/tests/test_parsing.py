"""The sample e-mails through circuit-maintenance-parser: each provider format gives the BCOP fields expected."""

from __future__ import annotations

import email
from email import policy

import pytest

from netjobs.maintenance.parsing import (
    GENERIC_PARSER,
    ParsedMaintenance,
    ParseError,
    combine_windows,
    default_organizers,
    parse_email,
    parser_choices,
)
from netjobs.maintenance.tests.conftest import email_bytes, utc


def parse(name: str, parser_type: str) -> list[ParsedMaintenance]:
    return parse_email(email.message_from_bytes(email_bytes(name), policy=policy.compat32), parser_type)


def test_the_bcop_icalendar_attachment_of_a_nested_multipart_message_is_parsed() -> None:
    [maintenance] = parse("bcop_confirmed_multipart.eml", GENERIC_PARSER)
    assert maintenance.maintenance_id == "PWIC-4711"
    assert maintenance.status == "CONFIRMED"
    assert (maintenance.start, maintenance.end) == (utc(2030, 3, 12, 23), utc(2030, 3, 13, 5))
    assert maintenance.stamp == utc(2030, 2, 20, 10, 15)
    assert maintenance.sequence == 0
    assert maintenance.account == "ACME-4711"
    assert maintenance.circuits == (
        ("TLA-100234", "OUTAGE"),
        ("TLA-100871", "REDUCED-REDUNDANCY"),
        ("TLA-999999", "OUTAGE"),
    )
    assert maintenance.data["metadata"]["parsers"] == ["ICal"]


def test_a_cancelled_bcop_notification_may_list_no_circuits() -> None:
    [maintenance] = parse("bcop_cancelled.eml", GENERIC_PARSER)
    assert (maintenance.status, maintenance.sequence, maintenance.circuits) == ("CANCELLED", 2, ())


def test_the_zayo_html_format_is_parsed_with_per_circuit_impact() -> None:
    [maintenance] = parse("zayo_planned.eml", "zayo")
    assert maintenance.maintenance_id == "TTN-0004567890"
    assert maintenance.status == "CONFIRMED"
    assert (maintenance.start, maintenance.end) == (utc(2030, 2, 3, 23, 1), utc(2030, 2, 4, 5))
    assert maintenance.account == "Acme Networks"
    assert maintenance.circuits == (("OGYX/204512//ZYO", "OUTAGE"), ("OGYX/204513//ZYO", "NO-IMPACT"))


def test_the_equinix_html_format_is_parsed_with_its_subject() -> None:
    [maintenance] = parse("equinix_scheduled.eml", "equinix")
    assert maintenance.maintenance_id == "CHG0231456"
    assert (maintenance.start, maintenance.end) == (utc(2030, 3, 10, 22), utc(2030, 3, 11, 4))
    assert maintenance.circuits == (("21004512-A", "REDUCED-REDUNDANCY"), ("21004513-A", "REDUCED-REDUNDANCY"))


def test_the_aws_text_format_is_parsed_and_gets_a_generated_maintenance_id() -> None:
    [maintenance] = parse("aws_direct_connect.eml", "aws")
    assert maintenance.account == "210987654321"
    assert (maintenance.start, maintenance.end) == (utc(2030, 3, 17, 1), utc(2030, 3, 17, 5))
    assert [cid for cid, _ in maintenance.circuits] == ["dxcon-fgk4m2p7", "dxvif-fh3q8r1z"]
    assert len(maintenance.maintenance_id) == 64  # AWS sends no id: the library hashes circuits and window


def test_a_message_without_a_calendar_gives_the_generic_parser_s_error() -> None:
    with pytest.raises(ParseError, match="None of the supported parsers"):
        parse("garbage_known_sender.eml", GENERIC_PARSER)


def test_a_provider_format_that_does_not_match_gives_the_parser_s_error() -> None:
    with pytest.raises(ParseError, match="Failed creating Maintenance notification for AWS") as error:
        parse("bcop_confirmed_multipart.eml", "aws")
    assert "Processor CombinedProcessor from AWS failed" in str(error.value)


def test_binary_garbage_is_a_parse_error_not_a_crash() -> None:
    with pytest.raises(ParseError, match="no Subject or Date header"):
        parse("garbage.eml", GENERIC_PARSER)


def test_a_message_the_provider_filters_out_is_no_maintenance() -> None:
    assert parse("zayo_newsletter.eml", "zayo") == []


def test_an_unknown_parser_type_is_an_error() -> None:
    with pytest.raises(ParseError, match="no parser type 'nope'"):
        parse("bcop_cancelled.eml", "nope")


def test_parser_choices_offer_the_generic_format_first_and_the_provider_formats() -> None:
    choices = dict(parser_choices())
    assert next(iter(choices)) == GENERIC_PARSER
    assert {"zayo", "equinix", "aws", "lumen"} <= choices.keys()
    assert default_organizers()["mr@zayo.com"] == "zayo"


def test_several_windows_of_one_maintenance_are_combined() -> None:
    [one] = parse("bcop_rescheduled.eml", GENERIC_PARSER)
    earlier = ParsedMaintenance(**{**one.__dict__, "start": utc(2030, 3, 1), "end": utc(2030, 3, 1, 2)})
    [combined] = combine_windows([earlier, one])
    assert (combined.start, combined.end) == (utc(2030, 3, 1), one.end)
    assert len(combined.data["windows"]) == 2
