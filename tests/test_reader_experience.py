"""What a reader sees, in Debian's Chromium at 1280 px and 375 px, in light and dark.

Every page type shows a visible way to subscribe; every essay shows its byline and its tags
by name; no page scrolls sideways, and no code indented with tabs scrolls on a desktop; an
essay's end block names each post once; card titles line up with their summaries; the
sidebar marks an essay's section; search snippets start at the article, the home page is
never a result, highlighted terms stay readable and the search page has a heading; the
404 page's search box and newest posts work. Without a browser: each essay's social
preview image, and the metadata a shared link shows.

Each page is opened once per mode and measured in one pass (``SURVEY_JS``); the tests
read those measurements, or drive the page themselves when they need to click or type.
"""

from __future__ import annotations

import re
import runpy
import struct
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from playwright.sync_api import expect

from tests.conftest import ROOT
from tests.pages import PAGES, POST, WIDE_ELEMENTS_JS

CONF = runpy.run_path(str(ROOT / "source" / "conf.py"))

MODES = {
    "desktop-light": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "light"},
    "desktop-dark": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "dark"},
    "phone-light": {"viewport": {"width": 375, "height": 812}, "device_scale_factor": 2,
                    "is_mobile": True, "has_touch": True, "color_scheme": "light"},
    "phone-dark": {"viewport": {"width": 375, "height": 812}, "device_scale_factor": 2,
                   "is_mobile": True, "has_touch": True, "color_scheme": "dark"},
}
DESKTOP = [m for m in MODES if m.startswith("desktop")]

# The feed a page offers besides the site's, by page (the gate's section, post and tag).
OWN_FEED = {
    "section": "blog/category/distributed-systems/atom.xml",
    "post": "blog/category/distributed-systems/atom.xml",
    "tag": "blog/tag/redis/atom.xml",
}
SITE_FEED = "blog/atom.xml"
CARD_PAGES = ["home", "section", "tag"]


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def essays(site: Path) -> dict[str, dict]:
    """Every published essay: its page (relative to the site) -> its front matter."""
    return {f"posts/{page.name}": front(ROOT / "source" / "posts" / f"{page.stem}.md")
            for page in sorted((site / "posts").glob("*.html"))}


# -- One measurement pass per page and mode --------------------------------------------------

SURVEY_JS = r"""() => {
  const width = document.documentElement.clientWidth;
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return false;
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility !== 'visible' || parseFloat(s.opacity) === 0)
        return false;
    }
    return true;
  };
  // Visible, inside the page's width, and on top where it is drawn (nothing covers it).
  const readable = (el) => {
    if (!shown(el)) return false;
    el.scrollIntoView({block: 'center', inline: 'nearest', behavior: 'instant'});
    const r = el.getBoundingClientRect();
    if (r.left < -0.5 || r.right > width + 0.5) return false;
    const first = [...el.getClientRects()].find(box => box.width >= 1) || r;  // wrapped text
    const hit = document.elementFromPoint(first.left + first.width / 2,
                                          first.top + first.height / 2);
    return !!hit && (hit === el || el.contains(hit));
  };
  const name = (el) => el.tagName.toLowerCase()
    + (el.className ? '.' + String(el.className).split(' ').join('.') : '');
  const wide = (WIDE_ELEMENTS)(width);
  const firstLeft = (el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const rects = [...range.getClientRects()].filter(r => r.width > 0);
    return rects.length ? rects[0].left : null;
  };
  const scrollsWith = (pre, stop) => {
    if (!pre.textContent.includes('\t')) return pre.scrollWidth > pre.clientWidth + 1;
    const copy = pre.cloneNode(false);
    copy.textContent = pre.textContent.split('\n').map(line => {
      let out = '';
      for (const ch of line) out += ch === '\t' ? ' '.repeat(stop - out.length % stop) : ch;
      return out;
    }).join('\n');
    pre.after(copy);
    const scrolls = copy.scrollWidth > copy.clientWidth + 1;
    copy.remove();
    return scrolls;
  };
  const article = document.querySelector('article[role="main"]');
  const header = document.querySelector('.writing-post-header');
  const sectionLinks = [...document.querySelectorAll('.writing-nav ul')][0];
  const styleOf = (a) => {
    const s = getComputedStyle(a);
    return [s.fontWeight, s.color, s.backgroundColor, s.backgroundImage, s.textDecorationLine]
      .join('|');
  };
  // Furo hides the page's own horizontal overflow and, on a phone, lets its content column
  // scroll instead: any box that scrolls sideways, other than code, tables and maths.
  const MEANT_TO_SCROLL = 'pre, .table-wrapper, .math-wrapper';
  const scrollers = [...document.querySelectorAll('body, body *')]
    .filter(el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX)
                  && el.scrollWidth > el.clientWidth + 1 && !el.matches(MEANT_TO_SCROLL))
    .map(el => name(el) + ` scrollWidth=${el.scrollWidth} clientWidth=${el.clientWidth}`);
  const result = {
    scrollWidth: document.documentElement.scrollWidth, width, wide, scrollers,
    feeds: [...document.querySelectorAll('a.writing-feed-link')].map(a => ({
      href: a.href, text: a.textContent.trim(),
      icon: !!a.querySelector('svg') && shown(a.querySelector('svg')),
      readable: readable(a), inArticle: !!article && article.contains(a)})),
    byline: header && header.querySelector('.writing-byline')
      ? {text: header.querySelector('.writing-byline').textContent.trim(),
         readable: readable(header.querySelector('.writing-byline'))} : null,
    tags: header ? [...header.querySelectorAll('a[rel~="tag"]')].map(a => ({
      href: a.href, label: a.textContent.trim(), readable: readable(a)})) : [],
    endBlock: [...document.querySelectorAll('.writing-post-footer a[href]')].map(a => ({
      href: a.href.split('#')[0], text: a.textContent.trim(), readable: readable(a)})),
    sectionNav: [...document.querySelectorAll('.writing-section-nav a')].map(a => ({
      text: a.textContent.trim(),
      share: a.getBoundingClientRect().width / a.parentElement.getBoundingClientRect().width})),
    furoPrevNext: [...document.querySelectorAll('.related-pages a')].filter(shown).length,
    cards: [...document.querySelectorAll('.writing-card')].map(card => ({
      title: card.querySelector('.writing-card-title').textContent.trim(),
      titleLeft: firstLeft(card.querySelector('.writing-card-title')),
      summaryLeft: firstLeft(card.querySelector('.writing-card-summary'))})),
    sections: sectionLinks ? [...sectionLinks.querySelectorAll('a')].map(a => ({
      text: a.textContent.trim(), current: a.getAttribute('aria-current'),
      style: styleOf(a)})) : [],
    code: [...document.querySelectorAll('article pre')].map(pre => ({
      language: (pre.closest('[class*="highlight-"]') || {className: ''}).className
        .split(' ').filter(c => c.startsWith('highlight-')).join(' '),
      tabs: pre.textContent.includes('\t'),
      firstLine: pre.textContent.split('\n')[0].slice(0, 60),
      scrolls: pre.scrollWidth > pre.clientWidth + 1,
      // Would the same code scroll, indented with spaces to 4- or 8-column tab stops?
      scrollsAt4: scrollsWith(pre, 4), scrollsAt8: scrollsWith(pre, 8)})),
  };
  window.scrollTo(0, 0);
  return result;
}""".replace("WIDE_ELEMENTS", WIDE_ELEMENTS_JS)


@pytest.fixture(scope="module")
def contexts(browser, site_url):
    made = {mode: browser.new_context(base_url=site_url, **options)
            for mode, options in MODES.items()}
    yield made
    for context in made.values():
        context.close()


@pytest.fixture(scope="module")
def survey(contexts, site_url):
    """``survey(mode, path)``: the page's measurements, taken once per mode and page."""
    cache: dict[tuple[str, str], dict] = {}

    def measure(mode: str, path: str) -> dict:
        if (mode, path) not in cache:
            page = contexts[mode].new_page()
            try:
                response = page.goto(site_url + path, wait_until="load")
                expected = 404 if path == PAGES["404"] else 200
                assert response.status == expected, f"{path}: HTTP {response.status}"
                if path == PAGES["search"]:
                    page.wait_for_selector("#search-results .search-summary", timeout=10_000)
                cache[mode, path] = page.evaluate(SURVEY_JS)
            finally:
                page.close()
        return cache[mode, path]

    return measure


@pytest.fixture(scope="module")
def fetched(site_url):
    """``fetched(url)``: (status, content type, body) of a URL of the served site, once."""
    cache: dict[str, tuple[int, str, bytes]] = {}

    def get(url: str) -> tuple[int, str, bytes]:
        assert url.startswith(site_url), f"{url} is not on the site"
        if url not in cache:
            try:
                with urllib.request.urlopen(url, timeout=30) as response:
                    cache[url] = (response.status, response.headers.get_content_type(),
                                  response.read())
            except urllib.error.HTTPError as error:
                cache[url] = (error.code, error.headers.get_content_type(), b"")
        return cache[url]

    return get


def is_atom(fetched, url: str) -> bool:
    status, _, body = fetched(url)
    return status == 200 and b'<feed xmlns="http://www.w3.org/2005/Atom"' in body[:500]


# -- Subscribing -----------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("mode", MODES)
def test_every_page_type_shows_a_feed_link(survey, fetched, site_url, mode, name):
    """A visible Subscribe link (icon and text) to the site feed, on every page type; the
    section page and a post also offer the section's feed, a tag page the tag's."""
    links = survey(mode, PAGES[name])["feeds"]
    subscribe = [link["href"] for link in links if not link["inArticle"]]
    assert len(subscribe) == len(set(subscribe)), \
        f"{PAGES[name]} offers one feed twice to subscribe to: {links}"
    readable = {}
    for link in links:  # About's article lists every feed: another test checks those
        if link["readable"] and link["icon"] and not (name == "about" and link["inArticle"]):
            readable.setdefault(link["href"], link)
    site_feed = site_url + SITE_FEED
    assert site_feed in readable, f"no visible link to {SITE_FEED} on {PAGES[name]}: {links}"
    assert readable[site_feed]["text"] == "Subscribe"
    if name in OWN_FEED:
        assert site_url + OWN_FEED[name] in readable, \
            f"{PAGES[name]} has no visible link to {OWN_FEED[name]}: {links}"
    for href in readable:
        assert is_atom(fetched, href), f"{href}, linked from {PAGES[name]}, is not an Atom feed"


@pytest.mark.browser
@pytest.mark.parametrize("mode", MODES)
def test_about_links_every_feed(survey, fetched, site, site_url, mode):
    shown = {link["href"] for link in survey(mode, PAGES["about"])["feeds"]
             if link["inArticle"] and link["readable"]}
    feeds = {site_url + path.relative_to(site).as_posix() for path in site.rglob("atom.xml")
             if is_atom(fetched, site_url + path.relative_to(site).as_posix())}
    assert len(feeds) >= 5
    assert shown == feeds, (f"About does not link: {sorted(feeds - shown)}; "
                            f"links what is no feed: {sorted(shown - feeds)}")


# -- An essay's header -----------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("mode", MODES)
def test_every_essay_shows_its_byline_and_tags_by_name(survey, site, site_url, fetched, mode):
    posts = essays(site)
    assert len(posts) >= 8
    labels = CONF["writing_tags"]
    for path, meta in posts.items():
        seen = survey(mode, path)
        assert seen["byline"] == {"text": f"By {CONF['author']}", "readable": True}, path
        tags = [t.strip() for t in meta["tags"].split(",")]
        expected = [(labels[t], urljoin(site_url, f"blog/tag/{t}.html")) for t in tags]
        assert [(t["label"], t["href"]) for t in seen["tags"]] == expected, path
        assert all(t["readable"] for t in seen["tags"]), f"{path}: a tag is hidden: {seen['tags']}"
        for _, href in expected:
            assert fetched(href)[0] == 200, f"{path}: tag page {href} is missing"


# -- Nothing scrolls sideways ----------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("mode", MODES)
def test_no_page_scrolls_sideways(survey, site, mode):
    paths = list(PAGES.values()) + [p for p in essays(site) if p not in PAGES.values()]
    wide = {}
    for path in paths:
        seen = survey(mode, path)
        if seen["scrollWidth"] > seen["width"] or seen["scrollers"]:
            wide[path] = {k: seen[k] for k in ("scrollWidth", "width", "wide", "scrollers")}
    assert wide == {}, f"pages that scroll sideways in {mode}: {wide}"


@pytest.mark.browser
@pytest.mark.parametrize("mode", DESKTOP)
def test_tabs_do_not_make_code_scroll_on_a_desktop(survey, site, mode):
    """Go is indented with tabs. At 1280 px, a listing with tabs scrolls sideways only if
    the same code indented with spaces to 4-column stops would: the budget-pacing essay's
    lease listing, which needs a scroll bar at the browser's 8-column tabs, fits."""
    blocks = {path: [b for b in survey(mode, path)["code"] if b["tabs"]] for path in essays(site)}
    by_tabs = {path: [b for b in found if b["scrolls"] and not b["scrollsAt4"]]
               for path, found in blocks.items()}
    by_tabs = {path: found for path, found in by_tabs.items() if found}
    assert by_tabs == {}, f"code scrolls sideways at 1280 px because of its tabs: {by_tabs}"
    lease = [b for b in blocks["posts/budget-pacing-cpm-ad-systems.html"]
             if "highlight-go" in b["language"]]
    assert lease and any(b["scrollsAt8"] for b in lease), \
        "the lease listing no longer shows what 8-column tabs do; pick another listing"
    assert not any(b["scrolls"] for b in lease), f"a Go listing with tabs scrolls: {lease}"


# -- The end of an essay ---------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("mode", MODES)
def test_an_essays_end_block_names_each_post_once(survey, site, site_url, mode):
    for path in essays(site):
        seen = survey(mode, path)
        hrefs = [entry["href"] for entry in seen["endBlock"]]
        assert hrefs, f"{path} has no end block"
        duplicates = sorted({h for h in hrefs if hrefs.count(h) > 1})
        assert duplicates == [], f"{path} names these posts twice at its end: {duplicates}"
        assert site_url + path not in hrefs, f"{path} links to itself at its end"
        assert all(h.startswith(site_url + "posts/") for h in hrefs), hrefs
        assert all(entry["readable"] for entry in seen["endBlock"]), seen["endBlock"]
        assert seen["furoPrevNext"] == 0, f"{path} still shows Furo's Previous/Next"
        if mode.startswith("phone"):  # too narrow for two columns of titles
            narrow = [link for link in seen["sectionNav"] if link["share"] < 0.95]
            assert narrow == [], f"{path}: previous/next squeezed into a column: {narrow}"


@pytest.mark.browser
@pytest.mark.parametrize("name", ["home", "section", "tag", "archive", "about"])
@pytest.mark.parametrize("mode", MODES)
def test_listing_pages_have_no_documentation_prev_next(survey, mode, name):
    assert survey(mode, PAGES[name])["furoPrevNext"] == 0


# -- Cards and the sidebar -------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("name", CARD_PAGES)
@pytest.mark.parametrize("mode", MODES)
def test_card_titles_line_up_with_their_summaries(survey, mode, name):
    cards = survey(mode, PAGES[name])["cards"]
    assert cards, f"{PAGES[name]} shows no cards"
    off = [(c["title"], round(c["titleLeft"] - c["summaryLeft"], 1)) for c in cards
           if c["titleLeft"] is None or abs(c["titleLeft"] - c["summaryLeft"]) > 0.5]
    assert off == [], f"card titles not aligned with their summaries (px to the right): {off}"


@pytest.mark.browser
@pytest.mark.parametrize("mode", MODES)
def test_the_sidebar_marks_an_essays_section(survey, site, mode):
    for path, meta in essays(site).items():
        sections = survey(mode, path)["sections"]
        assert [s["text"] for s in sections] == [s["name"] for s in CONF["writing_sections"]]
        marked = [s for s in sections if s["current"]]
        assert [s["text"] for s in marked] == [meta["category"]], f"{path}: {sections}"
        assert marked[0]["current"] == "true", "an essay is not its section's page"
        others = {s["style"] for s in sections if not s["current"]}
        assert marked[0]["style"] not in others, \
            f"{path}: its section looks like the others in the sidebar: {sections}"


@pytest.mark.browser
@pytest.mark.parametrize("mode", MODES)
def test_the_marked_section_can_be_seen(contexts, site_url, mode):
    """The sidebar is a drawer on a phone: opened, it shows the essay's section marked."""
    page = contexts[mode].new_page()
    try:
        page.goto(f"{site_url}{PAGES['post']}", wait_until="load")
        if mode.startswith("phone"):
            page.locator("label.nav-overlay-icon:visible, .header-left label:visible").first.click()
        link = page.locator(".writing-nav a[aria-current]")
        assert link.count() == 1
        expect(link).to_be_in_viewport(ratio=1)
        assert link.inner_text() == "Distributed Systems"
    finally:
        page.close()


# -- Search ----------------------------------------------------------------------------------

def run_search(page, site_url: str, query: str) -> None:
    page.goto(f"{site_url}search.html?q={query}", wait_until="load")
    page.wait_for_selector("#search-results .search-summary", timeout=10_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('#search-results ul.search > li')]"
        ".every(li => li.querySelector('p.context'))", timeout=10_000)


RESULTS_JS = """() => [...document.querySelectorAll('#search-results ul.search > li')].map(li => ({
  href: li.querySelector('a').href, title: li.querySelector('a').textContent.trim(),
  snippet: (li.querySelector('p.context') || {textContent: ''}).textContent.trim()}))"""


@pytest.fixture(scope="module")
def titles(site, soup):
    """Each essay's title as its page shows it, by URL path."""
    return {path: soup(path).select_one("article h1").contents[0].strip() for path in essays(site)}


@pytest.mark.browser
@pytest.mark.parametrize("mode", MODES)
def test_search_snippets_start_at_the_article(contexts, site, site_url, titles, mode):
    """A snippet near a post's start begins with its first paragraph: not the title, and
    not the line of byline, date and reading time under it."""
    page = contexts[mode].new_page()
    try:
        run_search(page, site_url, "lock")
        results = page.evaluate(RESULTS_JS)
    finally:
        page.close()
    posts = [r for r in results if urlsplit(r["href"]).path.lstrip("/") in titles]
    assert posts, f"no essay found for 'lock': {results}"
    for result in posts:
        title = titles[urlsplit(result["href"]).path.lstrip("/")]
        snippet = result["snippet"]
        assert snippet, result
        assert not snippet.lstrip(".").startswith(title), f"snippet starts with the title: {result}"
        assert "min read" not in snippet and f"By {CONF['author']}" not in snippet, \
            f"snippet shows the post's meta line: {result}"
    # The first result is the essay about locks, whose first paragraph says "lock": its
    # snippet starts the article, where the title and meta line would otherwise be.
    first = posts[0]
    assert not first["snippet"].startswith("..."), first
    assert first["snippet"].startswith("Every distributed lock debate"), first


@pytest.mark.browser
@pytest.mark.parametrize("query", ["writing", "architecture", "decisions"])
def test_the_home_page_is_not_a_search_result(contexts, site_url, query):
    """Words of the home page's title, section headings and tagline find posts, not home."""
    page = contexts["desktop-light"].new_page()
    try:
        run_search(page, site_url, query)
        hrefs = [urlsplit(r["href"]).path for r in page.evaluate(RESULTS_JS)]
    finally:
        page.close()
    assert hrefs, f"nothing found for {query!r}"
    assert "/index.html" not in hrefs and "/" not in hrefs, f"{query!r} finds the home page"


@pytest.mark.browser
def test_the_meta_line_is_not_indexed(contexts, site_url):
    """The byline is on every essay's page but not in its text: searching it finds none."""
    page = contexts["desktop-light"].new_page()
    try:
        page.goto(f"{site_url}search.html?q={CONF['author']}", wait_until="load")
        page.wait_for_selector("#search-results .search-summary", timeout=10_000)
        hrefs = [urlsplit(r["href"]).path for r in page.evaluate(RESULTS_JS)]
    finally:
        page.close()
    assert [h for h in hrefs if h.startswith("/posts/")] == []


CONTRAST_JS = r"""() => {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  const rgba = (css) => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = '#000';
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
    return a === 0 ? [0, 0, 0, 0] : [r * 255 / a, g * 255 / a, b * 255 / a, a / 255];
  };
  const over = (top, below) => {
    const a = top[3] + below[3] * (1 - top[3]);
    if (a === 0) return [0, 0, 0, 0];
    const mix = (i) => (top[i] * top[3] + below[i] * below[3] * (1 - top[3])) / a;
    return [mix(0), mix(1), mix(2), a];
  };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) layers.push(rgba(getComputedStyle(e).backgroundColor));
    return layers.reduceRight((below, top) => over(top, below), [255, 255, 255, 1]);
  };
  const lum = ([r, g, b]) => [r, g, b].map(v => {
    v /= 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
  return [...document.querySelectorAll('#search-results .highlighted')].map(el => {
    const bg = background(el);
    const fg = over(rgba(getComputedStyle(el).color), bg);
    const link = el.closest('a');
    const around = background(el.parentElement);
    return {text: el.textContent, inTitle: !!link, contrast: ratio(fg, bg),
            marked: ratio(bg, around) > 1.05 || getComputedStyle(el).fontWeight >= 600,
            color: getComputedStyle(el).color,
            linkColor: link ? getComputedStyle(link).color : null};
  });
}"""


@pytest.mark.browser
@pytest.mark.parametrize("mode", MODES)
def test_highlighted_search_terms_are_readable(contexts, site_url, mode):
    page = contexts[mode].new_page()
    try:
        run_search(page, site_url, "lock")
        marks = page.evaluate(CONTRAST_JS)
    finally:
        page.close()
    assert any(m["inTitle"] for m in marks) and any(not m["inTitle"] for m in marks), marks
    faint = [m for m in marks if m["contrast"] < 4.5]
    assert faint == [], f"highlighted terms below 4.5:1 in {mode}: {faint[:5]}"
    assert all(m["marked"] for m in marks), "a highlighted term looks like the text around it"
    recoloured = [m for m in marks if m["inTitle"] and m["color"] != m["linkColor"]]
    assert recoloured == [], \
        f"highlighted terms in result titles lose the link colour: {recoloured[:3]}"


@pytest.mark.browser
@pytest.mark.parametrize("mode", MODES)
def test_the_search_page_has_a_heading(contexts, site_url, mode):
    page = contexts[mode].new_page()
    try:
        page.goto(f"{site_url}search.html", wait_until="load")
        heading = page.locator("article h1")
        assert heading.count() == 1 and heading.is_visible()
        assert heading.inner_text().strip() == "Search"
    finally:
        page.close()


# -- The 404 page ----------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("mode", MODES)
def test_the_404_search_box_finds_posts(contexts, site_url, mode):
    page = contexts[mode].new_page()
    try:
        response = page.goto(site_url + PAGES["404"], wait_until="load")
        assert response.status == 404
        box = page.get_by_label("Search the site", exact=True)
        assert box.is_visible()
        box.fill("etcd")
        page.locator(".writing-not-found-search button[type=submit]").click()
        page.wait_for_url(re.compile(r"/search\.html\?q=etcd$"), timeout=10_000)
        page.wait_for_selector("#search-results .search-summary", timeout=10_000)
        first = page.locator("#search-results ul.search > li > a").first.get_attribute("href")
        assert first == f"{POST}.html"
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize("mode", MODES)
def test_the_404_page_lists_the_five_newest_posts_and_they_open(contexts, site, site_url,
                                                                 titles, mode):
    newest = sorted(essays(site).items(), key=lambda item: str(item[1]["date"]), reverse=True)
    expected = [(titles[path], site_url + path) for path, _ in newest[:5]]
    page = contexts[mode].new_page()
    try:
        page.goto(site_url + PAGES["404"], wait_until="load")
        links = page.locator(".writing-not-found-newest ul a")
        shown = [(links.nth(i).inner_text().strip(),
                  urljoin(page.url, links.nth(i).get_attribute("href")))
                 for i in range(links.count())]
        assert shown == expected
        for i, (title, url) in enumerate(expected):
            if i:
                page.goto(site_url + PAGES["404"], wait_until="load")
            link = page.locator(".writing-not-found-newest ul a").nth(i)
            assert link.is_visible()
            with page.expect_navigation() as navigation:
                link.click()
            assert navigation.value.status == 200 and page.url == url
            assert page.locator("article h1").first.inner_text().strip().rstrip("#") == title
    finally:
        page.close()


# -- Sharing ---------------------------------------------------------------------------------

def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", "not a PNG"
    return struct.unpack(">II", data[16:24])


def test_each_essay_has_its_own_social_preview_image(site, soup, site_url, fetched):
    base = CONF["html_baseurl"]
    images = {}
    for path in essays(site):
        doc = soup(path)
        url = doc.select_one('meta[property="og:image"]')["content"]
        assert url.startswith(base), f"{path}: og:image {url} is not on the site"
        status, kind, body = fetched(site_url + url.removeprefix(base))
        assert (status, kind) == (200, "image/png"), f"{path}: {url} gives {status} {kind}"
        assert png_size(body) == (1200, 630), path
        assert doc.select_one('meta[property="og:image:width"]')["content"] == "1200"
        assert doc.select_one('meta[property="og:image:height"]')["content"] == "630"
        assert doc.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"
        images[path] = body
    assert len(set(images.values())) == len(images), "two essays share one preview image"


def test_shared_links_describe_the_page(site, soup):
    tagline = CONF["writing_tagline"]
    home = soup("index.html")
    assert home.select_one('meta[name="description"]')["content"] == tagline
    assert home.select_one('meta[property="og:description"]')["content"] == tagline
    for path, meta in essays(site).items():
        doc = soup(path)
        summary = " ".join(meta["summary"].split())
        assert doc.select_one('meta[property="og:description"]')["content"] == summary, path
        assert doc.select_one('meta[name="description"]')["content"] == summary, path
    for page in sorted(site.rglob("*.html")):
        doc = soup(page.relative_to(site).as_posix())
        if doc.select_one('meta[http-equiv="refresh"]'):
            continue  # a redirect stub
        assert len(doc.select('meta[name="viewport"]')) == 1, page
