"""Tokens (the key appears once, in the answer to its creation), users and groups."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from rest_framework import serializers

from netjobs.api.serializers import BaseModelSerializer
from netjobs.users.models import Token

__all__ = ["GroupSerializer", "TokenCreatedSerializer", "TokenSerializer", "UserSerializer"]


class TokenSerializer(BaseModelSerializer):
    user = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(), required=False, help_text="Superusers only; default: you"
    )
    expired = serializers.SerializerMethodField()

    class Meta:
        model = Token
        fields = [
            "id",
            "url",
            "display",
            "user",
            "prefix",
            "description",
            "created",
            "expires",
            "expired",
            "write_enabled",
        ]
        read_only_fields = ["prefix", "created"]

    def get_expired(self, obj: Token) -> bool:
        return obj.is_expired()

    def validate_expires(self, value: Any) -> Any:
        if value is not None and value <= timezone.now():
            raise serializers.ValidationError("Must be in the future.")
        return value

    def validate_user(self, value: Any) -> Any:
        request = self.context.get("request")
        if request is not None and value != request.user and not request.user.is_superuser:
            raise serializers.ValidationError("You can only create and change your own tokens.")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        return attrs  # key_hash is set on create; nothing else to check against the model


class TokenCreatedSerializer(TokenSerializer):
    key = serializers.CharField(read_only=True, help_text="Shown only in this response: store it now")

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "key"]


class UserSerializer(BaseModelSerializer):
    groups = serializers.SlugRelatedField(slug_field="name", many=True, queryset=Group.objects.all(), required=False)

    class Meta:
        model = get_user_model()
        fields = [
            "id", "url", "display", "username", "first_name", "last_name", "email", "is_active", "is_staff",
            "is_superuser", "groups", "date_joined", "last_login",
        ]  # fmt: skip
        read_only_fields = ["date_joined", "last_login"]

    def create(self, validated_data: dict[str, Any]) -> Any:
        groups = validated_data.pop("groups", [])
        user = get_user_model()(**validated_data)
        user.set_unusable_password()
        user.save()
        user.groups.set(groups)
        return user


class GroupSerializer(BaseModelSerializer):
    class Meta:
        model = Group
        fields = ["id", "url", "display", "name"]
