from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from netjobs.circuits.models import Circuit, CircuitTermination, CircuitType, Provider
from netjobs.dcim.models import Site
from netjobs.testing.inventory import changes_for, make_site, status

pytestmark = pytest.mark.django_db


@pytest.fixture
def telia() -> Provider:
    provider = Provider(name="Telia Carrier", asn=1299)
    provider.validated_save()
    return provider


@pytest.fixture
def transit() -> CircuitType:
    circuit_type = CircuitType(name="Internet Transit")
    circuit_type.validated_save()
    return circuit_type


def make_circuit(cid: str, provider: Provider, circuit_type: CircuitType, **fields: object) -> Circuit:
    fields.setdefault("status", status())
    circuit = Circuit(cid=cid, provider=provider, circuit_type=circuit_type, **fields)
    circuit.validated_save()
    return circuit


def terminate(circuit: Circuit, side: str, site: Site) -> CircuitTermination:
    termination = CircuitTermination(circuit=circuit, term_side=side, location=site, port_speed_kbps=1_000_000)
    termination.validated_save()
    return termination


def test_a_circuit_id_is_unique_per_provider_and_a_duplicate_is_reported_on_the_cid_field(
    telia: Provider, transit: CircuitType
) -> None:
    cogent = Provider(name="Cogent")
    cogent.validated_save()
    make_circuit("C-1", telia, transit)
    make_circuit("C-1", cogent, transit)
    with pytest.raises(ValidationError) as excinfo:
        make_circuit("C-1", telia, transit)
    assert set(excinfo.value.message_dict) == {"cid"}
    assert Circuit.objects.get(provider=telia, cid="C-1").provider == telia


def test_a_circuit_has_at_most_one_termination_per_side(telia: Provider, transit: CircuitType) -> None:
    circuit = make_circuit("C-1", telia, transit)
    ams = make_site("AMS01")
    terminate(circuit, "A", ams)
    terminate(circuit, "Z", make_site("FRA01"))
    with pytest.raises(ValidationError) as excinfo:
        terminate(circuit, "A", ams)
    assert set(excinfo.value.message_dict) == {"term_side"}
    with pytest.raises(ValidationError) as excinfo:
        terminate(circuit, "B", ams)
    assert set(excinfo.value.message_dict) == {"term_side"}


def test_circuits_terminating_at_a_location_are_found_from_either_side_once(
    telia: Provider, transit: CircuitType
) -> None:
    ams, fra, nyc = make_site("AMS01"), make_site("FRA01"), make_site("NYC01")
    ams_fra = make_circuit("C-1", telia, transit)
    terminate(ams_fra, "A", ams)
    terminate(ams_fra, "Z", fra)
    fra_nyc = make_circuit("C-2", telia, transit)
    terminate(fra_nyc, "A", fra)
    terminate(fra_nyc, "Z", nyc)
    ams_ams = make_circuit("C-3", telia, transit)
    terminate(ams_ams, "A", ams)
    terminate(ams_ams, "Z", ams)

    assert list(Circuit.objects.terminating_at(ams)) == [ams_fra, ams_ams]
    assert list(Circuit.objects.terminating_at(fra)) == [ams_fra, fra_nyc]
    assert set(Circuit.objects.filter(terminations__location=nyc)) == {fra_nyc}


def test_a_status_that_does_not_apply_to_circuits_is_rejected_on_the_status_field(
    telia: Provider, transit: CircuitType
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        make_circuit("C-1", telia, transit, status=status("device-only", models=["dcim.device"]))
    assert set(excinfo.value.message_dict) == {"status"}


def test_a_provider_asn_must_be_a_32_bit_number() -> None:
    with pytest.raises(ValidationError) as excinfo:
        Provider(name="Huge", asn=2**32).validated_save()
    assert set(excinfo.value.message_dict) == {"asn"}


def test_a_commit_rate_change_is_change_logged(telia: Provider, transit: CircuitType) -> None:
    circuit = make_circuit("C-1", telia, transit, commit_rate_kbps=100_000)
    circuit = Circuit.objects.get(pk=circuit.pk)
    circuit.commit_rate_kbps = 200_000
    circuit.validated_save()

    create, update = changes_for(circuit)
    assert create.postchange_data["provider_id"] == telia.pk
    assert (update.prechange_data["commit_rate_kbps"], update.postchange_data["commit_rate_kbps"]) == (100_000, 200_000)
    assert update.changed_fields == ["commit_rate_kbps"]
