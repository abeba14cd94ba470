"""Seeded random edits: after every step, an incremental build writes what a clean build writes.

A copy of the ``test-random-edits`` root (eight posts, three sections, feeds, a sitemap and
a stylesheet) is built once, then edited at random, one edit a step: retitle a post, change
its date, section, tags, body or summary, add or delete a post, make one a draft or publish
it again, add or remove an update note, change a section's description or the reading rate
(``conf.py``), edit the stylesheet. After each step the incremental build (same output and
doctree folders) and a clean build of the same sources run side by side, strictly, and
their outputs are compared file by file. Builds run in warm processes
(``buildtools.build_pair_warm``), two at a time.

The one difference allowed is the one ``test_incremental_site.py`` allows: Sphinx never
deletes an output file, so the page of a post that was deleted or made a draft, and ABlog's
pages and feeds (under ``blog/``) of tags, sections or years no post uses any more, stay in
the incremental output. Every file both builds write must be byte-identical, so nothing
links to those leftovers. (Sphinx also keeps the previous ``.buildinfo`` as
``.buildinfo.bak`` when ``conf.py`` changed.)

A failure names the seed and every step up to the failing one. Replay a sequence, or run
others, with ``RANDOM_EDITS_SEEDS="3 17" python -m pytest tests/test_random_edits.py``.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
from pathlib import Path

import pytest

from tests.buildtools import build_pair_warm, files, tree_differences

SEEDS = [int(seed) for seed in os.environ.get("RANDOM_EDITS_SEEDS", "2 3 4 5 6").split()]
STEPS = 8
SECTIONS = ("Architecture", "Leadership", "Operations")
TAGS = ("alpha", "beta", "gamma", "delta", "epsilon")
WORDS = ("lease", "queue", "token", "replica", "budget", "latency", "shard", "retry",
         "fence", "quorum", "deadline", "cache", "writer", "reader", "clock", "partition")
FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
UPDATE = re.compile(r"\n```\{update\} [^\n]*\n[^`]*```\n")


class Site:
    """The project being edited, and what each edit needs to know about it."""

    def __init__(self, src: Path, rng: random.Random) -> None:
        self.src = src
        self.rng = rng
        self.added = 0

    def posts(self) -> dict[str, Path]:
        return {p.stem: p for p in sorted((self.src / "posts").glob("*.md"))}

    def public(self) -> set[str]:
        return {stem for stem, path in self.posts().items()
                if "\ndraft: true\n" not in path.read_text(encoding="utf-8")}

    def free(self) -> list[str]:
        """Posts no other file refers to: deleting one, or making it a draft, breaks no
        reference (a strict build would fail on it)."""
        texts = {p: p.read_text(encoding="utf-8") for p in self.src.rglob("*.md")}
        return [stem for stem, path in self.posts().items()
                if not any(f"/posts/{stem}" in text for other, text in texts.items()
                           if other != path)]

    def pick(self, stems) -> str | None:
        stems = sorted(stems)
        return self.rng.choice(stems) if stems else None

    def words(self, low: int, high: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(low, high)))

    def date(self) -> dt.date:
        return dt.date(2022, 1, 1) + dt.timedelta(days=self.rng.randrange(3 * 365))


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def set_field(path: Path, key: str, value: str | None) -> None:
    """Set (or, with ``None``, remove) one front-matter field."""
    text = read(path)
    front = FRONT.match(text)
    lines = [line for line in front.group(1).split("\n") if not line.startswith(f"{key}:")]
    if value is not None:
        lines.append(f"{key}: {value}")
    path.write_text("---\n" + "\n".join(lines) + "\n---\n" + text[front.end():],
                    encoding="utf-8")


def field(path: Path, key: str) -> str | None:
    match = re.search(rf"^{key}: (.*)$", FRONT.match(read(path)).group(1), re.M)
    return match.group(1) if match else None


# -- edits: each returns what it did, or None when it cannot apply -----------------------


def retitle(site: Site) -> str | None:
    stem = site.pick(site.posts())
    title = site.words(2, 5).capitalize()
    path = site.posts()[stem]
    path.write_text(re.sub(r"^# .*$", f"# {title}", read(path), count=1, flags=re.M),
                    encoding="utf-8")
    return f"retitle {stem} to {title!r}"


def change_date(site: Site) -> str | None:
    stem = site.pick(site.posts())
    day = site.date()
    set_field(site.posts()[stem], "date", day.isoformat())
    return f"date of {stem} set to {day}"


def change_section(site: Site) -> str | None:
    stem = site.pick(site.posts())
    path = site.posts()[stem]
    section = site.rng.choice([s for s in SECTIONS if s != field(path, "category")])
    set_field(path, "category", section)
    return f"section of {stem} set to {section}"


def change_tags(site: Site) -> str | None:
    stem = site.pick(site.posts())
    tags = site.rng.sample(TAGS, site.rng.randint(0, 3))
    set_field(site.posts()[stem], "tags", ", ".join(tags) if tags else None)
    return f"tags of {stem} set to {tags}"


def edit_body(site: Site) -> str | None:
    stem = site.pick(site.posts())
    path = site.posts()[stem]
    text = read(path)
    if "\n\nAdded: " in text and site.rng.random() < 0.4:
        path.write_text(re.sub(r"\n\nAdded: [^\n]*", "", text, count=1), encoding="utf-8")
        return f"body of {stem}: an added paragraph removed"
    words = site.words(20, 500)
    path.write_text(text.rstrip("\n") + f"\n\nAdded: {words}.\n", encoding="utf-8")
    return f"body of {stem}: {len(words.split())} words added"


def change_summary(site: Site) -> str | None:
    stem = site.pick(site.posts())
    summary = site.words(3, 12).capitalize() + "."
    set_field(site.posts()[stem], "summary", f'"{summary}"')
    return f"summary of {stem} set to {summary!r}"


def add_post(site: Site) -> str | None:
    site.added += 1
    stem = f"added-{site.added}"
    link = site.rng.choice(["", " See {doc}`/posts/anchor-one`.", " See {doc}`/posts/anchor-two`."])
    tags = ", ".join(site.rng.sample(TAGS, site.rng.randint(1, 2)))
    (site.src / "posts" / f"{stem}.md").write_text(
        f"---\ndate: {site.date()}\ncategory: {site.rng.choice(SECTIONS)}\ntags: {tags}\n"
        f"summary: \"{site.words(3, 8).capitalize()}.\"\n---\n\n"
        f"# {site.words(2, 4).capitalize()}\n\n{site.words(10, 300)}.{link}\n",
        encoding="utf-8")
    return f"post {stem} added"


def delete_post(site: Site) -> str | None:
    stem = site.pick(site.free())
    if stem is None:
        return None
    site.posts()[stem].unlink()
    return f"post {stem} deleted"


def toggle_draft(site: Site) -> str | None:
    stem = site.pick(site.free())
    if stem is None:
        return None
    path = site.posts()[stem]
    if stem in site.public():
        set_field(path, "draft", "true")
        return f"{stem} made a draft"
    set_field(path, "draft", None)
    return f"{stem} published again"


def update_note(site: Site) -> str | None:
    stem = site.pick(site.posts())
    path = site.posts()[stem]
    text = read(path)
    if UPDATE.search(text) and site.rng.random() < 0.4:
        path.write_text(UPDATE.sub("\n", text, count=1), encoding="utf-8")
        return f"an update note of {stem} removed"
    posted = dt.date.fromisoformat(field(path, "date"))
    day = posted + dt.timedelta(days=site.rng.randint(1, 400))
    path.write_text(text.rstrip("\n") + f"\n\n```{{update}} {day}\n{site.words(3, 10)}.\n```\n",
                    encoding="utf-8")
    return f"update note of {day} added to {stem}"


def section_description(site: Site) -> str | None:
    number = site.rng.randrange(len(SECTIONS))
    text = site.words(2, 8).capitalize() + "."
    with open(site.src / "conf.py", "a", encoding="utf-8") as conf:
        conf.write(f'writing_sections[{number}]["description"] = {text!r}\n')
    return f"description of {SECTIONS[number]} set to {text!r}"


def reading_rate(site: Site) -> str | None:
    rate = site.rng.randrange(60, 400, 10)
    with open(site.src / "conf.py", "a", encoding="utf-8") as conf:
        conf.write(f"writing_words_per_minute = {rate}\n")
    return f"reading rate set to {rate} words a minute"


def static_edit(site: Site) -> str | None:
    colour = f"#{site.rng.randrange(0x1000000):06x}"
    with open(site.src / "_static" / "site.css", "a", encoding="utf-8") as css:
        css.write(f"h1 {{ color: {colour}; }}\n")
    return f"stylesheet edited (h1 colour {colour})"


EDITS = (retitle, change_date, change_section, change_tags, edit_body, change_summary,
         add_post, delete_post, toggle_draft, update_note, section_description, reading_rate,
         static_edit)


def plan(seed: int) -> list:
    """The kinds of edit a sequence makes, in order: eight different ones."""
    return random.Random(seed).sample(EDITS, STEPS)


def test_the_default_seeds_make_every_kind_of_edit():
    if "RANDOM_EDITS_SEEDS" in os.environ:
        pytest.skip("seeds chosen by RANDOM_EDITS_SEEDS")
    made = {edit for seed in SEEDS for edit in plan(seed)}
    assert made == set(EDITS), f"never made: {sorted(e.__name__ for e in set(EDITS) - made)}"


def leftovers(incremental: Path, clean: Path, public: set[str]) -> set[str]:
    """Files only the incremental build has that belong to things that no longer exist
    (and Sphinx's copy of the build information a changed ``conf.py`` replaced)."""
    only = set(files(incremental)) - set(files(clean))
    return {rel for rel in only if rel.startswith("blog/") or rel == ".buildinfo.bak"
            or (re.fullmatch(r"posts/(.+)\.html", rel) and rel[6:-5] not in public)}


@pytest.mark.parametrize("seed", SEEDS)
def test_random_edits_build_as_a_clean_build(seed, rootdir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-random-edits", src)
    site = Site(src, random.Random(seed))
    incremental = tmp_path / "incremental"
    build_pair_warm([(src, incremental, None, "first build")])
    done: list[str] = []
    for number, edit in enumerate(plan(seed), start=1):
        step = edit(site) or delete_post(site) or add_post(site)
        done.append(step)
        history = f"seed {seed}, steps:\n" + "\n".join(
            f"  {n}. {s}" for n, s in enumerate(done, start=1))
        clean = tmp_path / f"clean-{number}"
        try:
            build_pair_warm([(src, incremental, None, f"incremental build after step {number}"),
                             (src, clean, None, f"clean build after step {number}")])
        except AssertionError as exc:
            pytest.fail(f"{history}\n{exc}")
        problems = tree_differences(
            incremental / "html", clean / "html", names=("incremental", "clean"),
            ignore=leftovers(incremental / "html", clean / "html", site.public()))
        assert not problems, f"{history}\n" + "\n".join(problems)
        shutil.rmtree(clean)
