from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from netjobs.dcim.models import Location, LocationType, Region, Site
from netjobs.testing.inventory import changes_for, make_site, status

pytestmark = pytest.mark.django_db


@pytest.fixture
def region_type() -> LocationType:
    location_type = LocationType(name="Region", nestable=True)
    location_type.validated_save()
    return location_type


@pytest.fixture
def site_type(region_type: LocationType) -> LocationType:
    location_type = LocationType(name="Site", parent=region_type)
    location_type.validated_save()
    return location_type


def make_location(name: str, location_type: LocationType, parent: Location | None = None) -> Location:
    location = Location(name=name, location_type=location_type, parent=parent, status=status())
    location.validated_save()
    return location


def test_the_spec_style_site_constructor_creates_the_site_location_type_on_demand() -> None:
    site = Site(name="Branch 42", slug="branch-42", status=status("planned"))
    site.validated_save()

    assert site.location_type.name == "Site"
    assert site.location_type.slug == "site"
    assert Site.objects.get(slug="branch-42") == site
    assert Location.objects.get(slug="branch-42").location_type.name == "Site"


def test_site_reuses_an_existing_site_location_type(site_type: LocationType) -> None:
    site = make_site("AMS01")
    assert site.location_type == site_type
    assert LocationType.objects.filter(name="Site").count() == 1


def test_the_site_manager_returns_only_locations_of_type_site(site_type: LocationType) -> None:
    europe = make_location("Europe", LocationType.objects.get(name="Region"))
    ams = make_location("AMS01", site_type, parent=europe)

    assert list(Site.objects.all()) == [ams]
    assert list(Region.objects.all()) == [europe]
    with pytest.raises(Site.DoesNotExist):
        Site.objects.get(slug=europe.slug)
    assert set(Location.objects.all()) == {europe, ams}


def test_a_region_can_contain_regions_and_sites_but_a_site_cannot_contain_a_region(
    region_type: LocationType, site_type: LocationType
) -> None:
    europe = make_location("Europe", region_type)
    benelux = make_location("Benelux", region_type, parent=europe)
    ams = make_location("AMS01", site_type, parent=benelux)

    with pytest.raises(ValidationError) as excinfo:
        make_location("Somewhere", region_type, parent=ams)
    assert "parent" in excinfo.value.message_dict
    assert "must be a Region" in excinfo.value.message_dict["parent"][0]


def test_a_site_cannot_sit_inside_another_site(site_type: LocationType) -> None:
    ams = make_location("AMS01", site_type)
    with pytest.raises(ValidationError) as excinfo:
        make_location("AMS02", site_type, parent=ams)
    assert set(excinfo.value.message_dict) == {"parent"}


def test_a_top_level_type_without_nesting_must_stay_top_level() -> None:
    campus = LocationType(name="Campus")
    campus.validated_save()
    north = make_location("North", campus)
    with pytest.raises(ValidationError, match="must be top-level"):
        make_location("South", campus, parent=north)


def test_a_location_cannot_be_moved_under_its_own_descendant(region_type: LocationType) -> None:
    europe = make_location("Europe", region_type)
    west = make_location("West", region_type, parent=europe)
    benelux = make_location("Benelux", region_type, parent=west)

    europe.parent = benelux
    with pytest.raises(ValidationError) as excinfo:
        europe.validated_save()
    assert set(excinfo.value.message_dict) == {"parent"}

    europe.parent = europe
    with pytest.raises(ValidationError, match="its own parent"):
        europe.validated_save()


def test_changing_a_location_type_that_would_orphan_its_children_is_rejected(
    region_type: LocationType, site_type: LocationType
) -> None:
    europe = make_location("Europe", region_type)
    make_location("AMS01", site_type, parent=europe)
    europe.location_type = site_type
    with pytest.raises(ValidationError) as excinfo:
        europe.validated_save()
    assert "location_type" in excinfo.value.message_dict


def test_a_location_type_cannot_be_its_own_ancestor(region_type: LocationType, site_type: LocationType) -> None:
    region_type.parent = site_type
    with pytest.raises(ValidationError) as excinfo:
        region_type.validated_save()
    assert set(excinfo.value.message_dict) == {"parent"}


def test_a_status_that_does_not_apply_to_locations_is_rejected_on_the_status_field() -> None:
    device_only = status("device-only", models=["dcim.device"])
    with pytest.raises(ValidationError) as excinfo:
        Site(name="AMS01", status=device_only).validated_save()
    assert set(excinfo.value.message_dict) == {"status"}
    assert "does not apply to locations" in excinfo.value.message_dict["status"][0]


def test_duplicate_top_level_location_names_are_rejected_on_the_name_field() -> None:
    make_site("AMS01")
    with pytest.raises(ValidationError) as excinfo:
        make_site("AMS01", slug="ams01-bis")
    assert set(excinfo.value.message_dict) == {"name"}


def test_duplicate_sibling_names_are_rejected_on_the_name_field_but_cousins_may_share_one(
    region_type: LocationType, site_type: LocationType
) -> None:
    europe = make_location("Europe", region_type)
    america = make_location("America", region_type)
    Location(name="DC1", slug="eu-dc1", location_type=site_type, parent=europe, status=status()).validated_save()
    Location(name="DC1", slug="us-dc1", location_type=site_type, parent=america, status=status()).validated_save()

    with pytest.raises(ValidationError) as excinfo:
        Location(name="DC1", slug="eu-dc1-b", location_type=site_type, parent=europe, status=status()).validated_save()
    assert set(excinfo.value.message_dict) == {"name"}


def test_an_unknown_time_zone_is_rejected() -> None:
    with pytest.raises(ValidationError) as excinfo:
        make_site("AMS01", time_zone="Europe/Atlantis")
    assert set(excinfo.value.message_dict) == {"time_zone"}
    assert make_site("AMS02", time_zone="Europe/Amsterdam").time_zone == "Europe/Amsterdam"


def test_ancestors_are_listed_root_first_and_descendants_at_every_depth(
    region_type: LocationType, site_type: LocationType
) -> None:
    world = make_location("World", region_type)
    europe = make_location("Europe", region_type, parent=world)
    benelux = make_location("Benelux", region_type, parent=europe)
    ams = make_location("AMS01", site_type, parent=benelux)
    fra = make_location("FRA01", site_type, parent=europe)
    make_location("Elsewhere", region_type)

    assert list(ams.ancestors()) == [world, europe, benelux]
    assert list(ams.ancestors(include_self=True)) == [world, europe, benelux, ams]
    assert list(world.ancestors()) == []
    assert set(europe.descendants()) == {benelux, ams, fra}
    assert set(europe.descendants(include_self=True)) == {europe, benelux, ams, fra}
    assert list(ams.descendants()) == []


def test_creating_and_renaming_a_site_is_change_logged_with_the_changed_fields() -> None:
    site = make_site("AMS01")
    site = Site.objects.get(pk=site.pk)
    site.description = "Amsterdam"
    site.validated_save()

    create, update = changes_for(site)
    assert create.action == "create"
    assert create.postchange_data["name"] == "AMS01"
    assert update.action == "update"
    assert update.prechange_data["description"] == ""
    assert update.postchange_data["description"] == "Amsterdam"
    assert update.changed_fields == ["description"]


def test_a_site_accepts_the_nautobot_1_region_keyword_and_lookups(
    region_type: LocationType, site_type: LocationType
) -> None:
    europe = make_location("Europe", region_type)
    america = make_location("America", region_type)
    ams = Site(name="AMS01", region=europe, status=status())
    ams.validated_save()
    make_site("NYC01", parent=america)

    assert Site.objects.get(pk=ams.pk).region == europe
    assert list(Site.objects.filter(region_id=europe.pk)) == [ams]
    assert list(Site.objects.filter(region__name="Europe")) == [ams]
