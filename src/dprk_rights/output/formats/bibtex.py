"""BibTeX: one entry per cited source, readable by classic BibTeX and by biblatex/biber.

Dates are written both ways at the precision known: ``year`` and ``month`` for BibTeX styles,
and biblatex's ``date`` (``2014``, ``2014-02`` or ``2014-02-17``, ISO 8601 as biblatex reads it);
the date accessed is biblatex's ``urldate``. ``note`` holds what a reader needs to find a UN
document, its symbol (``UN Doc. A/HRC/25/63``), and nothing for another source. A leading
``@comment`` names the tool and the data version.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import quote

from dprk_rights.model.dates import MONTH_ABBREVIATIONS, PartialDate
from dprk_rights.model.records import Event, Source
from dprk_rights.text import visible

from .common import cited_sources

if TYPE_CHECKING:
    from dprk_rights.timeline import Timeline

    from . import ExportInfo


def to_bibtex(sources: Sequence[Source], header: str = "") -> str:
    """BibTeX ``@misc`` entries for the sources, keyed by source id; corporate authors braced.

    ``header``, when given, is written first as an ``@comment``."""
    entries = [f"@comment{{{_tex(header)}}}\n"] if header else []
    for source in sources:
        fields = [("author", "{" + _tex(source.publisher) + "}"), ("title", "{" + _tex(source.title) + "}")]
        if source.published:
            fields.append(("year", str(source.published.year)))
            if source.published.month:
                fields.append(("month", MONTH_ABBREVIATIONS[source.published.month].lower()))
            fields.append(("date", _iso(source.published)))
        fields.append(("howpublished", _tex(source.kind[:1].upper() + source.kind[1:])))
        if source.url:
            fields.append(("url", _bib_url(source.url)))
        if source.accessed:
            fields.append(("urldate", _iso(source.accessed)))
        if source.symbol:
            fields.append(("note", "UN Doc. " + _tex(source.symbol)))
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


def _iso(date: PartialDate) -> str:
    """The date as biblatex's ``date`` and ``urldate`` take it: ``2014``, ``2014-02`` or ``2014-02-17``
    (ISO 8601-2, so a qualified ``2014~`` or ``2014?`` is read as approximate or uncertain)."""
    return str(date)


def export(events: Sequence[Event], timeline: Timeline, info: ExportInfo, *, fmt: str = "bibtex") -> str:
    """``--format bibtex``: the sources the events cite, after a comment naming the data version."""
    header = f"Exported by {info.generator} from the dprk-rights timeline, data version {info.data_version}"
    return to_bibtex(cited_sources(events, timeline), header)
