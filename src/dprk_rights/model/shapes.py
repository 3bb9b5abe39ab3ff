"""The JSON shapes of events and sources (documented in README.md, "JSON output")."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from .dates import EventDate, PartialDate
from .records import WITHOUT_A_VOTE, Citation, Dispute, Event, Source, TimelineLike, Vote

if TYPE_CHECKING:
    from dprk_rights.query.search import Hit
    from dprk_rights.query.votes import VoteRow


#: Finds a source by id (``Timeline.source``, ``Store.source``, ``dict.get``).
SourceLookup = Callable[[str], Source | None]


def vote_to_json(vote: Vote | str | None) -> dict[str, int] | str | None:
    """``{"for": 88, "against": 21, "abstain": 60}``, ``"without a vote"`` or None."""
    if isinstance(vote, Vote):
        return {"for": vote.in_favour, "against": vote.against, "abstain": vote.abstaining}
    return vote


def vote_from_json(value: Any) -> Vote | str | None:
    """The vote :func:`vote_to_json` described."""
    if isinstance(value, dict):
        return Vote(value["for"], value["against"], value["abstain"])
    return WITHOUT_A_VOTE if value == WITHOUT_A_VOTE else None


def citation_to_dict(citation: Citation, source: SourceLookup) -> dict[str, Any]:
    """A citation with what a reader needs to cite it without this tool: the source's title, publisher, url."""
    found = source(citation.source)
    return {
        "source": citation.source,
        "quote": citation.quote,
        "title": found.title if found else None,
        "publisher": found.publisher if found else None,
        "url": found.url if found else None,
    }


def event_to_dict(event: Event, source: SourceLookup) -> dict[str, Any]:
    """An event as a JSON-ready dict; ``source`` finds each cited source (for its title, publisher and url)."""
    return {
        "id": event.id,
        "date": str(event.date),
        "precision": event.date.precision,
        "start": event.date.start.isoformat() if event.date.start else None,
        "end": event.date.end.isoformat() if event.date.end else None,
        "through": str(event.date.through) if event.date.through else None,
        "title": event.title,
        "summary": event.summary,
        "tags": list(event.tags),
        "actors": list(event.actors),
        "symbol": event.symbol,
        "vote": vote_to_json(event.vote),
        "citations": [citation_to_dict(c, source) for c in event.citations],
        "disputes": [{"source": d.source, "claim": d.claim, "note": d.note} for d in event.disputes],
        "note": event.note,
    }


def event_from_dict(data: dict[str, Any]) -> Event:
    """The event that :func:`event_to_dict` described."""
    date = EventDate.parse(data["date"])
    if data.get("through"):
        date = date._replace(through=PartialDate.parse(data["through"]))
    return Event(
        id=data["id"],
        date=date,
        title=data["title"],
        summary=data["summary"],
        citations=tuple(Citation(c["source"], c["quote"]) for c in data["citations"]),
        tags=tuple(data["tags"]),
        actors=tuple(data["actors"]),
        disputes=tuple(Dispute(d["source"], d["claim"], d["note"]) for d in data["disputes"]),
        note=data["note"],
        symbol=data.get("symbol"),
        vote=vote_from_json(data.get("vote")),
    )


def source_fields(source: Source) -> dict[str, Any]:
    """A source's own fields, JSON-ready (without the count of citing events)."""
    return {
        "id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "published": str(source.published) if source.published else None,
        "kind": source.kind,
        "url": source.url,
        "symbol": source.symbol,
        "accessed": str(source.accessed) if source.accessed else None,
        "note": source.note,
    }


def source_from_dict(data: dict[str, Any]) -> Source:
    """The source that :func:`source_fields` described."""
    published = PartialDate.parse(data["published"]) if data["published"] else None
    accessed = PartialDate.parse(data["accessed"]) if data.get("accessed") else None
    return Source(
        data["id"],
        data["title"],
        data["publisher"],
        published,
        data["kind"],
        data["url"],
        data["note"],
        data.get("symbol"),
        accessed,
    )


def hit_to_dict(hit: Hit, corrections: dict[str, str] | None, source: SourceLookup) -> dict[str, Any]:
    """A search hit: the event, its ``score``, whether it is a ``partial`` match, what ``matched``
    (query terms, terms ``missed``, fields) and the spelling corrections applied to the query."""
    return event_to_dict(hit.event, source) | hit_to_dict_extra(hit, corrections)


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


def hit_to_dict_extra(hit: Hit, corrections: dict[str, str] | None) -> dict[str, Any]:
    """The keys a search hit adds to its event's JSON."""
    return {
        "score": hit.score,
        "partial": hit.partial,
        "matched": {"terms": list(hit.terms), "missed": list(hit.missed), "fields": list(hit.fields)},
        "corrected": dict(corrections or {}),
    }


def source_to_dict(source: Source, timeline: TimelineLike) -> dict[str, Any]:
    """A source as a JSON-ready dict; ``events`` counts the events citing it."""
    return source_fields(source) | {"events": timeline.citing_count(source.id)}


def source_detail_to_dict(source: Source, timeline: TimelineLike) -> dict[str, Any]:
    """A source with every citation of it: ``citations`` lists event, date, title and quote."""
    detail = source_to_dict(source, timeline)
    detail["citations"] = [
        {"event": e.id, "date": str(e.date), "title": e.title, "quote": c.quote}
        for e in timeline.events_citing(source.id)
        for c in e.citations
        if c.source == source.id
    ]
    return detail


def vote_row_to_dict(row: VoteRow) -> dict[str, Any]:
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


def dumps(value: Any) -> str:
    """JSON text as the CLI prints it: indented, UTF-8 characters kept as they are."""
    return json.dumps(value, indent=2, ensure_ascii=False)
