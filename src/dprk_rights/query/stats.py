"""Counts over a selection of events: by year, tag, actor and source, and how many are disputed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dprk_rights.model.dates import PartialDate
from dprk_rights.model.records import Event


@dataclass(frozen=True)
class Stats:
    """Event counts; each ``by_*`` list is (name, count) pairs."""

    events: int
    disputed: int
    by_year: list[tuple[int, int]]
    by_tag: list[tuple[str, int]]
    by_actor: list[tuple[str, int]]
    by_source: list[tuple[str, int]]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"events", "disputed", "by_year": {"2014": 7, ...}, "by_tag": {...}, ...}``."""
        return {
            "events": self.events,
            "disputed": self.disputed,
            "by_year": {str(year): count for year, count in self.by_year},
            "by_tag": dict(self.by_tag),
            "by_actor": dict(self.by_actor),
            "by_source": dict(self.by_source),
        }


def compute_stats(events: Sequence[Event], *, since: PartialDate | None = None) -> Stats:
    """Count the events. Years run without gaps from the first to the last (an empty year counts 0);
    the other lists are most frequent first, then alphabetical.

    An event counts once, under the first year of its documented span (``EventDate.span``: an open
    start is placed at its stated end, an open end reaches the latest publication among its sources)
    that the selection includes: the year the span starts, or the year of ``since`` (the ``--since``
    the events were selected with) when it started earlier. It counts once under each tag, actor and
    source it names (a name listed twice in one event still counts once)."""
    floor = since.year if since is not None else 0
    years = Counter(max(e.date.span()[0].year, floor) for e in events)
    by_year = [(year, years[year]) for year in range(min(years), max(years) + 1)] if years else []
    return Stats(
        events=len(events),
        disputed=sum(bool(e.disputes) for e in events),
        by_year=by_year,
        # An event counts once under each name, however often it lists that name.
        by_tag=_ranked(Counter(t for e in events for t in dict.fromkeys(e.tags))),
        by_actor=_ranked(Counter(a for e in events for a in dict.fromkeys(e.actors))),
        by_source=_ranked(Counter(s for e in events for s in e.source_ids)),  # already each once
    )


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
