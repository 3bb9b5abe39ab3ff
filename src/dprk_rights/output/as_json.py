"""JSON output of the commands beyond an event's own shape (:mod:`dprk_rights.model.shapes`): search
hits, sources with their citations, vote rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TypedDict

from dprk_rights.model.records import Source
from dprk_rights.model.shapes import EventJSON, SourceJSON, SourceLookup, VoteJSON, source_fields, vote_to_json

# The command line hands this module to --json shapes: an event's shape and the writer come with it.
from dprk_rights.model.shapes import dumps as dumps
from dprk_rights.model.shapes import event_to_dict as event_to_dict

if TYPE_CHECKING:
    from dprk_rights.curate.validate import QuoteCheck
    from dprk_rights.query.search import Hit
    from dprk_rights.query.votes import VoteRow
    from dprk_rights.timeline import Timeline


class MatchedJSON(TypedDict):
    """Which query terms a hit matched and missed, and in which fields."""

    terms: list[str]
    missed: list[str]
    fields: list[str]


class HitExtraJSON(TypedDict):
    """The keys a search hit adds after its event's own."""

    score: float
    partial: bool
    matched: MatchedJSON
    corrected: dict[str, str]


class HitJSON(EventJSON, HitExtraJSON):
    """A search hit: ``search --json``."""


class SourceCountJSON(SourceJSON):
    """A source with the number of events citing it: ``sources --json``."""

    events: int


class CitingJSON(TypedDict):
    """One quote of a source, in the event that cites it."""

    event: str
    date: str
    title: str
    quote: str


class SourceDetailJSON(SourceCountJSON):
    """A source with every quote of it: ``sources ID --json``."""

    citations: list[CitingJSON]


class VoteRowJSON(TypedDict):
    """A row of ``votes --json``."""

    id: str
    date: str
    body: str
    symbol: str | None
    title: str
    vote: VoteJSON | str | None


def hit_to_dict(hit: Hit, corrections: dict[str, str] | None, source: SourceLookup) -> HitJSON:
    """A search hit: the event, its ``score``, whether it is a ``partial`` match, what ``matched``
    (query terms, terms ``missed``, fields) and the spelling corrections applied to the query."""
    return HitJSON(**event_to_dict(hit.event, source), **hit_to_dict_extra(hit, corrections))


def hits_json(hits: Sequence[Hit], corrections: dict[str, str] | None, stored: dict[int, str]) -> str:
    """What ``dumps([hit_to_dict(h, ...) for h in hits]) + "\n"`` writes, from each event's stored JSON.

    ``stored`` maps a hit's rowid to its event's text as an element of the ``--json`` list (see
    ``Store.select_json``); the hit's own keys are written after the event's, indented to match,
    so no event is serialized again and no source is read.
    """
    items = []
    for hit in hits:
        extra = dumps(hit_to_dict_extra(hit, corrections))  # "{\n  ...\n}": its lines go 2 deeper
        lines = extra[2:-2].replace("\n", "\n  ")
        items.append(f"{stored[hit.rowid].removesuffix(_ITEM_END)},\n  {lines}{_ITEM_END}")
    return "[\n" + ",\n".join(items) + "\n]\n" if items else "[]\n"


#: How the text of a non-empty object ends as an element of an indented list.
_ITEM_END = "\n  }"


def hit_to_dict_extra(hit: Hit, corrections: dict[str, str] | None) -> HitExtraJSON:
    """The keys a search hit adds to its event's JSON."""
    return {
        "score": hit.score,
        "partial": hit.partial,
        "matched": {"terms": list(hit.terms), "missed": list(hit.missed), "fields": list(hit.fields)},
        "corrected": dict(corrections or {}),
    }


def source_to_dict(source: Source, timeline: Timeline) -> SourceCountJSON:
    """A source as a JSON-ready dict; ``events`` counts the events citing it."""
    return SourceCountJSON(**source_fields(source), events=timeline.citing_count(source.id))


def source_detail_to_dict(source: Source, timeline: Timeline) -> SourceDetailJSON:
    """A source with every citation of it: ``citations`` lists event, date, title and quote."""
    citations = [
        CitingJSON(event=e.id, date=str(e.date), title=e.title, quote=c.quote)
        for e in timeline.events_citing(source.id)
        for c in e.citations
        if c.source == source.id
    ]
    return SourceDetailJSON(**source_to_dict(source, timeline), citations=citations)


def vote_row_to_dict(row: VoteRow) -> VoteRowJSON:
    """A row of ``dprk votes``: ``{id, date, body, symbol, title, vote}``, ``vote`` as in the event's JSON."""
    event = row.event
    return {
        "id": event.id,
        "date": str(event.date),
        "body": row.body,
        "symbol": event.symbol,
        "title": event.title,
        "vote": vote_to_json(event.vote),
    }


# -- shapes built below the output layer, declared here so --json FIELDS can name their keys ----------
# (tests/test_conventions.py checks each against what its command really prints)


class QuoteCheckJSON(TypedDict):
    """One quote of ``sources ID --check --json``: found verbatim in the source's text, or the closest passage."""

    event: str
    quote: str
    found: bool
    closest: str | None


def quote_check_to_dict(check: QuoteCheck) -> QuoteCheckJSON:
    """A quote check as ``sources ID --check --json`` prints it."""
    quote = check.event.citations[check.index].quote
    return QuoteCheckJSON(event=check.event.id, quote=quote, found=check.found, closest=check.closest or None)


class ProblemJSON(TypedDict):
    """A row of ``validate --json`` (``errors.Problem.to_dict``)."""

    file: str
    line: int | None
    column: int | None
    field: str
    message: str
    severity: str


class StatsJSON(TypedDict):
    """``stats --json`` (``query.stats.Stats.to_dict``): counts, each ``by_*`` a name-to-count object."""

    events: int
    disputed: int
    by_year: dict[str, int]
    by_tag: dict[str, int]
    by_actor: dict[str, int]
    by_source: dict[str, int]


class DraftJSON(TypedDict):
    """A row of ``extract --json`` (``curate.extract.draft_to_dict``)."""

    date: str | None
    precision: str | None
    start: str | None
    end: str | None
    date_text: str
    inferred: bool
    line: int
    quote: str
    tags: list[str]
    actors: list[str]
    status: str
    event: str | None
    event_date: str | None
    notes: list[str]


class TagCountJSON(TypedDict):
    tag: str
    events: int


TagCountJSON.__doc__ = "A row of ``tags --json``: a tag in use and how many events have it."


class ActorCountJSON(TypedDict):
    actor: str
    events: int


ActorCountJSON.__doc__ = "A row of ``actors --json``: an actor named and how many events name it."
