"""Figure scripts must return well-formed SVG: a stray '<' in a label corrupts the page.

A script may also draw the figure for a narrow screen; both drawings are in the page.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest

from writing.read.figures import inline_html, render_figure

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
    assert drawings.narrow is None or drawings.narrow.lstrip().startswith("<svg")
