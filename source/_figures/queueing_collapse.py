"""Queueing collapse: M/M/1 latency against utilisation, and goodput against offered load.

Two panels: side by side in the wide drawing, one above the other in the narrow one.
"""

from __future__ import annotations

from typing import NamedTuple

from writing.read.figures import simplified


class Panel(NamedTuple):
    """A plot area: left edge, top edge, width and height."""

    x0: float
    top: float
    w: float
    h: float

    def at(self, fx: float, fy: float) -> tuple[float, float]:
        """The point at fractions fx (rightwards) and fy (upwards) of the plot area."""
        return self.x0 + fx * self.w, self.top + self.h - fy * self.h


def _polyline(points, css):
    coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in simplified(points, 0.1))
    return (f'<polyline points="{coords}" class="{css}" fill="none" stroke-width="2.5" '
            'stroke-linejoin="round"/>')


def _axes(p: Panel, title, xlabel, ylabel, xticks, yticks, sizes, ylabel_above=False):
    """Title, grid, ticks and axis labels; sizes are (title, tick, axis label) font sizes."""
    title_size, tick, label = sizes
    bottom = p.top + p.h
    title_y = p.top - (2 * label + 16 if ylabel_above else 22)
    parts = [f'<text x="{p.x0 + p.w / 2}" y="{title_y}" text-anchor="middle" '
             f'font-size="{title_size}" font-weight="600" fill="currentColor">{title}</text>']
    for text, fx in xticks:
        x = p.x0 + fx * p.w
        parts.append(f'<line x1="{x}" y1="{p.top}" x2="{x}" y2="{bottom}" class="fig-grid"/>')
        parts.append(f'<text x="{x}" y="{bottom + tick + 5}" text-anchor="middle" '
                     f'font-size="{tick}" fill="currentColor">{text}</text>')
    for text, fy in yticks:
        y = bottom - fy * p.h
        parts.append(f'<line x1="{p.x0}" y1="{y}" x2="{p.x0 + p.w}" y2="{y}" class="fig-grid"/>')
        parts.append(f'<text x="{p.x0 - 6}" y="{y + 4}" text-anchor="end" font-size="{tick}" '
                     f'fill="currentColor">{text}</text>')
    parts.append(f'<path d="M{p.x0},{p.top} V{bottom} H{p.x0 + p.w}" stroke="currentColor" '
                 'fill="none"/>')
    parts.append(f'<text x="{p.x0 + p.w / 2}" y="{bottom + tick + label + 11}" '
                 f'text-anchor="middle" font-size="{label}" fill="currentColor">{xlabel}</text>')
    if ylabel_above:
        parts.append(f'<text x="{p.x0 - 24}" y="{p.top - 12}" font-size="{label}" '
                     f'fill="currentColor">{ylabel}</text>')
    else:
        parts.append(f'<text x="{p.x0 - 34}" y="{p.top + p.h / 2}" text-anchor="middle" '
                     f'font-size="{label}" fill="currentColor" '
                     f'transform="rotate(-90 {p.x0 - 34} {p.top + p.h / 2})">{ylabel}</text>')
    return parts


def _latency(p: Panel, sizes, note_size, ylabel_above=False) -> list[str]:
    """Time in system for M/M/1, W·μ = 1/(1 − ρ), clipped at 20× the service time."""
    parts = _axes(p, "Latency vs utilisation (M/M/1)", "utilisation ρ",
                  "time in system ÷ service time",
                  [(f"{v:.1f}", v) for v in (0, 0.2, 0.4, 0.6, 0.8, 1.0)],
                  [(str(v), v / 20) for v in (0, 5, 10, 15, 20)], sizes, ylabel_above)
    points = []
    for i in range(0, 190):
        rho = i / 200
        w = min(20.0, 1 / (1 - rho))
        points.append(p.at(rho, w / 20))
    parts.append(_polyline(points, "fig-stroke-1"))
    parts.append(f'<text x="{p.x0 + 0.08 * p.w}" y="{p.top + 0.3 * p.h}" '
                 f'font-size="{note_size}" fill="currentColor">2× at 50%, 10× at 90%</text>')
    return parts


def _goodput(p: Panel, sizes, note_size, narrow=False) -> list[str]:
    """Goodput against offered load (illustrative), with and without shedding."""
    parts = _axes(p, "Goodput vs offered load", "offered load ÷ capacity",
                  "useful work ÷ capacity",
                  [(f"{v:.1f}", v / 2) for v in (0, 0.5, 1.0, 1.5, 2.0)],
                  [(f"{v:.1f}", v) for v in (0, 0.5, 1.0)], sizes, ylabel_above=narrow)
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
    parts.append(_polyline([p.at(i / 200, g) for i, g in enumerate(shed)], "fig-stroke-3"))
    parts.append(_polyline([p.at(i / 200, g) for i, g in enumerate(queue)], "fig-stroke-2"))
    notes = (("fig-fill-3", "fig-stroke-3", "shedding excess", 0.62, 0.16),
             ("fig-fill-2", "fig-stroke-2", "unbounded queue", 0.6, 0.8))
    if not narrow:  # next to their lines
        for fill, _, note, fx, fy in notes:
            parts.append(f'<text x="{p.x0 + fx * p.w}" y="{p.top + fy * p.h}" '
                         f'font-size="{note_size}" class="{fill}">{note}</text>')
        return parts
    # Too narrow for that: a key under the plot, each note beside a piece of its line.
    x, y = p.x0 - 30, p.top + p.h + 2 * sizes[1] + sizes[2] + 22
    for fill, stroke, note, _, _ in notes:
        parts.append(f'<line x1="{x}" y1="{y - 4}" x2="{x + 20}" y2="{y - 4}" '
                     f'class="{stroke}" stroke-width="2.5"/>')
        parts.append(f'<text x="{x + 26}" y="{y}" font-size="{note_size}" '
                     f'class="{fill}">{note}</text>')
        x += 140
    return parts


def render() -> str:
    w, h = 640, 300
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" '
             'font-family="inherit">']
    sizes = (14, 11, 12)
    parts += _latency(Panel(55, 50, 250, 190), sizes, 11)
    parts += _goodput(Panel(375, 50, 250, 190), sizes, 11)
    parts.append(f'<text x="{w - 8}" y="{h - 6}" text-anchor="end" font-size="11" '
                 'class="fig-muted" stroke="none">right panel illustrative</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def render_narrow() -> str:
    """The panels one above the other, each axis title written above its plot."""
    w, h = 300, 556
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" '
             'font-family="inherit">']
    sizes = (14, 12, 13)
    parts += _latency(Panel(34, 58, 246, 150), sizes, 13, ylabel_above=True)
    parts += _goodput(Panel(34, 322, 246, 150), sizes, 13, narrow=True)
    parts.append(f'<text x="{w - 4}" y="{h - 6}" text-anchor="end" font-size="12" '
                 'class="fig-muted" stroke="none">lower panel illustrative</text>')
    parts.append("</svg>")
    return "\n".join(parts)
