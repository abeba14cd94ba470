"""Citations that link: in the text, author–year links to an entry of the post's References;
in the References, every entry links to its source. The sources are ``source/references.bib``
(``ext/citations.py`` sets how they read)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import NavigableString
from pybtex.database import parse_file

ROOT = Path(__file__).resolve().parents[1]
POSTS = sorted((ROOT / "source" / "posts").glob("*.md"))
BIB = ROOT / "source" / "references.bib"
ROLE = re.compile(r"\{footcite(?::\w+)?\}`([^`]+)`")
YEAR = r"(?:\d{4}|n\.d\.)"
# "Kleppmann, 2016" in parentheses, or "Kleppmann (2016)" in a sentence.
AUTHOR_YEAR = re.compile(rf"^\S.*(?:, {YEAR}| \({YEAR}\))$", re.S)
# What an unlinked citation looks like: [1], [2, 3], [Ubl 2020], (Google, n.d.),
# (Agarwal et al., 2014), Charles et al. (2013), Balseiro and Gur (2019).
UNLINKED = re.compile(rf"\[\d+(?:\s*[,–-]\s*\d+)*\]|\[[A-Z][^\]\n]*\]|\([A-Z][^()]*,\s*{YEAR}\)"
                      rf"|\b[A-Z][\w-]+(?: et al\.| and [A-Z][\w-]+)? \({YEAR}\)")


def cited_keys(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [key.strip() for group in ROLE.findall(text) for key in group.split(",")]


def article(soup, path: Path):
    return soup(f"posts/{path.stem}.html").select_one("article")


@pytest.mark.parametrize("path", POSTS, ids=lambda p: p.stem)
def test_every_citation_links_to_an_entry_on_the_same_page(path, soup):
    page = article(soup, path)
    references = page.select_one("section#references")
    entries = {entry["id"]: entry for entry in references.select("aside.footnote[id]")}
    citations = page.select("a.writing-citation")
    assert citations, f"{path.stem} cites nothing"
    cited = set()
    for link in citations:
        text = " ".join(link.get_text().split())
        assert AUTHOR_YEAR.match(text), f"{path.stem}: citation {text!r} is not author–year"
        assert link["href"].startswith("#"), f"{path.stem}: {text!r} leaves the page"
        target = link["href"][1:]
        assert target in entries, f"{path.stem}: {text!r} links to #{target}, not an entry"
        assert link.find_parent("section", id="references") is None
        # The entry links back to each place it is cited.
        backlinks = {a["href"] for a in entries[target].select("a[role=doc-backlink]")}
        assert f"#{link['id']}" in backlinks, f"{path.stem}: {target} does not link back"
        cited.add(target)
    assert cited == set(entries), f"{path.stem}: entries nobody cites: {set(entries) - cited}"
    assert len(entries) == len(set(cited_keys(path)))


@pytest.mark.parametrize("path", POSTS, ids=lambda p: p.stem)
def test_every_entry_links_to_its_source(path, soup):
    references = article(soup, path).select_one("section#references")
    entries = references.select("aside.footnote")
    assert len(entries) >= 3
    for entry in entries:
        sources = [a["href"] for a in entry.select("a.reference.external[href]")]
        text = " ".join(entry.get_text().split())
        assert sources, f"{path.stem}: no link in {text!r}"
        assert all(re.match(r"^https?://", href) for href in sources), sources


def _prose(node):
    """Text a reader sees outside links, code and the References."""
    for text in node.find_all(string=True):
        if not isinstance(text, NavigableString) or type(text) is not NavigableString:
            continue
        if text.find_parent(["a", "code", "pre", "script", "style"]) is not None:
            continue
        if text.find_parent("section", id="references") is not None:
            continue
        yield str(text)


@pytest.mark.parametrize("path", POSTS, ids=lambda p: p.stem)
def test_no_unlinked_citation_remains(path, soup):
    page = article(soup, path)
    # Text runs joined per paragraph: "(Google, n.d.)" may be split across nodes.
    found = []
    for block in page.select("p, li, figcaption"):
        text = "".join(_prose(block))
        found += UNLINKED.findall(text)
    assert found == [], f"{path.stem} has citations that link nowhere: {found}"
    body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    body = re.sub(r"^```.*?^```", "", body, flags=re.M | re.S)
    assert re.findall(r"\[\d+\]", body) == [], f"{path.name} still has numbered citations"


def test_the_unlinked_pattern_finds_the_old_styles():
    for old in ("saturated [1].", "[2, 3]", "[Ubl 2020]", "[Crocker 1969; Oxide RFD 1]",
                "(Google, n.d.)", "(Agarwal et al., 2014)", "Charles et al. (2013) study",
                "Balseiro and Gur (2019)"):
        assert UNLINKED.search(old), old
    for fine in ("`[]`", "p99 (derived)", "(§7.2)", "1/(μ − λ)", "(2 KB from Go 1.4; since Go 1.19)",
                 "OpenRTB 3.0 (November 2018)"):
        assert not UNLINKED.search(fine), fine


def test_the_bibliography_is_complete_and_used():
    """Every entry links somewhere by https (a DOI through doi.org) and is cited by an essay;
    every key an essay cites exists."""
    data = parse_file(str(BIB))
    cited = {key for path in POSTS for key in cited_keys(path)}
    assert cited <= set(data.entries), f"unknown keys: {cited - set(data.entries)}"
    assert set(data.entries) <= cited, f"entries no essay cites: {set(data.entries) - cited}"
    for key, entry in data.entries.items():
        url, doi = entry.fields.get("url", ""), entry.fields.get("doi", "")
        assert url or doi, f"{key} has neither url nor doi"
        assert not url or url.startswith("https://"), f"{key}: {url} is not https"
        assert not doi or re.match(r"^10\.\d{4,}/\S+$", doi), f"{key}: doi {doi!r}"
        assert "title" in entry.fields, key
        date = entry.fields.get("date", "")
        assert not date or re.match(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$", date), f"{key}: {date}"
