"""``{writing-figure}``: an inline SVG drawn at build time by a script in ``_figures/``.

Inline SVG inherits the page's colours, so one figure reads in Furo's light and dark modes.
"""

from __future__ import annotations

import importlib.util
import re
from html import escape
from pathlib import Path
from xml.etree import ElementTree

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from writing.warnings_ import WritingWarning, warn

_SVG_OPEN = re.compile(r"<svg\b([^>]*)>", re.S)
_A11Y_ATTR = re.compile(r'\s(?:role|aria-label|aria-labelledby)="[^"]*"')


def render_figure(path: Path) -> str:
    """Run the figure script's ``render()`` and return its SVG text."""
    spec = importlib.util.spec_from_file_location(f"writing_figure_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    svg = module.render()
    if not isinstance(svg, str) or not _SVG_OPEN.search(svg):
        raise ValueError("render() must return an <svg> element as a string")
    try:  # a stray '<' or '&' in a label would corrupt the page around the figure
        ElementTree.fromstring(svg)
    except ElementTree.ParseError as exc:
        raise ValueError(f"render() returned SVG that is not well-formed XML ({exc}); "
                         "escape label text with html.escape") from None
    return svg


def label_svg(svg: str, alt: str) -> str:
    """Give the SVG's root element an accessible name and image role."""
    match = _SVG_OPEN.search(svg)
    attrs = _A11Y_ATTR.sub("", match.group(1))
    opening = f'<svg{attrs} role="img" aria-label="{escape(alt, quote=True)}" focusable="false">'
    return svg[: match.start()] + opening + svg[match.end():]


class FigureDirective(SphinxDirective):
    required_arguments = 1
    has_content = True
    option_spec = {"alt": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        path = Path(self.env.srcdir) / "_figures" / f"{name}.py"
        location = self.get_location()
        self.env.note_dependency(str(path))
        alt = " ".join(self.options.get("alt", "").split())
        if not alt:
            warn(WritingWarning.FIGURE,
                 f"figure {name!r} has no alt text; add ':alt: <what the figure shows>'",
                 location)
        try:
            svg = render_figure(path)
        except FileNotFoundError:
            warn(WritingWarning.FIGURE, f"figure script _figures/{name}.py does not exist",
                 location)
            return []
        except Exception as exc:  # a broken figure script must not end the build
            warn(WritingWarning.FIGURE,
                 f"figure script _figures/{name}.py failed: {type(exc).__name__}: {exc}",
                 location)
            return []
        figure = nodes.figure(classes=["writing-figure"], writing_image=True)
        figure += nodes.raw("", label_svg(svg, alt or name), format="html")
        if self.content:
            holder = nodes.Element()
            self.state.nested_parse(self.content, self.content_offset, holder)
            first = holder[0] if len(holder) else None
            if isinstance(first, nodes.paragraph):
                caption = nodes.caption(first.rawsource, "", *first.children)
                caption.source, caption.line = first.source, first.line
                figure += caption
                figure += holder.children[1:]
            else:
                figure += holder.children
        return [figure]
