"""The benchmark itself: for each N, build the site and the baseline, interleaved.

For every N: generate the posts into a fresh copy of each project, then repeat
``repeats`` times, running the two projects one after the other (alternating which goes
first) for each phase: clean build, no-change rebuild, rebuild after one post's body
changes. After the last repetition the site's incremental output is compared with a clean
build of the same sources: the listing pages (and every other file) must be identical.
"""

from __future__ import annotations

import gzip
import re
import shutil
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from bench.posts import edit_post, generate
from bench.projects import Project, make_baseline, make_site, site_vocabulary
from bench.runner import Build, clean, run_build

VARIANTS = ("baseline", "site")
PHASES = ("clean", "nochange", "edit")


@dataclass
class Comparison:
    """Incremental output after the last edit against a clean build of the same sources."""

    listing_pages: int = 0
    listing_differ: list[str] = field(default_factory=list)
    other_differ: list[str] = field(default_factory=list)

    @property
    def listings_ok(self) -> bool:
        return self.listing_pages > 0 and not self.listing_differ


@dataclass
class Result:
    """All samples for one N."""

    n: int
    builds: dict[str, dict[str, list[Build]]]  # variant -> phase -> samples
    comparison: Comparison | None = None
    page_weight: dict[str, dict[str, int]] = field(default_factory=dict)  # variant -> sizes
    env_bytes: dict[str, int] = field(default_factory=dict)

    def median(self, variant: str, phase: str, what: str = "wall") -> float:
        return statistics.median(getattr(b, what) for b in self.builds[variant][phase])

    def peak_kb(self, variant: str) -> int:
        return max(b.maxrss_kb for phase in self.builds[variant].values() for b in phase)

    def share(self, phase: str, owner: str = "writing") -> float:
        """Median fraction of the site's build time spent in ``owner``'s code."""
        return statistics.median(b.probe.get("seconds", {}).get(owner, 0.0) / b.wall
                                 for b in self.builds["site"][phase])

    def children_cpu(self, phase: str) -> float:
        """Median CPU seconds of the processes the site's build started (the painter)."""
        return statistics.median(b.probe.get("children_cpu", 0.0)
                                 for b in self.builds["site"][phase])

    def as_dict(self) -> dict:
        return {
            "n": self.n,
            "builds": {v: {p: [b.as_dict() for b in samples] for p, samples in phases.items()}
                       for v, phases in self.builds.items()},
            "comparison": None if self.comparison is None else {
                "listing_pages": self.comparison.listing_pages,
                "listing_differ": self.comparison.listing_differ,
                "other_differ": self.comparison.other_differ},
            "page_weight": self.page_weight,
            "env_bytes": self.env_bytes,
        }


def is_listing_page(rel: str) -> bool:
    """Pages that list posts: home, the blog's pages (archive, tags, sections) and feeds."""
    return rel in ("index.html", "blog.html") or rel.startswith("blog/")


def compare_trees(incremental: Path, clean_tree: Path) -> Comparison:
    def files(tree: Path) -> dict[str, Path]:
        return {p.relative_to(tree).as_posix(): p for p in tree.rglob("*") if p.is_file()}

    a, b = files(incremental), files(clean_tree)
    result = Comparison(listing_pages=sum(is_listing_page(rel) for rel in b))
    for rel in sorted(set(a) | set(b)):
        if rel == ".buildinfo.bak":
            continue
        same = rel in a and rel in b and a[rel].read_bytes() == b[rel].read_bytes()
        if not same:
            (result.listing_differ if is_listing_page(rel) else result.other_differ).append(rel)
    return result


_ASSET = re.compile(r'<(?:link[^>]*rel="stylesheet"[^>]*href|script[^>]*src)="([^"]+)"')


def page_weight(html_dir: Path, page: str) -> dict[str, int]:
    """Bytes of a page and its local CSS and JS, raw and gzipped (level 6, as gzip -6)."""
    html_path = html_dir / page
    text = html_path.read_text(encoding="utf-8")
    parts = [html_path]
    for ref in _ASSET.findall(text):
        if "://" in ref or ref.startswith("//"):
            continue
        parts.append((html_path.parent / ref.split("?", 1)[0]).resolve())
    raw = sum(p.stat().st_size for p in parts)
    zipped = sum(len(gzip.compress(p.read_bytes(), compresslevel=6, mtime=0)) for p in parts)
    html_zipped = len(gzip.compress(html_path.read_bytes(), compresslevel=6, mtime=0))
    return {"files": len(parts), "raw": raw, "gzip": zipped, "html_gzip": html_zipped}


def _median_post(posts_dir: Path) -> str:
    sizes = sorted((p.stat().st_size, p.stem) for p in posts_dir.glob("*.md"))
    return f"posts/{sizes[len(sizes) // 2][1]}.html"


def measure_n(n: int, workdir: Path, repeats: int, seed: int, check: bool,
              say: Callable[[str], None]) -> Result:
    vocabulary = site_vocabulary()
    posts = generate(n, vocabulary.sections, vocabulary.tags, seed=seed)
    root = workdir / f"n{n}"
    shutil.rmtree(root, ignore_errors=True)
    projects = {"baseline": make_baseline(root / "baseline", posts),
                "site": make_site(root / "site", posts)}
    builds = {v: {p: [] for p in PHASES} for v in VARIANTS}
    result = Result(n, builds)

    def run(project: Project, phase: str, rep: int) -> Build:
        out = project.workdir / "out"
        if phase == "clean":
            clean(out)
        build = run_build(project.srcdir, out, project.workdir / "logs" / f"{phase}-{rep}.log")
        builds[project.name][phase].append(build)
        say(f"  N={n:<4} {project.name:<8} {phase:<8} #{rep + 1}: {build.wall:6.2f} s "
            f"(cpu {build.cpu:6.2f} s, {build.maxrss_kb // 1024} MB)")
        return build

    for rep in range(repeats):
        order = [projects[v] for v in (VARIANTS if rep % 2 == 0 else VARIANTS[::-1])]
        for phase in PHASES if n else ("clean",):
            for project in order:
                if phase == "edit":
                    target = posts[(n * (rep + 1)) // (repeats + 1)].slug
                    edit_post(project.posts / f"{target}.md", revision=rep + 1)
                run(project, phase, rep)
    for name, project in projects.items():
        pickle = project.workdir / "out" / "doctrees" / "environment.pickle"
        result.env_bytes[name] = pickle.stat().st_size if pickle.is_file() else 0
    if n:
        for name, project in projects.items():
            result.page_weight[name] = page_weight(project.workdir / "out" / "html",
                                                   _median_post(project.posts))
    if check and n:
        site = projects["site"]
        reference = site.workdir / "clean-check"
        clean(reference)
        run_build(site.srcdir, reference, site.workdir / "logs" / "clean-check.log")
        result.comparison = compare_trees(site.workdir / "out" / "html", reference / "html")
        c = result.comparison
        say(f"  N={n:<4} incremental vs clean: {c.listing_pages - len(c.listing_differ)} of "
            f"{c.listing_pages} listing pages identical, {len(c.other_differ)} other files differ")
    return result
