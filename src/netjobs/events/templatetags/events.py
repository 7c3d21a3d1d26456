"""Template filters of webhook body templates."""

from __future__ import annotations

import json
from typing import Any

from django import template

register = template.Library()


@register.filter
def tojson(value: Any) -> str:
    """`{{ text|tojson }}`: the value as a JSON literal (quoted and escaped string, number, object…)."""
    return json.dumps(value, ensure_ascii=False, default=str)
