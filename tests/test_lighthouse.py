"""Lighthouse on home, an essay and a section page, with the mobile and desktop presets:
accessibility, best practices and SEO must be 100. Performance is printed with them, not
asserted: under simulated throttling it moves with the machine's load (``make lighthouse``
checks it against its target of 95)."""

from __future__ import annotations

import pytest

from tests import lighthouse
from tests.conftest import need_file, need_tool

pytestmark = [pytest.mark.browser, pytest.mark.lighthouse]

GATED = ("accessibility", "best-practices", "seo")


@pytest.fixture(scope="module")
def results(site_url, request) -> dict[tuple[str, str], lighthouse.Result]:
    chrome = need_tool("chromium", "chromium")
    need_tool("node", "nodejs")
    need_file(lighthouse.LIGHTHOUSE, "`npm ci` installs it; `make test` runs that")
    found = {(name, preset): lighthouse.run(site_url + path, preset, chrome)
             for preset in lighthouse.PRESETS for name, path in lighthouse.PAGES.items()}
    # Printed past pytest's capture, so every run shows the scores, performance included.
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line("")
            reporter.write_line("Lighthouse scores (performance is not asserted here):")
            for line in lighthouse.table(found).splitlines():
                reporter.write_line(line)
    return found


@pytest.mark.parametrize("preset", lighthouse.PRESETS)
@pytest.mark.parametrize("name", lighthouse.PAGES)
def test_lighthouse_accessibility_best_practices_and_seo_are_100(results, name, preset):
    result = results[name, preset]
    low = {category: (result.scores[category], result.failing[category])
           for category in GATED if result.scores[category] < 100}
    assert low == {}, f"{lighthouse.PAGES[name]} ({preset}): {low}"
