from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from netjobs.contracts.models import Contract, ContractAssignment, CostSnapshot
from netjobs.contracts.tests.builders import Tree, assign, day, make_contract, make_provider

pytestmark = [pytest.mark.django_db, pytest.mark.urls("netjobs.contracts.tests.urls")]


@pytest.fixture
def api() -> APIClient:
    client = APIClient()
    client.force_authenticate(User.objects.create_superuser("admin", "admin@example.com", "pw"))
    return client


def test_the_section_lists_its_endpoints(api: APIClient) -> None:
    body = api.get("/api/contracts/").json()
    assert set(body) == {"providers", "contracts", "assignments", "cost-snapshots"}


def test_create_a_contract_with_money_as_strings(api: APIClient) -> None:
    provider = make_provider("Acme")
    response = api.post(
        "/api/contracts/contracts/",
        {
            "number": "C-1",
            "provider": provider.pk,
            "start_date": day(-10).isoformat(),
            "end_date": day(300).isoformat(),
            "cost": "300.00",
            "currency": "EUR",
            "billing_period": "quarterly",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["cost"], body["monthly_cost"], body["renewal_value"]) == ("300.00", "100.00", "1200.00")
    assert body["provider"]["display"] == "Acme"
    assert body["url"].endswith(f"/api/contracts/contracts/{body['id']}/")


def test_the_models_validation_applies(api: APIClient) -> None:
    provider = make_provider("Acme")
    response = api.post(
        "/api/contracts/contracts/",
        {
            "number": "C-1",
            "provider": provider.pk,
            "start_date": day(10).isoformat(),
            "end_date": day(0).isoformat(),
            "cost": "1.00",
            "currency": "EUR",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "end_date" in response.json()
    assert not Contract.objects.exists()


def test_assign_a_contract_to_a_device_by_type_label(api: APIClient, tree: Tree) -> None:
    contract = make_contract("C-1")
    response = api.post(
        "/api/contracts/assignments/",
        {"contract": contract.pk, "assigned_object_type": "dcim.device", "assigned_object_id": tree.ams_router.pk},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["assigned_object_type"] == "dcim.device"
    assert body["assigned_object"]["display"] == "ams-router"
    assert ContractAssignment.objects.get().assigned_object == tree.ams_router


def test_an_assignment_to_a_non_inventory_type_is_refused(api: APIClient) -> None:
    contract = make_contract("C-1")
    response = api.post(
        "/api/contracts/assignments/",
        {"contract": contract.pk, "assigned_object_type": "contracts.contract", "assigned_object_id": contract.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "assigned_object_type" in response.json()


def test_filters(api: APIClient, tree: Tree) -> None:
    current = make_contract("current", end=30, currency="EUR")
    make_contract("old", start=-100, end=-1, currency="USD")
    assign(current, tree.ams)
    assign(make_contract("other"), tree.blue, start=5)

    def numbers(query: str) -> list[str]:
        return [c["number"] for c in api.get(f"/api/contracts/contracts/?{query}").json()["results"]]

    assert numbers("in_force=true") == ["current", "other"]
    assert numbers("currency=USD") == ["old"]
    assert numbers(f"end_date_before={day(0).isoformat()}") == ["old"]
    active = api.get("/api/contracts/assignments/?active=true").json()["results"]
    assert [a["assigned_object"]["display"] for a in active] == ["AMS"]
    by_type = api.get("/api/contracts/assignments/?object_type=tenancy.tenant").json()["results"]
    assert [a["assigned_object"]["display"] for a in by_type] == ["Blue"]


def test_cost_snapshots_are_read_only(api: APIClient) -> None:
    snapshot = CostSnapshot.objects.create(
        snapshot_date=day(0), currency="EUR", monthly_burn=Decimal("10.00"), renewal_forecast=Decimal("0.00")
    )
    listed = api.get("/api/contracts/cost-snapshots/?currency=EUR").json()["results"]
    assert [(s["id"], s["monthly_burn"]) for s in listed] == [(snapshot.pk, "10.00")]
    assert api.post("/api/contracts/cost-snapshots/", {}, format="json").status_code == 405
    assert api.delete(f"/api/contracts/cost-snapshots/{snapshot.pk}/").status_code == 405


def test_api_needs_authentication() -> None:
    assert APIClient().get("/api/contracts/contracts/").status_code in (401, 403)
