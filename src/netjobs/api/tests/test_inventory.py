"""The inventory endpoints: every list answers (and hides itself from callers without permission), CRUD with
relations by id or by attributes, bulk create / update / delete, filters as ObjectVar option lists use them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from netjobs.api import registry
from netjobs.api import urls as api_urls
from netjobs.api.tests.conftest import grant
from netjobs.api.tests.support import both_databases
from netjobs.core.models import ObjectChange
from netjobs.dcim.models import Device, DeviceType, Manufacturer
from netjobs.testing.inventory import make_device, make_device_type, status

pytestmark = both_databases

assert api_urls.urlpatterns  # importing the URLs registers every endpoint
INVENTORY = [label for label in registry._endpoints if label.split(".")[0] in ("dcim", "ipam", "tenancy", "circuits")]
INVENTORY += ["core.status", "core.tag"]


def _list_url(label: str) -> str:
    namespace, basename = registry._endpoints[label][0]
    return reverse(f"api:{namespace}:{basename}-list")


@pytest.mark.parametrize("label", sorted(INVENTORY))
def test_every_inventory_list_answers_with_permission_and_hides_without(client_for, superuser, nobody, label):
    url = _list_url(label)
    response = client_for(superuser).get(url, {"brief": "true"})
    assert response.status_code == 200, response.content
    assert set(response.json()) == {"count", "count_exact", "next", "previous", "results"}
    assert client_for(nobody).get(url).status_code == 403
    assert client_for(None).get(url).status_code == 401
    namespace, basename = registry._endpoints[label][0]
    assert client_for(nobody).get(reverse(f"api:{namespace}:{basename}-detail", args=[1])).status_code == 404


def test_crud_with_relations_by_id_or_by_attributes(client_for, superuser):
    client = client_for(superuser)
    acme = client.post("/api/dcim/manufacturers/", {"name": "Acme"}, format="json")
    assert acme.status_code == 201, acme.content
    acme = acme.json()
    assert acme["slug"] == "acme" and acme["url"].endswith(f"/api/dcim/manufacturers/{acme['id']}/")
    by_id = client.post("/api/dcim/device-types/", {"manufacturer": acme["id"], "model": "X1"}, format="json")
    assert by_id.status_code == 201, by_id.content
    assert by_id.json()["manufacturer"] == {
        "id": acme["id"],
        "url": acme["url"],
        "display": "Acme",
        "name": "Acme",
        "slug": "acme",
    }
    by_attrs = client.post("/api/dcim/device-types/", {"manufacturer": {"slug": "acme"}, "model": "X2"}, format="json")
    assert by_attrs.status_code == 201, by_attrs.content
    url = by_attrs.json()["url"]
    assert client.patch(url, {"model": "X3"}, format="json").json()["model"] == "X3"
    assert ObjectChange.objects.filter(user_name="admin", changed_object_id=str(by_attrs.json()["id"])).count() == 2
    assert client.delete(url).status_code == 204
    # Manufacturers with device types are protected: a 409, not a 500.
    assert client.delete(acme["url"]).status_code == 409


def test_bad_inventory_input_names_each_field(client_for, superuser):
    client = client_for(superuser)
    response = client.post("/api/dcim/device-types/", {"manufacturer": 99999, "modle": "typo"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"modle": ["Unknown field."]}
    response = client.post("/api/dcim/device-types/", {"manufacturer": 99999, "model": "X"}, format="json")
    assert response.status_code == 400 and "manufacturer" in response.json()
    Manufacturer.objects.create(name="Acme", slug="acme")
    client.post("/api/dcim/manufacturers/", {"name": "Dup"}, format="json")
    response = client.post("/api/dcim/manufacturers/", {"name": "Acme"}, format="json")
    assert response.status_code == 400 and "name" in response.json()
    response = client.post("/api/ipam/prefixes/", {"prefix": "10.0.0.300/24", "status": status().pk}, format="json")
    assert response.status_code == 400 and "prefix" in response.json()


def test_bulk_create_update_and_delete(client_for, superuser):
    client = client_for(superuser)
    created = client.post("/api/dcim/manufacturers/", [{"name": "A"}, {"name": "B"}, {"name": "C"}], format="json")
    assert created.status_code == 201
    ids = [m["id"] for m in created.json()]
    updated = client.patch(
        "/api/dcim/manufacturers/",
        [{"id": ids[0], "description": "first"}, {"id": ids[1], "description": "second"}],
        format="json",
    )
    assert updated.status_code == 200, updated.content
    assert [m["description"] for m in updated.json()] == ["first", "second"]
    bad = client.patch("/api/dcim/manufacturers/", [{"id": ids[0], "name": ""}, {"description": "x"}], format="json")
    assert bad.status_code == 400
    assert Manufacturer.objects.get(pk=ids[0]).name == "A"
    assert client.delete("/api/dcim/manufacturers/", [{"id": ids[0]}, {"id": ids[1]}], format="json").status_code == 204
    assert list(Manufacturer.objects.values_list("name", flat=True)) == ["C"]
    assert client.delete("/api/dcim/manufacturers/", [{"id": 99999}], format="json").status_code == 400


def test_filters_serve_objectvar_option_lists(client_for, superuser):
    acme = make_device_type("A1", manufacturer="Acme").manufacturer
    other = make_device_type("B1", manufacturer="Other").manufacturer
    client = client_for(superuser)

    def models(**params):
        response = client.get("/api/dcim/device-types/", params)
        assert response.status_code == 200, response.content
        return [d["model"] for d in response.json()["results"]]

    assert models(manufacturer_id=acme.pk) == ["A1"]
    assert models(manufacturer=other.slug) == ["B1"]
    assert models(q="b1") == ["B1"]
    assert models(manufacturer_id="") == ["A1", "B1"]  # an unset `$manufacturer` filters nothing
    assert client.get("/api/dcim/device-types/", {"manufacturer_id": "abc"}).status_code == 400
    device = make_device("edge1")
    found = client.get("/api/dcim/devices/", {"status": device.status.slug, "brief": "1"}).json()["results"]
    assert found == [{"id": device.pk, "url": found[0]["url"], "display": str(device), "name": "edge1"}]


def test_inventory_permissions_follow_the_model_permissions(client_for, db):
    user = grant(User.objects.create_user("editor", password="pw"), "dcim.view_manufacturer")
    client = client_for(user)
    assert client.get("/api/dcim/manufacturers/").status_code == 200
    assert client.post("/api/dcim/manufacturers/", {"name": "X"}, format="json").status_code == 403
    maker = Manufacturer.objects.create(name="M", slug="m")
    assert client.patch(f"/api/dcim/manufacturers/{maker.pk}/", {"name": "N"}, format="json").status_code == 403
    assert client.get("/api/dcim/devices/").status_code == 403
    user = grant(user, "dcim.add_manufacturer")
    assert client_for(user).post("/api/dcim/manufacturers/", {"name": "X"}, format="json").status_code == 201
    assert (
        client_for(user, write_enabled=False).post("/api/dcim/manufacturers/", {"name": "Y"}, format="json").status_code
        == 403
    )
    assert not Device.objects.exists() and DeviceType.objects.count() == 0
