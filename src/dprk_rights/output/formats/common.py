"""What several export formats share: the cited sources, a source's label, a dispute's line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from dprk_rights.model.records import Event, Source

if TYPE_CHECKING:
    from dprk_rights.timeline import Timeline


LIST_SEPARATOR = "; "


def cited_sources(events: Sequence[Event], timeline: Timeline) -> list[Source]:
    """The sources the events cite, in the timeline's order."""
    cited = {s for e in events for s in e.source_ids}
    return [s for s in timeline.sources if s.id in cited]


def source_label(source: Source | None) -> str:
    if source is None:
        return "unknown source"
    published = f", {source.published.human()}" if source.published else ""
    return f"{source.publisher}, {source.title}{published}"


def dispute_line(source: str, claim: str, note: str | None) -> str:
    return f"{source} says: {claim}" + (f" Note: {note}" if note else "")
