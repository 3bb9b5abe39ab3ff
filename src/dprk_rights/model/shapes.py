"""Events and sources to and from their JSON shapes (declared in :mod:`.json_types`).

The same shapes are the cache's rows, the ``--json`` output and the JSON, JSON Lines and CSV
exports; ``output.as_json`` adds the shapes of search hits, sources with their citations and
vote rows. Each is a ``TypedDict``, so mypy checks every place that builds or reads one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from .dates import EventDate, PartialDate
from .records import WITHOUT_A_VOTE, Citation, Dispute, Event, Source, Vote

if TYPE_CHECKING:
    from .json_types import CitationJSON, EventJSON, SourceJSON, VoteJSON

#: Finds a source by id (``Timeline.source``, ``Store.source``, ``dict.get``).
SourceLookup = Callable[[str], Source | None]


def vote_to_json(vote: Vote | str | None) -> VoteJSON | str | None:
    """``{"for": 88, "against": 21, "abstain": 60}``, ``"without a vote"`` or None."""
    if isinstance(vote, Vote):
        return {"for": vote.in_favour, "against": vote.against, "abstain": vote.abstaining}
    return vote


def vote_from_json(value: VoteJSON | str | None) -> Vote | str | None:
    """The vote :func:`vote_to_json` described."""
    if isinstance(value, dict):
        return Vote(value["for"], value["against"], value["abstain"])
    return WITHOUT_A_VOTE if value == WITHOUT_A_VOTE else None


def citation_to_dict(citation: Citation, source: SourceLookup) -> CitationJSON:
    """A citation with what a reader needs to cite it without this tool: the source's title, publisher, url."""
    found = source(citation.source)
    return {
        "source": citation.source,
        "quote": citation.quote,
        "title": found.title if found else None,
        "publisher": found.publisher if found else None,
        "url": found.url if found else None,
    }


def event_to_dict(event: Event, source: SourceLookup) -> EventJSON:
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


def event_from_dict(data: EventJSON) -> Event:
    """The event that :func:`event_to_dict` described."""
    date = EventDate.parse(data["date"])
    through = data.get("through")
    if through:
        date = date._replace(through=PartialDate.parse(through))
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


def source_fields(source: Source) -> SourceJSON:
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


def source_from_dict(data: SourceJSON) -> Source:
    """The source that :func:`source_fields` described."""
    published, accessed = data["published"], data.get("accessed")
    return Source(
        data["id"],
        data["title"],
        data["publisher"],
        PartialDate.parse(published) if published else None,
        data["kind"],
        data["url"],
        data["note"],
        data.get("symbol"),
        PartialDate.parse(accessed) if accessed else None,
    )


def dumps(value: object) -> str:
    """JSON text as the CLI prints it: indented, UTF-8 characters kept as they are."""
    return json.dumps(value, indent=2, ensure_ascii=False)
