"""`limit`/`offset` pagination that stays fast on tables of millions of rows.

Two costs grow with a table: `COUNT(*)` and `OFFSET n`. Here
- `count` is exact up to `NETJOBS_API_COUNT_CAP` rows (default 10,000) and counted over at most that many rows
  (`SELECT COUNT(*) FROM (… LIMIT cap+1)`); above the cap it *is* the cap and `count_exact` is false;
- whether there is a next page is known by fetching one row more than the page, not from the count;
- on views ordered by their primary key (job results, log lines), `next` links carry a keyset marker
  (`after=<last id>`): following them costs `WHERE id < …` on the index, however deep the page. The `offset` in
  those links is kept, so clients that only know `limit`/`offset` (pynautobot) still work and page arithmetic
  stays right.
`limit=0` asks for the largest page (`max_limit`), as in Nautobot.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

__all__ = ["DEFAULT_COUNT_CAP", "Pagination", "capped_count"]

DEFAULT_COUNT_CAP = 10_000


def count_cap() -> int:
    return int(getattr(settings, "NETJOBS_API_COUNT_CAP", DEFAULT_COUNT_CAP))


def capped_count(queryset: QuerySet, cap: int | None = None) -> tuple[int, bool]:
    """(count, exact): the number of rows, counting at most `cap` + 1 of them."""
    cap = count_cap() if cap is None else cap
    counted = queryset.order_by()[: cap + 1].count()
    if counted > cap:
        return cap, False
    return counted, True


def _non_negative_int(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise serializers.ValidationError({name: ["A non-negative integer is required."]}) from None
    if value < 0 or value > 2**63 - 1:
        raise serializers.ValidationError({name: ["A non-negative integer is required."]})
    return value


class Pagination(LimitOffsetPagination):
    max_limit = 1000
    after_query_param = "after"

    def get_limit(self, request: Request) -> int:
        limit = _non_negative_int(request, self.limit_query_param)
        if limit is None:
            return self.default_limit or 50
        if limit == 0:
            return self.max_limit
        return min(limit, self.max_limit)

    def get_offset(self, request: Request) -> int:
        return _non_negative_int(request, self.offset_query_param) or 0

    def _keyset(self, request: Request, view: Any) -> str | None:
        """The view's keyset ordering ("id" or "-id") when this request is ordered by it."""
        keyset = getattr(view, "keyset_ordering", None)
        if keyset is None:
            return None
        ordering = request.query_params.get("ordering")
        return keyset if ordering in (None, "", keyset) else None

    def paginate_queryset(self, queryset: QuerySet, request: Request, view: Any = None) -> list[Any]:
        self.request = request
        self.limit = self.get_limit(request)
        self.offset = self.get_offset(request)
        self.keyset = self._keyset(request, view)
        after = _non_negative_int(request, self.after_query_param) if self.keyset else None
        self.count, self.count_exact = capped_count(queryset)
        if after is not None:
            lookup = "pk__lt" if self.keyset.startswith("-") else "pk__gt"
            rows = list(queryset.filter(**{lookup: after})[: self.limit + 1])
        else:
            rows = list(queryset[self.offset : self.offset + self.limit + 1])
        self.has_next = len(rows) > self.limit
        self.page = rows[: self.limit]
        if not self.count_exact:
            # Past the cap, at least say what the client can already see.
            self.count = max(self.count, self.offset + len(self.page) + (1 if self.has_next else 0))
        return self.page

    def get_next_link(self) -> str | None:
        if not self.has_next:
            return None
        url = self.request.build_absolute_uri()
        url = replace_query_param(url, self.limit_query_param, self.limit)
        url = replace_query_param(url, self.offset_query_param, self.offset + self.limit)
        if self.keyset and self.page:
            return replace_query_param(url, self.after_query_param, self.page[-1].pk)
        return url

    def get_previous_link(self) -> str | None:
        if self.offset <= 0:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), self.after_query_param)
        url = replace_query_param(url, self.limit_query_param, self.limit)
        previous = self.offset - self.limit
        if previous <= 0:
            return remove_query_param(url, self.offset_query_param)
        return replace_query_param(url, self.offset_query_param, previous)

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            OrderedDict(
                [
                    ("count", self.count),
                    ("count_exact", self.count_exact),
                    ("next", self.get_next_link()),
                    ("previous", self.get_previous_link()),
                    ("results", data),
                ]
            )
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        base = super().get_paginated_response_schema(schema)
        base["properties"]["count_exact"] = {
            "type": "boolean",
            "description": "False when there are more rows than the count cap; `count` is then a lower bound.",
        }
        base["required"] = ["count", "count_exact", "next", "previous", "results"]
        return base

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        params = super().get_schema_operation_parameters(view)
        if getattr(view, "keyset_ordering", None):
            params.append(
                {
                    "name": self.after_query_param,
                    "required": False,
                    "in": "query",
                    "description": "Keyset marker from a `next` link: rows after this id, however deep the page.",
                    "schema": {"type": "integer", "minimum": 0},
                }
            )
        return params
