"""Sequence diagram of one OpenRTB 2.6 auction, from ad request to billing notice.

Time runs down the page. Timings are illustrative: an upstream tmax of 120 ms, of which
95 ms is passed on to bidders, and a billing event that arrives seconds to minutes later.
The wide drawing keeps the times in a column on the left; the narrow one, for phones, puts
each time in front of its message and names the lifelines on two lines.
"""

from __future__ import annotations

from html import escape

WIDTH, HEIGHT = 640, 560
FONT = 12

# Lifelines: x position and header label.
COLUMNS = {
    "ssp": (120, "Publisher / SSP"),
    "ex": (280, "Exchange"),
    "a": (410, "Bidder A"),
    "b": (500, "Bidder B"),
    "c": (590, "Bidder C"),
}
TOP, BOTTOM = 52, 512


def _text(x: float, y: float, s: str, anchor: str = "middle", size: int = FONT,
          weight: str | None = None, style: str | None = None) -> str:
    extra = f' font-weight="{weight}"' if weight else ""
    extra += f' font-style="{style}"' if style else ""
    return (f'<text x="{x}" y="{y}" font-size="{size}" text-anchor="{anchor}" '
            f'fill="currentColor"{extra}>{escape(s)}</text>')


def _arrow(x1: float, x2: float, y: float, kind: str, dashed: bool = False,
           ids: str = "orf") -> str:
    """A horizontal message arrow; kind picks the colour class and the arrowhead."""
    cls = {"req": "fig-stroke-1", "bid": "fig-stroke-3", "notice": "fig-stroke-2",
           "none": "fig-muted"}[kind]
    dash = ' stroke-dasharray="5 4"' if dashed else ""
    # Stop short of the lifeline so the arrowhead tip touches it.
    end = x2 - 2 if x2 > x1 else x2 + 2
    return (f'<line x1="{x1}" y1="{y}" x2="{end}" y2="{y}" class="{cls}" fill="none" '
            f'stroke-width="1.6"{dash} marker-end="url(#{ids}-head-{kind})"/>')


def _markers(ids: str = "orf") -> str:
    out = []
    for kind, cls in (("req", "fig-fill-1"), ("bid", "fig-fill-3"),
                      ("notice", "fig-fill-2"), ("none", "fig-muted")):
        out.append(
            f'<marker id="{ids}-head-{kind}" viewBox="0 0 10 10" refX="9" refY="5" '
            f'markerWidth="5.5" markerHeight="5.5" orient="auto-start-reverse">'
            f'<path d="M0,0 L10,5 L0,10 z" class="{cls}" stroke="none"/></marker>')
    return "<defs>" + "".join(out) + "</defs>"


def render() -> str:
    x = {key: col[0] for key, col in COLUMNS.items()}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'font-family="inherit">',
        _markers(),
    ]

    # Headers and lifelines.
    for key, (cx, label) in COLUMNS.items():
        w = 112 if key == "ssp" else (84 if key == "ex" else 74)
        parts.append(f'<rect x="{cx - w / 2}" y="18" width="{w}" height="26" rx="4" '
                     f'fill="none" stroke="currentColor" stroke-width="1"/>')
        parts.append(_text(cx, 35, label, weight="600"))
        parts.append(f'<line x1="{cx}" y1="{TOP}" x2="{cx}" y2="{BOTTOM}" class="fig-grid" '
                     f'stroke-width="1.5" stroke-dasharray="3 3"/>')

    # Time axis labels on the left.
    times = [(78, "0 ms"), (108, "3 ms"), (153, "20 ms"), (188, "45 ms"), (223, "70 ms"),
             (258, "98 ms"), (313, "110 ms"), (348, "112 ms"), (433, "+ seconds"),
             (473, "later"), (503, "+10 s")]
    for y, label in times:
        parts.append(_text(8, y + 4, label, anchor="start", size=11))

    # 1. Ad request arrives with the upstream budget.
    parts.append(_arrow(x["ssp"], x["ex"], 78, "req"))
    parts.append(_text(200, 71, "bid request, tmax 120"))

    # 2. Fan-out to bidders with a smaller tmax.
    parts.append(_arrow(x["ex"], x["a"], 108, "req"))
    parts.append(_arrow(x["a"], x["b"], 108, "req"))
    parts.append(_arrow(x["b"], x["c"], 108, "req"))
    parts.append(_text(435, 101, "POST bid request, tmax 95"))

    # 3. Replies: a fast no-bid, a winning bid, a losing bid.
    parts.append(_arrow(x["c"], x["ex"], 153, "none", dashed=True))
    parts.append(_text(545, 146, "204 no-bid"))
    parts.append(_arrow(x["a"], x["ex"], 188, "bid"))
    parts.append(_text(345, 181, "200, bid 1.31"))
    parts.append(_arrow(x["b"], x["ex"], 223, "bid"))
    parts.append(_text(455, 216, "200, bid 1.12"))

    # 4. The bidder deadline.
    parts.append(f'<line x1="{x["ex"]}" y1="258" x2="630" y2="258" stroke="currentColor" '
                 f'stroke-width="1.2" stroke-dasharray="7 4" fill="none"/>')
    parts.append(_text(630, 252, "deadline: later replies are dropped", anchor="end",
                       size=11, style="italic"))

    # 5. Validation and auction on the exchange.
    parts.append(f'<rect x="{x["ex"] - 7}" y="264" width="14" height="36" rx="2" '
                 f'class="fig-fill-1" stroke="none"/>')
    parts.append(_text(x["ex"] - 14, 286, "validate, auction", anchor="end"))

    # 6. Response upstream.
    parts.append(_arrow(x["ex"], x["ssp"], 313, "req"))
    parts.append(_text(200, 306, "200 response, adm"))

    # 7. Win and loss notices.
    parts.append(_arrow(x["ex"], x["a"], 348, "notice"))
    parts.append(_text(345, 341, "nurl (win)"))
    parts.append(_arrow(x["ex"], x["b"], 378, "notice"))
    parts.append(_text(455, 371, "lurl, loss 102"))

    # Break in the time axis.
    parts.append(f'<rect x="70" y="394" width="{WIDTH - 76}" height="18" fill="none" '
                 f'class="fig-grid" stroke-width="1" stroke-dasharray="2 3"/>')
    parts.append(_text(WIDTH / 2, 407, "seconds to minutes pass: imp.exp, bid.exp",
                       size=11, style="italic"))

    # 8. Billable event and the billing notice, with one retry.
    parts.append(_arrow(x["ssp"], x["ex"], 433, "req", dashed=True))
    parts.append(_text(200, 426, "render (billable event)"))
    parts.append(_arrow(x["ex"], x["a"], 473, "notice"))
    parts.append(_text(345, 466, "burl, server-side"))
    parts.append(_text(470, 477, "replied 5xx", anchor="start", size=11))
    parts.append(_arrow(x["ex"], x["a"], 503, "notice", dashed=True))
    parts.append(_text(345, 496, "burl retry"))
    parts.append(_text(470, 507, "replied 204, counted once", anchor="start", size=11))

    # Legend.
    legend = [("req", "request / response"), ("bid", "bid"), ("notice", "notice"),
              ("none", "no-bid")]
    lx = 80
    for kind, label in legend:
        parts.append(_arrow(lx, lx + 28, 540, kind, dashed=(kind == "none")))
        parts.append(_text(lx + 34, 544, label, anchor="start", size=11))
        lx += 40 + 7 * len(label) + 20

    parts.append("</svg>")
    return "".join(parts)


# The narrow drawing: 300 wide. Lifelines: x position and the header's two lines; the
# three bidders share one header box, "Bidders", with each one's letter under it.
N_COLUMNS = {
    "ssp": (40, ("Publisher /", "SSP")),
    "ex": (121, ("Exchange", "")),
    "a": (183, ("", "A")),
    "b": (229, ("", "B")),
    "c": (275, ("", "C")),
}
N_BOXES = [(1, 78, "ssp"), (86, 70, "ex"), (160, 138, "bidders")]
N_SIZE = 12


def _message(x: float, y: float, time: str, s: str, anchor: str = "start",
             style: str | None = None) -> str:
    """A message's label, its time first, in bold."""
    lead = f'<tspan font-weight="600">{escape(time)}</tspan> ' if time else ""
    extra = f' font-style="{style}"' if style else ""
    return (f'<text x="{x}" y="{y}" font-size="{N_SIZE}" text-anchor="{anchor}" '
            f'fill="currentColor"{extra}>{lead}{escape(s)}</text>')


def render_narrow() -> str:
    x = {key: col[0] for key, col in N_COLUMNS.items()}
    width, height, bottom = 300, 594, 536

    def arrow(x1, x2, y, kind, dashed=False):
        return _arrow(x1, x2, y, kind, dashed, ids="orf-narrow")

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'font-family="inherit">',
        _markers("orf-narrow"),
    ]
    for bx, w, _ in N_BOXES:
        parts.append(f'<rect x="{bx}" y="6" width="{w}" height="36" rx="4" '
                     f'fill="none" stroke="currentColor" stroke-width="1"/>')
    parts.append(_text(229, 21, "Bidders", size=N_SIZE, weight="600"))
    for cx, (first, second) in N_COLUMNS.values():
        if first and second:
            parts.append(_text(cx, 21, first, size=N_SIZE, weight="600"))
            parts.append(_text(cx, 35, second, size=N_SIZE, weight="600"))
        else:
            parts.append(_text(cx, 35 if second else 28, first or second, size=N_SIZE,
                               weight="600"))
        parts.append(f'<line x1="{cx}" y1="46" x2="{cx}" y2="{bottom}" class="fig-grid" '
                     f'stroke-width="1.5" stroke-dasharray="3 3"/>')

    # Up to the deadline: request, fan-out, replies.
    parts.append(arrow(x["ssp"], x["ex"], 74, "req"))
    parts.append(_message(4, 66, "0 ms", "bid request, tmax 120"))
    parts.append(arrow(x["ex"], x["a"], 106, "req"))
    parts.append(arrow(x["a"], x["b"], 106, "req"))
    parts.append(arrow(x["b"], x["c"], 106, "req"))
    parts.append(_message(296, 98, "3 ms", "POST bid request, tmax 95", anchor="end"))
    parts.append(arrow(x["c"], x["ex"], 138, "none", dashed=True))
    parts.append(_message(296, 130, "20 ms", "204 no-bid", anchor="end"))
    parts.append(arrow(x["a"], x["ex"], 170, "bid"))
    parts.append(_message(x["ex"] + 6, 162, "45 ms", "200, bid 1.31"))
    parts.append(arrow(x["b"], x["ex"], 202, "bid"))
    parts.append(_message(x["ex"] + 6, 194, "70 ms", "200, bid 1.12"))
    parts.append(f'<line x1="{x["ex"]}" y1="234" x2="296" y2="234" stroke="currentColor" '
                 f'stroke-width="1.2" stroke-dasharray="7 4" fill="none"/>')
    parts.append(_message(296, 226, "98 ms", "deadline: later replies are dropped",
                         anchor="end", style="italic"))

    # The auction, the answer upstream and the notices.
    parts.append(f'<rect x="{x["ex"] - 7}" y="240" width="14" height="36" rx="2" '
                 f'class="fig-fill-1" stroke="none"/>')
    parts.append(_message(x["ex"] - 12, 262, "", "validate, auction", anchor="end"))
    parts.append(arrow(x["ex"], x["ssp"], 304, "req"))
    parts.append(_message(4, 296, "110 ms", "200 response, adm"))
    parts.append(arrow(x["ex"], x["a"], 336, "notice"))
    parts.append(_message(x["ex"] + 6, 328, "112 ms", "nurl (win)"))
    parts.append(arrow(x["ex"], x["b"], 366, "notice"))
    parts.append(_message(x["ex"] + 6, 358, "", "lurl, loss 102"))

    # The break, then billing.
    parts.append(f'<rect x="2" y="378" width="{width - 4}" height="20" fill="none" '
                 f'class="fig-grid" stroke-width="1" stroke-dasharray="2 3"/>')
    parts.append(_text(width / 2, 392, "seconds to minutes pass: imp.exp, bid.exp",
                       size=N_SIZE, style="italic"))
    parts.append(arrow(x["ssp"], x["ex"], 428, "req", dashed=True))
    parts.append(_message(4, 420, "+ seconds", "render (billable event)"))
    parts.append(arrow(x["ex"], x["a"], 460, "notice"))
    parts.append(_message(x["ex"] + 6, 452, "later", "burl, server-side"))
    parts.append(_message(x["a"] + 6, 475, "", "replied 5xx"))
    parts.append(arrow(x["ex"], x["a"], 502, "notice", dashed=True))
    parts.append(_message(x["ex"] + 6, 494, "+10 s", "burl retry"))
    parts.append(_message(x["a"] + 6, 517, "", "replied 204,"))
    parts.append(_message(x["a"] + 6, 531, "", "counted once"))

    # Legend, two by two.
    legend = [("req", "request / response", 4, 564), ("bid", "bid", 158, 564),
              ("notice", "notice", 4, 586), ("none", "no-bid", 158, 586)]
    for kind, label, lx, ly in legend:
        parts.append(arrow(lx, lx + 26, ly - 4, kind, dashed=(kind == "none")))
        parts.append(_text(lx + 32, ly, label, anchor="start", size=N_SIZE))

    parts.append("</svg>")
    return "".join(parts)
