"""`/api/users/tokens/` (everyone manages their own), `/api/users/users/` and `/api/users/groups/`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.request import Request
from rest_framework.response import Response

from netjobs.api.filters import BaseFilterSet
from netjobs.api.permissions import TokenWritePermission
from netjobs.api.users.serializers import GroupSerializer, TokenCreatedSerializer, TokenSerializer, UserSerializer
from netjobs.api.viewsets import BaseViewSet, InventoryViewSet
from netjobs.users.models import Token

__all__ = ["GroupViewSet", "TokenViewSet", "UserViewSet"]


class TokenFilterSet(BaseFilterSet):
    search_fields = ("description", "prefix")

    class Meta:
        model = Token
        fields = ["id", "write_enabled", "prefix"]


@extend_schema_view(create=extend_schema(responses={201: TokenCreatedSerializer}))
class TokenViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    BaseViewSet,
):
    """API tokens. Everyone sees and manages their own; superusers everyone's. DELETE revokes."""

    serializer_class = TokenSerializer
    filterset_class = TokenFilterSet
    permission_classes = [TokenWritePermission]
    queryset = Token.objects.all()
    ordering_fields = ["id", "created", "expires"]
    ordering = ["-id"]

    def get_queryset(self) -> QuerySet[Token]:
        queryset = Token.objects.select_related("user")
        user = self.request.user
        return queryset if user.is_superuser else queryset.filter(user=user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = TokenSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        token, key = Token.create_for(
            data.get("user") or request.user,
            description=data.get("description", ""),
            expires=data.get("expires"),
            write_enabled=data.get("write_enabled", True),
        )
        token.key = key  # type: ignore[attr-defined]
        created = TokenCreatedSerializer(token, context=self.get_serializer_context())
        return Response(created.data, status=status.HTTP_201_CREATED)


class UserFilterSet(BaseFilterSet):
    search_fields = ("username", "first_name", "last_name", "email")

    class Meta:
        model = get_user_model()
        fields = ["id", "username", "is_active", "is_staff", "is_superuser"]


class UserViewSet(InventoryViewSet):
    """Users (Django's `auth.*_user` permissions). Passwords are set in the admin or with `netjobs changepassword`."""

    serializer_class = UserSerializer
    filterset_class = UserFilterSet
    queryset = get_user_model().objects.prefetch_related("groups").order_by("username")
    ordering_fields = ["id", "username", "date_joined", "last_login"]


class GroupFilterSet(BaseFilterSet):
    class Meta:
        model = Group
        fields = ["id", "name"]


class GroupViewSet(InventoryViewSet):
    serializer_class = GroupSerializer
    filterset_class = GroupFilterSet
    queryset = Group.objects.order_by("name")
    ordering_fields = ["id", "name"]
