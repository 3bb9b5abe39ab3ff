"""CSL-JSON: one item per cited source, the bibliography format Zotero, pandoc and citeproc read.

Items follow the CSL 1.0.2 data schema (``csl-data.json``): ``type`` from the source's kind,
``title``, the publisher as ``publisher`` (or as ``container-title`` for a news article or a web
page, where it names the paper or the site), ``genre`` (the kind as written) for a report or a
document, the UN document symbol as ``number``, ``issued`` and ``accessed`` as ``date-parts`` at
exactly the precision known (``[[2014]]``, ``[[2014, 2]]`` or ``[[2014, 2, 17]]``) and ``URL``.
Text is kept exactly; JSON's own escaping makes any character safe.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from dprk_rights.model.dates import PartialDate
from dprk_rights.model.records import Event, Source
from dprk_rights.model.shapes import dumps

from .common import cited_sources

if TYPE_CHECKING:
    from dprk_rights.timeline import Timeline

    from . import ExportInfo

#: A source's kind (free text in the timeline) to a CSL item type: the first rule whose words
#: occur in the kind, as whole words and ignoring case, wins. A press release is a ``report``
#: (as Zotero and APA file one), checked before ``news`` so that "news release" is one too.
KIND_RULES: tuple[tuple[str, str], ...] = (
    (r"press release|news release|media release", "report"),
    (r"journal", "article-journal"),
    (r"magazine", "article-magazine"),
    (r"news|newspaper|wire|editorial|op-ed|article", "article-newspaper"),
    (r"blog", "post-weblog"),
    (r"web ?page|web ?site|dispatch|page", "webpage"),
    (r"data ?set|database|data", "dataset"),
    (r"interview", "interview"),
    (r"broadcast|video|radio|television|tv|podcast", "broadcast"),
    (r"speech|remarks|address", "speech"),
    (r"treaty|convention", "treaty"),
    (r"law|act|legislation|statute", "legislation"),
    (r"hearing", "hearing"),
    (r"thesis|dissertation", "thesis"),
    (r"book", "book"),
    (r"report|document|brief|outlook|resolution|statement|letter|submission|decision|note|record", "report"),
)
_KIND_PATTERNS = tuple((re.compile(rf"\b(?:{words})\b", re.IGNORECASE), kind) for words, kind in KIND_RULES)
#: Types whose publisher is the periodical or site the item appeared in, not its publisher.
CONTAINED = frozenset({"article-journal", "article-magazine", "article-newspaper", "post-weblog", "webpage"})
#: Types for which the kind as written says what the item is (``UN press release``, ``NGO report``).
WITH_GENRE = frozenset({"report", "document", "dataset", "speech"})


def csl_type(kind: str) -> str:
    """The CSL item type of a source of this kind; ``document`` (CSL's generic type) for one no rule knows."""
    return next((csl for pattern, csl in _KIND_PATTERNS if pattern.search(kind)), "document")


def date_parts(date: PartialDate) -> dict[str, object]:
    """A CSL date at exactly the date's precision: year, year and month, or the day."""
    parts = [date.year] + ([date.month] if date.month is not None else [])
    parts += [date.day] if date.month is not None and date.day is not None else []
    value: dict[str, object] = {"date-parts": [parts]}
    if date.qualifier:  # uncertain or approximate: CSL has only "circa" for either
        value["circa"] = True
    return value


def to_csl_item(source: Source) -> dict[str, object]:
    """One source as a CSL-JSON item, keyed by its source id."""
    item_type = csl_type(source.kind)
    item: dict[str, object] = {"id": source.id, "type": item_type, "title": source.title}
    item["container-title" if item_type in CONTAINED else "publisher"] = source.publisher
    if item_type in WITH_GENRE:
        item["genre"] = source.kind
    if source.symbol:
        item["number"] = source.symbol
    if source.published:
        item["issued"] = date_parts(source.published)
    if source.accessed:
        item["accessed"] = date_parts(source.accessed)
    if source.url:
        item["URL"] = source.url
    return item


def export(events: Sequence[Event], timeline: Timeline, info: ExportInfo, *, fmt: str = "csl-json") -> str:
    """``--format csl-json``: the sources the events cite, as a CSL-JSON list (a bare list: no header)."""
    return dumps([to_csl_item(source) for source in cited_sources(events, timeline)]) + "\n"
