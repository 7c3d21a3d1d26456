"""Admin forms: lists typed one per line, events as checkboxes, and a write-only secret field."""

from __future__ import annotations

from typing import Any

from django import forms

from netjobs.events.choices import SUBSCRIBABLE_EVENTS, WebhookEvent
from netjobs.events.models import RunNotification, Webhook

__all__ = ["LinesField", "RunNotificationForm", "WebhookForm"]


class LinesField(forms.CharField):
    """A list edited as text, one item per line (commas work too); digits-only items become ints if asked."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *, ints: bool = False, **kwargs: Any) -> None:
        self.ints = ints
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value: Any) -> list[Any]:  # type: ignore[override]
        text = super().to_python(value) or ""
        items = [part.strip() for line in text.splitlines() for part in line.split(",") if part.strip()]
        return [int(item) if self.ints and item.isdigit() else item for item in items]


class WebhookForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        choices=[(e.value, e.label) for e in SUBSCRIBABLE_EVENTS], widget=forms.CheckboxSelectMultiple
    )
    jobs = LinesField(
        ints=True,
        help_text="One per line: a class path (local/contracts/RenewalCheckJob), a pattern (local/contracts/*) "
        "or a job definition id. Empty: every job.",
    )
    secret = forms.CharField(
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="Signs each payload (X-Netjobs-Signature: sha256=…). Stored encrypted and never shown again; "
        "leave empty to keep the current one. `env:NAME` reads it from the worker's environment instead.",
    )
    clear_secret = forms.BooleanField(required=False, help_text="Remove the secret: payloads are sent unsigned")

    class Meta:
        model = Webhook
        fields = [
            "name",
            "description",
            "enabled",
            "url",
            "events",
            "min_log_level",
            "jobs",
            "http_headers",
            "body_template",
            "secret",
            "clear_secret",
            "ssl_verify",
            "timeout_s",
            "max_attempts",
            "max_log_events_per_run",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            hint = self.instance.secret_hint()
            self.fields["secret"].help_text = f"Current: {hint or 'none'}. " + str(self.fields["secret"].help_text)

    def clean_events(self) -> list[str]:
        chosen = set(self.cleaned_data["events"])
        return [e.value for e in WebhookEvent if e in chosen]

    def save(self, commit: bool = True) -> Webhook:
        webhook: Webhook = super().save(commit=False)
        if self.cleaned_data.get("clear_secret"):
            webhook.set_secret(None)
        elif self.cleaned_data.get("secret"):
            webhook.set_secret(self.cleaned_data["secret"])
        if commit:
            webhook.save()
        return webhook


class RunNotificationForm(forms.ModelForm):
    jobs = LinesField(ints=True, help_text="As for webhooks: class paths, patterns or ids. Empty: every job.")
    emails = LinesField(help_text="One address per line")
    usernames = LinesField(help_text="One username per line; mail goes to the user's e-mail address")

    class Meta:
        model = RunNotification
        fields = ["name", "enabled", "jobs", "when", "emails", "usernames", "notify_run_user", "include_log_level"]
