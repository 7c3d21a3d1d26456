from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from netjobs.apps.extras import ObjectChange
from netjobs.contracts.models import Contract, ContractAssignment, ServiceProvider
from netjobs.contracts.tests.builders import Tree, assign, day, make_contract, make_provider

pytestmark = pytest.mark.django_db


def test_currency_must_be_an_iso_code() -> None:
    with pytest.raises(ValidationError) as caught:
        make_contract("C-1", currency="euro")
    assert "currency" in caught.value.message_dict


def test_lower_case_currency_is_normalised() -> None:
    assert make_contract("C-1", currency="usd").currency == "USD"


def test_end_date_before_start_date_is_rejected() -> None:
    with pytest.raises(ValidationError) as caught:
        make_contract("C-1", start=10, end=5)
    assert "end_date" in caught.value.message_dict


def test_negative_cost_is_rejected() -> None:
    with pytest.raises(ValidationError) as caught:
        make_contract("C-1", cost="-1.00")
    assert "cost" in caught.value.message_dict


def test_contract_number_is_unique_per_provider_only() -> None:
    make_contract("C-1", provider="Acme")
    make_contract("C-1", provider="Globex")
    with pytest.raises(ValidationError):
        make_contract("C-1", provider="Acme")


def test_assignment_dates_must_lie_within_the_contract_term(tree: Tree) -> None:
    contract = make_contract("C-1", start=-10, end=10)
    with pytest.raises(ValidationError) as caught:
        assign(contract, tree.ams_router, start=-20)
    assert "start_date" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        assign(contract, tree.ams_router, end=11)
    assert "end_date" in caught.value.message_dict


def test_assignment_covers_inventory_objects_only() -> None:
    contract = make_contract("C-1")
    assignment = ContractAssignment(contract=contract, assigned_object=make_provider("Other"))
    with pytest.raises(ValidationError) as caught:
        assignment.validated_save()
    assert "assigned_object_type" in caught.value.message_dict


def test_assignment_to_a_missing_object_is_rejected(tree: Tree) -> None:
    contract = make_contract("C-1")
    assignment = ContractAssignment(
        contract=contract,
        assigned_object_type=ContentType.objects.get_for_model(tree.ams_router),
        assigned_object_id=999,
    )
    with pytest.raises(ValidationError) as caught:
        assignment.validated_save()
    assert "assigned_object_id" in caught.value.message_dict


def test_deleting_a_device_deletes_its_assignments(tree: Tree) -> None:
    contract = make_contract("C-1")
    assign(contract, tree.ams_router)
    kept = assign(contract, tree.lon_router)
    tree.ams_router.delete()
    assert list(ContractAssignment.objects.all()) == [kept]


def test_contract_changes_are_change_logged() -> None:
    contract = make_contract("C-1")
    contract.notes = "renegotiated"
    contract.validated_save()
    content_type = ContentType.objects.get_for_model(Contract)
    actions = ObjectChange.objects.filter(changed_object_type=content_type, changed_object_id=str(contract.pk))
    assert sorted(actions.values_list("action", flat=True)) == ["create", "update"]


def test_in_force_includes_both_ends_of_the_term() -> None:
    first_day = make_contract("starts-today", start=0, end=10)
    last_day = make_contract("ends-today", start=-10, end=0)
    make_contract("ended-yesterday", start=-10, end=-1)
    make_contract("starts-tomorrow", start=1, end=10)
    make_contract("cancelled", status="cancelled")
    make_contract("planned", status="planned")
    assert set(Contract.objects.in_force(day(0))) == {first_day, last_day}


def test_assignment_without_dates_follows_the_contract(tree: Tree) -> None:
    assignment = assign(make_contract("C-1", start=-5, end=5), tree.ams_router)
    assert assignment.effective_dates() == (day(-5), day(5))
    assert assignment.active_on(day(5))
    assert not assignment.active_on(day(6))


def test_provider_str_and_contract_str() -> None:
    contract = make_contract("C-9", provider="Globex")
    assert str(contract) == "C-9 (Globex)"
    assert str(ServiceProvider.objects.get()) == "Globex"
