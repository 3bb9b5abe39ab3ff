"""Knight Lab TimelineJS's JSON: one slide per event."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from dprk_rights.model.dates import PartialDate
from dprk_rights.model.records import Event
from dprk_rights.model.shapes import dumps
from dprk_rights.text import visible_lines

from .common import dispute_line, source_label

if TYPE_CHECKING:
    from dprk_rights.timeline import Timeline

    from . import ExportInfo


def to_timelinejs(events: Sequence[Event], timeline: Timeline) -> str:
    """The JSON that Knight Lab's TimelineJS reads: one slide per event, dates at their precision."""
    slides = []
    for event in events:
        slide: dict[str, object] = {"unique_id": event.id, "start_date": _timelinejs_date(event.date.known)}
        # The documented span, as the filters use it: an open start is placed at its end alone,
        # an open end runs to the latest publication among the citing sources (see EventDate.span).
        if event.date.is_interval and event.date.first is not None:
            start, end = event.date.documented()
            if end is not start:
                slide["end_date"] = _timelinejs_date(end)
        slide |= {
            "display_date": event.date.human(),
            "text": {"headline": _h(event.title), "text": _timelinejs_text(event, timeline)},
            "autolink": False,
        }
        slides.append(slide)
    document = {
        "title": {"text": {"headline": "DPRK human rights timeline", "text": "What happened, when, and who says so."}},
        "events": slides,
    }
    return dumps(document) + "\n"


def _timelinejs_date(partial: PartialDate) -> dict[str, int]:
    """A TimelineJS date object with only the parts the date is known to."""
    parts = {"year": partial.year}
    if partial.month:
        parts["month"] = partial.month
    if partial.day:
        parts["day"] = partial.day
    return parts


def _timelinejs_text(event: Event, timeline: Timeline) -> str:
    parts = [f"<p>{_h(event.summary)}</p>"]
    for citation in event.citations:
        label = _h(source_label(timeline.source(citation.source)))
        parts.append(f"<blockquote>{_h(citation.quote)}</blockquote><p>— {label}</p>")
    for dispute in event.disputes:
        parts.append(
            f"<p><strong>⚠ Disputed:</strong> {_h(dispute_line(dispute.source, dispute.claim, dispute.note))}</p>"
        )
    return "".join(parts)


def _h(text: str) -> str:
    return html.escape(visible_lines(text))


def export(events: Sequence[Event], timeline: Timeline, info: ExportInfo, *, fmt: str = "timelinejs") -> str:
    """``--format timelinejs``."""
    return to_timelinejs(events, timeline)
