from __future__ import annotations

import netaddr
import pytest
from django.core.exceptions import ValidationError

from netjobs.dcim.models import Device
from netjobs.ipam.models import IPAddress, Prefix
from netjobs.testing.inventory import changes_for, make_device, make_interface, make_ip, status

pytestmark = pytest.mark.django_db


def make_prefix(prefix: str, **fields: object) -> Prefix:
    fields.setdefault("status", status())
    obj = Prefix(prefix=prefix, **fields)
    obj.validated_save()
    return obj


@pytest.mark.parametrize("bad", ["10.0.0.256/24", "10.0.0.1/33", "not-an-ip", "2001:db8::g/64", "10.0.0.1/24/8"])
def test_an_invalid_address_is_a_validation_error_on_the_address_field(bad: str) -> None:
    ip = IPAddress(address=bad, status=status())  # assigning never raises
    assert ip.address == bad
    with pytest.raises(ValidationError) as excinfo:
        ip.validated_save()
    assert set(excinfo.value.message_dict) == {"address"}
    assert not IPAddress.objects.exists()


def test_an_invalid_prefix_is_a_validation_error_on_the_prefix_field() -> None:
    with pytest.raises(ValidationError) as excinfo:
        make_prefix("10.0.0.0/40")
    assert set(excinfo.value.message_dict) == {"prefix"}
    with pytest.raises(ValidationError) as excinfo:
        make_prefix("")
    assert set(excinfo.value.message_dict) == {"prefix"}


def test_an_address_is_parsed_on_assignment_and_read_back_as_a_netaddr_network() -> None:
    ip = IPAddress(address="10.0.0.1/24", status=status())
    assert ip.address == netaddr.IPNetwork("10.0.0.1/24")
    assert ip.host == "10.0.0.1"
    ip.validated_save()

    ip = IPAddress.objects.get(address="10.0.0.1/24")
    assert isinstance(ip.address, netaddr.IPNetwork)
    assert str(ip.address) == "10.0.0.1/24"
    assert ip.address.ip == netaddr.IPAddress("10.0.0.1")
    assert IPAddress.objects.filter(address=netaddr.IPNetwork("10.0.0.1/24")).get() == ip
    assert IPAddress.objects.filter_host("10.0.0.1").get() == ip
    assert IPAddress.objects.filter_host("10.0.0.1/32").get() == ip


def test_a_prefix_is_stored_as_its_network() -> None:
    prefix = make_prefix("10.1.2.3/16")
    assert str(Prefix.objects.get(pk=prefix.pk).prefix) == "10.1.0.0/16"


def test_a_duplicate_prefix_is_rejected_on_the_prefix_field() -> None:
    make_prefix("10.0.0.0/24")
    with pytest.raises(ValidationError) as excinfo:
        make_prefix("10.0.0.7/24")
    assert set(excinfo.value.message_dict) == {"prefix"}


def test_a_status_that_does_not_apply_to_prefixes_is_rejected_on_the_status_field() -> None:
    with pytest.raises(ValidationError) as excinfo:
        make_prefix("10.0.0.0/24", status=status("ip-only", models=["ipam.ipaddress"]))
    assert set(excinfo.value.message_dict) == {"status"}


def test_a_duplicate_address_is_rejected_unless_it_is_shared_by_role() -> None:
    make_ip("10.0.0.1/24")
    with pytest.raises(ValidationError) as excinfo:
        make_ip("10.0.0.1/32")
    assert set(excinfo.value.message_dict) == {"address"}
    make_ip("192.0.2.53/32", role="anycast")
    make_ip("192.0.2.53/32", role="anycast")
    assert IPAddress.objects.filter_host("192.0.2.53").count() == 2


def test_a_network_or_broadcast_address_cannot_be_assigned_to_an_interface() -> None:
    interface = make_interface(make_device("rtr1"), "Gi0/0")
    for address in ("10.0.0.0/24", "10.0.0.255/24"):
        with pytest.raises(ValidationError) as excinfo:
            make_ip(address, interface=interface)
        assert set(excinfo.value.message_dict) == {"address"}
    make_ip("10.0.0.0/31", interface=interface)  # point-to-point links use both addresses
    make_ip("10.0.1.0/24")  # unassigned: fine


def test_child_ips_are_the_addresses_inside_the_prefix_in_numeric_order() -> None:
    prefix = make_prefix("10.0.0.0/24")
    inside = [make_ip(a) for a in ("10.0.0.10/24", "10.0.0.2/24", "10.0.0.255/32")]
    make_ip("10.0.1.1/24")
    make_ip("2001:db8::1/64")

    assert [str(ip.address) for ip in prefix.get_child_ips()] == ["10.0.0.2/24", "10.0.0.10/24", "10.0.0.255/32"]
    assert set(prefix.get_child_ips()) == set(inside)


def test_utilization_counts_usable_addresses_of_a_network_and_covered_space_of_a_container() -> None:
    network = make_prefix("10.0.0.0/24")
    pool = make_prefix("10.0.1.0/30", type="pool")
    container = make_prefix("10.0.0.0/16", type="container")
    for address in ("10.0.0.1/24", "10.0.0.2/24", "10.0.1.0/30"):
        make_ip(address)

    assert network.get_utilization() == (2, 254)
    assert pool.get_utilization() == (1, 4)
    assert pool.get_utilization().percent == 25.0
    assert container.get_utilization() == (256 + 4, 65536)  # 10.0.1.0/30 is not covered twice


def test_the_parent_prefix_is_the_most_specific_one_containing_the_address() -> None:
    make_prefix("10.0.0.0/8", type="container")
    site = make_prefix("10.10.0.0/16", type="container")
    mgmt = make_prefix("10.10.0.0/24")
    make_prefix("10.10.1.0/24")
    v6 = make_prefix("2001:db8::/64")

    assert make_ip("10.10.0.5/24").parent_prefix() == mgmt
    assert make_ip("10.10.9.5/24").parent_prefix() == site
    assert make_ip("2001:db8::5/64").parent_prefix() == v6
    assert make_ip("192.0.2.1/24").parent_prefix() is None
    assert mgmt.get_parent() == site
    assert set(site.get_child_prefixes()) == {mgmt, Prefix.objects.get(prefix="10.10.1.0/24")}


def test_a_primary_ip_cannot_be_moved_off_its_device() -> None:
    router = make_device("rtr1")
    loopback = make_interface(router, "Loopback0", type="virtual")
    ip = make_ip("10.255.0.1/32", interface=loopback)
    router.primary_ip4 = ip
    router.validated_save()

    ip = IPAddress.objects.get(pk=ip.pk)
    ip.interface = None
    with pytest.raises(ValidationError) as excinfo:
        ip.validated_save()
    assert set(excinfo.value.message_dict) == {"interface"}
    ip.interface = make_interface(router, "Loopback1", type="virtual")
    ip.validated_save()  # another interface of the same device is fine

    ip.delete()
    assert Device.objects.get(pk=router.pk).primary_ip4 is None


def test_an_address_change_is_change_logged_as_text() -> None:
    ip = make_ip("10.0.0.1/24")
    ip = IPAddress.objects.get(pk=ip.pk)
    ip.address = "10.0.0.2/24"
    ip.validated_save()

    create, update = changes_for(ip)
    assert create.postchange_data["address"] == "10.0.0.1/24"
    assert (update.prechange_data["address"], update.postchange_data["address"]) == ("10.0.0.1/24", "10.0.0.2/24")
    assert update.changed_fields == ["address", "host_key"]
