"""Turn a parsed maintenance into a tracked CircuitMaintenance: create it, or bring it up to date.

A maintenance is identified by provider + the provider's maintenance id. Later notifications (re-scheduled,
cancelled, completed) update the same object; each is kept as a ParsedNotification, applied or not, which with
the change log is the maintenance's history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from netjobs.apps.circuits import Circuit, Provider
from netjobs.maintenance.choices import Impact, MaintenanceStatus
from netjobs.maintenance.models import CircuitImpact, CircuitMaintenance, Notification, ParsedNotification
from netjobs.maintenance.parsing import ParsedMaintenance
from netjobs.maintenance.reporting import Reporter

__all__ = ["Applied", "apply_parsed", "link_unknown_circuits", "report_applied", "resolve_circuit"]

_IMPACT_ORDER = list(Impact.values)
#: Changes after which an acknowledged maintenance needs looking at again.
_REVIEW_FIELDS = frozenset({"status", "start", "end", "circuits"})
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass
class Applied:
    """What one parsed maintenance did."""

    maintenance: CircuitMaintenance
    created: bool = False
    applied: bool = True
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    unknown_circuits: list[str] = field(default_factory=list)


def resolve_circuit(provider: Provider, cid: str) -> Circuit | None:
    """The provider's circuit with this id; case is ignored unless that is ambiguous."""
    matches = list(Circuit.objects.filter(provider=provider, cid__iexact=cid.strip())[:5])
    if len(matches) > 1:
        matches = [circuit for circuit in matches if circuit.cid == cid.strip()]
    return matches[0] if len(matches) == 1 else None


def _merge_circuits(circuits: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """cid → impact; a circuit listed twice keeps its most severe impact."""
    merged: dict[str, str] = {}
    for cid, impact in circuits:
        cid = cid.strip()
        if cid and (cid not in merged or _IMPACT_ORDER.index(impact) > _IMPACT_ORDER.index(merged[cid])):
            merged[cid] = impact
    return merged


def _sync_impacts(
    maintenance: CircuitMaintenance, provider: Provider, wanted: dict[str, str]
) -> tuple[bool, list[str]]:
    """Make the maintenance's circuits exactly `wanted`; returns (changed, unknown circuit ids)."""
    changed = False
    unknown: list[str] = []
    existing = {impact.cid: impact for impact in maintenance.impacts.select_related("circuit")}
    for cid, impact_value in wanted.items():
        circuit = resolve_circuit(provider, cid)
        if circuit is None:
            unknown.append(cid)
        row = existing.pop(cid, None)
        if row is None:
            CircuitImpact(maintenance=maintenance, circuit=circuit, cid=cid, impact=impact_value).validated_save()
            changed = True
        elif row.impact != impact_value or row.circuit_id != getattr(circuit, "pk", None):
            row.impact, row.circuit = impact_value, circuit
            row.validated_save()
            changed = True
    for row in existing.values():  # no longer named by the provider
        row.delete()
        changed = True
    return changed, unknown


def _is_newer(parsed: ParsedMaintenance, maintenance: CircuitMaintenance) -> bool:
    return (parsed.sequence, parsed.stamp) >= (maintenance.sequence, maintenance.stamp or _EPOCH)


def apply_parsed(notification: Notification, provider: Provider, parsed: ParsedMaintenance) -> Applied:
    """Create or update the maintenance `parsed` describes and record the parsed notification against it.

    Nothing is reported here: the caller reports (`report_applied()`) once the changes are safely saved.
    """
    maintenance = (
        CircuitMaintenance.objects.select_for_update().filter(provider=provider, name=parsed.maintenance_id).first()
    )
    wanted = _merge_circuits(parsed.circuits)
    if maintenance is None:
        result = _create(provider, parsed, wanted)
    elif _is_newer(parsed, maintenance):
        result = _update(maintenance, provider, parsed, wanted)
    else:
        result = Applied(maintenance, applied=False)
    ParsedNotification.objects.create(
        notification=notification,
        maintenance=result.maintenance,
        data=parsed.data,
        status=parsed.status,
        sequence=parsed.sequence,
        stamp=parsed.stamp,
        applied=result.applied,
    )
    return result


def _status(parsed_status: str, current: str | None) -> str:
    if parsed_status == "NO-CHANGE":  # the BCOP's "status unchanged"; a first notification leaves it unknown
        return current or MaintenanceStatus.UNKNOWN
    return MaintenanceStatus(parsed_status).value


def _create(provider: Provider, parsed: ParsedMaintenance, wanted: dict[str, str]) -> Applied:
    maintenance = CircuitMaintenance(
        provider=provider,
        name=parsed.maintenance_id,
        description=parsed.summary,
        status=_status(parsed.status, None),
        start=parsed.start,
        end=parsed.end,
        account=parsed.account,
        organizer=parsed.organizer,
        sequence=parsed.sequence,
        stamp=parsed.stamp,
    )
    maintenance.validated_save()
    _, unknown = _sync_impacts(maintenance, provider, wanted)
    return Applied(maintenance, created=True, unknown_circuits=unknown)


def _update(
    maintenance: CircuitMaintenance, provider: Provider, parsed: ParsedMaintenance, wanted: dict[str, str]
) -> Applied:
    new_values: dict[str, Any] = {
        "status": _status(parsed.status, maintenance.status),
        "start": parsed.start,
        "end": parsed.end,
    }
    if parsed.summary:
        new_values["description"] = parsed.summary
    if parsed.account:
        new_values["account"] = parsed.account
    changes = {
        name: (getattr(maintenance, name), value)
        for name, value in new_values.items()
        if getattr(maintenance, name) != value
    }
    unknown: list[str] = []
    # Cancelled and completed notices often list no circuits: that says nothing about the circuits.
    if wanted:
        circuits_changed, unknown = _sync_impacts(maintenance, provider, wanted)
        if circuits_changed:
            changes["circuits"] = (None, sorted(wanted))
    if maintenance.ack and _REVIEW_FIELDS & changes.keys():
        changes["ack"] = (True, False)
    for name, (_, value) in changes.items():
        if name != "circuits":
            setattr(maintenance, name, value)
    maintenance.sequence, maintenance.stamp = parsed.sequence, parsed.stamp
    maintenance.validated_save()
    return Applied(maintenance, changes=changes, unknown_circuits=unknown)


def _describe(changes: dict[str, tuple[Any, Any]]) -> str:
    parts = []
    for name, (old, new) in changes.items():
        if name == "circuits":
            parts.append(f"circuits now {', '.join(new)}")
        elif name == "ack":
            parts.append("acknowledgement cleared")
        elif isinstance(new, dt.datetime):
            parts.append(f"{name} {old:%Y-%m-%d %H:%M} → {new:%Y-%m-%d %H:%M} UTC")
        elif name == "description":
            parts.append("description updated")
        else:
            parts.append(f"{name} {old} → {new}")
    return "; ".join(parts)


def report_applied(result: Applied, provider: Provider, parsed: ParsedMaintenance, report: Reporter) -> None:
    """Tell what applying `parsed` did: created, updated (and how), not applied, unknown circuits."""
    maintenance = result.maintenance
    if result.created:
        report.log_success(
            obj=maintenance,
            message=f"New maintenance {maintenance} of {provider}: {maintenance.get_status_display()}, "
            f"{maintenance.start:%Y-%m-%d %H:%M} to {maintenance.end:%Y-%m-%d %H:%M} UTC, "
            f"{maintenance.impacts.count()} circuit(s)",
        )
    elif not result.applied:
        report.log_info(
            obj=maintenance,
            message=f"Notification for {maintenance} ({parsed.status}, issued {parsed.stamp:%Y-%m-%d %H:%M}) is older "
            "than the one already applied: kept in the history, not applied",
        )
    elif result.changes:
        report.log_info(obj=maintenance, message=f"Maintenance {maintenance} updated: {_describe(result.changes)}")
    else:
        report.log_info(obj=maintenance, message=f"Maintenance {maintenance}: notification changes nothing")
    for cid in result.unknown_circuits:
        report.log_warning(
            obj=maintenance,
            message=f"Circuit {cid} of {provider} named by maintenance {maintenance} is not in the inventory; "
            "kept on the maintenance as an unknown circuit id",
        )


def link_unknown_circuits(report: Reporter) -> int:
    """Link circuit ids kept unknown to the inventory circuits added since. Returns how many were linked."""
    linked = 0
    for row in CircuitImpact.objects.filter(circuit__isnull=True).select_related("maintenance__provider"):
        circuit = resolve_circuit(row.maintenance.provider, row.cid)
        if circuit is not None:
            row.circuit = circuit
            row.validated_save()
            linked += 1
            report.log_info(obj=row.maintenance, message=f"Circuit {row.cid} is now in the inventory: linked")
    return linked
