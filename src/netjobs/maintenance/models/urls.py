"""Canonical URLs of the app's objects: its own pages where it has them, else the admin.

Not the generic inventory page BaseModel falls back to: these are not inventory models and have no page there.
"""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse

__all__ = ["AppUrlMixin"]


class AppUrlMixin:
    """`get_absolute_url()`: `maintenance:<page_name>` with `page_pk()` if the pages are mounted, else the admin."""

    page_name: str | None = None

    def page_pk(self) -> Any:
        return self.pk  # type: ignore[attr-defined]

    def get_absolute_url(self) -> str:
        meta = self._meta  # type: ignore[attr-defined]
        if self.page_name:
            try:
                return reverse(f"maintenance:{self.page_name}", args=[self.page_pk()])
            except NoReverseMatch:
                pass
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[self.pk])  # type: ignore[attr-defined]
