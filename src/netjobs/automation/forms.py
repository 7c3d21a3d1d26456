"""Admin forms: the job is chosen from the known jobs, the object types from the change-logged models."""

from __future__ import annotations

from typing import Any

from django import forms

from netjobs.automation.models import JobButton, JobHook, changelogged_content_types
from netjobs.jobs.models import JobDefinition

__all__ = ["JobButtonForm", "JobHookForm"]


def _job_choices() -> list[tuple[str, str]]:
    rows = JobDefinition.objects.filter(installed=True).order_by("grouping", "name").values_list("class_path", "name")
    return [("", "---------"), *((path, f"{name} ({path})") for path, name in rows)]


class _JobFormMixin(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = _job_choices()
        current = self.instance.job_class_path if self.instance.pk else ""
        if current and current not in dict(choices):
            choices.append((current, f"{current} (not installed)"))
        self.fields["job_class_path"] = forms.ChoiceField(label="Job", choices=choices)
        self.fields["content_types"].queryset = changelogged_content_types()


class JobHookForm(_JobFormMixin):
    class Meta:
        model = JobHook
        fields = [
            "name", "enabled", "content_types", "type_create", "type_update", "type_delete", "job_class_path",
            "user", "commit", "description",
        ]  # fmt: skip


class JobButtonForm(_JobFormMixin):
    class Meta:
        model = JobButton
        fields = [
            "name", "enabled", "label", "content_types", "job_class_path", "group_name", "weight", "confirmation",
            "button_class",
        ]  # fmt: skip
