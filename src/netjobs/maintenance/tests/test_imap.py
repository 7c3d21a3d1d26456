"""Integration: the fetch job against a real Dovecot IMAP server on loopback (started by scripts/start-imap).

Marked slow. Skipped, saying why, only when dovecot-imapd cannot be installed on this machine.
"""

from __future__ import annotations

import imaplib
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import netjobs
from netjobs.apps.jobs import JobResultStatus, LogLevel
from netjobs.jobs.models import JobResult
from netjobs.maintenance.choices import ImapSecurity, MaintenanceStatus, ParseStatus
from netjobs.maintenance.models import CircuitMaintenance, Notification, NotificationSource
from netjobs.maintenance.sources.imap import quote_mailbox
from netjobs.maintenance.tests.conftest import FETCH_JOB, JOB_DATABASES, Inventory, email_bytes, log_lines

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, databases=JOB_DATABASES)]

START_IMAP = Path(netjobs.__file__).resolve().parents[2] / "scripts" / "start-imap"
SECRET_ENV = "NETJOBS_TEST_IMAP_SECRET"
RunJob = Callable[..., JobResult]


@pytest.fixture(scope="session")
def imap_server() -> dict[str, str]:
    """The server's settings; installs and starts it on first use (the script is idempotent)."""
    if not START_IMAP.exists():
        pytest.skip(f"{START_IMAP} is not here (not a source checkout)")
    done = subprocess.run([str(START_IMAP)], capture_output=True, text=True, timeout=600, check=False)
    if done.returncode == 2:
        pytest.skip(f"dovecot-imapd cannot be installed here: {done.stderr.strip()}")
    assert done.returncode == 0, f"scripts/start-imap failed:\n{done.stderr}"
    return dict(line.split("=", 1) for line in done.stdout.split() if "=" in line)


def connect(server: dict[str, str]) -> imaplib.IMAP4:
    connection = imaplib.IMAP4(server["NETJOBS_TEST_IMAP_HOST"], int(server["NETJOBS_TEST_IMAP_PORT"]), timeout=10)
    connection.login(server["NETJOBS_TEST_IMAP_USER"], server["NETJOBS_TEST_IMAP_PASSWORD"])
    return connection


@pytest.fixture
def folder(imap_server: dict[str, str]) -> Iterator[str]:
    """A fresh folder (with a space in its name, as real ones have) on the test account; deleted afterwards."""
    name = f"Provider Notices {uuid.uuid4().hex[:8]}"
    connection = connect(imap_server)
    assert connection.create(quote_mailbox(name))[0] == "OK"
    connection.logout()
    yield name
    connection = connect(imap_server)
    connection.delete(quote_mailbox(name))
    connection.logout()


def deliver(server: dict[str, str], folder: str, *samples: str) -> None:
    connection = connect(server)
    for sample in samples:
        status, _ = connection.append(quote_mailbox(folder), None, None, email_bytes(sample))
        assert status == "OK"
    connection.logout()


def imap_source(
    server: dict[str, str], folder: str, monkeypatch: pytest.MonkeyPatch, *, security: str = ImapSecurity.STARTTLS
) -> NotificationSource:
    monkeypatch.setenv(SECRET_ENV, server["NETJOBS_TEST_IMAP_PASSWORD"])
    port = server["NETJOBS_TEST_IMAPS_PORT" if security == ImapSecurity.SSL else "NETJOBS_TEST_IMAP_PORT"]
    source = NotificationSource(
        name=f"IMAP {security}",
        source_type="imap",
        host=server["NETJOBS_TEST_IMAP_HOST"],
        port=int(port),
        security=security,
        verify_tls=False,  # the script's certificate is self-signed
        account=server["NETJOBS_TEST_IMAP_USER"],
        secret_ref=f"env:{SECRET_ENV}",
        folder=folder,
    )
    source.validated_save()
    return source


def test_messages_are_fetched_incrementally_across_two_runs(
    imap_server: dict[str, str], folder: str, inventory: Inventory, run_job: RunJob, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = imap_source(imap_server, folder, monkeypatch)
    deliver(imap_server, folder, "bcop_confirmed_multipart.eml", "zayo_planned.eml", "garbage.eml")

    first = run_job(FETCH_JOB)
    assert first.status == JobResultStatus.COMPLETED, log_lines(first)
    assert (first.result["fetched"], first.result["stored"]) == (3, 3)
    source.refresh_from_db()
    assert source.imap_last_uid == 3 and source.imap_uidvalidity is not None
    assert Notification.objects.get(sender="mr@zayo.com").source_key == f"{source.imap_uidvalidity}:2"

    deliver(imap_server, folder, "bcop_rescheduled.eml", "equinix_scheduled.eml")
    second = run_job(FETCH_JOB)
    assert (second.result["fetched"], second.result["stored"], second.result["duplicates"]) == (2, 2, 0)
    assert run_job(FETCH_JOB).result["fetched"] == 0

    assert Notification.objects.count() == 5
    assert Notification.objects.filter(parse_status=ParseStatus.PARSED).count() == 4
    assert CircuitMaintenance.objects.get(name="PWIC-4711").status == MaintenanceStatus.RE_SCHEDULED
    # Fetched with BODY.PEEK: the mailbox is left as it was, nothing marked read.
    connection = connect(imap_server)
    connection.select(quote_mailbox(folder), readonly=True)
    _, flags = connection.uid("FETCH", "1:*", "(FLAGS)")
    connection.logout()
    assert not any(b"\\Seen" in line for line in flags)


def test_implicit_tls_and_plain_loopback_connections_work(
    imap_server: dict[str, str], folder: str, inventory: Inventory, run_job: RunJob, monkeypatch: pytest.MonkeyPatch
) -> None:
    imap_source(imap_server, folder, monkeypatch, security=ImapSecurity.SSL)
    imap_source(imap_server, folder, monkeypatch, security=ImapSecurity.NONE)
    deliver(imap_server, folder, "aws_direct_connect.eml")
    result = run_job(FETCH_JOB)
    assert result.status == JobResultStatus.COMPLETED, log_lines(result)
    assert Notification.objects.count() == 2  # one per source
    assert Notification.objects.filter(parse_status=ParseStatus.DUPLICATE).count() == 1


def test_a_certificate_that_does_not_verify_is_refused(
    imap_server: dict[str, str], folder: str, inventory: Inventory, run_job: RunJob, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = imap_source(imap_server, folder, monkeypatch, security=ImapSecurity.SSL)
    NotificationSource.objects.filter(pk=source.pk).update(verify_tls=True)
    result = run_job(FETCH_JOB)
    assert result.status == JobResultStatus.FAILED
    assert "CERTIFICATE_VERIFY_FAILED" in log_lines(result, LogLevel.FAILURE)[0]


def test_a_wrong_password_is_a_failure_that_does_not_show_the_password(
    imap_server: dict[str, str], folder: str, inventory: Inventory, run_job: RunJob, monkeypatch: pytest.MonkeyPatch
) -> None:
    imap_source(imap_server, folder, monkeypatch)
    monkeypatch.setenv(SECRET_ENV, "not-the-password")
    result = run_job(FETCH_JOB)
    assert result.status == JobResultStatus.FAILED
    [failure] = log_lines(result, LogLevel.FAILURE)
    assert "login as netjobs" in failure and "refused" in failure
    assert "not-the-password" not in failure


def test_an_unset_password_variable_is_reported_by_name(
    imap_server: dict[str, str], folder: str, inventory: Inventory, run_job: RunJob, monkeypatch: pytest.MonkeyPatch
) -> None:
    imap_source(imap_server, folder, monkeypatch)
    monkeypatch.delenv(SECRET_ENV)
    result = run_job(FETCH_JOB)
    assert f"environment variable {SECRET_ENV} is not set" in log_lines(result, LogLevel.FAILURE)[0]


def test_a_recreated_folder_is_read_again_without_storing_duplicates(
    imap_server: dict[str, str], folder: str, inventory: Inventory, run_job: RunJob, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = imap_source(imap_server, folder, monkeypatch)
    deliver(imap_server, folder, "bcop_confirmed_multipart.eml", "zayo_planned.eml")
    run_job(FETCH_JOB)
    old_validity = NotificationSource.objects.get(pk=source.pk).imap_uidvalidity

    connection = connect(imap_server)
    connection.delete(quote_mailbox(folder))
    connection.create(quote_mailbox(folder))
    connection.logout()
    deliver(imap_server, folder, "bcop_confirmed_multipart.eml", "zayo_planned.eml", "equinix_scheduled.eml")

    result = run_job(FETCH_JOB)
    assert (result.result["fetched"], result.result["duplicates"], result.result["stored"]) == (3, 2, 1)
    assert any("UIDVALIDITY" in line for line in log_lines(result, LogLevel.WARNING))
    source.refresh_from_db()
    assert source.imap_uidvalidity != old_validity and source.imap_last_uid == 3
