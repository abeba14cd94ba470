"""The site in a real browser: Debian's Chromium, driven by Playwright, over HTTP.

Pages: home, a post, a section page, the archive, all posts, a tag page, search results and
the 404 page (served for a missing URL two folders deep, as a host would). On each: no
console errors, failed requests or error responses, and no horizontal scrolling at 375 px.
Then the reader's features: the copy button copies exactly the code, the light/dark toggle
works and persists across pages, and search finds the right post.
"""

from __future__ import annotations

import pickle
import re

import pytest
from docutils import nodes

from tests.pages import PAGES, POST, Watcher, open_page

pytestmark = pytest.mark.browser

# A word of the post's own title: Sphinx ranks title matches first, so it must come first.
SEARCH_TERM, SEARCH_HIT = "etcd", POST
# A word from the post's body, to check full-text search finds it too.
BODY_TERM = "Redlock"


@pytest.fixture
def context(browser, site_url):
    context = browser.new_context(base_url=site_url, color_scheme="light")
    yield context
    context.close()


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_without_errors(context, site_url, name):
    page, watcher = open_page(context, site_url, name)
    assert page.locator("article h1, #search-results h2").count() >= 1, "the page has no heading"
    assert watcher.problems == []


def test_404_page_links_work_from_any_depth(context, site_url):
    """The 404 page is served at any missing URL, so its links and assets must not be relative."""
    page, _ = open_page(context, site_url, "404")
    urls = page.eval_on_selector_all(
        "a[href], link[href], script[src], img[src]",
        "els => els.map(e => e.href || e.src)")
    internal = sorted({u.split("#")[0] for u in urls if u.startswith(site_url)} - {page.url})
    assert internal, "no internal links on the 404 page"
    broken = [u for u in internal if page.request.get(u).status != 200]
    assert broken == [], f"from {PAGES['404']}, these links are broken: {broken}"


OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = el => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
    }
    return false;
  };
  const wide = [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1 && !clipped(el))
    .slice(0, 5)
    .map(el => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '')
               + ' right=' + Math.round(el.getBoundingClientRect().right));
  return {scrollWidth: document.documentElement.scrollWidth, width, wide};
}"""


@pytest.fixture
def phone(browser, site_url):
    context = browser.new_context(base_url=site_url, viewport={"width": 375, "height": 812},
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    yield context
    context.close()


@pytest.mark.parametrize("name", PAGES)
def test_no_horizontal_scrolling_at_375px(phone, site_url, name):
    page, _ = open_page(phone, site_url, name)
    result = page.evaluate(OVERFLOW_JS)
    assert result["scrollWidth"] <= result["width"], (
        f"{PAGES[name]} scrolls sideways at 375 px: {result}")


def test_no_post_scrolls_sideways_at_375px(phone, site, site_url):
    """Every essay, not just the gate's sample post: figures and tables must fit a phone."""
    page = phone.new_page()
    wide = {}
    for path in sorted((site / "posts").glob("*.html")):
        page.goto(site_url + path.relative_to(site).as_posix(), wait_until="load")
        result = page.evaluate(OVERFLOW_JS)
        if result["scrollWidth"] > result["width"]:
            wide[path.name] = result
    assert wide == {}, f"posts that scroll sideways at 375 px: {wide}"


def expected_copy(code: str) -> str:
    """What a reader should paste: the code; for a shell session, only the commands.

    Mirrors conf.py's copybutton settings (prompt ``$ ``, only prompt lines, prompts
    removed, no trailing newline), worked out from the source, not from the page.
    """
    lines = code.split("\n")
    if any(line.startswith("$ ") for line in lines):
        lines = [line[2:] if line.startswith("$ ") else line
                 for line in lines if line.startswith("$ ") or not line.strip()]
    return "\n".join(lines).removesuffix("\n")


def code_blocks(site, docname: str) -> list[str]:
    """The text of every literal block in a page, from its doctree (the source of truth)."""
    doctree = pickle.loads((site.parent / "doctrees" / f"{docname}.doctree").read_bytes())
    return [node.astext() for node in doctree.findall(nodes.literal_block)]


def test_copy_button_copies_exactly_the_code(browser, site, site_url):
    context = browser.new_context(base_url=site_url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    try:
        page, watcher = open_page(context, site_url, "post")
        sources = code_blocks(site, POST)
        blocks = page.locator("div.highlight")
        assert sources, f"{POST} has no code block to copy"
        assert blocks.count() == len(sources)
        for i, source in enumerate(sources):
            block = blocks.nth(i)
            block.scroll_into_view_if_needed()
            block.hover()
            block.locator("button.copybtn").click()
            copied = page.evaluate("navigator.clipboard.readText()")
            assert copied == expected_copy(source), f"code block {i + 1} of {POST}"
        assert watcher.problems == []
    finally:
        context.close()


THEME_JS = """() => {
  const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number);
  return {theme: document.body.dataset.theme, stored: localStorage.getItem('theme'),
          luminance: (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255};
}"""


def test_theme_toggle_works_and_persists_across_pages(context, site_url):
    page, watcher = open_page(context, site_url, "home")
    before = page.evaluate(THEME_JS)
    assert before["luminance"] > 0.8, f"a light-scheme reader starts with a dark page: {before}"
    page.locator(".theme-toggle:visible").first.click()
    after = page.evaluate(THEME_JS)
    assert (after["theme"], after["stored"]) == ("dark", "dark") and after["luminance"] < 0.2, after
    for name in PAGES:
        if name == "home":
            continue
        page.goto(site_url + PAGES[name], wait_until="load")
        shown = page.evaluate(THEME_JS)
        assert shown["theme"] == "dark" and shown["luminance"] < 0.2, f"{name}: {shown}"
    page.locator(".theme-toggle:visible").first.click()
    page.goto(site_url + PAGES["home"], wait_until="load")
    back = page.evaluate(THEME_JS)
    assert back["theme"] == "light" and back["luminance"] > 0.8, back


def search_results(page) -> list[str]:
    page.wait_for_selector("#search-results .search-summary", timeout=10_000)
    return page.eval_on_selector_all("#search-results ul.search li > a", "as => as.map(a => a.href)")


def _docname(url: str, site_url: str) -> str:
    return re.sub(r"\.html([?#].*)?$", "", url.removeprefix(site_url))


def test_search_from_the_sidebar_finds_the_post(context, site_url):
    page, watcher = open_page(context, site_url, "home")
    box = page.locator("input.sidebar-search:visible")
    box.fill(SEARCH_TERM)
    box.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q="))
    results = [_docname(u, site_url) for u in search_results(page)]
    assert results and results[0] == SEARCH_HIT, f"search for {SEARCH_TERM!r} gave {results}"
    # A second tab: navigating the first away would abort its pending summary fetches.
    second = context.new_page()
    second_watcher = Watcher(second)
    second.goto(f"{site_url}search.html?q={BODY_TERM}", wait_until="networkidle")
    results = [_docname(u, site_url) for u in search_results(second)]
    assert SEARCH_HIT in results, f"search for {BODY_TERM!r} gave {results}"
    assert watcher.problems == [] and second_watcher.problems == []
