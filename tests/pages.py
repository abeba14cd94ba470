"""The pages the browser gates visit, and how to open one while watching for errors."""

from __future__ import annotations

POST = "posts/distributed-locking-redis-vs-etcd"
PAGES = {
    "home": "index.html",
    "post": f"{POST}.html",
    "section": "blog/category/distributed-systems.html",
    "archive": "blog/archive.html",
    "about": "about.html",
    "tag": "blog/tag/redis.html",
    "search": "search.html?q=etcd",
    "404": "posts/2019/no-such-post.html",
}


# A script's function of the viewport width: the first five elements that stick out past
# it and are not inside a box that clips or scrolls them, named with their right edge.
WIDE_ELEMENTS_JS = """(width) => {
  const clipped = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
    }
    return false;
  };
  return [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1 && !clipped(el))
    .slice(0, 5)
    .map(el => el.tagName.toLowerCase()
      + (el.className ? '.' + String(el.className).split(' ').join('.') : '')
      + ' right=' + Math.round(el.getBoundingClientRect().right));
}"""


class Watcher:
    """Everything that went wrong while a page loaded: console errors, failed requests."""

    def __init__(self, page, allowed_404: str | None = None):
        self.problems: list[str] = []
        self.allowed_404 = allowed_404
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.problems.append(f"uncaught exception: {e}"))
        page.on("requestfailed", lambda r: self.problems.append(
            f"request failed: {r.url} ({r.failure})"))
        page.on("response", self._response)

    def _console(self, message):
        url = message.location.get("url")
        if message.type == "error" and not (url == self.allowed_404 and "404" in message.text):
            self.problems.append(f"console error: {message.text} ({url})")

    def _response(self, response):
        if response.status >= 400 and not (response.status == 404
                                           and response.url == self.allowed_404):
            self.problems.append(f"HTTP {response.status}: {response.url}")


def open_page(context, site_url, name: str):
    """A new tab showing ``PAGES[name]``, fully loaded, with its Watcher."""
    page = context.new_page()
    url = site_url + PAGES[name]
    watcher = Watcher(page, allowed_404=url if name == "404" else None)
    response = page.goto(url, wait_until="networkidle")
    assert response.status == (404 if name == "404" else 200), f"{url}: HTTP {response.status}"
    if name == "search":
        page.wait_for_selector("#search-results .search-summary", timeout=10_000)
    return page, watcher
