"""`/api/contracts/…`: the router of the contracts section.

Mounted by the project's API URLconf (`netjobs.api.urls`) in the section namespace `contracts`, like the inventory
sections: `path("contracts/", include((router.urls, "contracts"), namespace="contracts"))`, or equivalently
`sections.append(section())` before its loop over the sections.
"""

from __future__ import annotations

from netjobs.api.routers import Router
from netjobs.contracts.api import views

__all__ = ["NAME", "register", "router", "section"]

NAME = "contracts"


def register(router: Router) -> None:
    router.register("providers", views.ServiceProviderViewSet, basename="serviceprovider")
    router.register("contracts", views.ContractViewSet, basename="contract")
    router.register("assignments", views.ContractAssignmentViewSet, basename="contractassignment")
    router.register("cost-snapshots", views.CostSnapshotViewSet, basename="costsnapshot")


router = Router(NAME)
register(router)


def section() -> tuple[str, Router, list]:
    """`(name, router, extra paths)`, the shape of `netjobs.api.urls.sections`."""
    return NAME, router, []
