"""Strangler-fig rollout: share of each route's traffic served by Go, week by week.

Illustrative schedule for the PHP to Go migration essay. Each route is a step function:
shadow-only weeks sit at 0 %, then 1 -> 5 -> 25 -> 50 -> 100 %. The reports route shows a
rollback to 0 % after a mismatch was found at 25 %.
"""

from __future__ import annotations

WEEKS = 16
LEFT, RIGHT, TOP, BOTTOM = 64, 500, 24, 236

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


def _x(week: float) -> float:
    return LEFT + (RIGHT - LEFT) * week / WEEKS


def _y(percent: float) -> float:
    return BOTTOM - (BOTTOM - TOP) * percent / 100


def _step_path(points: list[tuple[int, int]]) -> str:
    """Horizontal-then-vertical segments, held flat to the right edge."""
    parts = [f"M{_x(points[0][0]):.1f},{_y(points[0][1]):.1f}"]
    for week, percent in points[1:]:
        parts.append(f"H{_x(week):.1f}")
        parts.append(f"V{_y(percent):.1f}")
    parts.append(f"H{_x(WEEKS):.1f}")
    return " ".join(parts)


def render() -> str:
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 700 280" '
        'font-family="sans-serif" font-size="12">'
    ]
    # Grid and y labels.
    for percent in (0, 25, 50, 75, 100):
        y = _y(percent)
        out.append(f'<line class="fig-grid" x1="{LEFT}" y1="{y:.1f}" x2="{RIGHT}" '
                   f'y2="{y:.1f}" fill="none"/>')
        out.append(f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" '
                   f'fill="currentColor">{percent}%</text>')
    # Axes.
    out.append(f'<path d="M{LEFT},{TOP} V{BOTTOM} H{RIGHT}" stroke="currentColor" '
               f'fill="none"/>')
    for week in range(0, WEEKS + 1, 2):
        x = _x(week)
        out.append(f'<line x1="{x:.1f}" y1="{BOTTOM}" x2="{x:.1f}" y2="{BOTTOM + 4}" '
                   f'stroke="currentColor"/>')
        out.append(f'<text x="{x:.1f}" y="{BOTTOM + 18}" text-anchor="middle" '
                   f'fill="currentColor">{week}</text>')
    out.append(f'<text x="{(LEFT + RIGHT) / 2:.1f}" y="{BOTTOM + 38}" text-anchor="middle" '
               'fill="currentColor">week of the migration</text>')
    out.append(f'<text x="16" y="{(TOP + BOTTOM) / 2:.1f}" text-anchor="middle" '
               f'fill="currentColor" transform="rotate(-90 16 {(TOP + BOTTOM) / 2:.1f})">'
               'share of route traffic on Go</text>')
    # Series and legend.
    for index, (label, css, points) in enumerate(ROUTES):
        style = (f'class="{css}"' if css
                 else 'stroke="currentColor" stroke-dasharray="5 4"')
        out.append(f'<path d="{_step_path(points)}" {style} fill="none" '
                   'stroke-width="2.5" stroke-linejoin="round"/>')
        ly = TOP + 12 + index * 22
        out.append(f'<line x1="{RIGHT + 16}" y1="{ly}" x2="{RIGHT + 40}" y2="{ly}" {style} '
                   'stroke-width="2.5"/>')
        out.append(f'<text x="{RIGHT + 46}" y="{ly + 4}" fill="currentColor">'
                   f'{label}</text>')
    # Annotate the rollback.
    rx, ry = _x(8), _y(25)
    out.append(f'<text x="{rx + 6:.1f}" y="{ry - 6:.1f}" fill="currentColor">'
               'rollback</text>')
    out.append("</svg>")
    return "\n".join(out)
