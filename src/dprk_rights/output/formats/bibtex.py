"""BibTeX: one entry per cited source."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import quote

from dprk_rights.model.records import Event, Source
from dprk_rights.text import visible

from .common import cited_sources

if TYPE_CHECKING:
    from dprk_rights.timeline import Timeline

    from . import ExportInfo


def to_bibtex(sources: Sequence[Source]) -> str:
    """BibTeX ``@misc`` entries for the sources, keyed by source id; corporate authors braced."""
    entries = []
    for source in sources:
        fields = [("author", "{" + _tex(source.publisher) + "}"), ("title", "{" + _tex(source.title) + "}")]
        if source.published:
            fields.append(("year", str(source.published.year)))
            if source.published.month:
                fields.append(("month", calendar.month_abbr[source.published.month].lower()))
        fields.append(("howpublished", _tex(source.kind[:1].upper() + source.kind[1:])))
        if source.url:
            fields.append(("url", _bib_url(source.url)))
        if source.note:
            fields.append(("note", _tex(source.note)))
        body = ",\n".join(
            f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}" for name, value in fields
        )
        entries.append(f"@misc{{{source.id},\n{body}\n}}\n")
    return "\n".join(entries)


def _tex(text: str) -> str:
    """Data text made literal inside a BibTeX braced field, on one line.

    BibTeX and biber count braces even after a backslash, so ``\\}`` alone would end a field early
    and let the rest of the text add fields: each brace becomes ``\\ensuremath{\\lbrace}`` (or
    ``\\rbrace``), whose own braces always pair and which LaTeX and LaTeX decoders read as the brace.
    The other characters special to TeX are escaped the usual way.
    """
    replacements = {
        "\\": r"\textbackslash{}",
        "{": r"\ensuremath{\lbrace}",
        "}": r"\ensuremath{\rbrace}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
    return "".join(replacements.get(ch, ch) for ch in visible(text))


#: Characters a URL may hold as they are in a BibTeX ``url`` field (read verbatim by biblatex and
#: the url package); anything else (braces, backslash, space, quotes, controls, non-ASCII) is
#: percent-encoded, which names the same resource and can neither unbalance the field nor end it.
_URL_SAFE = "!#$%&'()*+,/:;=?@[]~-._"


def _bib_url(url: str) -> str:
    return quote(url, safe=_URL_SAFE)


def export(events: Sequence[Event], timeline: Timeline, info: ExportInfo, *, fmt: str = "bibtex") -> str:
    """``--format bibtex``: the sources the events cite."""
    return to_bibtex(cited_sources(events, timeline))
