from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

from netjobs.contracts.chart import ChartPoint, cost_history_charts, cost_history_svg, nice_axis

SVG = "{http://www.w3.org/2000/svg}"
D0 = dt.date(2025, 1, 1)


def _points(currency: str, *values: tuple[str, str]) -> list[ChartPoint]:
    return [
        ChartPoint(D0 + dt.timedelta(weeks=i), currency, Decimal(burn), Decimal(forecast))
        for i, (burn, forecast) in enumerate(values)
    ]


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # also proves the markup is well-formed XML


def test_one_chart_per_currency_with_one_polyline_per_series() -> None:
    snapshots = [
        *_points("USD", ("10", "20"), ("12", "25")),
        *_points("EUR", ("100", "1200"), ("110", "1300"), ("90", "900")),
    ]
    charts = cost_history_charts(snapshots)
    assert list(charts) == ["EUR", "USD"]
    for currency, svg in charts.items():
        root = _parse(svg)
        assert root.get("data-currency") == currency
        lines = root.findall(f"{SVG}polyline")
        assert [line.get("data-series") for line in lines] == ["monthly_burn", "renewal_forecast"]
    eur_burn = _parse(charts["EUR"]).find(f"{SVG}polyline[@data-series='monthly_burn']")
    assert eur_burn is not None
    assert len(eur_burn.get("points", "").split()) == 3


def test_axes_are_labelled_with_dates_and_the_currency() -> None:
    root = _parse(cost_history_svg(_points("EUR", ("100", "1200"), ("110", "1300")), currency="EUR"))
    labels = [el.text for el in root.iter(f"{SVG}text") if "axis-label" in (el.get("class") or "")]
    assert labels == ["Snapshot date", "Amount (EUR)"]
    x_ticks = [el.text for el in root.iter(f"{SVG}text") if el.get("class") == "x-tick"]
    assert x_ticks == ["2025-01-01", "2025-01-08"]
    y_ticks = [el.text for el in root.iter(f"{SVG}text") if el.get("class") == "y-tick"]
    assert y_ticks[0] == "0"
    assert y_ticks[-1] == "1,500"
    assert root.find(f"{SVG}title").text == "Cost history (EUR)"  # type: ignore[union-attr]


def test_the_legend_names_both_series_and_the_forecast_window() -> None:
    svg = cost_history_svg(_points("EUR", ("1", "2")), currency="EUR", forecast_window_days=90)
    assert "Monthly burn rate" in svg
    assert "Renewal forecast (90 days)" in svg


def test_higher_values_are_drawn_higher() -> None:
    root = _parse(cost_history_svg(_points("EUR", ("100", "0"), ("200", "0")), currency="EUR"))
    line = root.find(f"{SVG}polyline[@data-series='monthly_burn']")
    assert line is not None
    (x1, y1), (x2, y2) = (tuple(map(float, p.split(","))) for p in line.get("points", "").split())
    assert x2 > x1
    assert y2 < y1  # SVG y grows downwards


def test_a_single_snapshot_still_shows_markers() -> None:
    root = _parse(cost_history_svg(_points("EUR", ("100", "50")), currency="EUR"))
    assert len(root.findall(f"{SVG}circle")) == 2


def test_no_snapshots_renders_an_explanation() -> None:
    root = _parse(cost_history_svg([], currency="EUR"))
    assert root.findall(f"{SVG}polyline") == []
    assert "No cost history yet" in "".join(root.itertext())


def test_no_script_and_nothing_fetched() -> None:
    svg = cost_history_svg(_points("EUR", ("1", "2"), ("3", "4")), currency="EUR")
    assert "<script" not in svg
    assert "href" not in svg


def test_text_is_escaped() -> None:
    svg = cost_history_svg(_points("<b>", ("1", "2")), currency="<b>")
    assert "<b>" not in svg
    _parse(svg)


def test_nice_axis() -> None:
    assert nice_axis(Decimal("1300")) == (Decimal("1500"), Decimal("500"))
    assert nice_axis(Decimal("95")) == (Decimal("100"), Decimal("25"))
    assert nice_axis(Decimal("100")) == (Decimal("100"), Decimal("25"))
    assert nice_axis(Decimal(0)) == (Decimal(1), Decimal("0.25"))
