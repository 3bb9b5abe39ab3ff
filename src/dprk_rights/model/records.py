r"""The in-memory timeline: immutable records, no I/O.

The records are ``NamedTuple``\ s rather than frozen dataclasses: just as immutable, but much
cheaper to define, which every command pays for at start-up.
"""

from __future__ import annotations

from typing import NamedTuple

from .dates import EventDate, PartialDate

#: A citation quotes its source in at most this many words (the rest is ours to say in our own words).
MAX_QUOTE_WORDS = 25


class Source(NamedTuple):
    """A document the timeline cites; ``id`` is its file name in the sources folder."""

    id: str
    title: str
    publisher: str
    published: PartialDate | None
    kind: str
    url: str | None = None
    note: str | None = None
    symbol: str | None = None
    """Its UN document symbol (``A/RES/60/173``), when it has one."""
    accessed: PartialDate | None = None
    """When the copy the quotes were taken from was read."""


#: What ``vote`` holds for a text adopted without a vote (by consensus).
WITHOUT_A_VOTE = "without a vote"


class Vote(NamedTuple):
    """A recorded vote: members in favour, against and abstaining."""

    in_favour: int
    against: int
    abstaining: int

    def __str__(self) -> str:
        return f"{self.in_favour}-{self.against}-{self.abstaining}"

    @property
    def total(self) -> int:
        return self.in_favour + self.against + self.abstaining


class Citation(NamedTuple):
    """A source reporting an event, with a short verbatim quote from it."""

    source: str
    quote: str


class Dispute(NamedTuple):
    """What one source claims that disagrees with the event as recorded, and our note on it."""

    source: str
    claim: str
    note: str | None = None


class Event(NamedTuple):
    """One dated event, finding or figure, with the citations that report it."""

    id: str
    date: EventDate
    title: str
    summary: str
    citations: tuple[Citation, ...]
    tags: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    disputes: tuple[Dispute, ...] = ()
    note: str | None = None
    symbol: str | None = None
    """The UN document symbol of the act itself (``A/RES/60/173``, ``A/HRC/RES/55/21``, ``2004/13``)."""
    vote: Vote | str | None = None
    """The vote adopting it: a :class:`Vote`, or WITHOUT_A_VOTE; None when no vote is recorded."""

    @property
    def disputed(self) -> bool:
        """True when some source disagrees with the event as recorded."""
        return bool(self.disputes)

    @property
    def source_ids(self) -> tuple[str, ...]:
        """The ids of the cited sources, each once, in citation order."""
        return tuple(dict.fromkeys(c.source for c in self.citations))


class TimelineData:
    """A timeline as plain data: sources and events (in date order), with lookups by id.

    What :meth:`dprk_rights.Timeline.data` returns, and what reading a file builds."""

    __slots__ = ("_events_by_id", "_sources_by_id", "events", "path", "sources")

    def __init__(self, sources: tuple[Source, ...], events: tuple[Event, ...], path: str = "") -> None:
        self.sources = tuple(sources)
        self._sources_by_id = {s.id: s for s in self.sources}
        self.events = tuple(sorted(map(self._reported, events), key=lambda e: e.date.sort_key))
        self.path = path
        self._events_by_id = {e.id: e for e in self.events}

    def __repr__(self) -> str:
        return f"TimelineData({len(self.sources)} sources, {len(self.events)} events, path={self.path!r})"

    def _reported(self, event: Event) -> Event:
        """The event with an open end bounded by its citing sources' publication dates (see EventDate.span)."""
        date = event.date.reported(s.published if (s := self.source(i)) else None for i in event.source_ids)
        return event if date is event.date else event._replace(date=date)

    def source(self, source_id: str) -> Source | None:
        """The source with this id, or None."""
        return self._sources_by_id.get(source_id)

    def event(self, event_id: str) -> Event | None:
        """The event with this id, or None."""
        return self._events_by_id.get(event_id)

    def events_citing(self, source_id: str) -> list[Event]:
        """Events with at least one citation of the source, in date order."""
        return [e for e in self.events if source_id in e.source_ids]

    def citing_count(self, source_id: str) -> int:
        """How many events cite the source."""
        return len(self.events_citing(source_id))

    def tags(self) -> list[str]:
        """Every tag used, sorted."""
        return sorted({t for e in self.events for t in e.tags})

    def actors(self) -> list[str]:
        """Every actor named, sorted."""
        return sorted({a for e in self.events for a in e.actors})


def vote_text(vote: Vote | str | None) -> str:
    """A vote in words: ``88 for, 21 against, 60 abstaining``, ``without a vote``, or empty."""
    if isinstance(vote, Vote):
        return f"{vote.in_favour} for, {vote.against} against, {vote.abstaining} abstaining"
    return vote or ""
