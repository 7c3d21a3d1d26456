"""Forms of the web UI: a job's input form dressed for Bootstrap, and the results list filters."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField

from netjobs.jobs.base import Job
from netjobs.jobs.choices import JobResultStatus
from netjobs.jobs.submit import REDACTED
from netjobs.web.views.options import option_label

__all__ = [
    "JobFormField",
    "ResultFilterForm",
    "ScheduleForm",
    "initial_from_result",
    "job_form",
    "job_form_fields",
    "posted_input",
]

COMMIT_FIELD = "_commit"


def _widget_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "form-select"
    return "form-control"


def _selected_values(bound: BoundField) -> list[Any]:
    value = bound.value()
    values = value if isinstance(value, list | tuple) else [value]
    return [getattr(v, "pk", v) for v in values if v not in (None, "")]


def _limit_object_choices(form: forms.Form) -> None:
    """Render only the selected objects of ObjectVar fields; the browser searches for the rest.

    A select listing every device would put thousands of options in the page. Validation still uses the
    field's queryset, so this changes what is shown, never what is accepted.
    """
    for name, form_field in form.fields.items():
        if not isinstance(form_field, forms.ModelChoiceField):
            continue
        display_field = form_field.widget.attrs.get("data-display-field", "display")
        try:
            selected = list(form_field.queryset.filter(pk__in=_selected_values(form[name]))[:100])
        except (ValueError, TypeError, ValidationError):
            selected = []
        choices: list[tuple[Any, str]] = []
        if not isinstance(form_field, forms.ModelMultipleChoiceField) and form_field.empty_label is not None:
            choices.append(("", str(form_field.empty_label)))
        choices.extend((obj.pk, option_label(obj, display_field)) for obj in selected)
        form_field.widget.choices = choices


def job_form(
    job_class: type[Job], data: Any = None, files: Any = None, *, initial: Mapping[str, Any] | None = None
) -> forms.Form:
    """The job's own form (`Job.as_form`, fields in `field_order`) with Bootstrap classes on its widgets."""
    form = job_class.as_form(data, files, initial=dict(initial or {}))
    for name, form_field in form.fields.items():
        if name in job_class.sensitive_variable_names() and isinstance(form_field.widget, forms.TextInput):
            form_field.widget = forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=False)
        widget = form_field.widget
        css = widget.attrs.get("class", "")
        widget.attrs["class"] = f"{css} {_widget_class(widget)}".strip()
        if isinstance(widget, forms.SelectMultiple) and "size" not in widget.attrs:
            widget.attrs["size"] = 6
    _limit_object_choices(form)
    return form


@dataclass
class JobFormField:
    """One field of a job form as the template lays it out."""

    bound: BoundField
    errors: list[str] = field(default_factory=list)

    @property
    def is_checkbox(self) -> bool:
        return isinstance(self.bound.field.widget, forms.CheckboxInput)

    @property
    def is_object(self) -> bool:
        return isinstance(self.bound.field, forms.ModelChoiceField)

    @property
    def help_id(self) -> str:
        return f"{self.bound.auto_id}_help"

    @property
    def error_id(self) -> str:
        return f"{self.bound.auto_id}_error"


def job_form_fields(form: forms.Form, errors: Mapping[str, list[str]] | None = None) -> list[JobFormField]:
    """The form's fields with their server-side errors, widgets marked invalid and described by help and errors."""
    errors = errors or {}
    rows = []
    for name in form.fields:
        bound = form[name]
        row = JobFormField(bound, list(errors.get(bound.html_name) or errors.get(name) or []))
        widget = bound.field.widget
        described = [row.help_id] if bound.help_text else []
        if row.errors:
            described.append(row.error_id)
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
            widget.attrs["aria-invalid"] = "true"
        if described:
            widget.attrs["aria-describedby"] = " ".join(described)
        rows.append(row)
    return rows


def posted_input(form: forms.Form, post: Mapping[str, Any], files: Mapping[str, Any]) -> dict[str, Any]:
    """The submitted value of every non-file variable, read the way each widget reads it.

    Reading through the widgets matters for checkboxes: an unticked box is absent from the POST, and passing it
    on as missing would let `submit()` fill in the variable's default (True) instead of the user's False.
    """
    return {
        name: form_field.widget.value_from_datadict(post, files, name)
        for name, form_field in form.fields.items()
        if not isinstance(form_field, forms.FileField)
    }


def initial_from_result(job_class: type[Job], task_kwargs: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A previous run's input as form initial values, and the names that must be entered again (sensitive
    values and uploaded files are not kept)."""
    initial: dict[str, Any] = {}
    missing: list[str] = []
    for name in job_class.variables:
        if name not in task_kwargs:
            continue
        value = task_kwargs[name]
        if value == REDACTED or (isinstance(value, dict) and "file_proxy" in value):
            missing.append(job_class.variables[name].display_label)
            continue
        initial[name] = value
    return initial, missing


class ResultFilterForm(forms.Form):
    """Filters of the results list. Users are chosen by name: results live in the bookkeeping database."""

    job = forms.TypedChoiceField(label="Job", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *JobResultStatus.choices])
    user = forms.ChoiceField(label="User", required=False)
    since = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, jobs: list[tuple[int, str]], users: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["job"].choices = [("", "Any job"), *jobs]
        self.fields["user"].choices = [("", "Anyone"), *((name, name) for name in users)]
        for form_field in self.fields.values():
            form_field.widget.attrs["class"] = _widget_class(form_field.widget) + " form-select-sm form-control-sm"


class ScheduleForm(forms.Form):
    """When a run starts: now, or as a schedule (`scheduling.schedules.create_schedule` validates the rest).

    Its fields are prefixed (`schedule-when`…), so they never meet a job variable's name.
    """

    when = forms.ChoiceField(label="Run", initial="now")
    start_time = forms.DateTimeField(
        label="Start at",
        required=False,
        help_text="The run (once) or the first run (recurring), in the server's time zone. Empty: now.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    interval_minutes = forms.IntegerField(label="Every (minutes)", required=False, min_value=1)
    crontab = forms.CharField(
        label="Crontab", required=False, max_length=255, help_text="Five fields, e.g. */15 * * * *"
    )
    name = forms.CharField(label="Schedule name", required=False, max_length=255, help_text="Empty: a name is made up")

    def __init__(self, *args: Any, interval_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "schedule")
        super().__init__(*args, **kwargs)
        self.fields["when"].choices = [("now", "Now"), *interval_choices]
        for form_field in self.fields.values():
            form_field.widget.attrs["class"] = _widget_class(form_field.widget)
        self.fields["crontab"].widget.attrs["placeholder"] = "*/15 * * * *"
