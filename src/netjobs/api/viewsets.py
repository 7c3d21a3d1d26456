"""Base view sets: permissions, pagination, filtering, `?brief=true`, bulk create/update/delete, body limits,
and the change context (API writes are attributed to the API user in the change log)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import router, transaction
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import mixins, serializers, status
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from netjobs.api.exceptions import PayloadTooLarge
from netjobs.api.pagination import Pagination
from netjobs.api.permissions import ModelPermissions
from netjobs.core.context import ChangeContext, change_context

__all__ = ["BaseViewSet", "InventoryViewSet", "check_body_size", "max_body_size"]

_TRUE = {"1", "true", "yes", "on"}


def max_body_size() -> int:
    return int(getattr(settings, "NETJOBS_MAX_UPLOAD_SIZE", settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 2**31))


def check_body_size(request: Request) -> None:
    """Refuse (413) a body larger than `NETJOBS_MAX_UPLOAD_SIZE` before reading any of it."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    limit = max_body_size()
    if length > limit:
        raise PayloadTooLarge(f"The request body ({length} bytes) is larger than the limit of {limit} bytes.")


class BaseViewSet(GenericViewSet):
    permission_classes = [ModelPermissions]
    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = "__all__"
    #: "id"/"-id" when the default ordering is by primary key: `next` links then carry a keyset marker.
    keyset_ordering: str | None = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        check_body_size(request)
        super().initial(request, *args, **kwargs)
        user = request.user
        self._change_context = change_context(ChangeContext(user_id=user.pk, user_name=user.get_username()))
        self._change_context.__enter__()

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        self._change_context = None
        try:
            return super().dispatch(request, *args, **kwargs)
        finally:
            # Left here, not in finalize_response: that is skipped when a view raises an unexpected error.
            context, self._change_context = self._change_context, None
            if context is not None:
                context.__exit__(None, None, None)

    @property
    def brief(self) -> bool:
        request = getattr(self, "request", None)
        return bool(request is not None and str(request.query_params.get("brief", "")).lower() in _TRUE)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["brief"] = self.brief and self.request.method in ("GET", "HEAD")
        return context


def _ids(items: Any, *, need_objects: bool) -> list[int]:
    """The ids of a bulk request body, or a 400 naming each bad item."""
    if not isinstance(items, list) or not items:
        raise serializers.ValidationError({"non_field_errors": ["Expected a non-empty list of objects with an id."]})
    ids: list[int] = []
    errors: dict[str, list[str]] = {}
    for index, item in enumerate(items):
        value = item.get("id") if isinstance(item, dict) else (None if need_objects else item)
        if isinstance(value, bool) or not isinstance(value, int):
            errors[f"[{index}]"] = ["Each item needs an integer id."]
        else:
            ids.append(value)
    if errors:
        raise serializers.ValidationError(errors)
    if len(set(ids)) != len(ids):
        raise serializers.ValidationError({"non_field_errors": ["An id appears more than once."]})
    return ids


class InventoryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    BaseViewSet,
):
    """CRUD for one inventory model, plus bulk create (a list to POST), update (PUT/PATCH) and delete."""

    def _atomic(self) -> Any:
        return transaction.atomic(using=router.db_for_write(self.get_queryset().model))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        many = isinstance(request.data, list)
        if many and not request.data:
            raise serializers.ValidationError({"non_field_errors": ["Expected a non-empty list of objects."]})
        serializer = self.get_serializer(data=request.data, many=many)
        serializer.is_valid(raise_exception=True)
        with self._atomic():
            serializer.save()
        return Response(serializer.data, status=status.HTTP_201_CREATED)

    def _objects(self, ids: list[int]) -> dict[int, Any]:
        objects = {obj.pk: obj for obj in self.get_queryset().filter(pk__in=ids)}
        missing = [pk for pk in ids if pk not in objects]
        if missing:
            raise serializers.ValidationError({"id": [f"No object with id {pk}." for pk in missing]})
        return objects

    def bulk_update(self, request: Request, *args: Any, partial: bool = False, **kwargs: Any) -> Response:
        ids = _ids(request.data, need_objects=True)
        objects = self._objects(ids)
        bound = []
        errors: list[Any] = []
        for item in request.data:
            data = {k: v for k, v in item.items() if k != "id"}
            serializer = self.get_serializer(objects[item["id"]], data=data, partial=partial)
            errors.append({} if serializer.is_valid() else serializer.errors)
            bound.append(serializer)
        if any(errors):
            raise serializers.ValidationError(errors)
        with self._atomic():
            for serializer in bound:
                serializer.save()
        return Response([serializer.data for serializer in bound])

    def bulk_partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.bulk_update(request, *args, partial=True, **kwargs)

    def bulk_destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        objects = self._objects(_ids(request.data, need_objects=False))
        with self._atomic():
            for obj in objects.values():
                obj.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
