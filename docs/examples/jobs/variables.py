"""One small job per variable type; each returns what its run() received (docs/job-authors.md, "Variables")."""

from django import forms

from netjobs.apps.extras import Tag
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

name = "Variable types"


class CommonOptions(Job):
    device_name = StringVar(
        label="Device",  # the form label; the default is made from the name: "Device name"
        description="As named in the inventory",  # help text in the form, description in the API schema
    )
    vlan = IntegerVar(default=100)  # used when the input leaves the variable out
    comment = StringVar(required=False)  # may be left out: run() then gets "" (None for non-text types)
    notes = TextVar(required=False, widget=forms.Textarea(attrs={"rows": 12}))  # any Django form widget
    api_token = StringVar(sensitive=True)  # shown as ******** in the result, stored encrypted until the run

    def run(self, data, commit):
        shown = {key: value for key, value in data.items() if key != "api_token"}
        return {**shown, "api_token_length": len(data["api_token"])}


class StringDemo(Job):
    hostname = StringVar(min_length=3, max_length=63, regex=r"^[a-z0-9-]+$")
    site_code = StringVar(min_length=3, max_length=3, default="ams")  # min = max: a fixed length

    def run(self, data, commit):
        return data


class TextDemo(Job):
    config = TextVar(description="Pasted configuration; leading and trailing whitespace is kept")

    def run(self, data, commit):
        return data["config"].splitlines()


class NumberDemo(Job):
    vlan_id = IntegerVar(min_value=1, max_value=4094)
    utilisation = FloatVar(min_value=0.0, max_value=1.0, default=0.8)

    def run(self, data, commit):
        return {name: [value, type(value).__name__] for name, value in data.items()}


class BooleanDemo(Job):
    shutdown = BooleanVar(description="Shut the port down")  # never required: left out means False
    notify = BooleanVar(default=True)

    def run(self, data, commit):
        return data


DIRECTIONS = (("n", "North"), ("s", "South"), ("e", "East"), ("w", "West"))


class ChoiceDemo(Job):
    direction = ChoiceVar(choices=DIRECTIONS)  # (value, label) pairs; run() gets the value
    speed = ChoiceVar(choices=[100, 1000, 10000], default=1000)  # plain values: label = value

    def run(self, data, commit):
        return data  # values arrive as strings: {"direction": "n", "speed": "1000"}


class MultiChoiceDemo(Job):
    directions = MultiChoiceVar(choices=DIRECTIONS, default=["n", "s"])

    def run(self, data, commit):
        return data["directions"]  # a list of values


class ObjectDemo(Job):
    tag = ObjectVar(model=Tag, display_field="name", description="An id, or on the CLI a name or slug")
    env_tag = ObjectVar(
        queryset=Tag.objects.filter(slug__startswith="env-"),  # only these tags are valid input
        query_params={"color": "9e9e9e"},  # the form lists only grey tags; not enforced on input
        null_option="(none)",
        required=False,
    )

    def run(self, data, commit):
        env_tag = data["env_tag"]
        return {"tag": data["tag"].name, "env_tag": env_tag.name if env_tag else None}


class MultiObjectDemo(Job):
    tags = MultiObjectVar(model=Tag)

    def run(self, data, commit):
        return sorted(tag.name for tag in data["tags"])  # a QuerySet of the chosen objects


class FileDemo(Job):
    inventory = FileVar(description="A text file, one device per line")

    def run(self, data, commit):
        upload = data["inventory"]  # a Django UploadedFile: .name, .size, .read()
        lines = upload.read().decode().splitlines()
        self.log_info(message=f"{upload.name}: {len(lines)} line(s)")
        return lines


class AddressDemo(Job):
    gateway = IPAddressVar()
    interface_ip = IPAddressWithMaskVar()
    subnet = IPNetworkVar(min_prefix_length=16, max_prefix_length=30)

    def run(self, data, commit):
        gateway, interface_ip, subnet = data["gateway"], data["interface_ip"], data["subnet"]
        return {
            "gateway": [str(gateway), gateway.version],  # netaddr.IPAddress
            "interface_ip": [str(interface_ip.ip), str(interface_ip.cidr)],  # netaddr.IPNetwork
            "subnet": [str(subnet), subnet.size],  # netaddr.IPNetwork
        }


class DateDemo(Job):
    start = DateTimeVar(description="ISO 8601; without an offset it is in TIME_ZONE (UTC by default)")
    until = DateVar(required=False)

    def run(self, data, commit):
        start, until = data["start"], data["until"]  # datetime.datetime (aware), datetime.date or None
        return {"start": start.isoformat(), "weekday": start.strftime("%A"), "until": until and until.isoformat()}


class JSONDemo(Job):
    payload = JSONVar(default={"vlans": [10, 20]})

    def run(self, data, commit):
        return {"type": type(data["payload"]).__name__, "payload": data["payload"]}
