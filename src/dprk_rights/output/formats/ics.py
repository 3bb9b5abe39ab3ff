"""iCalendar (RFC 5545): one all-day entry per event."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from dprk_rights.model.dates import EventDate
from dprk_rights.model.records import Event
from dprk_rights.text import visible_lines

from .common import dispute_line, source_label

if TYPE_CHECKING:
    from dprk_rights.timeline import Timeline

    from . import ExportInfo


def to_ics(events: Sequence[Event], timeline: Timeline, *, generator: str, now: datetime | None = None) -> str:
    """An iCalendar (RFC 5545) calendar with one all-day VEVENT per event.

    An event known to the day lasts that day; one known to the month or year spans the
    whole month or year (DTEND is the day after, as RFC 5545 requires), and its summary
    starts with the date as written, so no calendar shows a day the sources do not give.
    An interval with an open side spans what the record documents (``EventDate.span``), and
    its description says so. An event ending on 9999-12-31, whose next day has no DATE
    form, gets a DURATION in days instead of a DTEND.
    """
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//dprk-rights//{_ics_text(generator)}//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:DPRK human rights timeline",
    ]
    for event in events:
        exact_day = event.date.precision == "day" and not event.date.is_interval and not event.date.known.qualifier
        prefix = "" if exact_day else f"({event.date.human()}) "
        first_day, last_day = event.date.span()
        end = (
            f"DTEND;VALUE=DATE:{_ics_date(last_day + timedelta(days=1))}"
            if last_day < date.max
            else f"DURATION:P{(last_day - first_day).days + 1}D"
        )
        description = _plain_description(event, timeline)
        if note := _open_side_note(event.date):
            description = f"{note}\n{description}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.id}@dprk-rights",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_ics_date(first_day)}",
            end,
            f"SUMMARY:{_ics_text(prefix + event.title)}",
            f"DESCRIPTION:{_ics_text(description)}",
        ]
        if event.tags:
            lines.append("CATEGORIES:" + ",".join(_ics_text(t) for t in event.tags))
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _ics_date(day: date) -> str:
    """An RFC 5545 DATE: always eight digits (strftime's %Y drops the zeros of a year below 1000)."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _open_side_note(event_date: EventDate) -> str | None:
    """For an interval with an open side: where the calendar places it, and why."""
    if event_date.first is None:
        return f"The sources give no start ({event_date.human()}): shown at its stated end."
    if event_date.last is not None:
        return None
    start, end = event_date.documented()
    if end is not start:
        return (
            f"Open-ended ({event_date.human()}): shown through {end.human()}, the latest publication among its sources."
        )
    return (
        f"Open-ended ({event_date.human()}) and no citing source is dated after its start: shown at its start"
        " (no citing source is dated, or all were published before it)."
    )


def _plain_description(event: Event, timeline: Timeline) -> str:
    """An event as plain text for a calendar: summary, a blank line, each citation and dispute, note, command.

    Line breaks in the data stay (the calendar format escapes them); :func:`_ics_text` shows other
    control and bidi characters as escapes."""
    parts = [event.summary, ""]
    parts += [f'{source_label(timeline.source(c.source))}: "{c.quote}"' for c in event.citations]
    parts += [f"Disputed: {dispute_line(d.source, d.claim, d.note)}" for d in event.disputes]
    if event.note:
        parts.append(f"Note: {event.note}")
    parts.append(f"dprk show {event.id}")
    return "\n".join(parts)


def _ics_text(text: str) -> str:
    """RFC 5545 TEXT escaping of backslash, semicolon, comma and newline (other control characters neutralised)."""
    return visible_lines(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets, never splitting a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    chunks, current, limit = [], "", 75
    for char in line:
        if len((current + char).encode("utf-8")) > limit:
            chunks.append(current)
            current, limit = "", 74  # continuation lines start with a space
        current += char
    chunks.append(current)
    return "\r\n ".join(chunks)


def export(events: Sequence[Event], timeline: Timeline, info: ExportInfo, *, fmt: str = "ics") -> str:
    """``--format ics``."""
    return to_ics(events, timeline, generator=info.generator, now=info.generated)
