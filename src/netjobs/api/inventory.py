"""The inventory sections of the API: `/api/dcim/`, `/api/ipam/`, `/api/tenancy/`, `/api/circuits/`, and the
shared statuses and tags under `/api/extras/` (where Nautobot has them)."""

from __future__ import annotations

from netjobs.api.circuits.urls import register as register_circuits
from netjobs.api.dcim.urls import register as register_dcim
from netjobs.api.extras.urls import register as register_extras
from netjobs.api.ipam.urls import register as register_ipam
from netjobs.api.routers import Router
from netjobs.api.tenancy.urls import register as register_tenancy

__all__ = ["register_extras", "sections"]

sections: list[tuple[str, Router, list]] = []
for _name, _register in (
    ("circuits", register_circuits),
    ("dcim", register_dcim),
    ("ipam", register_ipam),
    ("tenancy", register_tenancy),
):
    _router = Router(_name)
    _register(_router)
    sections.append((_name, _router, []))
