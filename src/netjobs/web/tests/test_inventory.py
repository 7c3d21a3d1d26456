"""Inventory pages: one generic list and detail page per model, with search, filters and history."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.test import Client

from netjobs.dcim.models import Device
from netjobs.jobs.models import JobLogEntry
from netjobs.testing.inventory import make_device, make_site, status
from netjobs.web.inventory import inventory_models
from netjobs.web.tests.conftest import both_databases, htmx_get, make_result

pytestmark = both_databases


def test_every_inventory_model_has_a_list_page(admin_client: Client) -> None:
    index = admin_client.get("/inventory/").content.decode()
    for item in inventory_models():
        assert item.list_url() in index
        assert admin_client.get(item.list_url()).status_code == 200, item.label


def test_lists_search_and_filter(admin_client: Client) -> None:
    ams, fra = make_site("AMS01"), make_site("FRA01")
    make_device("ams01-sw1", location=ams)
    make_device("fra01-sw1", location=fra, status=status("planned"))
    url = "/inventory/dcim/device/"
    html = admin_client.get(url).content.decode()
    assert "ams01-sw1" in html and "fra01-sw1" in html
    assert "fra01-sw1" not in admin_client.get(url, {"q": "ams"}).content.decode()
    by_site = admin_client.get(url, {"location": ams.pk}).content.decode()
    assert "ams01-sw1" in by_site and "fra01-sw1" not in by_site
    planned = htmx_get(admin_client, url, target="object-table", status=status("planned").pk).content.decode()
    assert "<html" not in planned and "fra01-sw1" in planned and "ams01-sw1" not in planned


def test_the_detail_page_shows_fields_related_objects_and_the_change_log(admin_client: Client) -> None:
    device = make_device("ams01-sw1")
    device.serial = "SN123"
    device.validated_save()
    html = admin_client.get(f"/inventory/dcim/device/{device.pk}/").content.decode()
    assert "<dt>Serial number</dt><dd>SN123</dd>" in html
    assert f'href="/inventory/dcim/interface/?device={device.pk}"' in html
    assert "2 changes" in html
    assert ">Updated<" in html and ">Created<" in html


def test_the_detail_page_lists_the_runs_and_lines_that_touched_the_object(admin_client: Client, definition) -> None:
    device = make_device("ams01-sw1")
    run = make_result(definition("local/new_branch/NewBranch"))
    JobLogEntry.objects.create(
        job_result=run,
        log_level="success",
        message="Created new switch",
        object_type_id=ContentType.objects.get_for_model(Device).pk,
        object_id=str(device.pk),
    )
    html = admin_client.get(f"/inventory/dcim/device/{device.pk}/").content.decode()
    assert f'<a href="/results/{run.pk}/">New Branch #{run.pk}</a>' in html
    assert "Created new switch" in html


def test_unknown_models_and_objects_are_404(admin_client: Client) -> None:
    assert admin_client.get("/inventory/auth/user/").status_code == 404
    assert admin_client.get("/inventory/dcim/device/999/").status_code == 404
