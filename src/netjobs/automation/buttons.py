"""Job buttons: the label template, which buttons an object shows, and the input a button run gets."""

from __future__ import annotations

import html as html_module
from dataclasses import dataclass, field
from typing import Any

import nh3
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.template import Context, Engine, TemplateSyntaxError

from netjobs.automation.models import JobButton
from netjobs.jobs import permissions
from netjobs.jobs.models import JobDefinition
from netjobs.jobs.variables import MultiObjectVar, ObjectVar

__all__ = [
    "ButtonGroup",
    "TemplateLabelError",
    "button_input",
    "buttons_for",
    "check_label",
    "render_label",
]

# A private engine: no loaders (so no {% include %} of files), no extra tag libraries, autoescaping on.
_ENGINE = Engine(loaders=[], libraries={}, autoescape=True, string_if_invalid="")
_MAX_LABEL = 100


class TemplateLabelError(ValueError):
    """The label is not a valid template."""


def check_label(source: str) -> None:
    try:
        _ENGINE.from_string(source)
    except TemplateSyntaxError as exc:
        raise TemplateLabelError(f"Not a valid template: {exc}") from None


def render_label(source: str, obj: Any, *, fallback: str) -> str:
    """The label as plain text: the template rendered with `obj`, then every tag stripped (escaped on output).

    Model methods that alter data (`delete`, `save`) are never called by templates (`alters_data`).
    """
    try:
        html = _ENGINE.from_string(source).render(Context({"obj": obj, "object": obj}))
    except Exception:  # a label must never break the page; show the button's name instead
        return fallback
    text = nh3.clean(html, tags=set()).strip()
    # nh3 leaves entities escaped (&amp;): unescape once, the template escapes again when the label is shown.
    text = " ".join(html_module.unescape(text).split())
    return (text[:_MAX_LABEL] or fallback).strip()


@dataclass
class RenderedButton:
    button: JobButton
    label: str


@dataclass
class ButtonGroup:
    name: str  # "" for buttons outside any group
    buttons: list[RenderedButton] = field(default_factory=list)


def buttons_for(user: Any, obj: models.Model) -> list[ButtonGroup]:
    """The enabled buttons for `obj`'s type whose job the user may run, grouped, in weight order."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    concrete = ContentType.objects.get_for_model(obj)
    buttons = list(JobButton.objects.filter(enabled=True, content_types__in={content_type.pk, concrete.pk}).distinct())
    if not buttons:
        return []
    definitions = {
        d.class_path: d for d in JobDefinition.objects.filter(class_path__in={b.job_class_path for b in buttons})
    }
    groups: dict[str, ButtonGroup] = {}
    ordered: list[ButtonGroup] = []
    for button in sorted(buttons, key=lambda b: (b.weight, b.name)):
        definition = definitions.get(button.job_class_path)
        if definition is None or not definition.runnable or not permissions.can_run_job(user, definition):
            continue
        rendered = RenderedButton(button, button.render_label(obj))
        if button.group_name:
            group = groups.get(button.group_name)
            if group is None:
                group = groups[button.group_name] = ButtonGroup(button.group_name)
                ordered.append(group)
            group.buttons.append(rendered)
        else:
            ordered.append(ButtonGroup("", [rendered]))
    return ordered


def button_input(job_class: Any, obj: models.Model) -> dict[str, Any] | None:
    """`{variable: obj.pk}` for the job's first ObjectVar of the object's model, else a variable named `object`;
    None when the job has neither."""
    model = type(obj)
    for name, var in job_class.variables.items():
        if isinstance(var, ObjectVar) and not isinstance(var, MultiObjectVar):
            if issubclass(model, var.model) or issubclass(var.model, model):
                return {name: obj.pk}
    if "object" in job_class.variables:
        var = job_class.variables["object"]
        return {"object": [obj.pk] if isinstance(var, MultiObjectVar) else obj.pk}
    return None
