"""Strangler-fig rollout: share of each route's traffic served by Go, week by week.

Illustrative schedule for the PHP to Go migration essay. Each route is a step function:
shadow-only weeks sit at 0 %, then 1 -> 5 -> 25 -> 50 -> 100 %. The reports route shows a
rollback to 0 % after a mismatch was found at 25 %. The wide drawing keeps the legend on
the right; the narrow one, for phones, puts it under the chart.
"""

from __future__ import annotations

from typing import NamedTuple

WEEKS = 16

# (label, css class or None for currentColor dashed, [(week, percent), ...])
ROUTES = [
    ("GET /campaigns/{id}", "fig-stroke-1",
     [(0, 0), (3, 1), (4, 5), (5, 25), (6, 50), (7, 100)]),
    ("GET /reports", "fig-stroke-2",
     [(0, 0), (5, 1), (6, 5), (7, 25), (8, 0), (10, 25), (11, 50), (12, 100)]),
    ("POST /bids/validate", "fig-stroke-3",
     [(0, 0), (8, 1), (9, 5), (10, 25), (12, 50), (13, 100)]),
    ("POST /campaigns", None,
     [(0, 0), (11, 1), (13, 5), (15, 25)]),
]


class Plot(NamedTuple):
    left: float
    right: float
    top: float
    bottom: float

    def x(self, week: float) -> float:
        return self.left + (self.right - self.left) * week / WEEKS

    def y(self, percent: float) -> float:
        return self.bottom - (self.bottom - self.top) * percent / 100


WIDE = Plot(64, 500, 24, 236)  # in a 700 x 280 drawing
NARROW = Plot(48, 286, 34, 204)  # in a 300 x 342 drawing


def _step_path(plot: Plot, points: list[tuple[int, int]]) -> str:
    """Horizontal-then-vertical segments, held flat to the right edge."""
    parts = [f"M{plot.x(points[0][0]):.1f},{plot.y(points[0][1]):.1f}"]
    for week, percent in points[1:]:
        parts.append(f"H{plot.x(week):.1f}")
        parts.append(f"V{plot.y(percent):.1f}")
    parts.append(f"H{plot.x(WEEKS):.1f}")
    return " ".join(parts)


def _style(css: str | None) -> str:
    return f'class="{css}"' if css else 'stroke="currentColor" stroke-dasharray="5 4"'


def _chart(plot: Plot, week_step: int, narrow: bool = False) -> list[str]:
    """Grid, axes, ticks, the routes' steps and the rollback note (narrow, the note sits
    higher, clear of the lines, and points down to the rollback)."""
    out = []
    for percent in (0, 25, 50, 75, 100):
        y = plot.y(percent)
        out.append(f'<line class="fig-grid" x1="{plot.left}" y1="{y:.1f}" x2="{plot.right}" '
                   f'y2="{y:.1f}" fill="none"/>')
        out.append(f'<text x="{plot.left - 8}" y="{y + 4:.1f}" text-anchor="end" '
                   f'fill="currentColor">{percent}%</text>')
    out.append(f'<path d="M{plot.left},{plot.top} V{plot.bottom} H{plot.right}" '
               f'stroke="currentColor" fill="none"/>')
    for week in range(0, WEEKS + 1, week_step):
        x = plot.x(week)
        out.append(f'<line x1="{x:.1f}" y1="{plot.bottom}" x2="{x:.1f}" y2="{plot.bottom + 4}" '
                   f'stroke="currentColor"/>')
        out.append(f'<text x="{x:.1f}" y="{plot.bottom + 18}" text-anchor="middle" '
                   f'fill="currentColor">{week}</text>')
    out.append(f'<text x="{(plot.left + plot.right) / 2:.1f}" y="{plot.bottom + 38}" '
               'text-anchor="middle" fill="currentColor">week of the migration</text>')
    for _, css, points in ROUTES:
        out.append(f'<path d="{_step_path(plot, points)}" {_style(css)} fill="none" '
                   'stroke-width="2.5" stroke-linejoin="round"/>')
    rx, ry = plot.x(8), plot.y(25)
    if not narrow:
        out.append(f'<text x="{rx + 6:.1f}" y="{ry - 6:.1f}" fill="currentColor">rollback</text>')
        return out
    top = plot.y(50) - 8
    out.append(f'<line x1="{rx + 3:.1f}" y1="{ry - 3:.1f}" x2="{rx + 3:.1f}" y2="{top + 3:.1f}" '
               'stroke="currentColor" stroke-width="1"/>')
    out.append(f'<text x="{rx + 6:.1f}" y="{top:.1f}" font-size="12" '
               'fill="currentColor">rollback</text>')
    return out


def _legend(x: float, y: float, step: float) -> list[str]:
    out = []
    for index, (label, css, _) in enumerate(ROUTES):
        ly = y + index * step
        out.append(f'<line x1="{x}" y1="{ly}" x2="{x + 24}" y2="{ly}" {_style(css)} '
                   'stroke-width="2.5"/>')
        out.append(f'<text x="{x + 30}" y="{ly + 4}" fill="currentColor">{label}</text>')
    return out


def render() -> str:
    plot = WIDE
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 700 280" '
        'font-family="sans-serif" font-size="12">'
    ]
    out += _chart(plot, 2)
    out.append(f'<text x="16" y="{(plot.top + plot.bottom) / 2:.1f}" text-anchor="middle" '
               f'fill="currentColor" transform="rotate(-90 16 {(plot.top + plot.bottom) / 2:.1f})">'
               'share of route traffic on Go</text>')
    out += _legend(plot.right + 16, plot.top + 12, 22)
    out.append("</svg>")
    return "\n".join(out)


def render_narrow() -> str:
    """The axis title above the chart, a tick every four weeks, the legend below."""
    plot = NARROW
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 342" '
        'font-family="sans-serif" font-size="13">',
        '<text x="4" y="16" fill="currentColor">share of route traffic on Go</text>',
    ]
    out += _chart(plot, 4, narrow=True)
    out += _legend(6, plot.bottom + 66, 20)
    out.append("</svg>")
    return "\n".join(out)
