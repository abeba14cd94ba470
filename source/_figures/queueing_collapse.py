"""Queueing collapse: M/M/1 latency against utilisation, and goodput against offered load."""

from __future__ import annotations

W, H = 640, 300
PANEL_W, PANEL_H = 250, 190
TOP = 50


def _polyline(points, css):
    coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return f'<polyline points="{coords}" class="{css}" fill="none" stroke-width="2.5"/>'


def _axes(x0, title, xlabel, ylabel, xticks, yticks):
    parts = [f'<text x="{x0 + PANEL_W / 2}" y="{TOP - 22}" text-anchor="middle" '
             f'font-size="14" font-weight="600" fill="currentColor">{title}</text>']
    for label, fx in xticks:
        x = x0 + fx * PANEL_W
        parts.append(f'<line x1="{x}" y1="{TOP}" x2="{x}" y2="{TOP + PANEL_H}" class="fig-grid"/>')
        parts.append(f'<text x="{x}" y="{TOP + PANEL_H + 16}" text-anchor="middle" font-size="11" '
                     f'fill="currentColor">{label}</text>')
    for label, fy in yticks:
        y = TOP + PANEL_H - fy * PANEL_H
        parts.append(f'<line x1="{x0}" y1="{y}" x2="{x0 + PANEL_W}" y2="{y}" class="fig-grid"/>')
        parts.append(f'<text x="{x0 - 6}" y="{y + 4}" text-anchor="end" font-size="11" '
                     f'fill="currentColor">{label}</text>')
    parts.append(f'<path d="M{x0},{TOP} V{TOP + PANEL_H} H{x0 + PANEL_W}" stroke="currentColor" '
                 'fill="none"/>')
    parts.append(f'<text x="{x0 + PANEL_W / 2}" y="{TOP + PANEL_H + 34}" text-anchor="middle" '
                 f'font-size="12" fill="currentColor">{xlabel}</text>')
    parts.append(f'<text x="{x0 - 34}" y="{TOP + PANEL_H / 2}" text-anchor="middle" font-size="12" '
                 f'fill="currentColor" transform="rotate(-90 {x0 - 34} {TOP + PANEL_H / 2})">'
                 f'{ylabel}</text>')
    return parts


def render() -> str:
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" '
             'font-family="inherit">']
    # Left: time in system for M/M/1, W·μ = 1/(1 − ρ), clipped at 20× the service time.
    left = 55
    parts += _axes(left, "Latency vs utilisation (M/M/1)", "utilisation ρ",
                   "time in system ÷ service time",
                   [(f"{v:.1f}", v) for v in (0, 0.2, 0.4, 0.6, 0.8, 1.0)],
                   [(str(v), v / 20) for v in (0, 5, 10, 15, 20)])
    points = []
    for i in range(0, 190):
        rho = i / 200
        w = min(20.0, 1 / (1 - rho))
        points.append((left + rho * PANEL_W, TOP + PANEL_H - w / 20 * PANEL_H))
    parts.append(_polyline(points, "fig-stroke-1"))
    parts.append(f'<text x="{left + 0.08 * PANEL_W}" y="{TOP + 0.3 * PANEL_H}" '
                 'font-size="11" fill="currentColor">2× at 50%, 10× at 90%</text>')

    # Right: goodput against offered load (illustrative), with and without shedding.
    right = 375
    parts += _axes(right, "Goodput vs offered load", "offered load ÷ capacity",
                   "useful work ÷ capacity",
                   [(f"{v:.1f}", v / 2) for v in (0, 0.5, 1.0, 1.5, 2.0)],
                   [(f"{v:.1f}", v) for v in (0, 0.5, 1.0)])
    shed, queue = [], []
    for i in range(0, 201):
        load = i / 100
        shed.append(min(load, 0.95))
        if load <= 0.9:
            good = load
        elif load <= 1.05:
            good = 0.9 + (load - 0.9) * 0.3
        else:
            good = max(0.08, 0.945 - 1.9 * (load - 1.05))
        queue.append(good)
    to_xy = lambda i, g: (right + (i / 100) / 2 * PANEL_W, TOP + PANEL_H - g * PANEL_H)  # noqa: E731
    parts.append(_polyline([to_xy(i, g) for i, g in enumerate(shed)], "fig-stroke-3"))
    parts.append(_polyline([to_xy(i, g) for i, g in enumerate(queue)], "fig-stroke-2"))
    parts.append(f'<text x="{right + 0.62 * PANEL_W}" y="{TOP + 0.16 * PANEL_H}" font-size="11" '
                 'class="fig-fill-3">shedding excess</text>')
    parts.append(f'<text x="{right + 0.6 * PANEL_W}" y="{TOP + 0.8 * PANEL_H}" font-size="11" '
                 'class="fig-fill-2">unbounded queue</text>')
    parts.append(f'<text x="{W - 8}" y="{H - 6}" text-anchor="end" font-size="10" '
                 'class="fig-muted" stroke="none">right panel illustrative</text>')
    parts.append("</svg>")
    return "\n".join(parts)
