"""Builders for crafted contract sets: dates are given as day offsets from today, so boundaries read plainly."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

from netjobs.apps.dcim import Device, Location, LocationType
from netjobs.apps.tenancy import Tenant
from netjobs.contracts.choices import BillingPeriod, ContractStatus
from netjobs.contracts.models import Contract, ContractAssignment, ServiceProvider
from netjobs.testing.inventory import make_device, status

__all__ = ["Tree", "assign", "build_tree", "day", "make_contract", "make_provider"]


def day(offset: int) -> dt.date:
    """Today plus `offset` days."""
    return timezone.localdate() + dt.timedelta(days=offset)


def make_provider(name: str = "Acme Support") -> ServiceProvider:
    provider = ServiceProvider.objects.filter(name=name).first()
    if provider is None:
        provider = ServiceProvider(name=name)
        provider.validated_save()
    return provider


def make_contract(
    number: str,
    *,
    provider: ServiceProvider | str | None = None,
    start: int = -300,
    end: int = 200,
    cost: str = "100.00",
    currency: str = "EUR",
    billing_period: str = BillingPeriod.MONTHLY,
    status: str = ContractStatus.ACTIVE,
    **fields: Any,
) -> Contract:
    if not isinstance(provider, ServiceProvider):
        provider = make_provider(provider or "Acme Support")
    contract = Contract(
        number=number,
        provider=provider,
        start_date=day(start),
        end_date=day(end),
        cost=Decimal(cost),
        currency=currency,
        billing_period=billing_period,
        status=status,
        **fields,
    )
    contract.validated_save()
    return contract


def assign(contract: Contract, obj: models.Model, *, start: int | None = None, end: int | None = None) -> Any:
    assignment = ContractAssignment(
        contract=contract,
        assigned_object=obj,
        start_date=None if start is None else day(start),
        end_date=None if end is None else day(end),
    )
    assignment.validated_save()
    return assignment


@dataclass
class Tree:
    """Region EU > Site AMS > Room AMS-1; Site LON (also in EU); tenants Blue and Green; a device per place."""

    eu: Location
    ams: Location
    ams_room: Location
    lon: Location
    blue: Tenant
    green: Tenant
    ams_router: Device  # in the room, tenant Blue
    ams_switch: Device  # at the site itself, no tenant
    lon_router: Device  # tenant Green


def _location(name: str, location_type: LocationType, parent: Location | None = None) -> Location:
    location = Location(name=name, location_type=location_type, parent=parent, status=status())
    location.validated_save()
    return location


def _tenant(name: str) -> Tenant:
    tenant = Tenant(name=name)
    tenant.validated_save()
    return tenant


def build_tree() -> Tree:
    region = LocationType.objects.create(name="Region", slug="region", nestable=True)
    site = LocationType.objects.create(name="Site", slug="site", parent=region)
    room = LocationType.objects.create(name="Room", slug="room", parent=site)
    eu = _location("EU", region)
    ams = _location("AMS", site, eu)
    ams_room = _location("AMS-1", room, ams)
    lon = _location("LON", site, eu)
    blue, green = _tenant("Blue"), _tenant("Green")
    return Tree(
        eu=eu,
        ams=ams,
        ams_room=ams_room,
        lon=lon,
        blue=blue,
        green=green,
        ams_router=make_device("ams-router", location=ams_room, tenant=blue),
        ams_switch=make_device("ams-switch", location=ams),
        lon_router=make_device("lon-router", location=lon, tenant=green),
    )
