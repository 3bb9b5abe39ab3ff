"""Knight Lab TimelineJS's JSON: one slide per event."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from dprk_rights.model.dates import PartialDate
from dprk_rights.model.records import Event
from dprk_rights.model.shapes import dumps
from dprk_rights.query.votes import BODIES, body_of
from dprk_rights.text import visible_lines

from .common import dispute_line, source_label

if TYPE_CHECKING:
    from dprk_rights.timeline import Timeline

    from . import ExportInfo


def to_timelinejs(events: Sequence[Event], timeline: Timeline, *, about: str = "") -> str:
    """The JSON that Knight Lab's TimelineJS reads: one slide per event, dates at their precision,
    grouped by the UN body concerned (see :func:`group_of`)."""
    slides = []
    for event in events:
        start, end = slide_dates(event)
        slide: dict[str, object] = {"unique_id": event.id, "start_date": _timelinejs_date(start)}
        if end is not None:
            slide["end_date"] = _timelinejs_date(end)
        slide |= {
            "display_date": event.date.human(),
            "text": {"headline": html_text(event.title), "text": timelinejs_text(event, timeline)},
            "group": group_of(event),
            "autolink": False,
        }
        slides.append(slide)
    document = {
        "title": {
            "text": {
                "headline": "DPRK human rights timeline",
                "text": " ".join(filter(None, ["What happened, when, and who says so.", html.escape(about)])),
            }
        },
        "events": slides,
    }
    return dumps(document) + "\n"


def slide_dates(event: Event) -> tuple[PartialDate, PartialDate | None]:
    """A slide's start and end (None for one date), at their own precision.

    The documented span, as the filters use it: an open start is placed at its end alone, an open
    end runs to the latest publication among the citing sources (see ``EventDate.documented``).
    """
    start, end = event.date.documented()
    return start, (end if end != start else None)


def group_of(event: Event) -> str:
    """The slide's group: the UN body the event concerns (General Assembly, Human Rights Council,
    Commission on Human Rights, Security Council; else Other), read from its document symbol or
    its tags as ``dprk votes`` reads it, so related slides share one band of the timeline."""
    return BODIES.get(body_of(event), "Other")


def _timelinejs_date(partial: PartialDate) -> dict[str, int]:
    """A TimelineJS date object with only the parts the date is known to."""
    parts = {"year": partial.year}
    if partial.month:
        parts["month"] = partial.month
    if partial.day:
        parts["day"] = partial.day
    return parts


def timelinejs_text(event: Event, timeline: Timeline) -> str:
    parts = [f"<p>{html_text(event.summary)}</p>"]
    for citation in event.citations:
        label = html_text(source_label(timeline.source(citation.source)))
        parts.append(f"<blockquote>{html_text(citation.quote)}</blockquote><p>— {label}</p>")
    for dispute in event.disputes:
        line = dispute_line(dispute.source, dispute.claim, dispute.note)
        parts.append(f"<p><strong>⚠ Disputed:</strong> {html_text(line)}</p>")
    return "".join(parts)


def html_text(text: str) -> str:
    """Data text as TimelineJS shows it: HTML-escaped, control and bidi characters made visible."""
    return html.escape(visible_lines(text))


def export(events: Sequence[Event], timeline: Timeline, info: ExportInfo, *, fmt: str = "timelinejs") -> str:
    """``--format timelinejs``, the data version in the title slide's text."""
    return to_timelinejs(events, timeline, about=f"Data: dprk-rights {info.data_version}, via {info.generator}.")
