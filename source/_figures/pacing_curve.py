"""Planned versus actual cumulative spend for one campaign over one day.

Illustrative, not measured. A small simulation, run at build time: traffic has a
lunchtime bump and an evening peak, and an unplanned surge between 13:00 and 16:00
raises by 80% the supply the pass-through rate lets through. Every 10 minutes a controller
sets the pass-through rate from the gap between the plan and the spend it can see,
and serving stops once the spend it can see reaches the budget. With fresh spend
(seconds old) the actual curve sits on the plan; with spend that arrives 90 minutes
late the controller reads the in-flight money as a shortfall, runs ahead of the plan,
and keeps buying after the real total has crossed the cap.
"""

from __future__ import annotations

import math
from html import escape
from typing import NamedTuple

from writing.read.figures import simplified

Y_MAX = 1.2  # fraction of the daily budget at the top of the plot
STEP = 5  # minutes per simulation step
STEPS = 24 * 60 // STEP
TICK = 2  # controller runs every TICK steps (10 minutes)
TAU = 24  # steps over which the controller closes the gap (2 hours)
SURGE = (13 * 60, 16 * 60, 1.8)  # start minute, end minute, supply multiplier
LEGEND = [("fig-stroke-1", "2 4", "plan (traffic-shaped)"),
          ("fig-stroke-2", None, "actual, spend seen in seconds"),
          ("fig-stroke-3", None, "actual, spend seen 90 min late")]


class Plot(NamedTuple):
    """Where the plot area sits in the drawing."""

    left: float
    right: float
    top: float
    bottom: float

    def x(self, minute: float) -> float:
        return self.left + (self.right - self.left) * minute / (24 * 60)

    def y(self, fraction: float) -> float:
        return self.bottom - (self.bottom - self.top) * fraction / Y_MAX


WIDE = Plot(62, 612, 34, 300)  # in a 640 x 360 drawing
NARROW = Plot(44, 280, 34, 234)  # in a 300 x 372 drawing, for phones


def _traffic(minute: float) -> float:
    hour = minute / 60
    return (0.3 + 0.7 * math.exp(-((hour - 20) / 4.0) ** 2)
            + 0.35 * math.exp(-((hour - 12.5) / 2.5) ** 2))


def _plan() -> tuple[list[float], list[float]]:
    """Planned spend per step and cumulatively, as fractions of the budget."""
    raw = [_traffic(i * STEP) for i in range(STEPS)]
    total = sum(raw)
    rate = [r / total for r in raw]
    cumulative, acc = [], 0.0
    for r in rate:
        acc += r
        cumulative.append(acc)
    return rate, cumulative


def _simulate(lag_minutes: int) -> list[float]:
    """Actual cumulative spend when the controller sees spend lag_minutes late."""
    rate, plan = _plan()
    start, end, mult = SURGE
    spent: list[float] = []
    ptr = 1.0
    for i in range(STEPS):
        seen_at = i - 1 - lag_minutes // STEP
        seen = spent[seen_at] if seen_at >= 0 else 0.0
        if i % TICK == 0:
            wanted = rate[i] + (plan[i] - seen) / TAU
            ptr = max(0.0, min(3.0, wanted / rate[i]))
        surge = mult if start <= i * STEP < end else 1.0
        step = 0.0 if seen >= 1.0 else rate[i] * surge * ptr
        spent.append((spent[-1] if spent else 0.0) + step)
    return spent


def _text(x: float, y: float, s: str, anchor: str = "middle", size: int = 12,
          style: str | None = None, weight: str | None = None) -> str:
    extra = f' font-style="{style}"' if style else ""
    extra += f' font-weight="{weight}"' if weight else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
            f'fill="currentColor"{extra}>{escape(s)}</text>')


def _path(plot: Plot, values: list[float], cls: str, width: float,
          dash: str | None = None) -> str:
    points = [(0.0, 0.0)] + [((i + 1) * STEP, v) for i, v in enumerate(values)]
    drawn = simplified([(plot.x(m), plot.y(v)) for m, v in points])
    d = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in drawn)
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<path d="{d}" class="{cls}" fill="none" stroke-width="{width}" '
            f'stroke-linejoin="round"{dashed}/>')


def _legend_line(x: float, y: float, cls: str, dash: str | None) -> str:
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x + 26:.1f}" y2="{y:.1f}" '
            f'class="{cls}" stroke-width="2.2" fill="none"{dashed}/>')


def _chart(plot: Plot, size: int, hours: range, surge_label_y: float,
           hit_label_gap: float) -> list[str]:
    """The plot itself: surge band, grid, ticks, axes, cap, curves and their notes."""
    _, plan = _plan()
    fresh = _simulate(0)
    late = _simulate(90)
    parts = []

    # Surge band.
    start, end, _ = SURGE
    parts.append(f'<rect x="{plot.x(start):.1f}" y="{plot.top}" '
                 f'width="{plot.x(end) - plot.x(start):.1f}" '
                 f'height="{plot.bottom - plot.top}" class="fig-fill-3" fill-opacity="0.12" '
                 f'stroke="none"/>')
    parts.append(_text((plot.x(start) + plot.x(end)) / 2, surge_label_y, "traffic surge",
                       size=size, style="italic"))

    # Grid and axes.
    for pct in (25, 50, 75):
        y = plot.y(pct / 100)
        parts.append(f'<line x1="{plot.left}" y1="{y:.1f}" x2="{plot.right}" y2="{y:.1f}" '
                     f'class="fig-grid" stroke-width="1"/>')
    for pct in (0, 25, 50, 75, 100):
        parts.append(_text(plot.left - 8, plot.y(pct / 100) + 4, f"{pct}%", anchor="end",
                           size=size))
    for hour in range(3, 24, 3):
        x = plot.x(hour * 60)
        parts.append(f'<line x1="{x:.1f}" y1="{plot.top}" x2="{x:.1f}" y2="{plot.bottom}" '
                     f'class="fig-grid" stroke-width="1"/>')
    for hour in hours:
        parts.append(_text(plot.x(hour * 60), plot.bottom + size + 5, f"{hour:02d}:00",
                           size=size))
    parts.append(f'<line x1="{plot.left}" y1="{plot.bottom}" x2="{plot.right}" '
                 f'y2="{plot.bottom}" stroke="currentColor" stroke-width="1.2"/>')
    parts.append(f'<line x1="{plot.left}" y1="{plot.top}" x2="{plot.left}" '
                 f'y2="{plot.bottom}" stroke="currentColor" stroke-width="1.2"/>')
    parts.append(_text(plot.left + (plot.right - plot.left) / 2, plot.bottom + 2 * size + 12,
                       "time of day", size=size))

    # The cap.
    cap = plot.y(1.0)
    parts.append(f'<line x1="{plot.left}" y1="{cap:.1f}" x2="{plot.right}" y2="{cap:.1f}" '
                 f'stroke="currentColor" stroke-width="1.2" stroke-dasharray="7 4" '
                 f'fill="none"/>')
    parts.append(_text(plot.left + 6, cap - 6, "daily budget", anchor="start", size=size))

    # Curves: plan, fresh feedback, late feedback.
    parts.append(_path(plot, plan, "fig-stroke-1", 2.2, dash="2 4"))
    parts.append(_path(plot, fresh, "fig-stroke-2", 2.0))
    parts.append(_path(plot, late, "fig-stroke-3", 2.4))

    # Annotate the overshoot at the end of the day.
    over = late[-1]
    y_over = plot.y(over)
    parts.append(f'<line x1="{plot.right - 4}" y1="{cap:.1f}" x2="{plot.right - 4}" '
                 f'y2="{y_over:.1f}" stroke="currentColor" stroke-width="1.2" fill="none"/>')
    parts.append(_text(plot.right - 10, y_over - 8, f"+{round((over - 1) * 100)}% unbilled",
                       anchor="end", size=size, weight="600"))
    hit = next(i for i, v in enumerate(late) if v >= 1.0)
    parts.append(f'<circle cx="{plot.x((hit + 1) * STEP):.1f}" cy="{cap:.1f}" r="3.5" '
                 f'class="fig-fill-3" stroke="none"/>')
    parts.append(_text(plot.x((hit + 1) * STEP) - hit_label_gap, cap + 16,
                       "real spend crosses the cap",
                       anchor="end", size=size))
    return parts


def render() -> str:
    plot = WIDE
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 360" '
        'font-family="inherit">',
    ]
    parts += _chart(plot, 11, range(0, 25, 3), plot.top + 14, 8)
    parts.append(f'<text x="16" y="{(plot.top + plot.bottom) / 2:.1f}" font-size="11" '
                 f'text-anchor="middle" fill="currentColor" '
                 f'transform="rotate(-90 16 {(plot.top + plot.bottom) / 2:.1f})">'
                 f'cumulative spend, % of daily budget</text>')
    ly = plot.y(0.9)
    for cls, dash, label in LEGEND:
        parts.append(_legend_line(plot.left + 14, ly, cls, dash))
        parts.append(_text(plot.left + 46, ly + 4, label, anchor="start", size=11))
        ly += 17
    parts.append(_text(plot.right, 352, "illustrative simulation, not measured data",
                       anchor="end", size=11, style="italic"))
    parts.append("</svg>")
    return "".join(parts)


def render_narrow() -> str:
    """The same chart for a phone: fewer hour labels, the axis title above the plot, the
    legend below it; every label 12 units or more in a drawing 300 wide."""
    plot = NARROW
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 372" '
        'font-family="inherit">',
        _text(4, 16, "cumulative spend, % of daily budget", anchor="start", size=12),
    ]
    parts += _chart(plot, 12, range(0, 25, 6), plot.bottom - 10, 28)
    ly = plot.bottom + 58
    for cls, dash, label in LEGEND:
        parts.append(_legend_line(4, ly, cls, dash))
        parts.append(_text(38, ly + 4, label, anchor="start", size=13))
        ly += 20
    parts.append(_text(4, ly + 10, "illustrative simulation, not measured data",
                       anchor="start", size=12, style="italic"))
    parts.append("</svg>")
    return "".join(parts)
