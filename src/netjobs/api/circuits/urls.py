from __future__ import annotations

from netjobs.api.circuits import views
from netjobs.api.routers import Router

__all__ = ["register"]


def register(router: Router) -> None:
    router.register("providers", views.ProviderViewSet, basename="provider")
    router.register("circuit-types", views.CircuitTypeViewSet, basename="circuittype")
    router.register("circuits", views.CircuitViewSet, basename="circuit")
    router.register("circuit-terminations", views.CircuitTerminationViewSet, basename="circuittermination")
