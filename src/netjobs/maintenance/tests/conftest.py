"""Fixtures of the maintenance tests: a small inventory with four providers, their profiles, and e-mail samples."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from netjobs.apps.circuits import Circuit, CircuitTermination, CircuitType, Provider
from netjobs.jobs.models import JobResult
from netjobs.jobs.runner import execute
from netjobs.jobs.submit import submit
from netjobs.maintenance.models import NotificationSource, ProviderMaintenanceProfile
from netjobs.testing.inventory import make_site, status

EMAILS = Path(__file__).parent / "emails"
FETCH_JOB = "app/netjobs.maintenance.jobs/HandleCircuitMaintenanceNotifications"
OVERLAP_JOB = "app/netjobs.maintenance.jobs/CircuitMaintenanceOverlap"
JOB_DATABASES = ["default", "jobs"]

# provider: (parser type, sender addresses, circuits as (cid, A side, Z side))
PROVIDERS: dict[str, tuple[str, str, list[tuple[str, str, str | None]]]] = {
    "Arelion": (
        "genericprovider",
        "ncm@arelion.com",
        [("TLA-100234", "AMS01", None), ("TLA-100871", "AMS01", "FRA01")],
    ),
    "Zayo": ("zayo", "@zayo.com", [("OGYX/204512//ZYO", "FRA01", None), ("OGYX/204513//ZYO", "FRA01", "AMS01")]),
    "Equinix": ("equinix", "servicedesk@equinix.com", [("21004512-A", "FRA01", None), ("21004513-A", "NYC01", None)]),
    "AWS": ("aws", "aws-account-notifications@amazon.com", [("dxcon-fgk4m2p7", "FRA01", None)]),
}


def email_bytes(name: str) -> bytes:
    return (EMAILS / name).read_bytes()


@dataclass
class Inventory:
    sites: dict[str, Any]
    providers: dict[str, Provider]
    circuits: dict[str, Circuit]

    def add_circuit(self, provider: str, cid: str, *sites: str) -> Circuit:
        circuit = Circuit(
            cid=cid,
            provider=self.providers[provider],
            circuit_type=CircuitType.objects.get(slug="transit"),
            status=status(),
        )
        circuit.validated_save()
        for side, site in zip("AZ", sites, strict=False):
            CircuitTermination(circuit=circuit, term_side=side, location=self.sites[site]).validated_save()
        self.circuits[cid] = circuit
        return circuit


@pytest.fixture
def inventory(db: Any) -> Inventory:
    """Three sites; Arelion (BCOP), Zayo, Equinix and AWS with circuits and maintenance profiles."""
    sites = {name: make_site(name) for name in ("AMS01", "FRA01", "NYC01")}
    CircuitType(name="Transit", slug="transit").validated_save()
    inv = Inventory(sites=sites, providers={}, circuits={})
    for name, (parser_type, senders, circuits) in PROVIDERS.items():
        provider = Provider(name=name)
        provider.validated_save()
        inv.providers[name] = provider
        profile = ProviderMaintenanceProfile(provider=provider, parser_type=parser_type, sender_addresses=senders)
        profile.validated_save()
        for cid, a_side, z_side in circuits:
            inv.add_circuit(name, cid, *[s for s in (a_side, z_side) if s])
    return inv


@pytest.fixture
def maildir(tmp_path: Path) -> Callable[..., Path]:
    """A Maildir at tmp_path/Maildir; call it with sample names to deliver them, in order, one second apart.

    Files are written the way an MTA delivers: `new/<epoch seconds>.M<n>P<pid>.<host>`.
    """
    root = tmp_path / "Maildir"
    for folder in ("tmp", "new", "cur"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    clock = [1_900_000_000]

    def deliver(*names: str) -> Path:
        for name in names:
            clock[0] += 1
            (root / "new" / f"{clock[0]}.M{clock[0] % 1000}P4711.mx1.acme.example").write_bytes(email_bytes(name))
        return root

    return deliver


@pytest.fixture
def maildir_source(tmp_path: Path, db: Any) -> NotificationSource:
    source = NotificationSource(name="NOC mailbox", source_type="maildir", path=str(tmp_path / "Maildir"))
    source.validated_save()
    return source


@pytest.fixture
def run_job() -> Callable[..., JobResult]:
    """Submit a run and execute it in this process; returns the finished result."""

    def _run(class_path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> JobResult:
        kwargs.setdefault("commit", True)
        result = submit(class_path, data or {}, **kwargs)
        execute(result.pk)
        result.refresh_from_db()
        return result

    return _run


def log_lines(result: JobResult, level: str | None = None) -> list[str]:
    entries = result.logs.order_by("id")
    if level:
        entries = entries.filter(log_level=level)
    return [entry.message for entry in entries]


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)
