"""`netjobs loaddemo`: a small, realistic inventory to run jobs against, plus the example jobs.

Idempotent: every object is looked up by its natural key and only created, or saved when a field differs, so a
second run writes nothing (not even change-log entries). Everything goes through `validated_save()`, so the
demo data also proves the models' validation accepts a sensible network.

The data is shaped for the example jobs: console ports connected, planned and missing; devices with two, one
or no connected power supplies; a router without a loopback address; an address outside every prefix.
"""

from __future__ import annotations

import datetime
import shutil
import zlib
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction

import netjobs
from netjobs.core.context import ChangeContext, change_context
from netjobs.core.models import Status, Tag

M = TypeVar("M", bound=models.Model)

STATUSES = [  # name, slug, colour
    ("Active", "active", "4caf50"),
    ("Planned", "planned", "00bcd4"),
    ("Staged", "staged", "2196f3"),
    ("Offline", "offline", "ff9800"),
    ("Decommissioning", "decommissioning", "ffc107"),
    ("Retired", "retired", "f44336"),
]
STATUS_MODELS = ["dcim.location", "dcim.device", "ipam.prefix", "ipam.ipaddress", "circuits.circuit"]

SITES = [  # slug, name, region, status, facility, time zone, ASN, address
    ("ams01", "AMS01", "europe", "active", "Equinix AM3", "Europe/Amsterdam", 65001, "Science Park 610, Amsterdam"),
    ("fra01", "FRA01", "europe", "active", "Interxion FRA6", "Europe/Berlin", 65002, "Hanauer Landstr. 302, Frankfurt"),
    ("nyc01", "NYC01", "north-america", "planned", "Equinix NY5", "America/New_York", 65003, "800 Secaucus Rd, NJ"),
]

DEVICE_TYPES = {  # slug: manufacturer, model, part number, height (U), power supplies (W each)
    "c9300-48p": ("Cisco", "Catalyst 9300-48P", "C9300-48P", 1, [715, 715]),
    "isr4451-x": ("Cisco", "ISR 4451-X", "ISR4451-X/K9", 2, [450, 450]),
    "isr4331": ("Cisco", "ISR 4331", "ISR4331/K9", 1, [250]),
    "dcs-7280sr-48c6": ("Arista", "DCS-7280SR-48C6", "DCS-7280SR-48C6-F", 1, [460, 460]),
    "dcs-7050sx3-48yc8": ("Arista", "DCS-7050SX3-48YC8", "DCS-7050SX3-48YC8-F", 1, [310, 310]),
    "ap8841": ("APC", "AP8841", "AP8841", 0, []),
}

# Interfaces per device type: (name, type, management only).
_V, _1G, _10G, _25G, _100G = "virtual", "1000base-t", "10gbase-x-sfpp", "25gbase-x-sfp28", "100gbase-x-qsfp28"
INTERFACES = {
    "c9300-48p": [("GigabitEthernet0/0", _1G, True)]
    + [(f"GigabitEthernet1/0/{i}", _1G, False) for i in range(1, 9)]
    + [(f"TenGigabitEthernet1/1/{i}", _10G, False) for i in (1, 2)],
    "isr4451-x": [("Loopback0", _V, False), ("GigabitEthernet0", _1G, True)]
    + [(f"GigabitEthernet0/0/{i}", _1G, False) for i in range(4)],
    "isr4331": [("GigabitEthernet0", _1G, True)] + [(f"GigabitEthernet0/0/{i}", _1G, False) for i in range(3)],
    "dcs-7280sr-48c6": [("Loopback0", _V, False), ("Management1", _1G, True)]
    + [(f"Ethernet{i}", _10G, False) for i in range(1, 7)]
    + [("Ethernet49/1", _100G, False)],
    "dcs-7050sx3-48yc8": [("Management1", _1G, True)]
    + [(f"Ethernet{i}", _25G, False) for i in range(1, 9)]
    + [("Ethernet49/1", _100G, False)],
    "ap8841": [("eth0", "100base-tx", True)],
}

ROLES = [  # name, slug, colour
    ("Access Switch", "access-switch", "2196f3"),
    ("Core Router", "core-router", "9c27b0"),
    ("Router", "router", "673ab7"),
    ("Console Server", "console-server", "795548"),
    ("PDU", "pdu", "607d8b"),
]

DEVICES = [  # name, site, role, device type, status
    ("ams01-cr1", "ams01", "core-router", "dcs-7280sr-48c6", "active"),
    ("ams01-rtr1", "ams01", "router", "isr4451-x", "active"),
    ("ams01-sw1", "ams01", "access-switch", "c9300-48p", "active"),
    ("ams01-sw2", "ams01", "access-switch", "dcs-7050sx3-48yc8", "active"),
    ("ams01-cs1", "ams01", "console-server", "isr4331", "active"),
    ("ams01-pdu1", "ams01", "pdu", "ap8841", "active"),
    ("ams01-pdu2", "ams01", "pdu", "ap8841", "active"),
    ("fra01-rtr1", "fra01", "router", "isr4451-x", "active"),
    ("fra01-sw1", "fra01", "access-switch", "dcs-7050sx3-48yc8", "active"),
    ("fra01-cs1", "fra01", "console-server", "isr4331", "active"),
    ("fra01-pdu1", "fra01", "pdu", "ap8841", "active"),
    ("nyc01-rtr1", "nyc01", "router", "isr4451-x", "planned"),
    ("nyc01-sw1", "nyc01", "access-switch", "c9300-48p", "planned"),
]

# Console port "Console" of a device → (console server, its port, connected?); absent = not cabled.
CONSOLE_CONNECTIONS = {
    "ams01-cr1": ("ams01-cs1", "Port 1", True),
    "ams01-rtr1": ("ams01-cs1", "Port 2", True),
    "ams01-sw1": ("ams01-cs1", "Port 3", True),
    "ams01-sw2": ("ams01-cs1", "Port 4", False),
    "fra01-rtr1": ("fra01-cs1", "Port 1", True),
}
# (device, power supply) → (PDU, outlet, connected?); absent = not plugged in.
POWER_CONNECTIONS = {
    ("ams01-cr1", "PSU1"): ("ams01-pdu1", "Outlet 1", True),
    ("ams01-cr1", "PSU2"): ("ams01-pdu2", "Outlet 1", True),
    ("ams01-rtr1", "PSU1"): ("ams01-pdu1", "Outlet 2", True),
    ("ams01-rtr1", "PSU2"): ("ams01-pdu2", "Outlet 2", False),
    ("ams01-sw1", "PSU1"): ("ams01-pdu1", "Outlet 3", True),
    ("ams01-sw1", "PSU2"): ("ams01-pdu2", "Outlet 3", True),
    ("ams01-sw2", "PSU1"): ("ams01-pdu1", "Outlet 4", True),
    ("ams01-sw2", "PSU2"): ("ams01-pdu2", "Outlet 4", True),
    ("ams01-cs1", "PSU1"): ("ams01-pdu1", "Outlet 5", True),
    ("fra01-rtr1", "PSU1"): ("fra01-pdu1", "Outlet 1", True),
    ("fra01-sw1", "PSU1"): ("fra01-pdu1", "Outlet 2", True),
    ("fra01-sw1", "PSU2"): ("fra01-pdu1", "Outlet 3", True),
    ("fra01-cs1", "PSU1"): ("fra01-pdu1", "Outlet 4", True),
}

PREFIXES = [  # prefix, type, status, site, description
    ("10.0.0.0/8", "container", "active", None, "Private address space"),
    ("10.255.0.0/24", "pool", "active", None, "Router loopbacks"),
    ("10.10.0.0/24", "network", "active", "ams01", "AMS01 management"),
    ("10.20.0.0/24", "network", "active", "fra01", "FRA01 management"),
    ("10.30.0.0/24", "network", "planned", "nyc01", "NYC01 management"),
    ("192.0.2.0/24", "container", "active", None, "WAN transit"),
    ("192.0.2.0/30", "network", "active", "ams01", "AMS01 internet transit"),
    ("192.0.2.4/30", "network", "active", "fra01", "FRA01 internet transit"),
    ("2001:db8::/32", "container", "active", None, "IPv6 documentation space"),
    ("2001:db8:ff::/64", "pool", "active", None, "Router loopbacks (IPv6)"),
]

IP_ADDRESSES = [  # address, device, interface, role, primary, DNS name
    ("10.255.0.1/32", "ams01-cr1", "Loopback0", "loopback", True, "ams01-cr1.example.net"),
    ("2001:db8:ff::1/128", "ams01-cr1", "Loopback0", "loopback", True, "ams01-cr1.example.net"),
    ("10.10.0.2/24", "ams01-cr1", "Management1", "", False, ""),
    ("10.255.0.2/32", "ams01-rtr1", "Loopback0", "loopback", True, "ams01-rtr1.example.net"),
    ("192.0.2.1/30", "ams01-rtr1", "GigabitEthernet0/0/0", "", False, ""),
    ("10.10.0.11/24", "ams01-sw1", "GigabitEthernet0/0", "", True, "ams01-sw1.example.net"),
    ("10.10.0.12/24", "ams01-sw2", "Management1", "", True, "ams01-sw2.example.net"),
    ("10.10.0.5/24", "ams01-cs1", "GigabitEthernet0", "", True, "ams01-cs1.example.net"),
    ("10.10.0.21/24", "ams01-pdu1", "eth0", "", True, "ams01-pdu1.example.net"),
    ("10.10.0.22/24", "ams01-pdu2", "eth0", "", True, "ams01-pdu2.example.net"),
    ("10.10.0.1/24", None, None, "vrrp", False, "ams01-gw.example.net"),
    # fra01-rtr1's Loopback0 has no address and the router no primary IP: the reports must notice.
    ("10.20.0.1/24", "fra01-rtr1", "GigabitEthernet0", "", False, ""),
    ("192.0.2.5/30", "fra01-rtr1", "GigabitEthernet0/0/0", "", False, ""),
    ("10.20.0.11/24", "fra01-sw1", "Management1", "", True, "fra01-sw1.example.net"),
    ("10.20.0.5/24", "fra01-cs1", "GigabitEthernet0", "", True, "fra01-cs1.example.net"),
    ("10.20.0.21/24", "fra01-pdu1", "eth0", "", True, "fra01-pdu1.example.net"),
    ("10.255.0.3/32", "nyc01-rtr1", "Loopback0", "loopback", True, "nyc01-rtr1.example.net"),
    ("10.30.0.11/24", "nyc01-sw1", "GigabitEthernet0/0", "", True, "nyc01-sw1.example.net"),
    # An anycast resolver address nobody has put a prefix in for.
    ("198.51.100.53/32", None, None, "anycast", False, "resolver.example.net"),
]

PROVIDERS = [  # slug, name, ASN, account, portal
    ("telia-carrier", "Telia Carrier", 1299, "ACME-4711", "https://portal.telia-carrier.example/"),
    ("cogent", "Cogent Communications", 174, "C-0099812", "https://ess.cogent.example/"),
]
CIRCUITS = [  # provider, cid, type, status, commit rate (kbps), installed, A side, Z side
    ("telia-carrier", "TLA-100234", "internet-transit", "active", 1_000_000, "2023-03-01", "ams01", None),
    ("telia-carrier", "TLA-100871", "mpls", "active", 500_000, "2023-06-15", "ams01", "fra01"),
    ("cogent", "CGT-55012", "internet-transit", "active", 1_000_000, "2024-01-10", "fra01", None),
    ("cogent", "CGT-55999", "mpls", "planned", 200_000, None, "fra01", "nyc01"),
]


class Command(BaseCommand):
    help = "Load a small demo inventory (sites, devices, IPs, circuits) and install the example jobs. Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-jobs", action="store_true", help="Load the data only; do not install the jobs.")

    def handle(self, *args: Any, **options: Any) -> None:
        self.created: Counter[str] = Counter()
        self.updated: Counter[str] = Counter()
        with change_context(ChangeContext(user_name="loaddemo")), transaction.atomic():
            self.load()
        if "loadmaintenancedemo" in get_commands():  # sample maintenance notifications, when that app is installed
            call_command("loadmaintenancedemo", verbosity=0)
        jobs = [] if options["no_jobs"] else install_example_jobs()
        if options["verbosity"] > 0:
            self.report(jobs)

    # --- helpers ---------------------------------------------------------------------------------------------
    def ensure(self, model_class: type[M], lookup: dict[str, Any], /, **values: Any) -> M:
        """The object matching `lookup`: created, or saved if one of `values` differs; validated either way."""
        obj = model_class._base_manager.filter(**lookup).first()
        label = str(model_class._meta.verbose_name_plural)
        if obj is None:
            obj = model_class(**lookup, **values)
            obj.validated_save()
            self.created[label] += 1
        elif changed := {name: value for name, value in values.items() if getattr(obj, name) != value}:
            for name, value in changed.items():
                setattr(obj, name, value)
            obj.validated_save()
            self.updated[label] += 1
        return obj

    @staticmethod
    def content_types(labels: Iterable[str]) -> list[ContentType]:
        return [ContentType.objects.get_by_natural_key(*label.split(".")) for label in labels]

    # --- data ------------------------------------------------------------------------------------------------
    def load(self) -> None:
        from netjobs.tenancy.models import Tenant, TenantGroup

        status_types = self.content_types(STATUS_MODELS)
        self.status: dict[str, Status] = {}
        for name, slug, color in STATUSES:
            self.status[slug] = self.ensure(Status, {"slug": slug}, name=name, color=color)
            self.status[slug].content_types.add(*status_types)
        self.tags = {
            slug: self.ensure(Tag, {"slug": slug}, name=name, color=color)
            for name, slug, color in [("Critical", "critical", "f44336"), ("Monitored", "monitored", "2196f3")]
        }
        customers = self.ensure(TenantGroup, {"slug": "customers"}, name="Customers")
        internal = self.ensure(TenantGroup, {"slug": "internal"}, name="Internal")
        self.tenant = {
            "acme": self.ensure(Tenant, {"slug": "acme"}, name="Acme Networks", group=internal),
            "globex": self.ensure(Tenant, {"slug": "globex"}, name="Globex Corporation", group=customers),
            "initech": self.ensure(Tenant, {"slug": "initech"}, name="Initech", group=customers),
        }
        self.load_locations()
        self.load_devices()
        self.load_cabling()
        self.load_ip_addresses()
        self.load_circuits()

    def load_locations(self) -> None:
        from netjobs.dcim.models import Location, LocationType

        region_type = self.ensure(LocationType, {"name": "Region"}, slug="region", nestable=True)
        site_type = self.ensure(LocationType, {"name": "Site"}, slug="site", parent=region_type)
        active = self.status["active"]
        regions = {
            slug: self.ensure(Location, {"slug": slug}, name=name, location_type=region_type, status=active)
            for slug, name in [("europe", "Europe"), ("north-america", "North America")]
        }
        self.site: dict[str, Location] = {}
        for slug, name, region, status, facility, time_zone, asn, address in SITES:
            self.site[slug] = self.ensure(
                Location,
                {"slug": slug},
                name=name,
                location_type=site_type,
                parent=regions[region],
                status=self.status[status],
                tenant=self.tenant["acme"],
                facility=facility,
                time_zone=time_zone,
                asn=asn,
                physical_address=address,
            )

    def load_devices(self) -> None:
        from netjobs.dcim.models import Device, DeviceType, Interface, Manufacturer, Platform, PowerPort, Role

        manufacturers = {
            name: self.ensure(Manufacturer, {"name": name}, slug=name.lower()) for name in ("Cisco", "Arista", "APC")
        }
        platforms = {
            "Cisco": self.ensure(
                Platform,
                {"slug": "cisco-ios-xe"},
                name="Cisco IOS-XE",
                manufacturer=manufacturers["Cisco"],
                network_driver="cisco_xe",
                napalm_driver="ios",
            ),
            "Arista": self.ensure(
                Platform,
                {"slug": "arista-eos"},
                name="Arista EOS",
                manufacturer=manufacturers["Arista"],
                network_driver="arista_eos",
                napalm_driver="eos",
            ),
        }
        device_types = {
            slug: self.ensure(
                DeviceType,
                {"slug": slug},
                manufacturer=manufacturers[make],
                model=model,
                part_number=part,
                u_height=height,
                is_full_depth=height > 0,
            )
            for slug, (make, model, part, height, _) in DEVICE_TYPES.items()
        }
        device_ct = self.content_types(["dcim.device"])
        roles = {}
        for name, slug, color in ROLES:
            roles[slug] = self.ensure(Role, {"slug": slug}, name=name, color=color)
            roles[slug].content_types.add(*device_ct)

        self.device: dict[str, Device] = {}
        for name, site, role, type_slug, status in DEVICES:
            make = DEVICE_TYPES[type_slug][0]
            device = self.ensure(
                Device,
                {"location": self.site[site], "name": name},
                device_type=device_types[type_slug],
                role=roles[role],
                platform=platforms.get(make),
                status=self.status[status],
                tenant=self.tenant["acme"],
                serial=f"{make[:3].upper()}{zlib.crc32(name.encode()):010d}",
            )
            self.device[name] = device
            for if_name, if_type, mgmt_only in INTERFACES[type_slug]:
                self.ensure(Interface, {"device": device, "name": if_name}, type=if_type, mgmt_only=mgmt_only)
            for index, watts in enumerate(DEVICE_TYPES[type_slug][4], start=1):
                self.ensure(PowerPort, {"device": device, "name": f"PSU{index}"}, maximum_draw=watts)
            if role == "core-router":
                device.tags.add(self.tags["critical"])
            if status == "active":
                device.tags.add(self.tags["monitored"])

    def load_cabling(self) -> None:
        from netjobs.dcim.models import ConsolePort, ConsoleServerPort, PowerOutlet, PowerPort

        for name, device in self.device.items():
            role = device.role.slug
            if role == "console-server":
                for i in range(1, 9):
                    self.ensure(ConsoleServerPort, {"device": device, "name": f"Port {i}"}, type="rj-45")
            elif role == "pdu":
                leg = "A" if name.endswith("1") else "B"
                for i in range(1, 9):
                    self.ensure(PowerOutlet, {"device": device, "name": f"Outlet {i}"}, feed_leg=leg)
        for name, device in self.device.items():
            if device.role.slug in ("console-server", "pdu"):
                continue
            endpoint, connected = None, None
            if name in CONSOLE_CONNECTIONS:
                server, port, connected = CONSOLE_CONNECTIONS[name]
                endpoint = ConsoleServerPort.objects.get(device=self.device[server], name=port)
            self.ensure(
                ConsolePort,
                {"device": device, "name": "Console"},
                type="rj-45",
                connected_endpoint=endpoint,
                connection_status=connected,
            )
        for power_port in PowerPort.objects.filter(device__in=self.device.values()).select_related("device"):
            endpoint, connected = None, None
            if (key := (power_port.device.name, power_port.name)) in POWER_CONNECTIONS:
                pdu, outlet, connected = POWER_CONNECTIONS[key]
                endpoint = PowerOutlet.objects.get(device=self.device[pdu], name=outlet)
            self.ensure(PowerPort, {"pk": power_port.pk}, connected_endpoint=endpoint, connection_status=connected)

    def load_ip_addresses(self) -> None:
        from netjobs.dcim.models import Interface
        from netjobs.ipam.models import IPAddress, Prefix

        active = self.status["active"]
        for prefix, prefix_type, status, site, description in PREFIXES:
            self.ensure(
                Prefix,
                {"prefix": prefix},
                type=prefix_type,
                status=self.status[status],
                location=self.site[site] if site else None,
                tenant=self.tenant["acme"],
                description=description,
            )
        for address, device_name, if_name, role, primary, dns_name in IP_ADDRESSES:
            device = self.device[device_name] if device_name else None
            interface = Interface.objects.get(device=device, name=if_name) if device else None
            ip = self.ensure(
                IPAddress,
                {"address": address},
                status=device.status if device else active,
                role=role,
                dns_name=dns_name,
                interface=interface,
                tenant=self.tenant["acme"],
            )
            if primary and device is not None:
                field = f"primary_ip{ip.address.version}"
                self.ensure(type(device), {"pk": device.pk}, **{field: ip})

    def load_circuits(self) -> None:
        from netjobs.circuits.models import Circuit, CircuitTermination, CircuitType, Provider

        providers = {
            slug: self.ensure(
                Provider,
                {"slug": slug},
                name=name,
                asn=asn,
                account=account,
                portal_url=portal,
                noc_contact=f"noc@{slug}.example, +1 555 0100",
            )
            for slug, name, asn, account, portal in PROVIDERS
        }
        circuit_types = {
            slug: self.ensure(CircuitType, {"slug": slug}, name=name)
            for slug, name in [("internet-transit", "Internet Transit"), ("mpls", "MPLS"), ("dark-fibre", "Dark Fibre")]
        }
        for provider, cid, type_slug, status, commit_kbps, installed, a_side, z_side in CIRCUITS:
            circuit = self.ensure(
                Circuit,
                {"provider": providers[provider], "cid": cid},
                circuit_type=circuit_types[type_slug],
                status=self.status[status],
                tenant=self.tenant["acme"] if status == "active" else self.tenant["globex"],
                commit_rate_kbps=commit_kbps,
                install_date=datetime.date.fromisoformat(installed) if installed else None,
            )
            for side, site in (("A", a_side), ("Z", z_side)):
                if site is None:
                    continue
                self.ensure(
                    CircuitTermination,
                    {"circuit": circuit, "term_side": side},
                    location=self.site[site],
                    port_speed_kbps=10_000_000 if type_slug == "internet-transit" else 1_000_000,
                    xconnect_id=f"XC-{cid}-{side}",
                    pp_info=f"MMR1 PP{len(cid):02d} ports {1 if side == 'A' else 3}-{2 if side == 'A' else 4}",
                )

    # --- output ----------------------------------------------------------------------------------------------
    def report(self, jobs: list[Path]) -> None:
        if not self.created and not self.updated:
            self.stdout.write("Demo data already loaded: nothing to change.")
        for label in sorted(self.created.keys() | self.updated.keys()):
            self.stdout.write(f"  {label:<24} {self.created[label]:>4} created  {self.updated[label]:>4} updated")
        if jobs:
            root = Path(settings.NETJOBS_JOBS_ROOT)
            self.stdout.write(f"Installed {len(jobs)} example job modules in {root}: {', '.join(p.stem for p in jobs)}")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))


def examples_dir() -> Path:
    """The checkout's `examples/jobs` folder (src layout: three levels above the package)."""
    return Path(netjobs.__file__).resolve().parents[2] / "examples" / "jobs"


def install_example_jobs() -> list[Path]:
    """Copy the example job modules into the jobs root (overwriting), then sync the job registry if it can."""
    source = examples_dir()
    if not source.is_dir():
        raise CommandError(
            f"The example jobs folder {source} does not exist: loaddemo installs the examples from a source checkout. "
            "Use --no-jobs to load the data only."
        )
    root = Path(settings.NETJOBS_JOBS_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    installed = [Path(shutil.copyfile(path, root / path.name)) for path in sorted(source.glob("*.py"))]
    if "syncjobs" in get_commands():
        call_command("syncjobs", verbosity=0, allow_import_errors=True)
    return installed
