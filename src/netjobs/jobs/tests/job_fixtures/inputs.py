"""One job taking every kind of input variable; `run()` returns what it received, as plain JSON."""

from django.db import models

from netjobs.apps.extras import Status, Tag
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
    Job,
    JSONVar,
    MultiChoiceVar,
    MultiObjectVar,
    ObjectVar,
    StringVar,
    TextVar,
)

name = "Input tests"

DIRECTIONS = (("n", "North"), ("s", "South"), ("e", "East"), ("w", "West"))


def plain(value):
    """A value `run()` received, as JSON the tests can compare."""
    if value is None or isinstance(value, bool | int | float | str | dict):
        return value
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if hasattr(value, "read"):
        return {"file": value.name, "content": value.read().decode()}
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, models.QuerySet):
        return sorted(str(obj) for obj in value)
    return str(value)


class EveryVariable(Job):
    class Meta:
        name = "Every variable"
        description = "Takes one variable of each type and returns what `run()` received"
        field_order = ("hostname", "count")

    # Declared before `hostname` and `count` on purpose: `field_order` puts those two first.
    comment = TextVar(required=False)
    hostname = StringVar(
        label="Host name",
        description="Lower-case device name",
        min_length=3,
        max_length=20,
        regex=r"^[a-z0-9-]+$",
    )
    count = IntegerVar(min_value=1, max_value=10, default=2)
    ratio = FloatVar(min_value=0.0, max_value=1.0, required=False)
    enabled = BooleanVar(default=True)
    direction = ChoiceVar(choices=DIRECTIONS, default="n")
    directions = MultiChoiceVar(choices=DIRECTIONS, required=False)
    status = ObjectVar(model=Status, required=False, display_field="slug", null_option="None")
    tags = MultiObjectVar(model=Tag, required=False, query_params={"status": "$status", "color": ["ff0000", "00ff00"]})
    config = FileVar(required=False)
    address = IPAddressVar(required=False)
    interface_address = IPAddressWithMaskVar(required=False)
    network = IPNetworkVar(min_prefix_length=16, max_prefix_length=30, required=False)
    due = DateVar(required=False)
    window_start = DateTimeVar(required=False)
    document = JSONVar(required=False)

    def run(self, data, commit):
        return {key: plain(value) for key, value in data.items()}
