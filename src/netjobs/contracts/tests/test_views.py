from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client

from netjobs.contracts.models import CostSnapshot
from netjobs.contracts.tests.builders import Tree, assign, day, make_contract

pytestmark = [pytest.mark.django_db, pytest.mark.urls("netjobs.contracts.tests.urls")]


@pytest.fixture
def client_as_admin(client: Client) -> Client:
    client.force_login(User.objects.create_superuser("admin", "admin@example.com", "pw"))
    return client


def test_pages_need_a_login(client: Client) -> None:
    response = client.get("/contracts/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_pages_need_the_view_permission(client: Client) -> None:
    user = User.objects.create_user("viewer", password="pw")
    client.force_login(user)
    assert client.get("/contracts/").status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="view_contract"))
    client.force_login(User.objects.get(pk=user.pk))
    assert client.get("/contracts/").status_code == 200


def test_every_page_renders(client_as_admin: Client, tree: Tree) -> None:
    contract = make_contract("C-1", end=10, notice_period_days=30)
    assignment = assign(contract, tree.ams)
    CostSnapshot.objects.create(
        snapshot_date=day(0), currency="EUR", monthly_burn=Decimal(100), renewal_forecast=Decimal(1200)
    )
    for url in (
        "/contracts/",
        f"/contracts/{contract.pk}/",
        "/contracts/providers/",
        f"/contracts/providers/{contract.provider_id}/",
        "/contracts/assignments/",
        "/contracts/assignments/?scope=active",
        f"/contracts/assignments/{assignment.pk}/",
        "/contracts/coverage/",
        f"/contracts/coverage/?location={tree.ams.pk}",
        "/contracts/cost-history/",
        "/contracts/cost-history/?range=all",
        "/contracts/renewals/",
    ):
        response = client_as_admin.get(url)
        assert response.status_code == 200, url


def test_models_link_to_their_pages(tree: Tree) -> None:
    contract = make_contract("C-1")
    assert contract.get_absolute_url() == f"/contracts/{contract.pk}/"
    assert contract.provider.get_absolute_url() == f"/contracts/providers/{contract.provider_id}/"


def test_contract_detail_lists_what_it_covers(client_as_admin: Client, tree: Tree) -> None:
    contract = make_contract("C-1")
    assign(contract, tree.ams_router)
    assign(contract, tree.blue)
    page = client_as_admin.get(f"/contracts/{contract.pk}/").content.decode()
    assert "ams-router" in page
    assert "Blue" in page
    assert "Covers (2)" in page


def test_coverage_page_lists_uncovered_devices(client_as_admin: Client, tree: Tree) -> None:
    assign(make_contract("C-1"), tree.ams)
    page = client_as_admin.get("/contracts/coverage/").content.decode()
    assert "lon-router" in page
    assert "ams-router" not in page
    assert "1 of 3" in page


def test_cost_history_page_has_one_inline_svg_chart_per_currency(client_as_admin: Client) -> None:
    for offset, currency, burn in ((-7, "EUR", 100), (0, "EUR", 120), (0, "USD", 50)):
        CostSnapshot.objects.create(
            snapshot_date=day(offset), currency=currency, monthly_burn=Decimal(burn), renewal_forecast=Decimal(0)
        )
    page = client_as_admin.get("/contracts/cost-history/").content.decode()
    assert re.findall(r'<svg [^>]*data-currency="(\w+)"', page) == ["EUR", "USD"]
    assert page.count("<polyline") == 4
    assert '<script src="http' not in page  # nothing from a CDN


def test_cost_history_page_without_snapshots_explains_how_to_get_them(client_as_admin: Client) -> None:
    page = client_as_admin.get("/contracts/cost-history/").content.decode()
    assert "CostHistoryJob" in page
    assert "<svg " not in page.split("<main", 1)[1]


def test_renewal_report_table_and_csv_agree(client_as_admin: Client) -> None:
    make_contract("soon", end=5)
    make_contract("later", end=50)
    make_contract("gone", start=-100, end=-1)
    page = client_as_admin.get("/contracts/renewals/?window_days=30").content.decode()
    assert "soon" in page
    assert "later" not in page
    response = client_as_admin.get("/contracts/renewals.csv?window_days=30&include_expired=on")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="contract-renewals-{day(0).isoformat()}.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["contract"] for row in rows] == ["gone", "soon"]


def test_renewal_report_defaults_to_sixty_days_and_links_its_csv(client_as_admin: Client) -> None:
    make_contract("in-60", end=60)
    page = client_as_admin.get("/contracts/renewals/").content.decode()
    assert "in-60" in page
    assert "/contracts/renewals.csv?window_days=60" in page


def test_renewal_csv_rejects_a_bad_window(client_as_admin: Client) -> None:
    assert client_as_admin.get("/contracts/renewals.csv?window_days=-1").status_code == 400
