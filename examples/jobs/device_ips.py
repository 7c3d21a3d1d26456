"""Device IPs report: routers have an addressed loopback, active devices a primary IPv4, addresses a prefix.

The third report the spec's introduction lists, written in the style of its DeviceConnectionsReport.
"""

from netjobs.apps.dcim import Device, Interface
from netjobs.apps.extras import Status
from netjobs.apps.ipam import IPAddress
from netjobs.apps.jobs import Job

name = "Device validation"

# Devices with one of these roles are routers and must have a loopback interface with an IP address.
ROUTER_ROLE_SLUGS = ["router", "core-router"]


class DeviceIPsReport(Job):
    class Meta:
        name = "Device IPs"
        description = "Check and report whether every router has a loopback interface with an assigned IP address"
        read_only = True

    def test_loopback_ips(self):
        STATUS_ACTIVE = Status.objects.get(slug="active")

        # Check that every active router has a loopback interface, and that each of its loopbacks has an address.
        for router in Device.objects.filter(status=STATUS_ACTIVE, device_role__slug__in=ROUTER_ROLE_SLUGS):
            loopbacks = Interface.objects.filter(device=router, name__istartswith="loopback")
            if not loopbacks:
                self.log_failure(obj=router, message="No loopback interface found")
                continue
            for loopback in loopbacks:
                addresses = IPAddress.objects.filter(interface=loopback)
                if not addresses:
                    self.log_failure(obj=router, message=f"No IP address assigned to {loopback.name}")
                elif any(address.role != "loopback" for address in addresses):
                    self.log_warning(obj=router, message=f"{loopback.name} has an address whose role is not loopback")
                else:
                    self.log_success(
                        obj=router, message=f"{loopback.name}: {', '.join(str(a.address) for a in addresses)}"
                    )

    def test_primary_ips(self):
        STATUS_ACTIVE = Status.objects.get(slug="active")

        # Check that every active device has a primary IPv4 address to be managed and monitored through.
        for device in Device.objects.filter(status=STATUS_ACTIVE).select_related("primary_ip4"):
            if device.primary_ip4 is None:
                self.log_failure(obj=device, message="No primary IPv4 address")
            else:
                self.log_success(obj=device, message=f"Primary IPv4 address {device.primary_ip4}")

    def test_parent_prefixes(self):
        # Check that every IP address lies within a prefix.
        for ip_address in IPAddress.objects.all():
            parent = ip_address.parent_prefix()
            if parent is None:
                self.log_failure(obj=ip_address, message=f"No parent prefix for {ip_address}")
            else:
                self.log_success(obj=ip_address, message=f"Within {parent}")
