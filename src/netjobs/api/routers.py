"""A router whose list URL also takes bulk PUT/PATCH/DELETE, and that records which model each route serves."""

from __future__ import annotations

from typing import Any

from rest_framework.routers import DefaultRouter, DynamicRoute, Route

from netjobs.api import registry

__all__ = ["Router"]


class Router(DefaultRouter):
    include_root_view = True
    include_format_suffixes = False

    def __init__(self, namespace: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.namespace = namespace
        self.routes = list(self.routes)
        list_route = self.routes[0]
        assert isinstance(list_route, Route)
        self.routes[0] = Route(
            url=list_route.url,
            mapping={
                **list_route.mapping,
                "put": "bulk_update",
                "patch": "bulk_partial_update",
                "delete": "bulk_destroy",
            },
            name=list_route.name,
            detail=False,
            initkwargs=list_route.initkwargs,
        )
        assert isinstance(self.routes[1], DynamicRoute)

    def register(self, prefix: str, viewset: Any, basename: str | None = None) -> None:
        super().register(prefix, viewset, basename)
        queryset = getattr(viewset, "queryset", None)
        model = getattr(viewset, "permission_model", None) or (queryset.model if queryset is not None else None)
        if model is not None:
            registry.register(model, self.namespace, basename or self.get_default_basename(viewset))
