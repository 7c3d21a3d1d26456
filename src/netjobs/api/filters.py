"""Base filter set: `id`, `q` (text search over `search_fields`) and, for every foreign key and many-to-many
field, `<field>_id` (ids) and `<field>` (slugs, or names when the model has no slug), repeatable.

Those are the filters ObjectVar option lists use: `query_params={"manufacturer_id": "$manufacturer"}` becomes
`?manufacturer_id=<chosen id>`, and `{"status": "active"}` becomes `?status=active`.
"""

from __future__ import annotations

import operator
from collections import OrderedDict
from functools import reduce
from typing import Any, ClassVar

import django_filters
from django.db import models
from django.db.models import Q, QuerySet

__all__ = ["BaseFilterSet", "MultiValueNumberFilter"]


MAX_ID = 2**63 - 1


class MultiValueNumberFilter(django_filters.BaseInFilter, django_filters.NumberFilter):
    """`?id=1,2`: any of the numbers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


def _name_field(model: type[models.Model]) -> str | None:
    names = {f.name for f in model._meta.concrete_fields}
    for candidate in ("slug", "name", "model", "cid"):
        if candidate in names:
            return candidate
    return None


class BaseFilterSet(django_filters.FilterSet):
    id = MultiValueNumberFilter(field_name="pk", lookup_expr="in", label="ids, comma-separated")
    q = django_filters.CharFilter(method="search", label="Search")
    #: Fields searched by `q` (case-insensitive substring).
    search_fields: ClassVar[tuple[str, ...]] = ("name",)

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        if data is not None and hasattr(data, "getlist"):
            # An empty value filters nothing: an ObjectVar's `$other_field` that is still unset arrives as "".
            data = data.copy()
            for key in list(data):
                values = [value for value in data.getlist(key) if value != ""]
                if values:
                    data.setlist(key, values)
                else:
                    del data[key]
        super().__init__(data, *args, **kwargs)

    @classmethod
    def get_filters(cls) -> OrderedDict[str, Any]:
        filters = super().get_filters()
        model = cls._meta.model
        if model is None:
            return filters
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
            if not field.is_relation or field.related_model is None:
                continue
            related = field.related_model
            queryset = related._default_manager.all()
            id_name = f"{field.name}_id"
            if id_name not in filters:
                filters[id_name] = django_filters.ModelMultipleChoiceFilter(
                    field_name=field.name, queryset=queryset, label=f"{field.verbose_name} (id)"
                )
            name_field = _name_field(related)
            if field.name not in filters and name_field is not None:
                filters[field.name] = django_filters.ModelMultipleChoiceFilter(
                    field_name=f"{field.name}__{name_field}",
                    to_field_name=name_field,
                    queryset=queryset,
                    label=f"{field.verbose_name} ({name_field})",
                )
        return filters

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(reduce(operator.or_, (Q(**{f"{f}__icontains": value}) for f in self.search_fields)))
