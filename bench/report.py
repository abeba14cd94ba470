"""Turn the measurements into the Markdown table of ratios and the time-versus-N plot."""

from __future__ import annotations

import platform
import statistics
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from bench.measure import PHASES, Result

PHASE_NAMES = {"clean": "clean build", "nochange": "no-change rebuild",
               "edit": "one-post edit rebuild"}
TARGETS = {"clean": 1.3, "nochange": 2.0, "edit": 2.0}
SHARE_TARGET = 0.03
PER_POST_TOLERANCE = 0.20
PAGE_WEIGHT_TARGET = 45_000  # bytes, gzipped page + its CSS and JS (1 KB = 1000 bytes)
TARGET_N = 500


@dataclass
class Verdict:
    name: str
    measured: str
    goal: str
    passed: bool


def _versions() -> str:
    names = ("sphinx", "myst-parser", "ablog", "furo")
    found = []
    for name in names:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pass
    return ", ".join([f"Python {platform.python_version()}", *found])


def per_post(results: dict[int, Result], variant: str) -> dict[int, float]:
    """Seconds of clean build per post, beyond the fixed cost of an empty site when known."""
    fixed = results[0].median(variant, "clean") if 0 in results else 0.0
    return {n: (r.median(variant, "clean") - fixed) / n for n, r in results.items() if n}


def verdicts(results: dict[int, Result]) -> tuple[int, list[Verdict]]:
    ns = sorted(n for n in results if n)
    at = TARGET_N if TARGET_N in results else ns[-1]
    r = results[at]
    found = []
    for phase in PHASES:
        ratio = r.median("site", phase) / r.median("baseline", phase)
        passed = ratio <= TARGETS[phase]
        measured = (f"{ratio:.3f}× ({r.median('site', phase):.2f} s vs "
                    f"{r.median('baseline', phase):.2f} s)")
        if phase == "edit" and r.comparison is not None:
            c = r.comparison
            same = c.listing_pages - len(c.listing_differ)
            measured += f"; listing pages identical to a clean build: {same}/{c.listing_pages}"
            passed = passed and c.listings_ok
        found.append(Verdict(PHASE_NAMES[phase].capitalize(), measured,
                             f"≤ {TARGETS[phase]:g}×", passed))
    shares = {phase: r.share(phase) for phase in PHASES}
    painter = {phase: r.children_cpu(phase) for phase in PHASES}
    found.append(Verdict(
        "Extension's own share of build time",
        ", ".join(f"{PHASE_NAMES[p]} {100 * s:.1f}%" for p, s in shares.items())
        + "; not counted: the preview-image painter process beside the build, "
        + ", ".join(f"{PHASE_NAMES[p]} {c:.2f} s CPU" for p, c in painter.items()),
        f"≤ {100 * SHARE_TARGET:g}% in each", all(s <= SHARE_TARGET for s in shares.values())))
    if len(ns) >= 2:
        costs = per_post(results, "site")
        first, last = costs[ns[0]], costs[ns[-1]]
        change = last / first - 1
        how = "beyond an empty site's build" if 0 in results else "total / N"
        found.append(Verdict(
            f"Clean-build cost per post, N={ns[0]} → {ns[-1]}",
            f"{1000 * first:.1f} → {1000 * last:.1f} ms per post ({change:+.0%}; {how})",
            f"within ±{PER_POST_TOLERANCE:.0%}", abs(change) <= PER_POST_TOLERANCE))
    weight = r.page_weight.get("site")
    if weight:
        base = r.page_weight.get("baseline", {})
        found.append(Verdict(
            "Post page weight, gzipped, with its CSS and JS",
            f"{weight['gzip'] / 1000:.1f} KB ({weight['files']} files; HTML alone "
            f"{weight['html_gzip'] / 1000:.1f} KB; baseline {base.get('gzip', 0) / 1000:.1f} KB)",
            f"≤ {PAGE_WEIGHT_TARGET / 1000:g} KB", weight["gzip"] <= PAGE_WEIGHT_TARGET))
    return at, found


def markdown(results: dict[int, Result], *, command: str, repeats: int, when: str,
             cores: int, load: str) -> str:
    at, found = verdicts(results)
    ns = sorted(n for n in results if n)
    lines = [
        "# Build performance: the site against plain Sphinx + MyST + Furo",
        "",
        f"Measured {when} with `{command}`: {repeats} repetitions, medians, site and "
        f"baseline builds interleaved, {cores} CPU cores (load average before the run: "
        f"{load}). {_versions()}.",
        "",
        "The baseline builds the same generated posts with plain Sphinx + MyST + Furo, "
        "posts outside the toctree. Both build the way `make html` does "
        "(`-b html -W --keep-going -n`, one process). Times are wall-clock; the CPU column "
        "is less disturbed by other builds on the machine.",
        "",
        f"## Targets at N = {at}",
        "",
        "| Target | Measured | Goal | Result |",
        "|---|---|---|---|",
    ]
    lines += [f"| {v.name} | {v.measured} | {v.goal} | {'pass' if v.passed else '**fail**'} |"
              for v in found]
    lines += ["", "## Build times", "",
              "| N | Build | Baseline (s) | Site (s) | Ratio | CPU ratio |",
              "|---:|---|---:|---:|---:|---:|"]
    for n in sorted(results):
        r = results[n]
        for phase in PHASES if n else ("clean",):
            if not r.builds["site"][phase]:
                continue
            b, s = r.median("baseline", phase), r.median("site", phase)
            bc, sc = r.median("baseline", phase, "cpu"), r.median("site", phase, "cpu")
            lines.append(f"| {n} | {PHASE_NAMES[phase]} | {b:.2f} | {s:.2f} | {s / b:.2f}× "
                         f"| {sc / bc:.2f}× |")
    lines += ["", "## Memory and size", "",
              "| N | Peak memory, baseline (MB) | Peak memory, site (MB) | Ratio "
              "| Pickled environment, baseline / site (MB) |",
              "|---:|---:|---:|---:|---:|"]
    for n in ns:
        r = results[n]
        b, s = r.peak_kb("baseline") / 1024, r.peak_kb("site") / 1024
        eb, es = r.env_bytes.get("baseline", 0) / 1e6, r.env_bytes.get("site", 0) / 1e6
        lines.append(f"| {n} | {b:.0f} | {s:.0f} | {s / b:.2f}× | {eb:.1f} / {es:.1f} |")
    lines += ["", f"## Where the build time goes at N = {at}", "",
              "Seconds (median) charged to the package whose code ran, measured by "
              "`bench/probe.py`; `generated-pages` is the rendering of pages that "
              "`html-collect-pages` handlers yield (ABlog's archive, tag and section pages), "
              "`gc` is Python's garbage collector. The rest is Sphinx, docutils, MyST and "
              "Python start-up and exit.", ""]
    r = results[at]
    for variant in ("site", "baseline"):
        lines += _owner_table(r, variant) + [""]
    for phase in PHASES:
        handlers: dict[str, list[float]] = {}
        for b in r.builds["site"][phase]:
            for name, seconds in b.probe.get("handlers", {}).items():
                if name.startswith("writing:"):
                    handlers.setdefault(name.split(":", 1)[1], []).append(seconds)
        top = sorted(((statistics.median(v), k) for k, v in handlers.items()), reverse=True)
        top = [(v, k) for v, k in top[:6] if v >= 0.005]
        if top:
            lines.append(f"The extension's costliest handlers, {PHASE_NAMES[phase]}: "
                         + ", ".join(f"`{k}` {v:.2f} s" for v, k in top) + ".")
            lines.append("")
    lines += ["![Build time versus number of posts](time-vs-n.svg)", ""]
    return "\n".join(lines)


def _owner_table(r: Result, variant: str) -> list[str]:
    builds = r.builds[variant]
    owners = sorted({o for p in PHASES for b in builds[p] for o in b.probe.get("seconds", {})})
    rows = []
    for owner in owners:
        cells = [statistics.median(b.probe.get("seconds", {}).get(owner, 0.0) for b in builds[p])
                 for p in PHASES]
        if max(cells) >= 0.005:
            rows.append((max(cells), owner, cells))
    lines = [f"| {variant} | " + " | ".join(PHASE_NAMES[p] for p in PHASES) + " |",
             "|---|" + "---:|" * len(PHASES)]
    for _, owner, cells in sorted(rows, reverse=True):
        lines.append(f"| {owner} | " + " | ".join(f"{c:.2f}" for c in cells) + " |")
    lines.append("| whole build | " + " | ".join(f"{r.median(variant, p):.2f}" for p in PHASES)
                 + " |")
    return lines


def plot(results: dict[int, Result], path: Path) -> None:
    """Two panels, as an SVG: clean builds (with the empty site when measured), and rebuilds.

    Drawn by hand: a plotting library in the build's environment would be imported by
    sphinxext-opengraph on every build.
    """
    ns = sorted(n for n in results if n)
    colours = {"clean": "#1f77b4", "nochange": "#2ca02c", "edit": "#d62728"}
    width, height, margin = 460, 300, 56
    panels = []
    for number, (title, phases) in enumerate((("Clean builds", ("clean",)),
                                              ("Rebuilds", ("nochange", "edit")))):
        xs = sorted(results) if phases == ("clean",) else ns
        series = [(phase, variant, [(n, results[n].median(variant, phase)) for n in xs])
                  for phase in phases for variant in ("site", "baseline")]
        top = max((y for *_, points in series for _, y in points), default=1.0) * 1.1 or 1.0
        right = max(xs) or 1

        def at(n: float, y: float) -> tuple[float, float]:
            return (margin + n / right * (width - margin - 16),
                    height - margin - y / top * (height - margin - 32))

        left = number * (width + 20)
        parts = [f'<g transform="translate({left},0)">',
                 f'<text x="{width / 2}" y="20" text-anchor="middle" font-size="14">{title}</text>',
                 f'<line x1="{margin}" y1="{height - margin}" x2="{width - 16}" '
                 f'y2="{height - margin}" stroke="#333"/>',
                 f'<line x1="{margin}" y1="32" x2="{margin}" y2="{height - margin}" stroke="#333"/>',
                 f'<text x="{width / 2}" y="{height - 24}" text-anchor="middle" '
                 'font-size="12">posts (N)</text>',
                 f'<text x="14" y="{height / 2}" text-anchor="middle" font-size="12" '
                 f'transform="rotate(-90 14 {height / 2})">seconds (median)</text>']
        for n in xs:
            x, y = at(n, 0)
            parts.append(f'<text x="{x:.1f}" y="{y + 16:.1f}" text-anchor="middle" '
                         f'font-size="11">{n}</text>')
        for tick in range(5):
            value = top * tick / 4
            x, y = at(0, value)
            parts.append(f'<text x="{x - 6:.1f}" y="{y + 4:.1f}" text-anchor="end" '
                         f'font-size="11">{value:.1f}</text>')
        for row, (phase, variant, points) in enumerate(series):
            coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in (at(n, v) for n, v in points))
            dash = "" if variant == "site" else ' stroke-dasharray="6 4"'
            parts.append(f'<polyline points="{coords}" fill="none" stroke="{colours[phase]}" '
                         f'stroke-width="2"{dash}/>')
            for x, y in (at(n, v) for n, v in points):
                parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colours[phase]}"/>')
            parts.append(f'<text x="{margin + 10}" y="{44 + row * 15}" font-size="11" '
                         f'fill="{colours[phase]}">{variant}: {PHASE_NAMES[phase]}'
                         f'{"" if variant == "site" else " (dashed)"}</text>')
        parts.append("</g>")
        panels.append("\n".join(parts))
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * width + 20}" '
           f'height="{height}" viewBox="0 0 {2 * width + 20} {height}" '
           'font-family="sans-serif"><rect width="100%" height="100%" fill="#fff"/>\n'
           + "\n".join(panels) + "\n</svg>\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(svg, encoding="utf-8")
