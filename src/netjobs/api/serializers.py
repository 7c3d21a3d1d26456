"""Base serializers: every object has `id`, `url` and `display`; `?brief=true` gives only those and its name.

Writes reject unknown fields (a typo is an error, not a silently ignored key) and run the model's own
validation (`full_clean`), as `validated_save()` does, so the API accepts exactly what a job could save.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import serializers

from netjobs.api.exceptions import validation_error_detail
from netjobs.api.fields import BRIEF_NAME_FIELDS, ContentTypeField, ObjectUrlField, RelatedObjectField

__all__ = ["BaseModelSerializer", "StrictSerializerMixin", "reject_unknown_fields"]


def reject_unknown_fields(serializer: serializers.Serializer, data: Any) -> None:
    if isinstance(data, Mapping):
        unknown = sorted(set(data) - set(serializer.fields))
        if unknown:
            raise serializers.ValidationError({name: ["Unknown field."] for name in unknown})


class StrictSerializerMixin:
    """Unknown keys in the input are a 400 naming each of them."""

    def to_internal_value(self, data: Any) -> Any:
        reject_unknown_fields(self, data)  # type: ignore[arg-type]
        return super().to_internal_value(data)  # type: ignore[misc]


class BaseModelSerializer(StrictSerializerMixin, serializers.ModelSerializer):
    """`Meta.fields` may be "__all__"; `id`, `url` and `display` come first."""

    serializer_related_field = RelatedObjectField
    url = ObjectUrlField()
    display = serializers.SerializerMethodField()
    #: Extra fields of the brief form, besides id, url, display and the model's name-like fields.
    brief_extra: ClassVar[tuple[str, ...]] = ()

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if self.context.get("brief"):
            keep = {"id", "url", "display", *BRIEF_NAME_FIELDS, *self.brief_extra}
            fields = {name: field for name, field in fields.items() if name in keep}
        return fields

    def get_display(self, obj: models.Model) -> str:
        return str(obj)

    def build_field(self, field_name: str, info: Any, model_class: Any, nested_depth: int) -> Any:
        field_class, kwargs = super().build_field(field_name, info, model_class, nested_depth)
        if field_name == "slug":
            # Models fill an empty slug from the name; without one, full_clean() names the field.
            kwargs["required"] = False
        relation = info.relations.get(field_name) if hasattr(info, "relations") else None
        if relation is not None and relation.related_model is not None:
            from django.contrib.contenttypes.models import ContentType

            if relation.related_model is ContentType:
                kwargs.pop("view_name", None)
                return ContentTypeField, kwargs
        return field_class, kwargs

    def get_field_names(self, declared_fields: Any, info: Any) -> list[str]:
        names = list(super().get_field_names(declared_fields, info))
        head = [name for name in ("id", "url", "display") if name in names]
        return head + [name for name in names if name not in head]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Run the model's `full_clean()` on the object as it would be saved (many-to-many values aside)."""
        attrs = super().validate(attrs)
        model = self.Meta.model
        m2m = {f.name for f in model._meta.many_to_many}
        instance = model() if self.instance is None else _copy(self.instance)
        for name, value in attrs.items():
            if name not in m2m:
                setattr(instance, name, value)
        # Fields the API does not expose (a password, say) are not the client's to get right.
        hidden = {f.name for f in model._meta.concrete_fields if f.name not in self.fields}
        try:
            instance.full_clean(exclude=list(m2m | hidden))
        except DjangoValidationError as exc:
            raise serializers.ValidationError(validation_error_detail(exc)) from None
        return attrs


def _copy(instance: models.Model) -> models.Model:
    return type(instance).from_db(
        instance._state.db,
        [f.attname for f in instance._meta.concrete_fields],
        [getattr(instance, f.attname) for f in instance._meta.concrete_fields],
    )
