"""Model fields that store IP networks and addresses as text and hand them out as `netaddr.IPNetwork`.

Text keeps the column readable and portable (SQLite and PostgreSQL alike); the models add sortable hex keys
for ordering and containment queries. A value that does not parse stays as assigned until validation, where
it becomes a ValidationError on the field — never an exception from the attribute assignment.
"""

from __future__ import annotations

from typing import Any

import netaddr
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.query_utils import DeferredAttribute

__all__ = ["IPAddressWithMaskField", "IPNetworkField", "sort_key"]

_MAX_LENGTH = 43  # "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"


def sort_key(address: netaddr.IPAddress) -> str:
    """A fixed-width hex string whose text order is the numeric order of the addresses (of one IP version)."""
    return format(int(address), "032x")


class _ParsingAttribute(DeferredAttribute):
    """Parse assigned strings on the spot, so `IPAddress(address="10.0.0.1/24").address.ip` works before saving."""

    def __set__(self, instance: models.Model, value: Any) -> None:
        if isinstance(value, str) and value:
            try:
                value = self.field.to_python(value)
            except ValidationError:
                pass  # reported by full_clean() on the field
        instance.__dict__[self.field.attname] = value


class IPNetworkField(models.Field):
    """An IPv4 or IPv6 network with its mask, e.g. 10.0.0.0/24, as `netaddr.IPNetwork`."""

    description = "IPv4 or IPv6 network with mask"
    descriptor_class = _ParsingAttribute
    default_error_messages = {"invalid": "“%(value)s” is not a valid IPv4 or IPv6 network, such as 10.0.0.0/24."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["max_length"] = _MAX_LENGTH
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        return name, path, args, kwargs

    def get_internal_type(self) -> str:
        return "CharField"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> netaddr.IPNetwork | None:
        if value is None or value == "":
            return None
        return netaddr.IPNetwork(value)

    def to_python(self, value: Any) -> Any:
        if value is None or isinstance(value, netaddr.IPNetwork):
            return value
        if isinstance(value, str) and not value.strip():
            return ""  # "required" is the field's own complaint, not "invalid"
        try:
            if isinstance(value, netaddr.IPAddress):
                return netaddr.IPNetwork(value)
            if not isinstance(value, str):
                raise TypeError(value)
            return netaddr.IPNetwork(value.strip())
        except (netaddr.AddrFormatError, TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid", params={"value": value}) from None

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return str(self.to_python(value))

    def value_to_string(self, obj: models.Model) -> str:
        value = self.value_from_object(obj)
        return "" if value is None else str(value)

    def formfield(self, **kwargs: Any) -> Any:
        kwargs.setdefault("max_length", _MAX_LENGTH)
        return super().formfield(**kwargs)


class IPAddressWithMaskField(IPNetworkField):
    """An IPv4 or IPv6 address with the mask of its subnet, e.g. 10.0.0.1/24, as `netaddr.IPNetwork`.

    Unlike a network, the host bits are kept: `.ip` is the address, `.cidr` its subnet.
    """

    description = "IPv4 or IPv6 address with mask"
    default_error_messages = {"invalid": "“%(value)s” is not a valid IPv4 or IPv6 address, such as 10.0.0.1/24."}
