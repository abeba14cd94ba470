"""Author–year citations that link, on sphinxcontrib-bibtex's footnote citations.

Posts cite entries of ``source/references.bib`` with ``{footcite:p}`key``` (or
``{footcite:t}`key```) and list them with ``{footbibliography}`` under their References
heading. While a post is parsed, sphinxcontrib-bibtex makes one footnote per cited entry and
formats the citations and entries with two pybtex plugins, both named ``writing``, that this
module registers:

- ``bibtex_foot_reference_style``: a citation reads ``(Kleppmann, 2016)`` (``footcite:p``) or
  ``Kleppmann (2016)`` (``footcite:t``), links to its entry, and the entry links back;
- ``bibtex_default_style``: an entry reads ``Kleppmann, M. 8 February 2016. How to do
  distributed locking. martin.kleppmann.com.``, its title a link to the ``url``, or else to
  ``https://doi.org/<doi>``.

Fields: ``author`` (people as ``Last, F.``, an organisation in double braces),
``shortauthor`` (cited instead of the author), ``title``, ``shorttitle`` (cited instead of
the title when there is no author), ``date`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; none
reads "n.d."), ``url``, ``doi``, ``journal``, ``booktitle``, ``editor``, ``volume``,
``number``, ``pages``, ``chapter``, ``publisher``, ``howpublished``, ``note``; text in
backticks is set as code.

All of it happens while a post is read, not when pages are written: the reading time counts
the citations and the References as the reader sees them, and every post that lists sources
depends on the ``.bib`` file, so editing the file re-reads those posts.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

import pybtex.plugin
import sphinxcontrib.bibtex.plugin
from docutils import nodes
from pybtex.richtext import HRef, Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle
from pybtex.style.template import node
from sphinxcontrib.bibtex.richtext import BaseReferenceText
from sphinxcontrib.bibtex.style.referencing import (
    BaseReferenceStyle,
    BracketStyle,
    GroupReferenceStyle,
)

if TYPE_CHECKING:
    from pybtex.database import Entry, Person
    from sphinx.application import Sphinx

STYLE = "writing"
_CODE = re.compile(r"`([^`]+)`")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def rich(value: str) -> Text:
    """A field's text, what is in backticks set as code."""
    parts: list = []
    for i, piece in enumerate(_CODE.split(value)):
        if piece:
            parts.append(Tag("tt", piece) if i % 2 else piece)
    return Text(*parts)


def _plain(value) -> str:
    """A name part as written, without the braces that protect an organisation's name."""
    return str(value).replace("{", "").replace("}", "")


def entry_date(entry: Entry) -> tuple[int, ...]:
    """The entry's ``date`` as (year,), (year, month) or (year, month, day); () if none."""
    value = entry.fields.get("date", "").strip()
    if not value:
        return ()
    match = _DATE.match(value)
    if match is None:
        raise ValueError(f"{entry.key}: date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    return tuple(int(part) for part in match.groups() if part)


def shown_date(entry: Entry) -> str:
    """The date as the list shows it: ``2016``, ``January 2020``, ``8 February 2016``."""
    parts = entry_date(entry)
    if not parts:
        return "n.d."
    words = [str(parts[0])]
    if len(parts) > 1:
        words.insert(0, calendar.month_name[parts[1]])
    if len(parts) > 2:
        words.insert(0, str(parts[2]))
    return " ".join(words)


def cited_year(entry: Entry) -> str:
    parts = entry_date(entry)
    return str(parts[0]) if parts else "n.d."


def link(entry: Entry) -> str | None:
    url = entry.fields.get("url", "").strip()
    if url:
        return url
    doi = entry.fields.get("doi", "").strip()
    return f"https://doi.org/{doi}" if doi else None


def _person(person: Person) -> str:
    """``Last, F. M.``; an organisation (one braced name) as written."""
    last = " ".join(_plain(n) for n in person.prelast_names + person.last_names)
    first = " ".join(_plain(n) for n in person.first_names + person.middle_names)
    return f"{last}, {first}" if first else last


def _people(persons: list[Person]) -> str:
    """People joined by commas; BibTeX's ``and others`` as "et al."."""
    named = [p for p in persons if str(p) != "others"]
    text = ", ".join(_person(p) for p in named)
    return text + " et al." if len(named) < len(persons) else text


def _sentence(text: Text) -> Text:
    """``text`` ending with one full stop (none added after ``?`` or ``!``)."""
    plain = str(text)
    return text if plain.endswith((".", "?", "!")) else Text(text, ".")


@functools.cache
def _plugin(group: str, name: str) -> type:
    return pybtex.plugin.find_plugin(group, name)


class EntryStyle(BaseStyle):
    """How an entry reads in a post's References: author, date, linked title, where."""

    default_name_style = "plain"
    default_label_style = "number"
    default_sorting_style = "none"

    def __init__(self, label_style=None, name_style=None, sorting_style=None,
                 abbreviate_names=False, min_crossrefs=2, **kwargs):
        # As BaseStyle, but its three helpers are looked up once: sphinxcontrib-bibtex makes
        # a style for every citation, and each lookup reads every installed package's entry
        # points (about 5 ms each, a second for the site's citations).
        self.name_style = _plugin("pybtex.style.names", name_style or self.default_name_style)()
        self.label_style = _plugin("pybtex.style.labels",
                                   label_style or self.default_label_style)()
        self.sorting_style = _plugin("pybtex.style.sorting",
                                     sorting_style or self.default_sorting_style)()
        self.format_name = self.name_style.format
        self.format_labels = self.label_style.format_labels
        self.sort = self.sorting_style.sort
        self.abbreviate_names = abbreviate_names
        self.min_crossrefs = min_crossrefs

    def format_entry(self, label, entry, bib_data=None) -> FormattedEntry:
        fields = entry.fields
        sentences: list[Text] = []
        authors = entry.persons.get("author")
        title = rich(fields.get("title", entry.key))
        url = link(entry)
        titled = Text(HRef(url, title)) if url else title
        if authors:
            sentences += [Text(_people(authors)), Text(shown_date(entry)), titled]
        else:
            sentences += [titled, Text(shown_date(entry))]
        where = self._where(entry)
        if where is not None:
            sentences.append(where)
        text = Text(*[part for s in sentences for part in (_sentence(s), " ")][:-1])
        return FormattedEntry(entry.key, text, label)

    @staticmethod
    def _where(entry: Entry) -> Text | None:
        """Venue, volume, pages, publisher and note: one sentence, parts joined by commas."""
        f = entry.fields
        parts: list[Text] = []
        container = f.get("journal") or f.get("booktitle")
        if container:
            venue = Tag("em", rich(container))
            if entry.type == "incollection":
                editors = entry.persons.get("editor")
                venue = Text("In ", venue, f" ({_people(editors)}, eds.)" if editors else "")
            volume = f.get("volume", "")
            if volume:
                venue = Text(venue, f" {volume}" + (f"({f['number']})" if f.get("number") else ""))
            parts.append(Text(venue))
        for name in ("howpublished", "publisher"):
            if f.get(name):
                parts.append(rich(f[name]))
        if f.get("chapter"):
            parts.append(Text(f"ch. {f['chapter']}"))
        if f.get("pages"):
            parts.append(Text(f"pp. {f['pages'].replace('--', '–')}"))
        if f.get("note"):
            parts.append(rich(f["note"]))
        if not parts:
            return None
        joined: list = []
        for part in parts:
            joined += [part, ", "]
        return Text(*joined[:-1])


# -- Citations in the text -----------------------------------------------------------------


class CitationLink(BaseReferenceText):
    """A citation in the text: a link to the entry's footnote, noted as its backreference."""

    def render(self, backend) -> list[nodes.Node]:
        info = self.info[0]
        document = info.document
        target = document.nameids.get(info.refname)
        reference = nodes.reference("", "", *super().render(backend), refid=target,
                                    classes=["writing-citation"])
        if target is not None:
            document.set_id(reference)
            document.ids[target]["backrefs"].append(reference["ids"][0])
        return [reference]


def cited_name(entry: Entry, full: bool = False) -> Text:
    """Who is cited: ``shortauthor``, else surnames (two joined by "and", three or more as
    "et al." unless ``full``), else the short title, else the title."""
    if entry.fields.get("shortauthor") and not full:
        return rich(entry.fields["shortauthor"])
    authors = entry.persons.get("author")
    if not authors:
        return Tag("em", rich(entry.fields.get("shorttitle") or entry.fields.get("title", "")))
    names = [" ".join(_plain(n) for n in p.prelast_names + p.last_names) for p in authors]
    if len(names) == 1:
        return Text(names[0])
    if len(names) == 2 or full:
        return Text(", ".join(names[:-1]) + f" and {names[-1]}")
    return Text(names[0], " ", Tag("em", "et al."))


@node
def parenthetical(children, data, full=False):
    """``Kleppmann, 2016``, linked."""
    entry = data["entry"]
    return CitationLink(data["reference_info"], cited_name(entry, full), ", ",
                        cited_year(entry))


@node
def textual(children, data, full=False):
    """``Kleppmann (2016)``, linked."""
    entry = data["entry"]
    return CitationLink(data["reference_info"], cited_name(entry, full),
                        f" ({cited_year(entry)})")


@dataclass
class _Parenthetical(BaseReferenceStyle):
    bracket: BracketStyle = field(default_factory=lambda: BracketStyle("(", ")", "; "))

    def role_names(self) -> Iterable[str]:
        return ["p", "ps"]

    def outer(self, role_name, children):
        return self.bracket.outer(children, brackets=True)

    def inner(self, role_name):
        return parenthetical(full=role_name.endswith("s"))


@dataclass
class _Textual(BaseReferenceStyle):
    bracket: BracketStyle = field(default_factory=lambda: BracketStyle(
        "", "", ", ", sep2=" and ", last_sep=", and "))

    def role_names(self) -> Iterable[str]:
        return ["t", "ts", "ct", "cts"]

    def outer(self, role_name, children):
        return self.bracket.outer(children, capfirst=role_name.startswith("c"))

    def inner(self, role_name):
        return textual(full=role_name.endswith("s"))


@dataclass
class CitationStyle(GroupReferenceStyle):
    """Author–year citations, each a link to its entry in the post's References: ``p``
    parenthetical, ``t`` in the sentence, ``ct`` capitalised; ``ps``, ``ts`` and ``cts``
    name every author."""

    def __post_init__(self):
        self.styles.extend([_Parenthetical(), _Textual()])
        super().__post_init__()


pybtex.plugin.register_plugin("pybtex.style.formatting", STYLE, EntryStyle, force=True)
sphinxcontrib.bibtex.plugin.register_plugin("sphinxcontrib.bibtex.style.referencing", STYLE,
                                            CitationStyle, force=True)


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinxcontrib.bibtex")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
