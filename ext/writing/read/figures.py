"""``{writing-figure}``: an inline SVG drawn at build time by a script in ``_figures/``.

Inline SVG inherits the page's colours, so one figure reads in a theme's light and dark
modes. A script's ``render()`` draws the figure; its optional ``render_narrow()`` draws the
same figure for a phone's width, text as large as on a wide screen. Both are inlined and
the stylesheet shows one: the narrow drawing carries ``display="none"``, which any CSS
``display`` overrides, so where no stylesheet applies (a feed reader) the wide one shows
alone, and the hidden one is out of the accessibility tree.

The figure links to the wide drawing as an SVG file of its own, ``_figures/<name>.svg``,
written next to the page whenever the page is written: a tap or click opens the figure
full size, without JavaScript.
"""

from __future__ import annotations

import importlib.util
import math
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from writing.warnings_ import WritingWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_SVG_OPEN = re.compile(r"<svg\b([^>]*)>", re.S)
_REPLACED_ATTR = re.compile(r'\s(?:role|aria-label|aria-labelledby|display)="[^"]*"')
_CLASS_ATTR = re.compile(r'\sclass="([^"]*)"')
FILE_FOLDER = "_figures"
OPEN_LABEL = "Open full size"

# The stand-alone file is seen without the site's stylesheets: it brings its own colours,
# the system's light or dark ones, and default colours for the ``fig-*`` classes.
FILE_STYLE = """
svg { color-scheme: light dark; color: CanvasText; background: Canvas;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  --fig-1: #1f5fbf; --fig-2: #b34700; --fig-3: #1a7f37; }
@media (prefers-color-scheme: dark) {
  svg { --fig-1: #79b8ff; --fig-2: #ffab70; --fig-3: #6fdd8b; } }
.fig-stroke-1 { stroke: var(--fig-1); } .fig-fill-1 { fill: var(--fig-1); }
.fig-stroke-2 { stroke: var(--fig-2); } .fig-fill-2 { fill: var(--fig-2); }
.fig-stroke-3 { stroke: var(--fig-3); } .fig-fill-3 { fill: var(--fig-3); }
.fig-muted { stroke: color-mix(in srgb, currentColor 65%, Canvas);
  fill: color-mix(in srgb, currentColor 65%, Canvas); }
text.fig-muted, text[class*="fig-fill"] { stroke: none; }
.fig-grid { stroke: color-mix(in srgb, currentColor 18%, Canvas); fill: none; }
"""


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


def simplified(points: list[tuple[float, float]], tolerance: float = 0.25,
               ) -> list[tuple[float, float]]:
    """A curve's ``points`` without those within ``tolerance`` (drawing units) of the line
    between the points kept around them (Ramer–Douglas–Peucker), for figure scripts: the
    same curve drawn, a fraction of the page weight."""
    if len(points) < 3:
        return list(points)
    (x0, y0), (x1, y1) = points[0], points[-1]
    length = math.hypot(x1 - x0, y1 - y0) or 1.0
    far, worst = 0, -1.0
    for i, (x, y) in enumerate(points[1:-1], 1):
        distance = abs((x1 - x0) * (y0 - y) - (x0 - x) * (y1 - y0)) / length
        if distance > worst:
            far, worst = i, distance
    if worst <= tolerance:
        return [points[0], points[-1]]
    return simplified(points[:far + 1], tolerance)[:-1] + simplified(points[far:], tolerance)


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


def figure_file(svg: str, alt: str) -> str:
    """The wide drawing as a stand-alone SVG document, shown from the top when taller
    than the window, its text in the system's colours."""
    match = _SVG_OPEN.search(svg)
    attrs = re.sub(r'\spreserveAspectRatio="[^"]*"', "", match.group(1))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + svg[: match.start()]
            + f'<svg{attrs} preserveAspectRatio="xMidYMin meet">'
            + f"<title>{escape(alt, quote=False)}</title><style>{FILE_STYLE}</style>"
            + svg[match.end():].rstrip() + "\n")


def inline_html(drawings: Drawings, alt: str) -> str:
    """The drawings as they sit in the page, followed by the link's visible text."""
    if drawings.narrow is None:
        svgs = label_svg(drawings.wide, alt)
    else:
        svgs = (label_svg(drawings.wide, alt, "writing-figure-wide")
                + label_svg(drawings.narrow, alt, "writing-figure-narrow", hidden=True))
    return svgs + f'<span class="writing-figure-open">{OPEN_LABEL}</span>'


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
        # One image for reading time, however many drawings; the link is added, and the
        # file written, when the page is (link_figures).
        figure = nodes.figure(classes=["writing-figure"], writing_image=True,
                              writing_figure=name,
                              writing_figure_file=figure_file(drawings.wide, alt or name))
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


def link_figures(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: write each figure's stand-alone file and link the figure to it.

    Done as the page is written, so the file is there whenever the page is: in a clean
    build, an incremental one, and after the figure's script changed (the directive noted
    the script as a dependency, so the page is read and written again).
    """
    if app.builder.format != "html" or not hasattr(app.builder, "get_target_uri"):
        return
    for figure in doctree.findall(nodes.figure):
        name, text = figure.get("writing_figure"), figure.get("writing_figure_file")
        if not name or not text or not figure.children \
                or not isinstance(figure[0], nodes.raw):
            continue
        target = f"{FILE_FOLDER}/{name}.svg"
        _write_if_changed(Path(app.outdir, target), text)
        href = relative_uri(app.builder.get_target_uri(docname), target)
        inner = figure[0].astext()
        figure[0] = nodes.raw("", f'<a class="writing-figure-link" href="{escape(href)}">'
                                  f"{inner}</a>", format="html")


def _write_if_changed(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def setup(app: Sphinx) -> None:
    app.add_directive("writing-figure", FigureDirective)
    app.connect("doctree-resolved", link_figures)
