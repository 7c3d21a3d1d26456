"""The inventory façades for job authors export what they say, sorted."""

from __future__ import annotations

import importlib

import pytest

FACADES = [
    "netjobs.apps.circuits",
    "netjobs.apps.dcim",
    "netjobs.apps.extras",
    "netjobs.apps.ipam",
    "netjobs.apps.tenancy",
]


@pytest.mark.parametrize("name", FACADES)
def test_every_name_in_the_facade_all_is_importable_and_the_list_is_sorted(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__all__ == sorted(module.__all__)
    for exported in module.__all__:
        assert getattr(module, exported) is not None


def test_the_spec_example_imports_are_available() -> None:
    from netjobs.apps.dcim import ConsolePort, Device, DeviceRole, DeviceType, Manufacturer, PowerPort, Site
    from netjobs.apps.extras import Status

    assert DeviceRole._meta.proxy and Site._meta.proxy
    assert {ConsolePort, Device, DeviceType, Manufacturer, PowerPort, Status}
