"""A QuerySet that accepts old field names in lookups, for jobs written against Nautobot 1 / NetBox."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import Q

__all__ = ["AliasQuerySet"]


class AliasQuerySet(models.QuerySet):
    """Rewrite lookups whose first part is an alias (`site__slug` → `location__slug`) in filter, exclude and get.

    Subclasses set `lookup_aliases`; the model gives each alias a property so that constructors accept it too.
    """

    lookup_aliases: ClassVar[dict[str, str]] = {}

    def _alias(self, lookup: str) -> str:
        first, sep, rest = lookup.partition("__")
        return self.lookup_aliases.get(first, first) + sep + rest

    def _alias_q(self, node: Any) -> Any:
        if not isinstance(node, Q):
            return node
        rewritten = Q()
        rewritten.connector, rewritten.negated = node.connector, node.negated
        rewritten.children = [
            (self._alias(child[0]), child[1]) if isinstance(child, tuple) else self._alias_q(child)
            for child in node.children
        ]
        return rewritten

    def _filter_or_exclude(self, negate: bool, args: tuple[Any, ...], kwargs: dict[str, Any]) -> AliasQuerySet:
        args = tuple(self._alias_q(arg) for arg in args)
        kwargs = {self._alias(key): value for key, value in kwargs.items()}
        return super()._filter_or_exclude(negate, args, kwargs)
