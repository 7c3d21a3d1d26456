"""OpenAPI 3 (drf-spectacular): the token scheme, netjobs' custom fields, bulk operations, class-path routes."""

from __future__ import annotations

import re
from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers

__all__ = ["AutoSchema"]

_BRIEF = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "url": {"type": "string", "format": "uri", "nullable": True},
        "display": {"type": "string"},
    },
    "required": ["id", "url", "display"],
    "additionalProperties": True,
}
_BULK = {"bulk_update", "bulk_partial_update", "bulk_destroy"}


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "netjobs.users.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`; create keys in the admin, at /api/users/tokens/ or with `netjobs token`.",
        }


class ObjectUrlFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "netjobs.api.fields.ObjectUrlField"

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        return {"type": "string", "format": "uri", "nullable": True, "readOnly": True}


class RelatedObjectFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "netjobs.api.fields.RelatedObjectField"

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        nullable = bool(getattr(self.target, "allow_null", False))
        if direction == "response":
            return {**_BRIEF, "nullable": nullable} if nullable else dict(_BRIEF)
        schema: dict[str, Any] = {
            "oneOf": [
                {"type": "integer", "minimum": 1, "description": "The object's id"},
                {
                    "type": "object",
                    "description": '`{"id": …}` or attributes matching exactly one object',
                    "minProperties": 1,
                    "additionalProperties": True,
                },
            ]
        }
        if nullable:
            schema["nullable"] = True
        return schema


class ContentTypeFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "netjobs.api.fields.ContentTypeField"

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^[a-z_]+\.[a-z_]+$", "example": "dcim.device"}


class _BulkIdSerializer(serializers.Serializer):
    id = serializers.IntegerField()


class AutoSchema(SpectacularAutoSchema):
    def _action(self) -> str | None:
        return getattr(self.view, "action", None)

    def get_operation_id(self) -> str:
        operation_id = super().get_operation_id()
        action = self._action()
        if action in _BULK:
            operation_id = re.sub(r"_(update|partial_update|destroy)$", r"_bulk_\1", operation_id)
        if "{class_path}" in self.path:
            operation_id += "_by_class_path"
        return operation_id

    def get_request_serializer(self) -> Any:
        action = self._action()
        if action == "bulk_destroy":
            return _BulkIdSerializer(many=True)
        serializer = super().get_request_serializer()
        if action in ("bulk_update", "bulk_partial_update") and serializer is not None:
            return type(serializer)(many=True, partial=action == "bulk_partial_update")
        return serializer

    def get_response_serializers(self) -> Any:
        action = self._action()
        if action == "bulk_destroy":
            return None
        serializer = super().get_response_serializers()
        if action in ("bulk_update", "bulk_partial_update") and isinstance(serializer, serializers.Serializer):
            return type(serializer)(many=True)
        return serializer

    def _is_list_view(self, serializer: Any = None) -> bool:
        if self._action() in _BULK:
            return False
        return super()._is_list_view(serializer)
