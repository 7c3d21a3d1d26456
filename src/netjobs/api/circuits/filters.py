"""circuits filter sets: `id`, `q`, each field below exactly, and every relation by id and by slug/name."""

from __future__ import annotations

from netjobs.api.filters import BaseFilterSet
from netjobs.circuits.models import Circuit, CircuitTermination, CircuitType, Provider

__all__ = ["CircuitFilterSet", "CircuitTerminationFilterSet", "CircuitTypeFilterSet", "ProviderFilterSet"]


class ProviderFilterSet(BaseFilterSet):
    search_fields = ("name", "slug", "comments")

    class Meta:
        model = Provider
        fields = ["id", "name", "slug", "asn", "account", "portal_url"]


class CircuitTypeFilterSet(BaseFilterSet):
    search_fields = ("name", "slug", "description")

    class Meta:
        model = CircuitType
        fields = ["id", "name", "slug"]


class CircuitFilterSet(BaseFilterSet):
    search_fields = ("cid", "description", "comments")

    class Meta:
        model = Circuit
        fields = ["id", "cid", "commit_rate_kbps"]


class CircuitTerminationFilterSet(BaseFilterSet):
    search_fields = ("description",)

    class Meta:
        model = CircuitTermination
        fields = ["id", "term_side", "port_speed_kbps", "upstream_speed_kbps", "xconnect_id", "pp_info"]
