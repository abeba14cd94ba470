"""``{writing-figure}``: an inline SVG drawn at build time by a script in ``_figures/``.

Inline SVG inherits the page's colours, so one figure reads in a theme's light and dark
modes. A script's ``render()`` draws the figure; its optional ``render_narrow()`` draws the
same figure for a phone's width, text as large as on a wide screen. Both are inlined and
the stylesheet shows one: the narrow drawing carries ``display="none"``, which any CSS
``display`` overrides, so where no stylesheet applies (a feed reader) the wide one shows
alone, and the hidden one is out of the accessibility tree.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from xml.etree import ElementTree

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from writing.warnings_ import WritingWarning, warn

_SVG_OPEN = re.compile(r"<svg\b([^>]*)>", re.S)
_REPLACED_ATTR = re.compile(r'\s(?:role|aria-label|aria-labelledby|display)="[^"]*"')
_CLASS_ATTR = re.compile(r'\sclass="([^"]*)"')


@dataclass(frozen=True)
class Drawings:
    """What a figure script draws: the figure, and the figure for a narrow screen."""

    wide: str
    narrow: str | None = None


def _checked(svg: object, function: str) -> str:
    if not isinstance(svg, str) or not _SVG_OPEN.search(svg):
        raise ValueError(f"{function}() must return an <svg> element as a string")
    try:  # a stray '<' or '&' in a label would corrupt the page around the figure
        ElementTree.fromstring(svg)
    except ElementTree.ParseError as exc:
        raise ValueError(f"{function}() returned SVG that is not well-formed XML ({exc}); "
                         "escape label text with html.escape") from None
    return svg


def _ids(svg: str) -> set[str]:
    return {el.get("id") for el in ElementTree.fromstring(svg).iter() if el.get("id")}


def render_figure(path: Path) -> Drawings:
    """Run the figure script's ``render()`` (and ``render_narrow()``, if it has one)."""
    spec = importlib.util.spec_from_file_location(f"writing_figure_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    wide = _checked(module.render(), "render")
    if not callable(getattr(module, "render_narrow", None)):
        return Drawings(wide)
    narrow = _checked(module.render_narrow(), "render_narrow")
    if shared := sorted(_ids(wide) & _ids(narrow)):
        raise ValueError("render() and render_narrow() share the ids "
                         f"{', '.join(shared)}; one page holds both, so give each its own")
    return Drawings(wide, narrow)


def label_svg(svg: str, alt: str, css: str = "", hidden: bool = False) -> str:
    """Give the SVG's root element an accessible name and image role (and a class; and
    ``display="none"`` for a drawing the stylesheet shows only on some screens)."""
    match = _SVG_OPEN.search(svg)
    attrs = _REPLACED_ATTR.sub("", match.group(1))
    if css:
        own = _CLASS_ATTR.search(attrs)
        attrs = (attrs[:own.start()] + f' class="{own.group(1)} {css}"' + attrs[own.end():]
                 if own else f'{attrs} class="{css}"')
    extra = ' display="none"' if hidden else ""
    opening = (f'<svg{attrs} role="img" aria-label="{escape(alt, quote=True)}"'
               f' focusable="false"{extra}>')
    return svg[: match.start()] + opening + svg[match.end():]


def inline_html(drawings: Drawings, alt: str) -> str:
    """The drawings as they sit in the page."""
    if drawings.narrow is None:
        return label_svg(drawings.wide, alt)
    return (label_svg(drawings.wide, alt, "writing-figure-wide")
            + label_svg(drawings.narrow, alt, "writing-figure-narrow", hidden=True))


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
            drawings = render_figure(path)
        except FileNotFoundError:
            warn(WritingWarning.FIGURE, f"figure script _figures/{name}.py does not exist",
                 location)
            return []
        except Exception as exc:  # a broken figure script must not end the build
            warn(WritingWarning.FIGURE,
                 f"figure script _figures/{name}.py failed: {type(exc).__name__}: {exc}",
                 location)
            return []
        # One image for reading time, however many drawings.
        figure = nodes.figure(classes=["writing-figure"], writing_image=True)
        figure += nodes.raw("", inline_html(drawings, alt or name), format="html")
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
