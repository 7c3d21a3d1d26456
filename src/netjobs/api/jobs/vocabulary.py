"""netjobs' run states are the truth; the compatibility APIs translate them.

Nautobot 2 reports Celery task states, as `{"value": "SUCCESS", "label": "SUCCESS"}`: Nautobot 2's own labels
equal the values, and pynautobot's `run_and_wait()` compares `str(status)` — the label — with "PENDING",
"STARTED", … to decide whether to keep waiting, so the label must be the state name.
CNaaS-NMS reports SCHEDULED, RUNNING, FINISHED (every part ran, some may have failed), EXCEPTION, ABORTED and
ABORTING.
"""

from __future__ import annotations

from netjobs.jobs.choices import JobResultStatus as S

__all__ = [
    "CNAAS_STATES",
    "NAUTOBOT_STATES",
    "cnaas_state",
    "nautobot_status",
    "statuses_for",
]

NAUTOBOT_STATES: dict[str, str] = {
    S.SCHEDULED: "PENDING",
    S.PENDING: "PENDING",
    S.APPROVAL_REQUIRED: "PENDING",
    S.RUNNING: "STARTED",
    S.COMPLETED: "SUCCESS",
    S.FAILED: "FAILURE",
    S.ERRORED: "FAILURE",
    S.CANCELLED: "REVOKED",
}

CNAAS_STATES: dict[str, str] = {
    S.SCHEDULED: "SCHEDULED",
    S.PENDING: "SCHEDULED",
    S.APPROVAL_REQUIRED: "SCHEDULED",
    S.RUNNING: "RUNNING",
    S.COMPLETED: "FINISHED",
    S.FAILED: "FINISHED",
    S.ERRORED: "EXCEPTION",
    S.CANCELLED: "ABORTED",
}


def nautobot_status(status: str) -> dict[str, str]:
    state = NAUTOBOT_STATES.get(status, "PENDING")
    return {"value": state, "label": state}


def cnaas_state(status: str, *, cancel_requested: bool = False) -> str:
    if status == S.RUNNING and cancel_requested:
        return "ABORTING"
    return CNAAS_STATES.get(status, "UNKNOWN")


def statuses_for(value: str) -> list[str]:
    """netjobs states matching a status filter value in any vocabulary (netjobs, Nautobot or CNaaS-NMS)."""
    if value in S.values:
        return [value]
    upper = value.upper()
    matches = [s for s, state in NAUTOBOT_STATES.items() if state == upper]
    matches += [s for s, state in CNAAS_STATES.items() if state == upper and s not in matches]
    return matches
