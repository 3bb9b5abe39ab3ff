"""RIS: one record per cited source, the tagged format every reference manager imports.

Each record is ``TY`` (the type, from the source's kind as for CSL-JSON), ``ID`` (the source
id), ``TI``, the publisher as ``PB`` (or ``T2``, the periodical or site, for a news article or a
web page), ``M3`` (the kind as written), ``PY`` (the year) and ``DA`` (``YYYY/MM/DD/``, at the
precision known: ``2014/02//`` for a month), ``Y2`` (the date accessed), ``M1`` (the UN document
symbol), ``UR`` and ``ER``. Lines are ``TAG  - value`` ending in CRLF, as the RIS specification
writes them. A value is always one line: line breaks, tabs and other control or bidi
characters are shown as escapes (``\\n``), so no data text can start a tag line such as ``ER  -``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from dprk_rights.model.dates import PartialDate
from dprk_rights.model.records import Event, Source
from dprk_rights.text import visible

from .common import cited_sources
from .csl_json import CONTAINED, csl_type

if TYPE_CHECKING:
    from dprk_rights.timeline import Timeline

    from . import ExportInfo

#: CSL item types (see csl_json.KIND_RULES) to RIS reference types; GEN for any other.
RIS_TYPES = {
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "book": "BOOK",
    "broadcast": "VIDEO",
    "dataset": "DATA",
    "hearing": "HEAR",
    "legislation": "STAT",
    "post-weblog": "BLOG",
    "report": "RPRT",
    "thesis": "THES",
    "webpage": "ELEC",
}
NEWLINE = "\r\n"


def ris_date(date: PartialDate) -> str:
    """``YYYY/MM/DD/`` with the parts not known left empty: ``2014///``, ``2014/02//``, ``2014/02/17/``."""
    month = f"{date.month:02d}" if date.month is not None else ""
    day = f"{date.day:02d}" if date.day is not None else ""
    return f"{date.year:04d}/{month}/{day}/"


def to_ris_record(source: Source) -> str:
    """One source as an RIS record, ``TY`` to ``ER``."""
    item_type = csl_type(source.kind)
    tags = [("TY", RIS_TYPES.get(item_type, "GEN")), ("ID", source.id), ("TI", source.title)]
    tags.append(("T2" if item_type in CONTAINED else "PB", source.publisher))
    tags.append(("M3", source.kind))
    if source.published:
        tags.append(("PY", f"{source.published.year:04d}"))
        if source.published.month is not None:
            tags.append(("DA", ris_date(source.published)))
    if source.accessed:
        tags.append(("Y2", ris_date(source.accessed)))
    if source.symbol:
        tags.append(("M1", source.symbol))
    if source.url:
        tags.append(("UR", source.url))
    lines = [f"{tag}  - {visible(value)}" for tag, value in tags]
    return NEWLINE.join([*lines, "ER  - "]) + NEWLINE


def export(events: Sequence[Event], timeline: Timeline, info: ExportInfo, *, fmt: str = "ris") -> str:
    """``--format ris``: the sources the events cite, one RIS record each, separated by a blank line."""
    return NEWLINE.join(to_ris_record(source) for source in cited_sources(events, timeline))
