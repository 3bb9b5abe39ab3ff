"""iCalendar (RFC 5545): one all-day entry per event, dates drawn at their precision, reproducible."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from dprk_rights.model.dates import EventDate, PartialDate
from dprk_rights.model.records import Event
from dprk_rights.text import visible_lines

from .common import dispute_line, source_label

if TYPE_CHECKING:
    from dprk_rights.timeline import Timeline

    from . import ExportInfo


def to_ics(
    events: Sequence[Event], timeline: Timeline, *, generator: str, generated: datetime, description: str = ""
) -> str:
    """An iCalendar (RFC 5545) calendar with one all-day VEVENT per event, the same bytes for the same input.

    Nothing depends on the clock: ``DTSTAMP`` is ``generated`` (the export's time, which
    ``SOURCE_DATE_EPOCH`` sets), UIDs are the event ids, and the events keep the order given.

    A date is drawn as what it is (see :func:`_placement`): an event known to the day is that day;
    one known only to the month or the year is ONE all-day entry on its first day, its SUMMARY and
    DESCRIPTION saying so ("2014 (year only)"), never a banner across every day it might have been;
    an interval keeps its span (DTEND is the day after its last, as RFC 5545 requires), an open end
    running to the latest publication among its sources (``EventDate.documented``). An entry whose
    last day is 9999-12-31, whose next day has no DATE form, gets a DURATION in days instead of a DTEND.
    Entries are TRANSPARENT: a record of the past never makes its reader busy.
    """
    stamp = generated.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//dprk-rights//{_ics_text(generator)}//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:DPRK human rights timeline",
        *([f"X-WR-CALDESC:{_ics_text(description)}"] if description else []),
    ]
    for event in events:
        first_day, last_day, label, explanation = _placement(event.date)
        end = (
            f"DTEND;VALUE=DATE:{_ics_date(last_day + timedelta(days=1))}"
            if last_day < date.max
            else f"DURATION:P{(last_day - first_day).days + 1}D"
        )
        description = _plain_description(event, timeline)
        if label:
            description = f"Date: {label}. {explanation}".rstrip() + "\n" + description
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.id}@dprk-rights",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_ics_date(first_day)}",
            end,
            f"SUMMARY:{_ics_text(f'{label}: {event.title}' if label else event.title)}",
            f"DESCRIPTION:{_ics_text(description)}",
            "TRANSP:TRANSPARENT",
        ]
        if event.tags:
            lines.append("CATEGORIES:" + ",".join(_ics_text(t) for t in event.tags))
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


_UNKNOWN = {"year": "month or day", "month": "day"}


def _placement(event_date: EventDate) -> tuple[date, date, str, str]:
    """Where a date goes on a calendar: its first and last day, the label its SUMMARY starts with
    (empty for a plain day) and a sentence saying why it is drawn there.

    A single partial date (an open start documented only at its end, or an open end no source
    outlives, counts as one) is one day: the day itself, or the first day of a month or year, labelled
    ``Feb 2014 (month only)`` or ``2014 (year only)``. Two different documented dates are an interval
    from the first day of the first to the last day of the second.
    """
    first, last = event_date.documented()
    open_note = _open_side_note(event_date)
    if first != last:
        return first.start, last.end, event_date.human(), open_note or ""
    label = event_date.human()
    if first.precision != "day":
        label += f" ({first.precision} only)"
        day_one = PartialDate(first.year, first.month or 1, 1).human()
        where = f"The sources give no {_UNKNOWN[first.precision]}: shown on its first day, {day_one}."
        return first.start, first.start, label, f"{open_note} {where}" if open_note else where
    if not event_date.is_interval and not first.qualifier:
        return first.start, first.start, "", ""
    return first.start, first.start, label, open_note or ""


def _ics_date(day: date) -> str:
    """An RFC 5545 DATE: always eight digits (strftime's %Y drops the zeros of a year below 1000)."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _open_side_note(event_date: EventDate) -> str | None:
    """For an interval with an open side: where the calendar places it, and why (after the date itself)."""
    if event_date.first is None:
        return "The sources give no start: shown at its stated end."
    if event_date.last is not None:
        return None
    start, end = event_date.documented()
    if end is not start:
        return f"Open-ended: shown through {end.human()}, the latest publication among its sources."
    return (
        "Open-ended, and no citing source is dated after its start: shown at its start"
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
    """``--format ics``: reproducible, as ``info.generated`` honours ``SOURCE_DATE_EPOCH``."""
    about = f"Exported by {info.generator} from dprk-rights data {info.data_version}."
    return to_ics(events, timeline, generator=info.generator, generated=info.generated, description=about)
