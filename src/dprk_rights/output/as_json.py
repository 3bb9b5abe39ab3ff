"""JSON output of the commands beyond an event's own shape (:mod:`dprk_rights.model.shapes`): search
hits, sources with their citations, vote rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from dprk_rights.model.records import Source
from dprk_rights.model.shapes import SourceLookup, source_fields, vote_to_json

# The command line hands this module to --json shapes: an event's shape and the writer come with it.
from dprk_rights.model.shapes import dumps as dumps
from dprk_rights.model.shapes import event_to_dict as event_to_dict

if TYPE_CHECKING:
    from dprk_rights.curate.validate import QuoteCheck
    from dprk_rights.model.json_types import (
        CitingJSON,
        HitExtraJSON,
        HitJSON,
        QuoteCheckJSON,
        SourceCountJSON,
        SourceDetailJSON,
        VoteRowJSON,
    )
    from dprk_rights.query.search import Hit
    from dprk_rights.query.votes import VoteRow
    from dprk_rights.timeline import Timeline


def hit_to_dict(hit: Hit, corrections: dict[str, str] | None, source: SourceLookup) -> HitJSON:
    """A search hit: the event, its ``score``, whether it is a ``partial`` match, what ``matched``
    (query terms, terms ``missed``, fields) and the spelling corrections applied to the query."""
    return {**event_to_dict(hit.event, source), **hit_to_dict_extra(hit, corrections)}


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
    return {**source_fields(source), "events": timeline.citing_count(source.id)}


def source_detail_to_dict(source: Source, timeline: Timeline) -> SourceDetailJSON:
    """A source with every citation of it: ``citations`` lists event, date, title and quote."""
    citations: list[CitingJSON] = [
        {"event": e.id, "date": str(e.date), "title": e.title, "quote": c.quote}
        for e in timeline.events_citing(source.id)
        for c in e.citations
        if c.source == source.id
    ]
    return {**source_to_dict(source, timeline), "citations": citations}


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


def quote_check_to_dict(check: QuoteCheck) -> QuoteCheckJSON:
    """A quote check as ``sources ID --check --json`` prints it."""
    quote = check.event.citations[check.index].quote
    return {"event": check.event.id, "quote": quote, "found": check.found, "closest": check.closest or None}
