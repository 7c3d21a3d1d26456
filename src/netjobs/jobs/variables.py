"""Job input variables.

A variable is declared as a class attribute of a Job and knows four things about its value: the Django form
field that validates it (the UI and every other entry point validate through that form), its JSON schema (the
API), how to parse it from a command-line string (the CLI), and how to store it as JSON and load it back for
the run (the queue carries only JSON).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

import netaddr
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.dateparse import parse_date, parse_datetime

__all__ = [
    "BooleanVar",
    "ChoiceVar",
    "DateTimeVar",
    "DateVar",
    "FileVar",
    "FloatVar",
    "IPAddressVar",
    "IPAddressWithMaskVar",
    "IPNetworkVar",
    "IntegerVar",
    "JSONVar",
    "MultiChoiceVar",
    "MultiObjectVar",
    "ObjectVar",
    "ScriptVariable",
    "StringVar",
    "TextVar",
]


class ScriptVariable:
    """Base of every variable type: the options every variable accepts."""

    form_field: ClassVar[type[forms.Field]] = forms.CharField
    json_type: ClassVar[str] = "string"

    def __init__(
        self,
        *,
        label: str | None = None,
        description: str = "",
        default: Any = None,
        required: bool = True,
        widget: forms.Widget | type[forms.Widget] | None = None,
        sensitive: bool = False,
    ) -> None:
        self.name = ""  # set by Job.__init_subclass__
        self.label = label
        self.description = description
        self.default = default
        self.required = required
        self.widget = widget
        self.sensitive = sensitive
        self.field_attrs: dict[str, Any] = {}

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"

    @property
    def display_label(self) -> str:
        return self.label or self.name.replace("_", " ").capitalize()

    # --- the form -------------------------------------------------------------------------------------------
    def as_field(self) -> forms.Field:
        """A fresh form field validating this variable."""
        kwargs: dict[str, Any] = {
            "label": self.display_label,
            "help_text": self.description,
            "required": self.required,
            **self.field_attrs,
        }
        if self.default is not None:
            kwargs["initial"] = self.default
        if self.widget is not None:
            kwargs["widget"] = self.widget
        return self.form_field(**kwargs)

    # --- JSON schema (API) ----------------------------------------------------------------------------------
    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": self.json_type, "title": self.display_label}
        if self.description:
            schema["description"] = self.description
        if self.default is not None:
            schema["default"] = self.serialize(self.default)
        if self.sensitive:
            schema["writeOnly"] = True
        return schema

    # --- the command line -----------------------------------------------------------------------------------
    def parse_cli(self, text: str) -> Any:
        """Turn `--var name=TEXT` into a value the form accepts. Raises ValidationError on nonsense."""
        return text

    # --- storage --------------------------------------------------------------------------------------------
    def serialize(self, value: Any) -> Any:
        """A cleaned value as JSON, for the queue and the result's input."""
        return value

    def deserialize(self, raw: Any) -> Any:
        """The stored JSON as the value `run()` receives."""
        return raw


class StringVar(ScriptVariable):
    """A string, optionally bounded in length and matched against a regular expression."""

    def __init__(
        self,
        *,
        min_length: int | None = None,
        max_length: int | None = None,
        regex: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.min_length, self.max_length, self.regex = min_length, max_length, regex
        self.field_attrs["min_length"] = min_length
        self.field_attrs["max_length"] = max_length
        if regex:
            self.field_attrs["validators"] = [
                RegexValidator(regex=regex, message=f"Invalid value. Must match regex: {regex}", code="invalid")
            ]

    def json_schema(self) -> dict[str, Any]:
        schema = super().json_schema()
        if self.min_length is not None:
            schema["minLength"] = self.min_length
        if self.max_length is not None:
            schema["maxLength"] = self.max_length
        if self.regex:
            schema["pattern"] = self.regex
        return schema


class TextVar(ScriptVariable):
    """Free text of any length, shown as a multi-line input."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.field_attrs["widget"] = forms.Textarea(attrs={"rows": 4})

    def as_field(self) -> forms.Field:
        field = super().as_field()
        field.strip = False
        return field


class IntegerVar(ScriptVariable):
    form_field = forms.IntegerField
    json_type = "integer"

    def __init__(self, *, min_value: int | None = None, max_value: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.min_value, self.max_value = min_value, max_value
        self.field_attrs.update(min_value=min_value, max_value=max_value)

    def json_schema(self) -> dict[str, Any]:
        schema = super().json_schema()
        if self.min_value is not None:
            schema["minimum"] = self.min_value
        if self.max_value is not None:
            schema["maximum"] = self.max_value
        return schema


class FloatVar(IntegerVar):
    form_field = forms.FloatField
    json_type = "number"


class BooleanVar(ScriptVariable):
    """A true/false flag. Never required: an unticked box is a valid False."""

    form_field = forms.BooleanField
    json_type = "boolean"

    def __init__(self, **kwargs: Any) -> None:
        kwargs["required"] = False
        super().__init__(**kwargs)

    def parse_cli(self, text: str) -> bool:
        lowered = text.strip().lower()
        if lowered in {"1", "true", "yes", "on", "y"}:
            return True
        if lowered in {"0", "false", "no", "off", "n", ""}:
            return False
        raise ValidationError(f"{text!r} is not a boolean (use true or false)", code="invalid")

    def serialize(self, value: Any) -> bool:
        return bool(value)


def _normalise_choices(choices: Iterable[Any]) -> list[tuple[str, str]]:
    normalised = []
    for choice in choices:
        if isinstance(choice, list | tuple):
            normalised.append((str(choice[0]), str(choice[1])))
        else:
            normalised.append((str(choice), str(choice)))
    return normalised


class ChoiceVar(ScriptVariable):
    """One of a list of `(value, label)` choices."""

    form_field = forms.ChoiceField

    def __init__(self, *, choices: Iterable[Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.choices = _normalise_choices(choices)
        self.field_attrs["choices"] = self.choices

    def json_schema(self) -> dict[str, Any]:
        schema = super().json_schema()
        schema["enum"] = [value for value, _ in self.choices]
        schema["x-labels"] = {value: label for value, label in self.choices}
        return schema


class MultiChoiceVar(ChoiceVar):
    form_field = forms.MultipleChoiceField
    json_type = "array"

    def json_schema(self) -> dict[str, Any]:
        schema = ScriptVariable.json_schema(self)
        schema["items"] = {"type": "string", "enum": [value for value, _ in self.choices]}
        return schema

    def parse_cli(self, text: str) -> list[str]:
        return [part.strip() for part in text.split(",") if part.strip()]

    def serialize(self, value: Any) -> list[str]:
        return list(value or [])


def _model_label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


class ObjectVar(ScriptVariable):
    """One object of `model`, chosen by primary key (the CLI also accepts a name or slug)."""

    form_field = forms.ModelChoiceField
    json_type = "integer"
    #: Fields the CLI matches a non-numeric value against (case-insensitively), in this order.
    name_fields: ClassVar[tuple[str, ...]] = ("name", "slug", "cid", "model", "part_number", "address", "username")

    def __init__(
        self,
        model: type[models.Model] | None = None,
        *,
        queryset: models.QuerySet | None = None,
        display_field: str = "display",
        query_params: Mapping[str, Any] | None = None,
        null_option: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if queryset is None:
            if model is None:
                raise TypeError(f"{type(self).__name__} needs a model or a queryset")
            queryset = model._default_manager.all()
        self.model = queryset.model
        self.queryset = queryset
        self.field_attrs["queryset"] = queryset  # the field's setter takes a fresh `.all()` per form
        self.display_field = display_field
        self.query_params = dict(query_params or {})
        self.null_option = null_option

    def as_field(self) -> forms.Field:
        field = super().as_field()
        field.empty_label = self.null_option or "---------"
        attrs = field.widget.attrs
        attrs["data-model"] = _model_label(self.model)
        attrs["data-display-field"] = self.display_field
        if self.query_params:
            attrs["data-query-params"] = json.dumps(self.query_params)
        return field

    def json_schema(self) -> dict[str, Any]:
        schema = super().json_schema()
        schema["type"] = ["integer", "null"] if not self.required else schema["type"]
        schema["x-model"] = _model_label(self.model)
        if self.query_params:
            schema["x-query-params"] = self.query_params
        return schema

    def _lookup(self, text: str) -> Any:
        text = text.strip()
        if text.isdigit():
            return int(text)
        field_names = {f.name for f in self.model._meta.get_fields()}
        for field in self.name_fields:
            if field in field_names:
                matches = list(self.queryset.filter(**{f"{field}__iexact": text}).values_list("pk", flat=True)[:2])
                if len(matches) == 1:
                    return matches[0]
                if len(matches) > 1:
                    raise ValidationError(f"{text!r} matches more than one {self.model._meta.verbose_name}")
        raise ValidationError(f"No {self.model._meta.verbose_name} matches {text!r}", code="invalid_choice")

    def parse_cli(self, text: str) -> Any:
        return self._lookup(text)

    def serialize(self, value: Any) -> Any:
        # A default may be given as a primary key rather than an object.
        return None if value is None else getattr(value, "pk", value)

    def deserialize(self, raw: Any) -> Any:
        if raw is None:
            return None
        try:
            return self.queryset.get(pk=raw)
        except self.model.DoesNotExist:
            raise ValidationError(
                f"{self.name}: {self.model._meta.verbose_name} {raw} no longer exists", code="invalid_choice"
            ) from None


class MultiObjectVar(ObjectVar):
    form_field = forms.ModelMultipleChoiceField
    json_type = "array"

    def as_field(self) -> forms.Field:
        field = super().as_field()
        field.empty_label = None  # a multiple select has no empty choice; the iterator still reads this
        return field

    def json_schema(self) -> dict[str, Any]:
        schema = super().json_schema()
        schema["type"] = "array"
        schema["items"] = {"type": "integer"}
        return schema

    def parse_cli(self, text: str) -> list[Any]:
        return [self._lookup(part) for part in text.split(",") if part.strip()]

    def serialize(self, value: Any) -> list[Any]:
        return [obj.pk for obj in value or []]

    def deserialize(self, raw: Any) -> Any:
        pks = list(raw or [])
        objects = self.queryset.filter(pk__in=pks)
        if objects.count() != len(set(pks)):
            raise ValidationError(f"{self.name}: some selected objects no longer exist", code="invalid_choice")
        return objects


class FileVar(ScriptVariable):
    """An uploaded file: held (in the bookkeeping database) only until the run ends."""

    form_field = forms.FileField

    def json_schema(self) -> dict[str, Any]:
        schema = super().json_schema()
        schema["format"] = "binary"
        return schema

    def parse_cli(self, text: str) -> Any:
        from pathlib import Path

        from django.core.files.uploadedfile import SimpleUploadedFile

        path = Path(text).expanduser()
        if not path.is_file():
            raise ValidationError(f"{text}: no such file", code="invalid")
        return SimpleUploadedFile(path.name, path.read_bytes())

    def serialize(self, value: Any) -> Any:
        from netjobs.jobs.models import FileProxy

        if value is None:
            return None
        value.seek(0)
        proxy = FileProxy.objects.create(name=value.name, content=value.read())
        return {"file_proxy": proxy.pk, "name": value.name}

    def deserialize(self, raw: Any) -> Any:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from netjobs.jobs.models import FileProxy

        if not raw:
            return None
        proxy = FileProxy.objects.filter(pk=raw["file_proxy"]).first()
        if proxy is None:
            raise ValidationError(f"{self.name}: the uploaded file is no longer available", code="invalid")
        return SimpleUploadedFile(proxy.name, bytes(proxy.content))


class _NetaddrField(forms.CharField):
    parser: ClassVar[Any] = None
    kind = "address"

    def __init__(self, *, min_prefix_length: int | None = None, max_prefix_length: int | None = None, **kw: Any):
        super().__init__(**kw)
        self.min_prefix_length, self.max_prefix_length = min_prefix_length, max_prefix_length

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return self.convert(value.strip())
        except (netaddr.AddrFormatError, ValueError, TypeError):
            raise ValidationError(f"{value!r} is not a valid IP {self.kind}", code="invalid") from None

    def convert(self, value: str) -> Any:
        raise NotImplementedError


class _IPAddressField(_NetaddrField):
    kind = "address"

    def convert(self, value: str) -> netaddr.IPAddress:
        if "/" in value:
            raise ValueError("mask not allowed")
        return netaddr.IPAddress(value)


class _IPWithMaskField(_NetaddrField):
    kind = "address with a mask (e.g. 192.0.2.1/24)"

    def convert(self, value: str) -> netaddr.IPNetwork:
        if "/" not in value:
            raise ValueError("mask required")
        return netaddr.IPNetwork(value)


class _IPNetworkField(_IPWithMaskField):
    kind = "network with a mask (e.g. 192.0.2.0/24)"

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is None:
            return
        if value.ip != value.network:
            raise ValidationError(
                f"{value} has host bits set: the network is {value.cidr}", code="host_bits", params={"value": value}
            )
        if self.min_prefix_length is not None and value.prefixlen < self.min_prefix_length:
            raise ValidationError(f"Mask /{value.prefixlen} is shorter than the minimum /{self.min_prefix_length}")
        if self.max_prefix_length is not None and value.prefixlen > self.max_prefix_length:
            raise ValidationError(f"Mask /{value.prefixlen} is longer than the maximum /{self.max_prefix_length}")


class IPAddressVar(ScriptVariable):
    """An IPv4 or IPv6 address without a mask, as `netaddr.IPAddress`."""

    form_field = _IPAddressField

    def json_schema(self) -> dict[str, Any]:
        return {**super().json_schema(), "format": "ip-address"}

    def serialize(self, value: Any) -> Any:
        return None if value is None else str(value)

    def deserialize(self, raw: Any) -> Any:
        return None if raw is None else netaddr.IPAddress(raw)


class IPAddressWithMaskVar(IPAddressVar):
    """An IPv4 or IPv6 address with a mask, as `netaddr.IPNetwork`."""

    form_field = _IPWithMaskField

    def json_schema(self) -> dict[str, Any]:
        return {**super().json_schema(), "format": "ip-interface"}

    def deserialize(self, raw: Any) -> Any:
        return None if raw is None else netaddr.IPNetwork(raw)


class IPNetworkVar(IPAddressWithMaskVar):
    """An IPv4 or IPv6 network, as `netaddr.IPNetwork`, optionally bounded in mask length."""

    form_field = _IPNetworkField

    def __init__(
        self, *, min_prefix_length: int | None = None, max_prefix_length: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.min_prefix_length, self.max_prefix_length = min_prefix_length, max_prefix_length
        self.field_attrs.update(min_prefix_length=min_prefix_length, max_prefix_length=max_prefix_length)

    def json_schema(self) -> dict[str, Any]:
        schema = {**super().json_schema(), "format": "ip-network"}
        if self.min_prefix_length is not None:
            schema["x-min-prefix-length"] = self.min_prefix_length
        if self.max_prefix_length is not None:
            schema["x-max-prefix-length"] = self.max_prefix_length
        return schema


class DateVar(ScriptVariable):
    form_field = forms.DateField

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.field_attrs["widget"] = forms.DateInput(attrs={"type": "date"})

    def json_schema(self) -> dict[str, Any]:
        return {**super().json_schema(), "format": "date"}

    def serialize(self, value: Any) -> Any:
        return None if value is None else value.isoformat()

    def deserialize(self, raw: Any) -> datetime.date | None:
        return None if raw is None else parse_date(raw)


class DateTimeVar(ScriptVariable):
    form_field = forms.DateTimeField

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.field_attrs["widget"] = forms.DateTimeInput(attrs={"type": "datetime-local"})

    def json_schema(self) -> dict[str, Any]:
        return {**super().json_schema(), "format": "date-time"}

    def serialize(self, value: Any) -> Any:
        return None if value is None else value.isoformat()

    def deserialize(self, raw: Any) -> datetime.datetime | None:
        return None if raw is None else parse_datetime(raw)


class JSONVar(ScriptVariable):
    """Any JSON document (object, list, number…)."""

    form_field = forms.JSONField
    json_type = ""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.field_attrs["widget"] = forms.Textarea(attrs={"rows": 6, "class": "font-monospace"})

    def json_schema(self) -> dict[str, Any]:
        schema = super().json_schema()
        del schema["type"]
        return schema

    def parse_cli(self, text: str) -> Any:
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValidationError(f"not valid JSON: {exc}", code="invalid") from None


def ordered_variables(variables: Mapping[str, ScriptVariable], field_order: Sequence[str] = ()) -> list[str]:
    """Variable names in `field_order` first, then in declaration order."""
    first = [name for name in field_order if name in variables]
    return first + [name for name in variables if name not in first]
