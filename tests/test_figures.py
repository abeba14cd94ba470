"""Figure scripts must return well-formed SVG: a stray '<' in a label corrupts the page.

Each site figure also has a narrow drawing for phones, and a stand-alone file that a tap on
the figure opens; how they read in a browser is checked in ``test_browser.py``.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest

from writing.read.figures import figure_file, inline_html, render_figure

FIGURES = sorted((Path(__file__).resolve().parents[1] / "source" / "_figures").glob("*.py"))
SVG = "{http://www.w3.org/2000/svg}"


def write_script(tmp_path, body: str) -> Path:
    script = tmp_path / "figure.py"
    script.write_text(body, encoding="utf-8")
    return script


def test_unescaped_label_is_refused(tmp_path):
    script = write_script(tmp_path, (
        "def render():\n"
        "    return ('<svg xmlns=\"http://www.w3.org/2000/svg\">'\n"
        "            '<text>token 33 < 34</text></svg>')\n"))
    with pytest.raises(ValueError, match="not well-formed XML.*html.escape"):
        render_figure(script)


def test_narrow_drawing_is_checked_too(tmp_path):
    script = write_script(tmp_path, (
        "OK = '<svg xmlns=\"http://www.w3.org/2000/svg\"><text>fine</text></svg>'\n"
        "def render():\n    return OK\n"
        "def render_narrow():\n    return OK.replace('fine', 'a & b')\n"))
    with pytest.raises(ValueError, match=r"render_narrow\(\) returned SVG that is not well-formed"):
        render_figure(script)


def test_drawings_sharing_an_id_are_refused(tmp_path):
    """Both drawings are in the page: a shared marker id would be a duplicate id."""
    script = write_script(tmp_path, (
        "SVG = ('<svg xmlns=\"http://www.w3.org/2000/svg\">'\n"
        "       '<defs><marker id=\"head\"/></defs></svg>')\n"
        "def render():\n    return SVG\n"
        "def render_narrow():\n    return SVG\n"))
    with pytest.raises(ValueError, match="share the ids head"):
        render_figure(script)


def test_a_script_without_a_narrow_drawing_keeps_one_drawing(tmp_path):
    script = write_script(tmp_path, (
        "def render():\n"
        "    return '<svg xmlns=\"http://www.w3.org/2000/svg\"/>'\n"))
    drawings = render_figure(script)
    assert drawings.narrow is None
    html = inline_html(drawings, "A figure.")
    assert html.count("<svg") == 1 and 'display="none"' not in html


@pytest.mark.parametrize("script", FIGURES, ids=lambda p: p.stem)
def test_site_figures_are_well_formed(script):
    drawings = render_figure(script)
    assert drawings.wide.lstrip().startswith("<svg")
    assert drawings.narrow is not None, f"{script.name} has no render_narrow()"
    assert drawings.narrow.lstrip().startswith("<svg")


def font_sizes(svg: str) -> list[tuple[float, str]]:
    """Every text's font size in the drawing's units (inherited from its ancestors)."""
    sizes = []

    def walk(element, inherited):
        size = float(element.get("font-size", inherited))
        if element.tag in (f"{SVG}text", f"{SVG}tspan") and (element.text or "").strip():
            sizes.append((size, element.text.strip()))
        for child in element:
            walk(child, size)
    walk(ElementTree.fromstring(svg), 16)  # a browser's default font size
    return sizes


@pytest.mark.parametrize("script", FIGURES, ids=lambda p: p.stem)
def test_narrow_drawing_fits_a_phone(script):
    """Drawn at most 320 units wide with no text under 12 units, it shows every label at
    12 CSS px or more in a 320 px column (a 352 px phone). The browser test measures it."""
    narrow = render_figure(script).narrow
    width = float(ElementTree.fromstring(narrow).get("viewBox").split()[2])
    assert width <= 320
    small = [(size, text) for size, text in font_sizes(narrow) if size < 12]
    assert small == []


def test_full_size_file_is_a_titled_stand_alone_svg():
    drawings = render_figure(FIGURES[0])
    text = figure_file(drawings.wide, "What the figure shows, <for> everyone.")
    root = ElementTree.fromstring(text.encode("utf-8"))  # well-formed, XML declaration and all
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text == "What the figure shows, <for> everyone."
    assert root.get("preserveAspectRatio") == "xMidYMin meet"
    assert "prefers-color-scheme: dark" in root.find(f"{SVG}style").text


def test_simplified_curves_stay_within_a_quarter_unit_of_every_sample():
    """Figure scripts draw long curves with fewer points: every sample left out
    lies within the tolerance of the segment drawn across it, and both ends stay."""
    import math

    from writing.read.figures import simplified
    samples = [(x * 2.0, 100 + 40 * math.sin(x / 9) + (x % 7) * 0.05) for x in range(289)]
    kept = simplified(samples, 0.25)
    assert kept[0] == samples[0] and kept[-1] == samples[-1]
    assert len(kept) < len(samples) // 2
    assert all(a[0] < b[0] for a, b in zip(kept, kept[1:]))
    for x, y in samples:
        (x0, y0), (x1, y1) = next((a, b) for a, b in zip(kept, kept[1:]) if a[0] <= x <= b[0])
        on_segment = y0 + (y1 - y0) * (x - x0) / (x1 - x0)
        assert abs(on_segment - y) <= 0.25 * math.hypot(1, (y1 - y0) / (x1 - x0)) + 1e-9
