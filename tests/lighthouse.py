"""Lighthouse (npm, run by Node) on the built site, in Debian's Chromium, over HTTP.

Three pages -- home, an essay and a section page -- with Lighthouse's mobile and desktop
presets; the site's targets: 100 for accessibility, best practices and SEO, at least 95
for performance. ``make lighthouse`` (``python -m tests.lighthouse``) serves ``build/html``
on 127.0.0.1, runs every page and preset, prints the scores as a Markdown table, keeps
each report in ``build/lighthouse/`` and fails when a target is missed.
``tests/test_lighthouse.py`` runs the same on the test build.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

from tests.conftest import CHROMIUM_ARGS, _SiteHandler

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"

PAGES = {
    "home": "index.html",
    "essay": "posts/distributed-locking-redis-vs-etcd.html",
    "section": "blog/category/distributed-systems.html",
}
PRESETS = ("mobile", "desktop")
CATEGORIES = {"performance": "Performance", "accessibility": "Accessibility",
              "best-practices": "Best practices", "seo": "SEO"}
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}


@dataclass
class Result:
    """One page with one preset: its scores (0-100) and the audits that cost points."""

    scores: dict[str, int]
    failing: dict[str, list[str]] = field(default_factory=dict)

    def missed(self) -> list[str]:
        return [f"{CATEGORIES[c]} {self.scores[c]} < {t}: {', '.join(self.failing[c]) or '?'}"
                for c, t in TARGETS.items() if self.scores[c] < t]


def run(url: str, preset: str, chrome: str, report: Path | None = None) -> Result:
    """Lighthouse on ``url``; with ``report`` (a path without suffix), keep its JSON and HTML."""
    command = ["node", str(LIGHTHOUSE), url, "--quiet",
               f"--only-categories={','.join(CATEGORIES)}",
               f"--chrome-flags={' '.join(CHROMIUM_ARGS)}"]
    if preset == "desktop":
        command.append("--preset=desktop")  # mobile is Lighthouse's default
    if report is not None:
        report.parent.mkdir(parents=True, exist_ok=True)
        command += ["--output=json", "--output=html", f"--output-path={report}"]
    else:
        command += ["--output=json", "--output-path=stdout"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "CHROME_PATH": chrome}, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"lighthouse {url} ({preset}) failed:\n{done.stderr[-3000:]}")
    text = (report.with_name(report.name + ".report.json").read_text(encoding="utf-8")
            if report is not None else done.stdout)
    data = json.loads(text)
    if data.get("runtimeError"):
        raise RuntimeError(f"lighthouse {url} ({preset}): {data['runtimeError']}")
    scores, failing = {}, {}
    for category in CATEGORIES:
        entry = data["categories"][category]
        scores[category] = round(entry["score"] * 100)
        audits = [(ref["id"], data["audits"][ref["id"]]) for ref in entry["auditRefs"]
                  if ref["weight"] > 0]
        failing[category] = [f"{name} ({audit.get('displayValue') or audit['score']})"
                             for name, audit in audits
                             if audit["score"] is not None and audit["score"] < 1]
    return Result(scores, failing)


def median(results: list[Result]) -> Result:
    """The median score of each category over several runs (Lighthouse's advice)."""
    scores = {c: round(statistics.median(r.scores[c] for r in results)) for c in CATEGORIES}
    worst = min(results, key=lambda r: sum(r.scores.values()))
    return Result(scores, worst.failing)


def table(results: dict[tuple[str, str], Result]) -> str:
    """The scores as a Markdown table, one row per page and preset."""
    head = ["Page", "Preset", *CATEGORIES.values()]
    rows = [[f"{name} (`{PAGES[name]}`)", preset,
             *(str(result.scores[c]) for c in CATEGORIES)]
            for (name, preset), result in results.items()]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    """The built site over HTTP on 127.0.0.1 (a missing page gets 404.html, as on a host)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_SiteHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "build" / "html")
    parser.add_argument("--reports", type=Path, default=ROOT / "build" / "lighthouse")
    parser.add_argument("--runs", type=int, default=1,
                        help="runs of each page and preset; the median score is shown")
    args = parser.parse_args(argv)
    chrome = shutil.which("chromium")
    problems = []
    if chrome is None:
        problems.append("Debian's chromium is not installed (`make test` installs it as root)")
    if shutil.which("node") is None or not LIGHTHOUSE.is_file():
        problems.append("node_modules/lighthouse is missing: run `npm ci`")
    if not (args.site / "index.html").is_file():
        problems.append(f"{args.site} has no built site: run `make html`")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 2
    server, url = serve(args.site)
    results = {}
    try:
        for preset in PRESETS:
            for name, path in PAGES.items():
                runs = [run(url + path, preset, chrome, args.reports / f"{name}-{preset}")
                        for _ in range(args.runs)]
                results[name, preset] = median(runs)
                print(f"lighthouse: {name} ({preset}): {results[name, preset].scores}",
                      file=sys.stderr, flush=True)
    finally:
        server.shutdown()
        server.server_close()
    print(table(results))
    missed = [f"{name} ({preset}): {m}" for (name, preset), r in results.items()
              for m in r.missed()]
    if missed:
        print("\nTargets missed:\n" + "\n".join(missed), file=sys.stderr)
        return 1
    shown = args.reports.relative_to(ROOT) if args.reports.is_relative_to(ROOT) else args.reports
    print(f"\nEvery target met; reports in {shown}/", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
