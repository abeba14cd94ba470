"""An essay's end block (the posts linking to it, its related posts, each once) and its
section neighbours, on the real site and across rebuilds."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path, PurePosixPath

import yaml
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

ROOT = Path(__file__).resolve().parents[1]
POSTS = sorted((ROOT / "source" / "posts").glob("*.md"))


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def outgoing(soup, name: str) -> set[str]:
    """Other posts this post's article links to, read from the rendered body."""
    article = soup(f"posts/{name}.html").select_one("article section")
    found = set()
    for link in article.select("a.reference.internal[href]"):
        target = PurePosixPath(link["href"].split("#")[0])
        if target.suffix == ".html" and len(target.parts) == 1 and target.stem != name:
            found.add(target.stem)
    return found


def further_reading(soup, name: str, section_nav: bool = True) -> list[tuple[str, bool]]:
    """The end block's entries: (post, whether it is marked as linking here). A post that
    is the previous or next in the section is named only there (``section_nav``)."""
    footer = soup(f"posts/{name}.html").select_one(".writing-post-footer")
    if footer is None:
        return []
    entries = [(li.a, li.get_text()) for li in footer.select(".writing-more li")]
    if section_nav:
        entries += [(a, a.get_text()) for a in footer.select(".writing-section-nav a")]
    return [(PurePosixPath(a["href"]).stem, "links here" in text) for a, text in entries]


def test_backlinks_match_the_links_in_every_post(soup):
    names = [p.stem for p in POSTS]
    links = {name: outgoing(soup, name) for name in names}
    for name in names:
        expected = sorted(n for n in names if name in links[n])
        shown = sorted(other for other, links_here in further_reading(soup, name) if links_here)
        assert shown == expected, name


def test_each_post_appears_once_at_the_end_of_an_essay(soup):
    for path in POSTS:
        entries = [other for other, _ in further_reading(soup, path.stem)]
        assert entries and len(entries) == len(set(entries)), path.stem
        assert path.stem not in entries
        # Furo's documentation "Previous/Next" footer is not shown: the block replaces it.
        assert soup(f"posts/{path.name[:-3]}.html").select(".related-pages a") == []


def test_related_posts_share_a_tag_or_section(soup):
    meta = {p.stem: front(p) for p in POSTS}
    for name, data in meta.items():
        related = [other for other, links_here in further_reading(soup, name, section_nav=False)
                   if not links_here]
        assert len(related) <= 3, name
        tags = {t.strip() for t in data["tags"].split(",")}
        for other_name in related:
            other = meta[other_name]
            shared = tags & {t.strip() for t in other["tags"].split(",")}
            assert shared or other["category"] == data["category"], (name, other_name)


def test_previous_and_next_stay_within_the_section(soup):
    pacing = soup("posts/budget-pacing-cpm-ad-systems.html")
    older = pacing.select_one(".writing-section-nav .writing-older")
    assert older["href"] == "event-driven-vs-request-driven.html"
    assert "Previous in Architecture" in older.get_text()
    assert pacing.select_one(".writing-section-nav .writing-newer") is None
    event = soup("posts/event-driven-vs-request-driven.html")
    assert event.select_one(".writing-newer")["href"] == "budget-pacing-cpm-ad-systems.html"


def _build(src: Path) -> Path:
    app = SphinxTestApp("html", srcdir=src, warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir)


def _backlinks(out: Path, name: str) -> list[str]:
    doc = BeautifulSoup((out / "posts" / f"{name}.html").read_text(encoding="utf-8"),
                        "html.parser")
    return [li.a.get_text() for li in doc.select(".writing-more li")
            if "links here" in li.get_text()]


def test_backlinks_follow_incremental_edits(rootdir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-publishing", src)
    out = _build(src)
    assert _backlinks(out, "updated") == ["Published post"]
    linking = src / "posts" / "published.md"
    linking.write_text(linking.read_text(encoding="utf-8").replace(
        "a link to {doc}`/posts/updated`", "no link"), encoding="utf-8")
    out = _build(src)
    assert _backlinks(out, "updated") == []
    linking.write_text(linking.read_text(encoding="utf-8").replace(
        "no link", "a link to {doc}`the other post </posts/updated>`"), encoding="utf-8")
    out = _build(src)
    assert _backlinks(out, "updated") == ["Published post"]
