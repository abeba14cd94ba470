"""A lease outlived by a pause: why the storage must check a fencing token.

The wide drawing names each row on its left; the narrow one, for phones, names it above
the row and splits the longer notes over two lines.
"""

from __future__ import annotations

from html import escape

W, H = 640, 310
LEFT, RIGHT = 110, 620
ROWS = {"Client 1": 45, "Lock service": 115, "Client 2": 185, "Storage": 245}


def _x(t: float) -> float:
    """Seconds 0..14 on the time axis."""
    return LEFT + t / 14 * (RIGHT - LEFT)


def _text(x, y, label, anchor="middle", css="", size=11):
    fill = "" if css else ' fill="currentColor"'
    cls = f' class="{css}"' if css else ""
    return f'<text x="{x:.0f}" y="{y:.0f}" text-anchor="{anchor}" font-size="{size}"{fill}{cls}>{escape(label)}</text>'


def _arrow(x1, y1, x2, y2, css):
    return (f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" class="{css}" '
            f'stroke-width="2" marker-end="url(#lock-arrow)"/>')


def render() -> str:
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}">',
             '<defs><marker id="lock-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
             'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
             '<path d="M0,0 L10,5 L0,10 z" fill="currentColor"/></marker></defs>']
    for name, y in ROWS.items():
        parts.append(f'<line x1="{LEFT}" y1="{y}" x2="{RIGHT}" y2="{y}" class="fig-grid"/>')
        parts.append(_text(LEFT - 10, y + 4, name, anchor="end", size=12))
    for t in range(0, 15, 2):
        parts.append(_text(_x(t), H - 8, f"{t} s", css="fig-muted", size=11))
    lock, c1, c2, store = ROWS["Lock service"], ROWS["Client 1"], ROWS["Client 2"], ROWS["Storage"]
    # Client 1 holds a 10 s lease from t=0; the lease bar on the lock-service row.
    parts.append(f'<rect x="{_x(0):.0f}" y="{lock - 9}" width="{_x(10) - _x(0):.0f}" height="18" '
                 'class="fig-fill-1" opacity="0.35"/>')
    parts.append(_text((_x(0) + _x(10)) / 2, lock + 4, "lease of client 1 (token 33)"))
    parts.append(f'<rect x="{_x(10):.0f}" y="{lock - 9}" width="{_x(14) - _x(10):.0f}" height="18" '
                 'class="fig-fill-3" opacity="0.35"/>')
    parts.append(_text((_x(10.2) + _x(14)) / 2, lock + 4, "client 2 (token 34)"))
    parts.append(_arrow(_x(0.2), c1 + 4, _x(0.2), lock - 12, "fig-stroke-1"))
    parts.append(_text(_x(0.3), c1 - 10, "acquire", anchor="start"))
    # The pause.
    parts.append(f'<rect x="{_x(2):.0f}" y="{c1 - 8}" width="{_x(12.5) - _x(2):.0f}" height="16" '
                 'class="fig-fill-2" opacity="0.3"/>')
    parts.append(_text((_x(2) + _x(12.5)) / 2, c1 + 4, "stop-the-world pause: client 1 believes it still holds the lock"))
    parts.append(_text(_x(10), lock - 16, "TTL expires", css="fig-muted", size=11))
    # Client 2 acquires and writes with 34.
    parts.append(_arrow(_x(10.5), c2 - 4, _x(10.5), lock + 12, "fig-stroke-3"))
    parts.append(_arrow(_x(11.2), c2 + 4, _x(11.2), store - 8, "fig-stroke-3"))
    parts.append(_text(_x(11.0), c2 + 30, "write, token 34: accepted", anchor="end"))
    # Client 1 wakes and writes with the stale token.
    parts.append(f'<path d="M{_x(12.8):.0f},{c1 + 8} C{_x(13.8):.0f},{c1 + 80} {_x(13.8):.0f},'
                 f'{store - 70} {_x(13.6):.0f},{store - 8}" class="fig-stroke-2" fill="none" '
                 'stroke-width="2" stroke-dasharray="5 4" marker-end="url(#lock-arrow)"/>')
    parts.append(_text(_x(13.6), store + 24, "write, token 33: rejected (33 < 34)", anchor="end",
                       css="fig-fill-2"))
    parts.append("</svg>")
    return "\n".join(parts)


# The narrow drawing: 300 wide, the time axis across all of it.
NW, NH = 300, 332
N_LEFT, N_RIGHT = 16, 282
N_ROWS = {"Client 1": 40, "Lock service": 130, "Client 2": 200, "Storage": 272}


def _nx(t: float) -> float:
    return N_LEFT + t / 14 * (N_RIGHT - N_LEFT)


def render_narrow() -> str:
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {NW} {NH}">',
             '<defs><marker id="lock-arrow-narrow" viewBox="0 0 10 10" refX="9" refY="5" '
             'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
             '<path d="M0,0 L10,5 L0,10 z" fill="currentColor"/></marker></defs>']

    def arrow(x1, y1, x2, y2, css):
        return _arrow(x1, y1, x2, y2, css).replace("#lock-arrow", "#lock-arrow-narrow")

    for name, y in N_ROWS.items():
        parts.append(f'<line x1="{N_LEFT}" y1="{y}" x2="{N_RIGHT}" y2="{y}" class="fig-grid"/>')
        parts.append(_text(28, y - (20 if name == "Lock service" else 14), name,
                           anchor="start", size=13))
    for t in range(0, 15, 2):
        parts.append(_text(_nx(t), NH - 6, f"{t} s", css="fig-muted", size=12))
    c1, lock = N_ROWS["Client 1"], N_ROWS["Lock service"]
    c2, store = N_ROWS["Client 2"], N_ROWS["Storage"]
    # The two leases, on the lock service's row: taller bars, room for two lines.
    parts.append(f'<rect x="{_nx(0):.0f}" y="{lock - 15}" width="{_nx(10) - _nx(0):.0f}" '
                 'height="30" class="fig-fill-1" opacity="0.35"/>')
    parts.append(_text((_nx(0) + _nx(10)) / 2, lock + 4, "lease of client 1 (token 33)", size=12))
    parts.append(f'<rect x="{_nx(10):.0f}" y="{lock - 15}" width="{_nx(14) - _nx(10):.0f}" '
                 'height="30" class="fig-fill-3" opacity="0.35"/>')
    parts.append(_text((_nx(10) + _nx(13.3)) / 2, lock - 2, "client 2", size=12))
    parts.append(_text((_nx(10) + _nx(13.3)) / 2, lock + 11, "(token 34)", size=12))
    parts.append(arrow(_nx(0.2), c1 + 4, _nx(0.2), lock - 18, "fig-stroke-1"))
    parts.append(_text(28, c1 + 48, "acquire", anchor="start", size=13))
    # The pause.
    parts.append(f'<rect x="{_nx(2):.0f}" y="{c1 - 8}" width="{_nx(12.5) - _nx(2):.0f}" '
                 'height="16" class="fig-fill-2" opacity="0.3"/>')
    parts.append(_text((_nx(2) + _nx(12.5)) / 2, c1 + 5, "stop-the-world pause", size=13))
    parts.append(_text(28, c1 + 24, "client 1 believes it still holds the lock",
                       anchor="start", size=12))
    parts.append(_text(_nx(10), lock - 20, "TTL expires", css="fig-muted", size=12))
    # Client 2 acquires and writes with 34.
    parts.append(arrow(_nx(10.5), c2 - 4, _nx(10.5), lock + 18, "fig-stroke-3"))
    parts.append(arrow(_nx(11.2), c2 + 4, _nx(11.2), store - 8, "fig-stroke-3"))
    parts.append(_text(_nx(11.0), c2 + 30, "write, token 34: accepted", anchor="end", size=13))
    # Client 1 wakes and writes with the stale token.
    parts.append(f'<path d="M{_nx(12.8):.0f},{c1 + 8} C{_nx(13.8):.0f},{c1 + 80} '
                 f'{_nx(13.8):.0f},{store - 70} {_nx(13.6):.0f},{store - 8}" '
                 'class="fig-stroke-2" fill="none" stroke-width="2" stroke-dasharray="5 4" '
                 'marker-end="url(#lock-arrow-narrow)"/>')
    parts.append(_text(_nx(13.6), store + 24, "write, token 33: rejected (33 < 34)",
                       anchor="end", css="fig-fill-2", size=13))
    parts.append("</svg>")
    return "\n".join(parts)
