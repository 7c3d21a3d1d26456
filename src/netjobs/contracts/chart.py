"""The cost-history chart: plain SVG markup built on the server, one chart per currency.

Pure functions of the snapshot values (no database, no JavaScript, nothing fetched from a CDN), so the chart
renders the same in the page, in an e-mail or in a test. Amounts stay `Decimal` for the axis labels; only pixel
positions are computed in floating point.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from html import escape
from typing import Protocol

__all__ = ["SERIES", "ChartPoint", "SnapshotLike", "cost_history_charts", "cost_history_svg", "nice_axis"]


class SnapshotLike(Protocol):
    snapshot_date: dt.date
    currency: str
    monthly_burn: Decimal
    renewal_forecast: Decimal


@dataclass(frozen=True)
class ChartPoint:
    snapshot_date: dt.date
    currency: str
    monthly_burn: Decimal
    renewal_forecast: Decimal


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    color: str
    dash: str = ""


SERIES = (
    Series("monthly_burn", "Monthly burn rate", "#0d6efd"),
    Series("renewal_forecast", "Renewal forecast", "#d63384", "6 4"),
)

WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 88, 24, 48, 56
MAX_X_LABELS = 6


def nice_axis(maximum: Decimal, ticks: int = 4) -> tuple[Decimal, Decimal]:
    """A round axis top at or above `maximum` and its tick step (1, 2, 2.5 or 5 times a power of ten)."""
    if maximum <= 0:
        return Decimal(1), Decimal("0.25")
    raw = maximum / ticks
    magnitude = Decimal(10) ** raw.adjusted()
    multiples = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
    step = next(m * magnitude for m in multiples if m * magnitude >= raw)
    top = (maximum / step).to_integral_value(rounding=ROUND_CEILING) * step
    return top, step


def _amount_label(value: Decimal) -> str:
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


def _x_label_indexes(count: int) -> list[int]:
    if count <= MAX_X_LABELS:
        return list(range(count))
    step = (count - 1) / (MAX_X_LABELS - 1)
    return sorted({round(i * step) for i in range(MAX_X_LABELS)})


def cost_history_svg(points: Sequence[SnapshotLike], *, currency: str, forecast_window_days: int | None = None) -> str:
    """One currency's burn rate and renewal forecast over time as an SVG document (points in any order)."""
    points = sorted(points, key=lambda p: p.snapshot_date)
    title = f"Cost history ({currency})"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cost-history-chart" data-currency="{escape(currency)}" '
        f'width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" font-family="system-ui, sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<text class="chart-title" x="{LEFT}" y="20" font-size="14" font-weight="600">{escape(title)}</text>',
    ]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    bottom, right = TOP + plot_h, LEFT + plot_w
    if not points:
        parts.append(
            f'<text class="chart-empty" x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle" fill="#6c757d">'
            "No cost history yet: schedule CostHistoryJob to record a snapshot a day.</text></svg>"
        )
        return "".join(parts)

    top_value, step = nice_axis(max(max(p.monthly_burn, p.renewal_forecast) for p in points))
    first, last = points[0].snapshot_date, points[-1].snapshot_date
    span_days = (last - first).days

    def x_of(day: dt.date) -> float:
        return LEFT + plot_w / 2 if span_days == 0 else LEFT + plot_w * (day - first).days / span_days

    def y_of(value: Decimal) -> float:
        return bottom - plot_h * float(value / top_value)

    # Grid and y axis: a line and a label per tick, from zero to the top.
    tick = Decimal(0)
    while tick <= top_value:
        y = y_of(tick)
        parts.append(f'<line class="grid" x1="{LEFT}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#e9ecef"/>')
        parts.append(
            f'<text class="y-tick" x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">{_amount_label(tick)}</text>'
        )
        tick += step
    parts.append(f'<line class="axis x-axis" x1="{LEFT}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#495057"/>')
    parts.append(f'<line class="axis y-axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}" stroke="#495057"/>')
    for index in _x_label_indexes(len(points)):
        day = points[index].snapshot_date
        x = x_of(day)
        parts.append(f'<line x1="{x:.1f}" y1="{bottom}" x2="{x:.1f}" y2="{bottom + 4}" stroke="#495057"/>')
        parts.append(
            f'<text class="x-tick" x="{x:.1f}" y="{bottom + 18}" text-anchor="middle">{day.isoformat()}</text>'
        )
    parts.append(
        f'<text class="axis-label x-label" x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 8}" '
        'text-anchor="middle">Snapshot date</text>'
    )
    parts.append(
        f'<text class="axis-label y-label" x="16" y="{TOP + plot_h / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 16 {TOP + plot_h / 2:.1f})">Amount ({escape(currency)})</text>'
    )

    # The series: a polyline each, and a marker per point (a single snapshot is still visible).
    legend_x = right
    for series in reversed(SERIES):
        label = series.label
        if series.key == "renewal_forecast" and forecast_window_days:
            label = f"{label} ({forecast_window_days} days)"
        legend_x -= 18 + 7 * len(label) + 16
        dash = f' stroke-dasharray="{series.dash}"' if series.dash else ""
        parts.append(
            f'<g class="legend-item" data-series="{series.key}">'
            f'<line x1="{legend_x}" y1="16" x2="{legend_x + 18}" y2="16" stroke="{series.color}" '
            f'stroke-width="2"{dash}/>'
            f'<text x="{legend_x + 24}" y="20">{escape(label)}</text></g>'
        )
    for series in SERIES:
        coords = [(x_of(p.snapshot_date), y_of(getattr(p, series.key))) for p in points]
        dash = f' stroke-dasharray="{series.dash}"' if series.dash else ""
        parts.append(
            f'<polyline class="series" data-series="{series.key}" fill="none" stroke="{series.color}" '
            f'stroke-width="2"{dash} points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in coords)}"/>'
        )
        for point, (x, y) in zip(points, coords, strict=True):
            value = getattr(point, series.key)
            parts.append(
                f'<circle class="marker" data-series="{series.key}" cx="{x:.1f}" cy="{y:.1f}" r="2.5" '
                f'fill="{series.color}"><title>{point.snapshot_date.isoformat()} {escape(series.label)}: '
                f"{value:,.2f} {escape(currency)}</title></circle>"
            )
    parts.append("</svg>")
    return "\n".join(parts)


def cost_history_charts(
    snapshots: Iterable[SnapshotLike], *, forecast_window_days: int | None = None
) -> dict[str, str]:
    """One SVG chart per currency, currencies in alphabetical order: amounts are never mixed across them."""
    by_currency: dict[str, list[SnapshotLike]] = defaultdict(list)
    for snapshot in snapshots:
        by_currency[snapshot.currency].append(snapshot)
    return {
        currency: cost_history_svg(by_currency[currency], currency=currency, forecast_window_days=forecast_window_days)
        for currency in sorted(by_currency)
    }
