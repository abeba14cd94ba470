"""Validators over the whole built site.

- Nu HTML checker (vnu-jar from npm): zero errors on every HTML page.
- axe-core (npm) in Chromium: zero WCAG 2.1 A/AA violations on the browser gate's pages, in
  the light and the dark theme and at phone width.
- Internal links: every link, asset and fragment in every HTML page, feed and the sitemap
  points at a file (and an id) that exists.
- Atom feeds: every feed parses, has an author, absolute links and unique, stable ids.
"""

from __future__ import annotations

import json
import posixpath
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree

from tests.conftest import ROOT, need_file, need_tool
from tests.pages import PAGES, open_page

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
NPM_HOW = "`npm ci` installs it; `make test` runs that"
ATOM = "{http://www.w3.org/2005/Atom}"


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# -- Nu HTML checker -------------------------------------------------------------------------

@pytest.mark.validators
def test_nu_html_checker_finds_no_errors(site):
    java = need_tool("java", "default-jre-headless")
    jar = need_file(VNU, NPM_HOW)
    pages = html_pages(site)
    result = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [f"{urlsplit(m.get('url', '')).path.removeprefix(str(site) + '/')}:"
              f"{m.get('lastLine', '?')}: {m['message']}"
              for m in messages if m["type"] in ("error", "non-document-error")]
    assert errors == [], f"{len(errors)} errors in {len(pages)} pages:\n" + "\n".join(errors[:40])
    assert result.returncode == 0, result.stderr[-2000:]


@pytest.mark.validators
def test_nu_css_checker_accepts_our_stylesheet():
    java = need_tool("java", "default-jre-headless")
    jar = need_file(VNU, NPM_HOW)
    result = subprocess.run([java, "-jar", str(jar), "--css", "--format", "gnu",
                             str(ROOT / "source" / "_static" / "writing.css")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


# -- axe-core --------------------------------------------------------------------------------

AXE_RUN = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
  });
  return result.violations.map(v => ({
    rule: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary),
  }));
}"""

AXE_MODES = {
    "light": {"color_scheme": "light"},
    "dark": {"color_scheme": "dark"},
    "phone": {"color_scheme": "light", "viewport": {"width": 375, "height": 812},
              "is_mobile": True, "has_touch": True},
}


@pytest.mark.validators
@pytest.mark.browser
@pytest.mark.parametrize("mode", AXE_MODES)
def test_axe_finds_no_wcag_violations(browser, site_url, mode):
    script = need_file(AXE, NPM_HOW).read_text(encoding="utf-8")
    context = browser.new_context(base_url=site_url, **AXE_MODES[mode])
    found = {}
    try:
        for name in PAGES:
            page, _ = open_page(context, site_url, name)
            page.add_script_tag(content=script)
            violations = page.evaluate(AXE_RUN)
            if violations:
                found[f"{name} ({PAGES[name]})"] = violations
            page.close()
    finally:
        context.close()
    assert not found, json.dumps(found, indent=1)


@pytest.mark.validators
@pytest.mark.browser
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_axe_finds_no_wcag_violations_in_any_post(browser, site, site_url, mode):
    """Every essay too: figures, tables and code are content the sample post may not have."""
    script = need_file(AXE, NPM_HOW).read_text(encoding="utf-8")
    context = browser.new_context(base_url=site_url, **AXE_MODES[mode])
    found = {}
    try:
        page = context.new_page()
        for path in sorted((site / "posts").glob("*.html")):
            page.goto(site_url + path.relative_to(site).as_posix(), wait_until="load")
            page.add_script_tag(content=script)
            if violations := page.evaluate(AXE_RUN):
                found[path.name] = violations
    finally:
        context.close()
    assert not found, json.dumps(found, indent=1)


# -- Internal links --------------------------------------------------------------------------

LINK_ATTRS = {"a": ["href"], "link": ["href"], "script": ["src"], "img": ["src", "srcset"],
              "source": ["src", "srcset"], "iframe": ["src"], "form": ["action"],
              "video": ["src", "poster"], "audio": ["src"]}


def site_base(site: Path) -> str:
    """The site's public URL (html_baseurl), read from the home page's canonical link."""
    canonical = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser") \
        .select_one('link[rel="canonical"]')["href"]
    return canonical.rsplit("/", 1)[0] + "/"


class LinkChecker:
    def __init__(self, site: Path):
        self.site = site
        self.base = site_base(site)
        self._ids: dict[Path, set[str]] = {}

    def ids(self, path: Path) -> set[str]:
        if path not in self._ids:
            doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            self._ids[path] = ({tag["id"] for tag in doc.find_all(id=True)}
                               | {tag["name"] for tag in doc.find_all("a", attrs={"name": True})})
        return self._ids[path]

    def problem(self, from_rel: str, url: str) -> str | None:
        """Why ``url``, found in the output file ``from_rel``, is broken; None if it is fine."""
        url = url.strip()
        if url.startswith(self.base):
            url = "/" + url[len(self.base):]
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            return None  # external: `make linkcheck` checks those
        if not parts.path:
            target_rel = from_rel
        elif parts.path.startswith("/"):
            target_rel = posixpath.normpath(unquote(parts.path).lstrip("/") or ".")
        else:
            target_rel = posixpath.normpath(
                posixpath.join(posixpath.dirname(from_rel), unquote(parts.path)))
        if target_rel.startswith(".."):
            return "points outside the site"
        target = self.site / target_rel
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            return "no such file"
        if parts.fragment and target.suffix == ".html" and unquote(parts.fragment) \
                not in self.ids(target):
            return f"no id {parts.fragment!r} in {target.relative_to(self.site)}"
        return None


def urls_in_html(text: str) -> list[str]:
    doc = BeautifulSoup(text, "html.parser")
    urls = []
    for tag, attrs in LINK_ATTRS.items():
        for element in doc.find_all(tag):
            for attr in attrs:
                value = element.get(attr)
                if not value:
                    continue
                if attr == "srcset":
                    urls += [item.split()[0] for item in value.split(",") if item.strip()]
                else:
                    urls.append(value)
    return urls


def urls_in_xml(path: Path) -> list[str]:
    root = ElementTree.parse(path).getroot()
    urls = []
    for element in root.iter():
        if element.tag in (f"{ATOM}link",) and element.get("href"):
            urls.append(element.get("href"))
        elif element.tag in (f"{ATOM}id", "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
            urls.append(element.text or "")
        elif element.tag == f"{ATOM}content" and element.get("type") == "html":
            urls += urls_in_html(element.text or "")
    return urls


def test_no_broken_internal_links(site):
    checker = LinkChecker(site)
    broken, checked = [], 0
    outputs = html_pages(site) + sorted(site.rglob("*.xml"))
    for path in outputs:
        rel = path.relative_to(site).as_posix()
        urls = (urls_in_html(path.read_text(encoding="utf-8")) if path.suffix == ".html"
                else urls_in_xml(path))
        for url in urls:
            if url.startswith(("mailto:", "data:", "javascript:")):
                continue
            checked += 1
            if reason := checker.problem(rel, url):
                broken.append(f"{rel}: {url} ({reason})")
    assert checked > 100
    assert broken == [], f"{len(broken)} broken of {checked} links:\n" + "\n".join(broken[:60])


# -- Atom feeds ------------------------------------------------------------------------------

def atom_feeds(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*.xml"))
            if ElementTree.parse(p).getroot().tag == f"{ATOM}feed"]


def test_every_atom_feed_is_valid_and_stable(site):
    feeds = atom_feeds(site)
    base = site_base(site)
    assert site / "blog" / "atom.xml" in feeds
    assert len(feeds) >= 5, "expected the site feed and one per section"
    absolute = re.compile(r"^(https?:|mailto:)")
    ids_by_link: dict[str, str] = {}
    problems = []
    for path in feeds:
        rel = path.relative_to(site).as_posix()
        feed = feedparser.parse(path.read_bytes())
        if feed.bozo:
            problems.append(f"{rel}: does not parse: {feed.bozo_exception}")
            continue
        if not feed.feed.get("author"):
            problems.append(f"{rel}: no feed author")
        if not feed.feed.get("id", "").startswith(base):
            problems.append(f"{rel}: feed id {feed.feed.get('id')!r} is not a site URL")
        for link in feed.feed.get("links", []):
            if not absolute.match(link.href):
                problems.append(f"{rel}: relative feed link {link.href!r}")
        if not any(link.rel == "self" and link.href == base + rel
                   for link in feed.feed.get("links", [])):
            problems.append(f"{rel}: no rel=self link to {base + rel}")
        ids = [entry.id for entry in feed.entries]
        if len(set(ids)) != len(ids):
            problems.append(f"{rel}: duplicate entry ids")
        for entry in feed.entries:
            where = f"{rel}: entry {entry.get('id')!r}"
            if not entry.get("author"):
                problems.append(f"{where}: no author")
            # Stable: the id is the post's permanent URL, the same in every feed.
            if entry.id != entry.link or not entry.id.startswith(base):
                problems.append(f"{where}: id is not the post's URL {entry.link!r}")
            if ids_by_link.setdefault(entry.link, entry.id) != entry.id:
                problems.append(f"{where}: a different id than in another feed")
            if not entry.get("updated") or not entry.get("published"):
                problems.append(f"{where}: no updated/published time")
            for content in entry.get("content", []):
                for url in re.findall(r'(?:href|src)="([^"]*)"', content.value):
                    if not absolute.match(url):
                        problems.append(f"{where}: relative link {url!r} in its content")
    assert problems == [], "\n".join(problems[:40])
