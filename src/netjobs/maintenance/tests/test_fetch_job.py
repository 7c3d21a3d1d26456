"""The Handle Circuit Maintenance Notifications job on local sources, run through submit() and the runner."""

from __future__ import annotations

import mailbox
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from netjobs.apps.jobs import JobResultStatus, LogLevel
from netjobs.jobs.models import JobResult
from netjobs.maintenance import ingest
from netjobs.maintenance.choices import MaintenanceStatus, ParseStatus
from netjobs.maintenance.jobs import HandleCircuitMaintenanceNotifications
from netjobs.maintenance.models import CircuitMaintenance, Notification, NotificationSource, ProviderMaintenanceProfile
from netjobs.maintenance.tests.conftest import FETCH_JOB, JOB_DATABASES, Inventory, email_bytes, log_lines

pytestmark = pytest.mark.django_db(transaction=True, databases=JOB_DATABASES)

ALL_SAMPLES = [
    "bcop_confirmed_multipart.eml",
    "zayo_planned.eml",
    "equinix_scheduled.eml",
    "aws_direct_connect.eml",
    "wrong_sender.eml",
    "garbage_known_sender.eml",
    "garbage.eml",
    "zayo_newsletter.eml",
]

RunJob = Callable[..., JobResult]


def test_every_input_has_a_default_so_the_job_can_be_scheduled(run_job: RunJob) -> None:
    variables = HandleCircuitMaintenanceNotifications.variables.values()
    assert all(not var.required or var.default is not None for var in variables)
    assert run_job(FETCH_JOB, {}).status == JobResultStatus.COMPLETED


def test_a_run_stores_every_message_and_tracks_the_parsed_maintenances(
    inventory: Inventory, maildir: Any, maildir_source: NotificationSource, run_job: RunJob
) -> None:
    maildir(*ALL_SAMPLES)
    result = run_job(FETCH_JOB)

    assert result.status == JobResultStatus.COMPLETED, log_lines(result)
    assert result.result["stored"] == 8
    statuses = dict(Notification.objects.values_list("subject", "parse_status"))
    assert sorted(statuses.values()) == sorted(
        [ParseStatus.PARSED] * 4 + [ParseStatus.UNKNOWN_SENDER] * 2 + [ParseStatus.FAILED, ParseStatus.IGNORED]
    )
    assert CircuitMaintenance.objects.count() == 4
    warnings = log_lines(result, LogLevel.WARNING)
    assert any("TLA-999999 of Arelion" in line and "not in the inventory" in line for line in warnings)
    assert any("Could not parse" in line and "None of the supported parsers" in line for line in warnings)
    assert any("jane.doe@partner.example" in line for line in warnings)
    source = NotificationSource.objects.get(pk=maildir_source.pk)
    assert source.last_key.startswith("1900000008.")
    assert source.last_fetched is not None and source.last_error == ""
    # The warning about an unknown circuit links the maintenance it belongs to.
    entry = result.logs.get(message__contains="TLA-999999")
    assert entry.object_id == str(CircuitMaintenance.objects.get(name="PWIC-4711").pk)


def test_a_second_run_reads_only_what_arrived_since(
    inventory: Inventory, maildir: Any, maildir_source: NotificationSource, run_job: RunJob
) -> None:
    maildir("bcop_confirmed_multipart.eml", "zayo_planned.eml")
    assert run_job(FETCH_JOB).result["stored"] == 2
    assert run_job(FETCH_JOB).result["fetched"] == 0, "nothing new: nothing read again"

    maildir("bcop_rescheduled.eml", "bcop_cancelled.eml")
    second = run_job(FETCH_JOB)
    assert (second.result["fetched"], second.result["stored"]) == (2, 2)
    assert Notification.objects.count() == 4
    maintenance = CircuitMaintenance.objects.get(name="PWIC-4711")
    assert maintenance.status == MaintenanceStatus.CANCELLED
    assert maintenance.parsed_notifications.count() == 3


def test_a_reset_cursor_reads_everything_again_without_storing_duplicates(
    inventory: Inventory, maildir: Any, maildir_source: NotificationSource, run_job: RunJob
) -> None:
    maildir("bcop_confirmed_multipart.eml", "zayo_planned.eml")
    run_job(FETCH_JOB)
    NotificationSource.objects.filter(pk=maildir_source.pk).update(last_key="")
    again = run_job(FETCH_JOB)
    assert (again.result["fetched"], again.result["duplicates"], again.result["stored"]) == (2, 2, 0)
    assert Notification.objects.count() == 2


def test_a_run_failing_half_way_keeps_the_batches_before_and_the_next_run_continues(
    inventory: Inventory,
    maildir: Any,
    maildir_source: NotificationSource,
    run_job: RunJob,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    samples = ["bcop_confirmed_multipart.eml", "zayo_planned.eml", "equinix_scheduled.eml", "aws_direct_connect.eml"]
    maildir(*samples)
    monkeypatch.setattr("netjobs.maintenance.fetch.BATCH_SIZE", 2)
    real_process = ingest.process_notification
    calls = []

    def crash_on_the_third(notification: Notification, report: Any) -> Any:
        calls.append(notification.subject)
        if len(calls) == 3:
            raise RuntimeError("database went away")
        return real_process(notification, report)

    monkeypatch.setattr("netjobs.maintenance.fetch.process_notification", crash_on_the_third)
    failed = run_job(FETCH_JOB)
    assert failed.status == JobResultStatus.FAILED
    assert "database went away" in log_lines(failed, LogLevel.FAILURE)[0]
    # The first batch (two messages) and its cursor were kept together; the failed batch left nothing.
    assert Notification.objects.count() == 2
    source = NotificationSource.objects.get(pk=maildir_source.pk)
    assert source.last_key.startswith("1900000002.")
    assert "database went away" in source.last_error

    monkeypatch.setattr("netjobs.maintenance.fetch.process_notification", real_process)
    resumed = run_job(FETCH_JOB)
    assert resumed.status == JobResultStatus.COMPLETED
    assert (resumed.result["fetched"], resumed.result["stored"]) == (2, 2)
    assert Notification.objects.count() == 4
    assert Notification.objects.filter(parse_status=ParseStatus.PARSED).count() == 4


def test_max_messages_caps_a_run_and_the_next_run_reads_on(
    inventory: Inventory, maildir: Any, maildir_source: NotificationSource, run_job: RunJob
) -> None:
    maildir("bcop_confirmed_multipart.eml", "zayo_planned.eml", "equinix_scheduled.eml")
    assert run_job(FETCH_JOB, {"max_messages": 2}).result["stored"] == 2
    assert run_job(FETCH_JOB, {"max_messages": 2}).result["stored"] == 1


def test_an_unreadable_source_is_a_failure_and_the_other_sources_are_still_read(
    inventory: Inventory, maildir: Any, maildir_source: NotificationSource, run_job: RunJob, tmp_path: Path
) -> None:
    NotificationSource(name="Gone", source_type="maildir", path=str(tmp_path / "missing")).validated_save()
    maildir("zayo_planned.eml")
    result = run_job(FETCH_JOB)
    assert result.status == JobResultStatus.FAILED
    [failure] = log_lines(result, LogLevel.FAILURE)
    assert "Could not read Gone" in failure and "is not a Maildir folder" in failure
    assert NotificationSource.objects.get(name="Gone").last_error.endswith("is not a Maildir folder (no cur/ and new/)")
    assert Notification.objects.count() == 1


def test_an_mbox_source_is_read_incrementally(inventory: Inventory, tmp_path: Path, run_job: RunJob) -> None:
    path = tmp_path / "noc.mbox"
    box = mailbox.mbox(path)
    box.add(email_bytes("bcop_confirmed_multipart.eml"))
    box.flush()
    NotificationSource(name="mbox", source_type="mbox", path=str(path)).validated_save()
    assert run_job(FETCH_JOB).result["stored"] == 1
    box.add(email_bytes("bcop_rescheduled.eml"))
    box.add(email_bytes("equinix_scheduled.eml"))
    box.flush()
    second = run_job(FETCH_JOB)
    assert (second.result["fetched"], second.result["stored"]) == (2, 2)
    assert NotificationSource.objects.get(name="mbox").last_key == "3"
    assert CircuitMaintenance.objects.get(name="PWIC-4711").status == MaintenanceStatus.RE_SCHEDULED


def test_reprocess_parses_kept_messages_once_their_sender_is_configured(
    inventory: Inventory, maildir: Any, maildir_source: NotificationSource, run_job: RunJob
) -> None:
    ProviderMaintenanceProfile.objects.filter(provider__name="Equinix").delete()
    maildir("equinix_scheduled.eml")
    run_job(FETCH_JOB)
    assert Notification.objects.get().parse_status == ParseStatus.UNKNOWN_SENDER
    ProviderMaintenanceProfile(
        provider=inventory.providers["Equinix"], parser_type="equinix", sender_addresses="@equinix.com"
    ).validated_save()
    result = run_job(FETCH_JOB, {"reprocess": True})
    assert result.result["parsed"] == 1
    assert Notification.objects.get().parse_status == ParseStatus.PARSED
    assert CircuitMaintenance.objects.get().name == "CHG0231456"


def test_only_the_chosen_sources_are_read(
    inventory: Inventory, maildir: Any, maildir_source: NotificationSource, run_job: RunJob, tmp_path: Path
) -> None:
    other = NotificationSource(name="Gone", source_type="maildir", path=str(tmp_path / "missing"))
    other.validated_save()
    maildir("zayo_planned.eml")
    result = run_job(FETCH_JOB, {"sources": [maildir_source.pk]})
    assert result.status == JobResultStatus.COMPLETED
    assert result.result["stored"] == 1


def test_a_dry_run_stores_nothing_and_moves_no_cursor(
    inventory: Inventory, maildir: Any, maildir_source: NotificationSource, run_job: RunJob
) -> None:
    maildir("zayo_planned.eml")
    result = run_job(FETCH_JOB, commit=False)
    assert result.result["stored"] == 1
    assert not Notification.objects.exists()
    assert NotificationSource.objects.get(pk=maildir_source.pk).last_key == ""
