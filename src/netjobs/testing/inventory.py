"""Small builders of inventory objects for tests: valid by default, every field overridable.

Each builder saves through `validated_save()`, so a test that uses them also exercises the models' validation.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from netjobs.core.models import ObjectChange, Status

__all__ = [
    "changes_for",
    "make_device",
    "make_device_type",
    "make_interface",
    "make_ip",
    "make_role",
    "make_site",
    "status",
]

STATUS_MODELS = ["dcim.location", "dcim.device", "ipam.prefix", "ipam.ipaddress", "circuits.circuit"]


def status(slug: str = "active", *, models: list[str] | None = None) -> Status:
    """The status `slug`, created on first use and applicable to `models` (default: every lifecycle model)."""
    obj, _ = Status.objects.get_or_create(slug=slug, defaults={"name": slug.title()})
    obj.content_types.add(
        *(ContentType.objects.get_by_natural_key(*label.split(".")) for label in models or STATUS_MODELS)
    )
    return obj


def make_site(name: str = "Site 1", **fields: Any) -> Any:
    from netjobs.dcim.models import Site

    fields.setdefault("status", status())
    site = Site(name=name, **fields)
    site.validated_save()
    return site


def make_device_type(model: str = "Model 1", manufacturer: str = "Acme", **fields: Any) -> Any:
    from netjobs.dcim.models import DeviceType, Manufacturer

    make, _ = Manufacturer.objects.get_or_create(name=manufacturer, defaults={"slug": manufacturer.lower()})
    device_type = DeviceType(manufacturer=make, model=model, **fields)
    device_type.validated_save()
    return device_type


def make_role(name: str = "Router", **fields: Any) -> Any:
    from netjobs.dcim.models import DeviceRole

    role = DeviceRole.objects.filter(name=name).first()
    if role is None:
        role = DeviceRole(name=name, **fields)
        role.validated_save()
    return role


def make_device(name: str = "device1", **fields: Any) -> Any:
    from netjobs.dcim.models import Device, DeviceType, Location

    if "location" not in fields and "site" not in fields:
        fields["location"] = Location.objects.first() or make_site()
    if "device_type" not in fields:
        fields["device_type"] = DeviceType.objects.first() or make_device_type()
    if "role" not in fields and "device_role" not in fields:
        fields["role"] = make_role()
    fields.setdefault("status", status())
    device = Device(name=name, **fields)
    device.validated_save()
    return device


def make_interface(device: Any, name: str = "eth0", **fields: Any) -> Any:
    from netjobs.dcim.models import Interface

    fields.setdefault("type", "1000base-t")
    interface = Interface(device=device, name=name, **fields)
    interface.validated_save()
    return interface


def make_ip(address: str, **fields: Any) -> Any:
    from netjobs.ipam.models import IPAddress

    fields.setdefault("status", status())
    ip = IPAddress(address=address, **fields)
    ip.validated_save()
    return ip


def changes_for(obj: models.Model, pk: Any = None) -> models.QuerySet[ObjectChange]:
    """The change-log entries of `obj` (pass `pk` once it is deleted), oldest first."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return ObjectChange.objects.filter(
        changed_object_type=content_type, changed_object_id=str(pk if pk is not None else obj.pk)
    ).order_by("time", "id")
