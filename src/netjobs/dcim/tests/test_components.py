from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from netjobs.dcim.models import ConsolePort, ConsoleServerPort, Device, Interface, PowerOutlet, PowerPort
from netjobs.testing.inventory import make_device, make_interface

pytestmark = pytest.mark.django_db


@pytest.fixture
def switch() -> Device:
    return make_device("sw1")


@pytest.fixture
def console_server() -> Device:
    return make_device("cs1")


@pytest.fixture
def server_port(console_server: Device) -> ConsoleServerPort:
    port = ConsoleServerPort(device=console_server, name="Port 1")
    port.validated_save()
    return port


def test_a_connected_console_port_must_be_marked_connected_or_planned(
    switch: Device, server_port: ConsoleServerPort
) -> None:
    port = ConsolePort(device=switch, name="Console", connected_endpoint=server_port)
    with pytest.raises(ValidationError) as excinfo:
        port.validated_save()
    assert set(excinfo.value.message_dict) == {"connection_status"}

    port.connection_status = False
    port.validated_save()
    port = ConsolePort.objects.get(pk=port.pk)
    assert port.connected_endpoint == server_port
    assert not port.connection_status  # planned: what the spec's report warns about
    assert server_port.connected_console_port == port


def test_an_unconnected_console_port_has_no_connection_status(switch: Device) -> None:
    port = ConsolePort(device=switch, name="Console", connection_status=True)
    with pytest.raises(ValidationError) as excinfo:
        port.validated_save()
    assert set(excinfo.value.message_dict) == {"connection_status"}
    port.connection_status = None
    port.validated_save()
    assert ConsolePort.objects.get(pk=port.pk).connected_endpoint is None


def test_a_console_server_port_takes_one_console_port_only(switch: Device, server_port: ConsoleServerPort) -> None:
    ConsolePort(device=switch, name="Console", connected_endpoint=server_port, connection_status=True).validated_save()
    other = make_device("sw2", location=switch.location)
    with pytest.raises(ValidationError) as excinfo:
        ConsolePort(
            device=other, name="Console", connected_endpoint=server_port, connection_status=True
        ).validated_save()
    assert set(excinfo.value.message_dict) == {"connected_endpoint"}


def test_a_port_cannot_be_connected_to_its_own_device(console_server: Device, server_port: ConsoleServerPort) -> None:
    port = ConsolePort(device=console_server, name="Console", connected_endpoint=server_port, connection_status=True)
    with pytest.raises(ValidationError) as excinfo:
        port.validated_save()
    assert set(excinfo.value.message_dict) == {"connected_endpoint"}


def test_removing_the_far_end_leaves_the_port_unconnected_without_a_status(
    switch: Device, server_port: ConsoleServerPort
) -> None:
    port = ConsolePort(device=switch, name="Console", connected_endpoint=server_port, connection_status=True)
    port.validated_save()
    server_port.delete()

    port = ConsolePort.objects.get(pk=port.pk)
    assert port.connected_endpoint is None
    assert port.connection_status is None
    port.validated_save()  # still valid


def test_power_ports_connect_to_outlets_with_the_same_semantics(switch: Device) -> None:
    pdu = make_device("pdu1", location=switch.location)
    outlet = PowerOutlet(device=pdu, name="Outlet 1", feed_leg="A")
    outlet.validated_save()
    psu = PowerPort(device=switch, name="PSU1", maximum_draw=500, connected_endpoint=outlet)
    with pytest.raises(ValidationError) as excinfo:
        psu.validated_save()
    assert set(excinfo.value.message_dict) == {"connection_status"}
    psu.connection_status = True
    psu.validated_save()
    assert PowerOutlet.objects.get(pk=outlet.pk).connected_power_port == psu

    psu.allocated_draw = 600
    with pytest.raises(ValidationError) as excinfo:
        psu.validated_save()
    assert set(excinfo.value.message_dict) == {"allocated_draw"}

    pdu.delete()
    psu = PowerPort.objects.get(pk=psu.pk)
    assert (psu.connected_endpoint, psu.connection_status) == (None, None)


def test_component_names_are_unique_per_device_and_a_duplicate_is_reported_on_the_name_field(switch: Device) -> None:
    make_interface(switch, "Ethernet1")
    make_interface(make_device("sw2", location=switch.location), "Ethernet1")
    with pytest.raises(ValidationError) as excinfo:
        make_interface(switch, "Ethernet1")
    assert set(excinfo.value.message_dict) == {"name"}
    PowerPort(device=switch, name="PSU1").validated_save()
    with pytest.raises(ValidationError) as excinfo:
        PowerPort(device=switch, name="PSU1").validated_save()
    assert set(excinfo.value.message_dict) == {"name"}


def test_an_interface_mac_address_is_normalised_and_a_bad_one_rejected(switch: Device) -> None:
    interface = make_interface(switch, "Ethernet1", mac_address="001a.2b3c.4d5e")
    assert Interface.objects.get(pk=interface.pk).mac_address == "00:1A:2B:3C:4D:5E"
    with pytest.raises(ValidationError) as excinfo:
        make_interface(switch, "Ethernet2", mac_address="00:1A:2B:3C:4D")
    assert set(excinfo.value.message_dict) == {"mac_address"}


def test_an_interface_mtu_out_of_range_and_an_unknown_type_are_rejected(switch: Device) -> None:
    with pytest.raises(ValidationError) as excinfo:
        make_interface(switch, "Ethernet1", mtu=70000, type="warp-drive")
    assert set(excinfo.value.message_dict) == {"mtu", "type"}


def test_deleting_a_device_deletes_its_components(switch: Device) -> None:
    make_interface(switch, "Ethernet1")
    ConsolePort(device=switch, name="Console").validated_save()
    switch.delete()
    assert not Interface.objects.exists()
    assert not ConsolePort.objects.exists()
