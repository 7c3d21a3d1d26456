"""Custom request bodies: a webhook's `body_template` turns the event into the JSON a service expects.

Slack Block Kit, PagerDuty's Events API or a ticketing system each want their own JSON; a template lets the
operator produce it without a relay in between. Templates use Django's template language with autoescaping off
and a `tojson` filter (the only safe way to put a value into JSON), and must render valid JSON.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from django.template import Context, Engine, Template, TemplateSyntaxError

__all__ = ["TemplateError", "compile_body_template", "render_body"]


class TemplateError(ValueError):
    """The template does not compile, or does not render valid JSON."""


@lru_cache(maxsize=1)
def _engine() -> Engine:
    return Engine(
        autoescape=False,
        libraries={"events": "netjobs.events.templatetags.events"},
        builtins=["netjobs.events.templatetags.events"],
    )


@lru_cache(maxsize=64)
def compile_body_template(source: str) -> Template:
    try:
        return _engine().from_string(source)
    except TemplateSyntaxError as exc:
        raise TemplateError(f"The body template does not compile: {exc}") from None


def render_body(source: str, payload: dict[str, Any]) -> bytes:
    """The rendered body; the context is the payload's keys (`event`, `text`, `run`, `log`…) and `payload`."""
    rendered = compile_body_template(source).render(Context({**payload, "payload": payload}, autoescape=False))
    try:
        json.loads(rendered)
    except ValueError as exc:
        raise TemplateError(f"The body template did not render valid JSON ({exc}): {rendered[:200]}") from None
    return rendered.encode()
