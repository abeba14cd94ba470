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
from urllib.parse import urljoin

import pytest
from docutils import nodes

from tests.pages import PAGES, POST, WIDE_ELEMENTS_JS, Watcher, open_page

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
  return {scrollWidth: document.documentElement.scrollWidth, width,
          wide: (WIDE_ELEMENTS)(width)};
}""".replace("WIDE_ELEMENTS", WIDE_ELEMENTS_JS)


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


# -- Figures ---------------------------------------------------------------------------------
# Each essay's figures, at a phone's width and a desktop's, in the light and the dark scheme.

PHONE = {"viewport": {"width": 375, "height": 812}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
SCREENS = {"375px": PHONE, "1280px": DESKTOP}
MIN_TEXT_PX = 11

# Every text of the figure's shown drawing: its font size and its box's height in CSS px
# (the SVG scales its text with it), and the drawing's count of shown drawings.
FIGURE_TEXT_JS = """figure => {
  const shown = [...figure.querySelectorAll('svg')].filter(s => s.getClientRects().length);
  const texts = shown.flatMap(svg => [...svg.querySelectorAll('text')].map(t => {
    const m = t.getScreenCTM(), scale = Math.hypot(m.a, m.b);
    return {text: t.textContent.trim(),
            size: parseFloat(getComputedStyle(t).fontSize) * scale,
            box: t.getBBox().height * scale};
  }));
  return {shown: shown.length, texts};
}"""


@pytest.fixture(scope="module")
def figure_essays(site) -> list[str]:
    """The essays with at least one figure, as site paths."""
    essays = [p.relative_to(site).as_posix() for p in sorted((site / "posts").glob("*.html"))
              if 'class="writing-figure' in p.read_text(encoding="utf-8")]
    assert essays, "no essay has a figure"
    return essays


def open_in(browser, site_url, screen: str, scheme: str, **options):
    return browser.new_context(base_url=site_url, color_scheme=scheme,
                               **SCREENS[screen], **options)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_figure_text_is_at_least_11px_and_nothing_scrolls_sideways(
        browser, site_url, figure_essays, scheme):
    """At 375 px (the rule) and 1280 px: one drawing of each figure shows, it is the one
    accessible image, every text in it is 11 CSS px or larger, and the page fits."""
    problems = []
    for screen in SCREENS:
        context = open_in(browser, site_url, screen, scheme)
        page = context.new_page()
        try:
            for essay in figure_essays:
                page.goto(site_url + essay, wait_until="load")
                where = f"{essay} at {screen}, {scheme}"
                figures = page.locator("figure.writing-figure")
                for i in range(figures.count()):
                    figure = figures.nth(i)
                    found = figure.evaluate(FIGURE_TEXT_JS)
                    if found["shown"] != 1 or figure.get_by_role("img").count() != 1:
                        problems.append(f"{where}, figure {i + 1}: {found['shown']} drawings "
                                        f"shown, {figure.get_by_role('img').count()} images "
                                        "in the accessibility tree (want one of each)")
                    if not found["texts"]:
                        problems.append(f"{where}, figure {i + 1}: no text measured")
                    small = [f"{t['text']!r} {t['size']:.1f} px (box {t['box']:.1f} px)"
                             for t in found["texts"]
                             if min(t["size"], t["box"]) < MIN_TEXT_PX]
                    if small:
                        problems.append(f"{where}, figure {i + 1}: text under "
                                        f"{MIN_TEXT_PX} px: {', '.join(small[:6])}")
                wide = page.evaluate(OVERFLOW_JS)
                if wide["scrollWidth"] > wide["width"]:
                    problems.append(f"{where}: scrolls sideways: {wide}")
        finally:
            context.close()
    assert problems == [], "\n".join(problems)


def full_size_view(page) -> dict:
    """What the browser shows after following a figure's link: the SVG document's size."""
    return page.evaluate("""() => {
      const root = document.documentElement, box = root.getBoundingClientRect();
      return {tag: root.localName, viewBox: root.getAttribute('viewBox'),
              width: box.width, title: document.title};
    }""")


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("how", ["pointer", "keyboard", "pointer, no JavaScript"])
def test_a_figure_opens_full_size(browser, site_url, figure_essays, screen, how):
    """A tap (phone) or click (desktop), or Enter on the focused figure, opens the figure's
    wide drawing on its own, larger than in the page; JavaScript is not needed."""
    context = open_in(browser, site_url, screen, "light",
                      java_script_enabled="JavaScript" not in how)
    problems = []
    try:
        page = context.new_page()
        for essay in figure_essays:
            page.goto(site_url + essay, wait_until="load")
            figure = page.locator("figure.writing-figure").first
            link = figure.locator("a[href]:has(svg)")
            if link.count() != 1:
                problems.append(f"{essay}: the figure's drawing is not a link")
                continue
            inline = page.evaluate("""() => {
              const svg = [...document.querySelectorAll('figure.writing-figure svg')]
                .find(s => s.getClientRects().length);
              return {width: svg.getBoundingClientRect().width};
            }""")
            wide_box = figure.locator("svg").first.get_attribute("viewBox")
            alt = figure.locator("svg").first.get_attribute("aria-label")
            with page.expect_navigation() as navigation:
                if how == "keyboard":
                    link.focus()
                    assert page.evaluate("document.activeElement.matches('a[href]')")
                    page.keyboard.press("Enter")
                elif screen == "375px":
                    figure.locator("svg:visible").tap()
                else:
                    figure.locator("svg:visible").click()
            response = navigation.value
            shown = full_size_view(page)
            natural = float(wide_box.split()[2])
            if response is None or not response.ok or \
                    "image/svg+xml" not in response.headers.get("content-type", ""):
                problems.append(f"{essay}: the link did not open an SVG file ({page.url})")
            elif shown["tag"] != "svg" or shown["viewBox"] != wide_box or shown["title"] != alt:
                problems.append(f"{essay}: opened {shown}, not the figure's wide drawing")
            elif shown["width"] < max(natural, inline["width"]):
                problems.append(f"{essay}: opened at {shown['width']:.0f} px wide, smaller than "
                                f"its drawing ({natural:.0f}) or the page's figure "
                                f"({inline['width']:.0f})")
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


# The figure's text colour and first data colour, and the page's own text colour.
FIGURE_COLOURS_JS = """() => {
  const svg = [...document.querySelectorAll('figure.writing-figure svg')]
    .find(s => s.getClientRects().length);
  const text = svg.querySelector('text'), data = svg.querySelector('[class*="fig-stroke"]');
  return {text: getComputedStyle(text).fill, data: getComputedStyle(data).stroke,
          page: getComputedStyle(document.querySelector('article')).color};
}"""
FILE_COLOURS_JS = """() => {
  const data = document.querySelector('[class*="fig-stroke"]');
  return {text: getComputedStyle(document.querySelector('text')).fill,
          data: getComputedStyle(data).stroke,
          background: getComputedStyle(document.documentElement).backgroundColor};
}"""


def luminance(colour: str) -> float:
    r, g, b = (int(v) for v in re.findall(r"\d+", colour)[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


@pytest.mark.parametrize("screen", SCREENS)
def test_figures_and_their_full_size_files_follow_the_theme(browser, site_url, figure_essays,
                                                            screen):
    """Figure text is the page's text colour in light and dark, data colours change with the
    theme (Furo's toggle too), and the full-size file follows the reader's colour scheme."""
    seen = {}
    problems = []
    for scheme in ("light", "dark"):
        context = open_in(browser, site_url, screen, scheme)
        page = context.new_page()
        try:
            for essay in figure_essays:
                page.goto(site_url + essay, wait_until="load")
                colours = page.evaluate(FIGURE_COLOURS_JS)
                if colours["text"] != colours["page"]:
                    problems.append(f"{essay} ({scheme}): figure text {colours['text']}, "
                                    f"page text {colours['page']}")
                link = page.locator("figure.writing-figure a[href]:has(svg)")
                if link.count() == 0:
                    problems.append(f"{essay}: no full-size file to open")
                    continue
                page.goto(urljoin(page.url, link.first.get_attribute("href")), wait_until="load")
                seen[essay, scheme] = colours, page.evaluate(FILE_COLOURS_JS)
            if scheme == "light":  # Furo's own toggle, in a light-scheme browser
                page.goto(site_url + figure_essays[0], wait_until="load")
                page.locator(".theme-toggle:visible").first.click()
                assert page.evaluate("document.body.dataset.theme") == "dark"
                toggled = page.evaluate(FIGURE_COLOURS_JS)
        finally:
            context.close()
    assert problems == [], "\n".join(problems)
    for essay in figure_essays:
        (light, light_file), (dark, dark_file) = seen[essay, "light"], seen[essay, "dark"]
        if not (luminance(light["text"]) < 0.3 < 0.6 < luminance(dark["text"])):
            problems.append(f"{essay}: figure text {light['text']} light, {dark['text']} dark")
        if light["data"] == dark["data"]:
            problems.append(f"{essay}: data colour {light['data']} in both themes")
        if not (luminance(light_file["background"]) > 0.8 > 0.2 > luminance(
                dark_file["background"]) and luminance(light_file["text"]) < 0.3 < 0.6
                < luminance(dark_file["text"]) and light_file["data"] != dark_file["data"]):
            problems.append(f"{essay}: full-size file light {light_file}, dark {dark_file}")
    if toggled != seen[figure_essays[0], "dark"][0]:
        problems.append(f"after Furo's toggle to dark: {toggled}, "
                        f"dark scheme: {seen[figure_essays[0], 'dark'][0]}")
    assert problems == [], "\n".join(problems)
