"""The JSON options behind the searchable ObjectVar dropdowns."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client

from netjobs.core.models import Status, Tag
from netjobs.testing.inventory import make_device_type
from netjobs.web.tests.conftest import both_databases, client_for, user_with

pytestmark = both_databases


def names(response) -> list[str]:
    return [option["display"] for option in response.json()["results"]]


def test_options_are_filtered_by_a_foreign_key_id_as_query_params_ask(admin_client: Client) -> None:
    cisco = make_device_type("C9300", manufacturer="Cisco").manufacturer
    make_device_type("ISR4331", manufacturer="Cisco")
    make_device_type("DCS-7280", manufacturer="Arista")
    url = "/ui/options/dcim.devicetype/"
    assert names(admin_client.get(url)) == ["DCS-7280", "C9300", "ISR4331"]  # the model's ordering
    assert names(admin_client.get(url, {"manufacturer_id": cisco.pk})) == ["C9300", "ISR4331"]
    assert names(admin_client.get(url, {"manufacturer": "arista"})) == ["DCS-7280"]  # a slug works too
    assert names(admin_client.get(url, {"manufacturer_id": cisco.pk, "q": "isr"})) == ["ISR4331"]


def test_an_empty_dependency_does_not_filter(admin_client: Client) -> None:
    make_device_type("C9300", manufacturer="Cisco")
    assert names(admin_client.get("/ui/options/dcim.devicetype/", {"manufacturer_id": ""})) == ["C9300"]


def test_lists_display_fields_and_limits(admin_client: Client) -> None:
    for color in ("ff0000", "00ff00", "0000ff"):
        Tag.objects.create(name=f"tag-{color}", slug=f"slug-{color}", color=color)
    url = "/ui/options/core.tag/"
    assert names(admin_client.get(url, {"color": ["ff0000", "00ff00"]})) == ["tag-00ff00", "tag-ff0000"]
    assert names(admin_client.get(url, {"color": "ff0000,0000ff", "display": "slug"})) == [
        "slug-0000ff",
        "slug-ff0000",
    ]
    page = admin_client.get(url, {"limit": 2}).json()
    assert len(page["results"]) == 2 and page["more"] is True


def test_parameters_that_name_no_field_are_ignored_and_reported(admin_client: Client) -> None:
    Status.objects.create(name="Active")
    response = admin_client.get(
        "/ui/options/core.status/", {"content_types__app_label": "x", "nonsense": "1", "slug__regex": ".*"}
    )
    assert names(response) == ["Active"]
    assert sorted(response.json()["ignored"]) == ["content_types__app_label", "nonsense", "slug__regex"]


def test_options_need_view_permission_on_the_model(nobody: User) -> None:
    Status.objects.create(name="Active")
    assert client_for(nobody).get("/ui/options/core.status/").status_code == 403
    allowed = user_with("statuses", "core.view_status")
    assert names(client_for(allowed).get("/ui/options/core.status/")) == ["Active"]
    assert client_for(allowed).get("/ui/options/auth.user/").status_code == 403


def test_unknown_models_are_404(admin_client: Client) -> None:
    assert admin_client.get("/ui/options/nope.nothing/").status_code == 404
    assert admin_client.get("/ui/options/notalabel/").status_code == 404
