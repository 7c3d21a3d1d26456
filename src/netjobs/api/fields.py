"""Serializer fields: related objects (written by id, read as a brief object), content types, choices."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldError, MultipleObjectsReturned, ObjectDoesNotExist
from django.db import models
from rest_framework import serializers

from netjobs.api import registry

__all__ = ["ContentTypeField", "IPField", "ObjectUrlField", "RelatedObjectField", "brief_representation"]

BRIEF_NAME_FIELDS = ("name", "slug", "model", "cid", "prefix", "address")


def brief_representation(obj: models.Model, request: Any = None) -> dict[str, Any]:
    """`{id, url, display}` plus the object's name-like fields: how one object appears inside another."""
    data: dict[str, Any] = {"id": obj.pk, "url": registry.object_url(obj, request), "display": str(obj)}
    concrete = {f.attname for f in obj._meta.concrete_fields}
    for name in BRIEF_NAME_FIELDS:
        if name in concrete:
            value = getattr(obj, name)
            data[name] = value if value is None or isinstance(value, str | int) else str(value)
    return data


class ObjectUrlField(serializers.ReadOnlyField):
    """The object's own API URL."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["source"] = "*"
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str | None:
        return registry.object_url(value, self.context.get("request"))


class RelatedObjectField(serializers.RelatedField):
    """A foreign key. Written as an id, `{"id": …}` or `{"<field>": value, …}` (one match); read as a brief object."""

    default_error_messages = {
        "does_not_exist": "No object matches {value}.",
        "multiple": "More than one object matches {value}.",
        "invalid": "Expected an id or an object of attributes, got {kind}.",
    }

    def to_internal_value(self, data: Any) -> Any:
        queryset = self.get_queryset()
        if isinstance(data, Mapping):
            lookup = dict(data)
            if "id" in lookup:
                lookup = {"pk": lookup["id"]}
            try:
                return queryset.get(**lookup)
            except ObjectDoesNotExist:
                self.fail("does_not_exist", value=dict(data))
            except MultipleObjectsReturned:
                self.fail("multiple", value=dict(data))
            except (FieldError, TypeError, ValueError, models.ObjectDoesNotExist):
                self.fail("does_not_exist", value=dict(data))
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("invalid", kind=type(data).__name__)
        if isinstance(data, str) and not data.strip().isdigit():
            self.fail("invalid", kind="a string that is not a number")
        try:
            return queryset.get(pk=int(data))
        except (ObjectDoesNotExist, OverflowError):
            self.fail("does_not_exist", value=data)

    def use_pk_only_optimization(self) -> bool:
        return False

    def to_representation(self, value: models.Model) -> dict[str, Any]:
        return brief_representation(value, self.context.get("request"))


class ContentTypeField(serializers.RelatedField):
    """A content type as its `app_label.model` label."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", ContentType.objects.all())
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> ContentType:
        if not isinstance(data, str) or data.count(".") != 1:
            raise serializers.ValidationError(f"Expected 'app_label.model', got {data!r}.")
        app_label, model = data.lower().split(".")
        content_type = self.get_queryset().filter(app_label=app_label, model=model).first()
        if content_type is None:
            raise serializers.ValidationError(f"Unknown content type {data!r}.")
        return content_type

    def to_representation(self, value: ContentType) -> str:
        return f"{value.app_label}.{value.model}"


class IPField(serializers.CharField):
    """An IP network or address with its mask, as text ("10.0.0.0/24"); the model validates it."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 43)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str:
        return str(value)
