from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Q

from netjobs.dcim.models import Device, DeviceRole, DeviceType, Manufacturer, Platform, Role, Site
from netjobs.testing.inventory import (
    changes_for,
    make_device,
    make_device_type,
    make_interface,
    make_ip,
    make_role,
    make_site,
    status,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ams() -> Site:
    return make_site("AMS01")


@pytest.fixture
def fra() -> Site:
    return make_site("FRA01")


@pytest.fixture
def switch_type() -> DeviceType:
    return make_device_type("C9300-48P", manufacturer="Cisco")


def test_a_device_accepts_the_nautobot_1_site_and_device_role_keywords(ams: Site, switch_type: DeviceType) -> None:
    access = make_role("Access Switch")
    switch = Device(
        device_type=switch_type, name="ams01-switch1", site=ams, status=status("planned"), device_role=access
    )
    switch.validated_save()

    switch = Device.objects.get(pk=switch.pk)
    assert switch.location == ams
    assert switch.role == access
    assert switch.site == ams
    assert switch.device_role == access


def test_device_lookups_accept_site_and_device_role_in_filter_exclude_get_and_q(
    ams: Site, fra: Site, switch_type: DeviceType
) -> None:
    access, router = make_role("Access Switch"), make_role("Router")
    sw1 = make_device("ams01-sw1", site=ams, device_type=switch_type, device_role=access)
    rtr1 = make_device("ams01-rtr1", location=ams, device_type=switch_type, role=router)
    fra_sw1 = make_device("fra01-sw1", location=fra, device_type=switch_type, role=access)

    assert set(Device.objects.filter(site=ams)) == {sw1, rtr1}
    assert set(Device.objects.filter(site__slug="fra01")) == {fra_sw1}
    assert set(Device.objects.exclude(site=ams)) == {fra_sw1}
    assert set(Device.objects.filter(device_role__name="Access Switch")) == {sw1, fra_sw1}
    assert Device.objects.get(site=ams, device_role=router) == rtr1
    assert set(Device.objects.filter(Q(site=fra) | Q(device_role=router))) == {rtr1, fra_sw1}
    assert set(Device.objects.filter(~Q(site=ams))) == {fra_sw1}
    assert set(ams.devices.filter(device_role=access)) == {sw1}
    created, was_created = Device.objects.get_or_create(
        name="ams01-sw1", site=ams, defaults={"device_type": switch_type, "role": access, "status": status()}
    )
    assert (created, was_created) == (sw1, False)


def test_device_role_is_the_set_of_roles_that_apply_to_devices() -> None:
    circuit_role = Role(name="Circuit Role")
    circuit_role.validated_save()
    circuit_role.content_types.add(ContentType.objects.get_by_natural_key("circuits", "circuit"))
    switch_role = DeviceRole(name="Access Switch")
    switch_role.validated_save()

    assert DeviceRole.objects.get(name="Access Switch") == switch_role
    assert list(DeviceRole.objects.all()) == [switch_role]
    assert list(Role.objects.get(pk=switch_role.pk).content_types.all()) == [ContentType.objects.get_for_model(Device)]


def test_a_role_that_does_not_apply_to_devices_is_rejected_on_the_role_field(ams: Site) -> None:
    plain_role = Role(name="Not for devices")
    plain_role.validated_save()
    with pytest.raises(ValidationError) as excinfo:
        make_device("ams01-x", location=ams, role=plain_role)
    assert set(excinfo.value.message_dict) == {"role"}


def test_a_status_that_does_not_apply_to_devices_is_rejected_on_the_status_field(ams: Site) -> None:
    with pytest.raises(ValidationError) as excinfo:
        make_device("ams01-x", location=ams, status=status("location-only", models=["dcim.location"]))
    assert set(excinfo.value.message_dict) == {"status"}


def test_device_names_are_unique_per_location_and_a_duplicate_is_reported_on_the_name_field(
    ams: Site, fra: Site
) -> None:
    make_device("sw1", location=ams)
    make_device("sw1", location=fra)
    with pytest.raises(ValidationError) as excinfo:
        make_device("sw1", location=ams)
    assert set(excinfo.value.message_dict) == {"name"}
    assert "already exists" in excinfo.value.message_dict["name"][0]


def test_a_duplicate_device_type_model_is_reported_on_the_model_field() -> None:
    make_device_type("C9300-48P", manufacturer="Cisco")
    with pytest.raises(ValidationError) as excinfo:
        make_device_type("C9300-48P", manufacturer="Cisco", slug="c9300-48p-2")
    assert set(excinfo.value.message_dict) == {"model"}


def test_devices_without_an_asset_tag_do_not_collide_on_it(ams: Site) -> None:
    first = make_device("a", location=ams, asset_tag="")
    second = make_device("b", location=ams, asset_tag="")
    assert first.asset_tag is None and second.asset_tag is None
    make_device("c", location=ams, asset_tag="T-1")
    with pytest.raises(ValidationError) as excinfo:
        make_device("d", location=ams, asset_tag="T-1")
    assert set(excinfo.value.message_dict) == {"asset_tag"}


def test_a_platform_of_another_manufacturer_is_rejected(ams: Site, switch_type: DeviceType) -> None:
    arista = Manufacturer(name="Arista")
    arista.validated_save()
    eos = Platform(name="Arista EOS", manufacturer=arista, network_driver="arista_eos")
    eos.validated_save()
    with pytest.raises(ValidationError) as excinfo:
        make_device("sw1", location=ams, device_type=switch_type, platform=eos)
    assert set(excinfo.value.message_dict) == {"platform"}


def test_a_primary_ip_must_be_of_its_version_and_on_one_of_the_devices_interfaces(ams: Site) -> None:
    router = make_device("rtr1", location=ams)
    other = make_device("rtr2", location=ams)
    loopback = make_interface(router, "Loopback0", type="virtual")
    own_v4 = make_ip("10.255.0.1/32", interface=loopback)
    own_v6 = make_ip("2001:db8::1/128", interface=loopback)
    foreign = make_ip("10.255.0.2/32", interface=make_interface(other, "Loopback0", type="virtual"))
    floating = make_ip("10.255.0.3/32")

    for field, ip in [("primary_ip4", own_v6), ("primary_ip6", own_v4), ("primary_ip4", foreign)]:
        router = Device.objects.get(pk=router.pk)
        setattr(router, field, ip)
        with pytest.raises(ValidationError) as excinfo:
            router.validated_save()
        assert set(excinfo.value.message_dict) == {field}
    router = Device.objects.get(pk=router.pk)
    router.primary_ip4 = floating
    with pytest.raises(ValidationError, match="not assigned to an interface of this device"):
        router.validated_save()

    router = Device.objects.get(pk=router.pk)
    router.primary_ip4, router.primary_ip6 = own_v4, own_v6
    router.validated_save()
    assert Device.objects.get(pk=router.pk).primary_ip == own_v6


def test_creating_renaming_and_deleting_a_device_is_change_logged(ams: Site) -> None:
    device = make_device("sw1", location=ams)
    pk = device.pk
    device = Device.objects.get(pk=pk)
    device.name = "sw01"
    device.validated_save()
    device.delete()

    create, update, delete = changes_for(device, pk)
    assert [create.action, update.action, delete.action] == ["create", "update", "delete"]
    assert create.postchange_data["location_id"] == ams.pk
    assert (update.prechange_data["name"], update.postchange_data["name"]) == ("sw1", "sw01")
    assert update.changed_fields == ["name"]
    assert delete.prechange_data["name"] == "sw01"
    assert delete.postchange_data is None
