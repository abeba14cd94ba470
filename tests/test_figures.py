"""Figure scripts must return well-formed SVG: a stray '<' in a label corrupts the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from writing.read.figures import render_figure

FIGURES = sorted((Path(__file__).resolve().parents[1] / "source" / "_figures").glob("*.py"))


def test_unescaped_label_is_refused(tmp_path):
    script = tmp_path / "bad.py"
    script.write_text("def render():\n    return '<svg xmlns=\"http://www.w3.org/2000/svg\">"
                      "<text>token 33 < 34</text></svg>'\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not well-formed XML.*html.escape"):
        render_figure(script)


@pytest.mark.parametrize("script", FIGURES, ids=lambda p: p.stem)
def test_site_figures_are_well_formed(script):
    assert render_figure(script).lstrip().startswith("<svg")
