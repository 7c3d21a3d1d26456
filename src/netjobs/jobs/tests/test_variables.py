"""Job variables: validation (through their form field), JSON schema, CLI parsing and storage round trip."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import netaddr
import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from netjobs.apps.jobs import (
    BooleanVar,
    ChoiceVar,
    DateTimeVar,
    DateVar,
    FileVar,
    FloatVar,
    IntegerVar,
    IPAddressVar,
    IPAddressWithMaskVar,
    IPNetworkVar,
    JSONVar,
    MultiChoiceVar,
    MultiObjectVar,
    ObjectVar,
    ScriptVariable,
    StringVar,
    TextVar,
)
from netjobs.core.models import Status, Tag
from netjobs.jobs.models import FileProxy, JobResult
from netjobs.jobs.registry import get_job_class
from netjobs.jobs.submit import input_errors, load_run_data, prepare_input
from netjobs.jobs.tests.support import both_databases

DIRECTIONS = (("n", "North"), ("s", "South"))
UTC = datetime.UTC


def named(var: ScriptVariable, name: str = "value") -> ScriptVariable:
    """A variable as a Job class would hold it (the class gives it its attribute name)."""
    var.name = var.name or name
    return var


def clean(var: ScriptVariable, value: Any) -> Any:
    return named(var).as_field().clean(value)


def errors_of(var: ScriptVariable, value: Any) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        clean(var, value)
    return caught.value.messages


def round_trip(var: ScriptVariable, cleaned: Any) -> Any:
    """Store a cleaned value as JSON (as the queue does) and load it back as `run()` receives it."""
    return var.deserialize(json.loads(json.dumps(var.serialize(cleaned))))


@pytest.fixture
def tags(db: None) -> dict[str, Tag]:
    return {name: Tag.objects.create(name=name) for name in ("core", "edge routers", "access")}


# --- options every variable has ------------------------------------------------------------------------------
def test_label_description_default_and_required_reach_the_form_field_and_the_schema():
    var = named(StringVar(label="Host name", description="The device's name", default="sw1", required=False))

    field = var.as_field()
    assert (field.label, field.help_text, field.initial, field.required) == (
        "Host name",
        "The device's name",
        "sw1",
        False,
    )
    assert var.json_schema() == {
        "type": "string",
        "title": "Host name",
        "description": "The device's name",
        "default": "sw1",
    }


def test_a_variable_without_a_label_is_labelled_after_its_name():
    assert named(IntegerVar(), "switch_count").as_field().label == "Switch count"


def test_variables_are_required_by_default():
    assert errors_of(StringVar(), "") == ["This field is required."]
    assert clean(StringVar(required=False), "") == ""


def test_a_widget_option_replaces_the_form_widget():
    field = named(StringVar(widget=forms.PasswordInput)).as_field()

    assert isinstance(field.widget, forms.PasswordInput)
    assert isinstance(named(TextVar(widget=forms.TextInput)).as_field().widget, forms.TextInput)


def test_variable_options_are_keyword_only():
    with pytest.raises(TypeError):
        StringVar(3)  # type: ignore[misc]


# --- StringVar and TextVar -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("ab", "Ensure this value has at least 3 characters (it has 2)."),
        ("abcdefg", "Ensure this value has at most 6 characters (it has 7)."),
    ],
)
def test_string_var_enforces_min_length_and_max_length(value, error):
    assert errors_of(StringVar(min_length=3, max_length=6), value) == [error]
    assert clean(StringVar(min_length=3, max_length=6), "abcd") == "abcd"


def test_string_var_with_equal_min_and_max_length_takes_a_fixed_length():
    var = StringVar(min_length=4, max_length=4)

    assert clean(var, "ams1") == "ams1"
    assert errors_of(var, "ams") and errors_of(var, "ams01")


def test_string_var_rejects_a_value_that_does_not_match_its_regex():
    var = StringVar(regex=r"^[a-z]+\d$")

    assert clean(var, "sw1") == "sw1"
    assert errors_of(var, "SW-1") == [r"Invalid value. Must match regex: ^[a-z]+\d$"]


def test_string_var_schema_carries_its_length_and_pattern():
    schema = named(StringVar(min_length=1, max_length=8, regex="^x")).json_schema()

    assert (schema["minLength"], schema["maxLength"], schema["pattern"]) == (1, 8, "^x")


def test_text_var_renders_a_multi_line_input_and_keeps_whitespace():
    field = named(TextVar()).as_field()

    assert isinstance(field.widget, forms.Textarea)
    assert field.clean("  line one\nline two  ") == "  line one\nline two  "


# --- numbers and flags ---------------------------------------------------------------------------------------
def test_integer_var_enforces_min_value_and_max_value():
    var = IntegerVar(min_value=1, max_value=5)

    assert clean(var, "5") == 5
    assert errors_of(var, 0) == ["Ensure this value is greater than or equal to 1."]
    assert errors_of(var, 6) == ["Ensure this value is less than or equal to 5."]
    assert errors_of(var, "2.5") == ["Enter a whole number."]
    assert named(var).json_schema() | {"title": ""} == {"type": "integer", "title": "", "minimum": 1, "maximum": 5}


def test_float_var_enforces_min_value_and_max_value():
    var = FloatVar(min_value=0.0, max_value=1.0)

    assert clean(var, "0.25") == 0.25
    assert errors_of(var, 1.5) == ["Ensure this value is less than or equal to 1.0."]
    assert errors_of(var, -0.1) == ["Ensure this value is greater than or equal to 0.0."]
    assert named(var).json_schema()["type"] == "number"


def test_boolean_var_is_never_required_so_false_is_a_valid_answer():
    var = named(BooleanVar(required=True))

    assert var.required is False
    assert var.as_field().clean(False) is False
    assert var.as_field().clean(True) is True
    assert var.json_schema()["type"] == "boolean"


@pytest.mark.parametrize(
    ("text", "expected"), [("true", True), ("Yes", True), ("1", True), ("false", False), ("no", False)]
)
def test_boolean_var_parses_the_command_line(text, expected):
    assert BooleanVar().parse_cli(text) is expected


def test_boolean_var_rejects_a_command_line_value_that_is_not_a_boolean():
    with pytest.raises(ValidationError, match="is not a boolean"):
        BooleanVar().parse_cli("maybe")


# --- choices -------------------------------------------------------------------------------------------------
def test_choice_var_accepts_a_choice_value_but_not_its_label():
    var = ChoiceVar(choices=DIRECTIONS)

    assert clean(var, "n") == "n"
    assert errors_of(var, "North") == ["Select a valid choice. North is not one of the available choices."]


def test_choice_var_schema_lists_values_and_labels():
    schema = named(ChoiceVar(choices=DIRECTIONS)).json_schema()

    assert schema["enum"] == ["n", "s"]
    assert schema["x-labels"] == {"n": "North", "s": "South"}


def test_multi_choice_var_accepts_several_choices_and_rejects_an_unknown_one():
    var = MultiChoiceVar(choices=DIRECTIONS)

    assert clean(var, ["n", "s"]) == ["n", "s"]
    assert errors_of(var, ["n", "x"]) == ["Select a valid choice. x is not one of the available choices."]
    assert named(var).json_schema()["items"] == {"type": "string", "enum": ["n", "s"]}
    assert var.parse_cli("n, s") == ["n", "s"]


# --- objects -------------------------------------------------------------------------------------------------
def test_object_var_accepts_a_primary_key_and_returns_the_object(tags):
    assert clean(ObjectVar(model=Tag), str(tags["core"].pk)) == tags["core"]


def test_object_var_rejects_an_unknown_id(tags):
    assert errors_of(ObjectVar(model=Tag), 999_999) == [
        "Select a valid choice. That choice is not one of the available choices."
    ]


def test_object_var_limited_by_a_queryset_rejects_objects_outside_it(tags):
    var = ObjectVar(queryset=Tag.objects.exclude(name="core"))

    assert errors_of(var, tags["core"].pk)
    assert clean(var, tags["access"].pk) == tags["access"]


def test_object_var_exposes_model_display_field_and_query_params_on_its_widget(db):
    var = named(ObjectVar(model=Tag, display_field="slug", query_params={"status": "$status", "color": ["f00", "0f0"]}))

    attrs = var.as_field().widget.attrs

    assert attrs["data-model"] == "core.tag"
    assert attrs["data-display-field"] == "slug"
    assert json.loads(attrs["data-query-params"]) == {"status": "$status", "color": ["f00", "0f0"]}
    schema = var.json_schema()
    assert schema["x-model"] == "core.tag"
    assert schema["x-query-params"] == {"status": "$status", "color": ["f00", "0f0"]}


def test_object_var_displays_the_display_field_by_default(db):
    assert named(ObjectVar(model=Tag)).as_field().widget.attrs["data-display-field"] == "display"


def test_object_var_null_option_is_the_label_of_the_empty_choice(tags):
    field = named(ObjectVar(model=Status, required=False, null_option="None")).as_field()

    assert next(iter(field.choices)) == ("", "None")
    assert '<option value="" selected>None</option>' in field.widget.render("status", None)
    assert field.clean("") is None


def test_object_var_parses_the_command_line_by_id_name_or_slug(tags):
    var = named(ObjectVar(model=Tag))

    assert var.parse_cli(str(tags["core"].pk)) == tags["core"].pk
    assert var.parse_cli("core") == tags["core"].pk
    assert var.parse_cli("edge-routers") == tags["edge routers"].pk
    with pytest.raises(ValidationError, match="No tag matches 'nope'"):
        var.parse_cli("nope")


def test_object_var_default_may_be_an_object_or_a_primary_key(tags):
    assert named(ObjectVar(model=Tag, default=tags["core"])).json_schema()["default"] == tags["core"].pk
    assert named(ObjectVar(model=Tag, default=tags["core"].pk)).json_schema()["default"] == tags["core"].pk


def test_object_var_round_trips_through_storage_and_reports_an_object_deleted_meanwhile(tags):
    var = named(ObjectVar(model=Tag), "tag")
    core = clean(var, tags["core"].pk)

    assert round_trip(var, core) == tags["core"]
    assert round_trip(var, None) is None
    tags["core"].delete()
    with pytest.raises(ValidationError, match=r"tag: tag \d+ no longer exists"):
        round_trip(var, core)


def test_multi_object_var_accepts_several_objects_and_rejects_an_unknown_id(tags):
    var = MultiObjectVar(model=Tag)
    ids = [tags["core"].pk, tags["access"].pk]

    assert set(clean(var, ids)) == {tags["core"], tags["access"]}
    assert errors_of(var, [tags["core"].pk, 999_999]) == [
        "Select a valid choice. 999999 is not one of the available choices."
    ]
    assert named(var).json_schema()["type"] == "array"
    assert next(iter(named(var).as_field().choices))[1] == "access"  # no empty choice in a multiple select


def test_multi_object_var_parses_a_comma_separated_command_line_and_round_trips(tags):
    var = named(MultiObjectVar(model=Tag), "tags")

    assert var.parse_cli(f"core,edge-routers,{tags['access'].pk}") == [
        tags["core"].pk,
        tags["edge routers"].pk,
        tags["access"].pk,
    ]
    assert set(round_trip(var, clean(var, [tags["core"].pk]))) == {tags["core"]}
    tags["core"].delete()
    with pytest.raises(ValidationError, match="no longer exist"):
        var.deserialize([tags["access"].pk, 999_999])


# --- files ---------------------------------------------------------------------------------------------------
def test_file_var_parses_a_path_on_the_command_line_into_an_uploaded_file(tmp_path: Path):
    path = tmp_path / "config.txt"
    path.write_text("hostname sw1\n")

    uploaded = named(FileVar()).parse_cli(str(path))

    assert uploaded.name == "config.txt"
    assert clean(FileVar(), uploaded).read() == b"hostname sw1\n"
    with pytest.raises(ValidationError, match="no such file"):
        FileVar().parse_cli(str(tmp_path / "missing.txt"))


@both_databases
def test_file_var_keeps_the_upload_in_the_bookkeeping_database_until_the_run_loads_it():
    var = named(FileVar(), "config")

    stored = var.serialize(SimpleUploadedFile("config.txt", b"interface Gi0/1\n"))
    loaded = var.deserialize(json.loads(json.dumps(stored)))

    assert FileProxy.objects.filter(pk=stored["file_proxy"]).exists()
    assert (loaded.name, loaded.read()) == ("config.txt", b"interface Gi0/1\n")
    assert var.json_schema()["format"] == "binary"


# --- IP addresses and networks -------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["192.0.2.1", "2001:db8::1"])
def test_ip_address_var_returns_a_netaddr_address(text):
    assert clean(IPAddressVar(), text) == netaddr.IPAddress(text)


@pytest.mark.parametrize("text", ["192.0.2.1/24", "2001:db8::1/64", "192.0.2", "not an address"])
def test_ip_address_var_rejects_a_mask_and_anything_that_is_not_an_address(text):
    assert errors_of(IPAddressVar(), text) == [f"'{text}' is not a valid IP address"]


def test_ip_address_with_mask_var_requires_a_mask_and_keeps_the_host_address():
    value = clean(IPAddressWithMaskVar(), "192.0.2.10/24")

    assert isinstance(value, netaddr.IPNetwork)
    assert (str(value.ip), value.prefixlen) == ("192.0.2.10", 24)
    assert "is not a valid IP address with a mask" in errors_of(IPAddressWithMaskVar(), "192.0.2.10")[0]


def test_ip_network_var_enforces_min_and_max_prefix_length():
    var = IPNetworkVar(min_prefix_length=16, max_prefix_length=30)

    assert clean(var, "10.1.0.0/16") == netaddr.IPNetwork("10.1.0.0/16")
    assert clean(var, "2001:db8::/30") == netaddr.IPNetwork("2001:db8::/30")
    assert errors_of(var, "10.0.0.0/8") == ["Mask /8 is shorter than the minimum /16"]
    assert errors_of(var, "10.0.0.0/31") == ["Mask /31 is longer than the maximum /30"]
    assert "is not a valid IP network" in errors_of(var, "10.0.0.0")[0]
    schema = named(var).json_schema()
    assert (schema["format"], schema["x-min-prefix-length"], schema["x-max-prefix-length"]) == ("ip-network", 16, 30)


# --- dates and JSON ------------------------------------------------------------------------------------------
def test_date_var_parses_an_iso_date():
    var = named(DateVar())

    assert clean(var, "2024-05-01") == datetime.date(2024, 5, 1)
    assert errors_of(var, "yesterday") == ["Enter a valid date."]
    assert var.json_schema()["format"] == "date"
    assert var.as_field().widget.input_type == "date"


def test_date_time_var_parses_an_iso_date_time_with_its_offset():
    var = named(DateTimeVar())

    value = clean(var, "2024-05-01T10:30:00+02:00")

    assert value == datetime.datetime(2024, 5, 1, 8, 30, tzinfo=UTC)
    assert errors_of(var, "2024-13-01T00:00") == ["Enter a valid date/time."]
    assert var.json_schema()["format"] == "date-time"


def test_json_var_accepts_any_json_document_and_rejects_invalid_json():
    var = named(JSONVar())

    assert clean(var, '{"vlans": [10, 20]}') == {"vlans": [10, 20]}
    assert clean(var, "[1, 2]") == [1, 2]
    assert errors_of(var, "{not json") == ["Enter a valid JSON."]
    assert "type" not in var.json_schema()
    assert var.parse_cli('{"a": 1}') == {"a": 1}
    with pytest.raises(ValidationError, match="not valid JSON"):
        var.parse_cli("{oops")


# --- command line and storage, every type --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("var", "text", "expected"),
    [
        (StringVar(), "sw1", "sw1"),
        (TextVar(), "two\nlines", "two\nlines"),
        (IntegerVar(), "42", 42),
        (FloatVar(), "0.5", 0.5),
        (BooleanVar(), "yes", True),
        (ChoiceVar(choices=DIRECTIONS), "s", "s"),
        (MultiChoiceVar(choices=DIRECTIONS), "n,s", ["n", "s"]),
        (IPAddressVar(), "192.0.2.1", netaddr.IPAddress("192.0.2.1")),
        (IPAddressWithMaskVar(), "192.0.2.1/24", netaddr.IPNetwork("192.0.2.1/24")),
        (IPNetworkVar(), "192.0.2.0/24", netaddr.IPNetwork("192.0.2.0/24")),
        (DateVar(), "2024-05-01", datetime.date(2024, 5, 1)),
        (DateTimeVar(), "2024-05-01T10:30:00Z", datetime.datetime(2024, 5, 1, 10, 30, tzinfo=UTC)),
        (JSONVar(), '{"a": [1, 2]}', {"a": [1, 2]}),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, ScriptVariable) else None,
)
def test_every_variable_parses_its_command_line_form_and_round_trips_through_storage(var, text, expected):
    cleaned = clean(var, var.parse_cli(text))

    assert cleaned == expected
    assert round_trip(var, cleaned) == expected


def test_an_empty_optional_value_round_trips_as_none():
    for var in (IPAddressVar(), IPNetworkVar(), DateVar(), DateTimeVar(), ObjectVar(model=Tag), FileVar()):
        assert round_trip(named(var), None) is None


# --- a job's variables together ------------------------------------------------------------------------------
@pytest.fixture
def every_variable(jobs_root: Path) -> Any:
    return get_job_class("local/inputs/EveryVariable")


def test_variables_are_collected_in_declaration_order(every_variable):
    assert list(every_variable.variables)[:4] == ["comment", "hostname", "count", "ratio"]
    assert every_variable.variables["hostname"].name == "hostname"


def test_field_order_puts_its_fields_first_in_the_form_then_the_others_in_declaration_order(every_variable, db):
    form = every_variable.as_form()

    assert list(form.fields) == [
        "hostname",
        "count",
        "comment",
        "ratio",
        "enabled",
        "direction",
        "directions",
        "status",
        "tags",
        "config",
        "address",
        "interface_address",
        "network",
        "due",
        "window_start",
        "document",
    ]
    assert form.fields["count"].initial == 2


def test_the_job_json_schema_describes_every_variable_in_form_order(every_variable):
    schema = every_variable.json_schema()

    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    assert list(schema["properties"])[:3] == ["hostname", "count", "comment"]
    assert schema["required"] == ["hostname", "count", "direction"]
    assert schema["properties"]["hostname"] == {
        "type": "string",
        "title": "Host name",
        "description": "Lower-case device name",
        "minLength": 3,
        "maxLength": 20,
        "pattern": "^[a-z0-9-]+$",
    }
    assert schema["properties"]["count"] == {
        "type": "integer",
        "title": "Count",
        "default": 2,
        "minimum": 1,
        "maximum": 10,
    }
    assert schema["properties"]["enabled"] == {"type": "boolean", "title": "Enabled", "default": True}
    assert schema["properties"]["status"]["x-model"] == "core.status"
    assert schema["properties"]["tags"]["x-query-params"] == {"status": "$status", "color": ["ff0000", "00ff00"]}
    json.dumps(schema)  # the API serves it as is


@pytest.mark.django_db
def test_missing_values_take_their_defaults(every_variable):
    prepared = prepare_input(every_variable, {"hostname": "sw1-ams"})

    assert prepared.public == {
        "comment": "",
        "hostname": "sw1-ams",
        "count": 2,
        "ratio": None,
        "enabled": True,
        "direction": "n",
        "directions": [],
        "status": None,
        "tags": [],
        "config": None,
        "address": None,
        "interface_address": None,
        "network": None,
        "due": None,
        "window_start": None,
        "document": None,
    }
    assert prepared.sensitive == {}


@pytest.mark.django_db
def test_an_unknown_variable_name_is_rejected_by_name(every_variable):
    assert input_errors(every_variable, {"hostname": "sw1", "colour": "red"}) == {
        "colour": ["Unknown variable: this job has no input of that name."]
    }


@pytest.mark.django_db
def test_every_bad_variable_is_reported_at_once(every_variable):
    errors = input_errors(every_variable, {"hostname": "Bad Name", "count": 11, "network": "10.0.0.0/8"})

    assert set(errors) == {"hostname", "count", "network"}
    assert errors["count"] == ["Ensure this value is less than or equal to 10."]


@both_databases
def test_a_full_input_is_stored_as_json_and_reaches_run_as_python_values(every_variable, tags):
    active = Status.objects.create(name="Active")
    data = {
        "hostname": "sw1-ams",
        "count": "3",
        "ratio": 0.5,
        "enabled": False,
        "direction": "s",
        "directions": ["n", "s"],
        "status": active.pk,
        "tags": [tags["core"].pk, tags["access"].pk],
        "address": "192.0.2.1",
        "interface_address": "192.0.2.1/24",
        "network": "10.1.0.0/16",
        "due": "2024-05-01",
        "window_start": "2024-05-01T22:00:00Z",
        "document": {"vlans": [10, 20]},
    }
    files = {"config": SimpleUploadedFile("sw1.cfg", b"hostname sw1\n")}

    prepared = prepare_input(every_variable, data, files)
    stored = json.loads(json.dumps(prepared.public))
    received = load_run_data(every_variable, JobResult(task_kwargs=stored))

    assert stored["window_start"] == "2024-05-01T22:00:00+00:00"
    assert stored["config"]["name"] == "sw1.cfg"
    assert received["count"] == 3
    assert received["enabled"] is False
    assert received["status"] == active
    assert set(received["tags"]) == {tags["core"], tags["access"]}
    assert received["address"] == netaddr.IPAddress("192.0.2.1")
    assert received["interface_address"] == netaddr.IPNetwork("192.0.2.1/24")
    assert received["network"] == netaddr.IPNetwork("10.1.0.0/16")
    assert received["due"] == datetime.date(2024, 5, 1)
    assert received["window_start"] == datetime.datetime(2024, 5, 1, 22, 0, tzinfo=UTC)
    assert received["document"] == {"vlans": [10, 20]}
    assert received["config"].read() == b"hostname sw1\n"
