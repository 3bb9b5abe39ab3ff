"""Exports of a selection of events: JSON, JSON Lines, CSV, Markdown, BibTeX, iCalendar, TimelineJS, HTML.

Every exporter is a pure function from events (already filtered and in order)
to text; :func:`~dprk_rights.files.write_atomically` puts the text in a file without
ever leaving a half-written one behind.
"""

from __future__ import annotations

import calendar
import csv
import html
import io
import json
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from dprk_rights.model.dates import EventDate, PartialDate
from dprk_rights.model.records import Event, Source, vote_text
from dprk_rights.model.shapes import dumps, event_to_dict
from dprk_rights.text import visible, visible_lines

if TYPE_CHECKING:
    from dprk_rights.timeline import Timeline

FORMATS = ("json", "jsonl", "csv", "markdown", "bibtex", "ics", "timelinejs", "html")
#: CSV columns, in order (documented in README.md, "export").
CSV_COLUMNS = (
    "id",
    "date",
    "precision",
    "start",
    "end",
    "through",
    "title",
    "summary",
    "tags",
    "actors",
    "sources",
    "citations",
    "disputed",
    "disputes",
    "note",
    "symbol",
    "vote",
    "source_titles",
    "source_urls",
)
LIST_SEPARATOR = "; "


def export(fmt: str, events: Sequence[Event], timeline: Timeline, *, generator: str) -> str:
    """The events in format ``fmt`` (one of FORMATS). ``generator`` names the tool and version."""
    exporters: dict[str, Callable[[Sequence[Event], Timeline, str], str]] = {
        "json": lambda e, t, g: to_json(e, t),
        "jsonl": lambda e, t, g: to_jsonl(e, t),
        "csv": lambda e, t, g: to_csv(e, t),
        "markdown": lambda e, t, g: to_markdown(e, t),
        "bibtex": lambda e, t, g: to_bibtex(cited_sources(e, t)),
        "ics": lambda e, t, g: to_ics(e, t, generator=g),
        "timelinejs": lambda e, t, g: to_timelinejs(e, t),
        "html": _html,
    }
    return exporters[fmt](events, timeline, generator)


def cited_sources(events: Sequence[Event], timeline: Timeline) -> list[Source]:
    """The sources the events cite, in the timeline's order."""
    cited = {s for e in events for s in e.source_ids}
    return [s for s in timeline.sources if s.id in cited]


def to_json(events: Sequence[Event], timeline: Timeline) -> str:
    """A JSON list of events, the shape of ``dprk timeline --json``."""
    return dumps([event_to_dict(e, timeline.source) for e in events]) + "\n"


def to_jsonl(events: Sequence[Event], timeline: Timeline) -> str:
    """One JSON event per line."""
    return "".join(json.dumps(event_to_dict(e, timeline.source), ensure_ascii=False) + "\n" for e in events)


def to_csv(events: Sequence[Event], timeline: Timeline) -> str:
    """One row per event with a header (see CSV_COLUMNS); UTF-8 with a byte-order mark so spreadsheets detect it.

    Lists are joined with "; "; each citation is a line ``source: "quote"`` within its cell. Like JSON,
    CSV keeps the data's text exactly: a cell holding a separator, quote or line break is quoted, so it
    can never add a row or a column. A cell that a spreadsheet would read as a formula (starting with
    = + - @, a tab or a line break) gets a leading apostrophe.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for event in events:
        row = event_to_dict(event, timeline.source)
        cited = [(i, timeline.source(i)) for i in event.source_ids]
        row |= {
            "tags": LIST_SEPARATOR.join(event.tags),
            "actors": LIST_SEPARATOR.join(event.actors),
            "sources": LIST_SEPARATOR.join(event.source_ids),
            "citations": "\n".join(f'{c.source}: "{c.quote}"' for c in event.citations),
            "disputed": "yes" if event.disputes else "no",
            "disputes": "\n".join(_dispute_line(d.source, d.claim, d.note) for d in event.disputes),
            "note": event.note or "",
            "symbol": event.symbol or "",
            "vote": vote_text(event.vote),
            "source_titles": "\n".join(f"{i}: {_source_label(s)}" for i, s in cited),
            "source_urls": "\n".join(f"{i}: {s.url if s and s.url else ''}".rstrip() for i, s in cited),
        }
        writer.writerow([_spreadsheet_safe("" if row[column] is None else str(row[column])) for column in CSV_COLUMNS])
    return "\ufeff" + buffer.getvalue()


def to_markdown(events: Sequence[Event], timeline: Timeline) -> str:
    """A dated list for a report, each citation a numbered footnote with its source and quote."""
    lines = ["# DPRK human rights timeline", ""]
    notes: list[str] = []
    for event in events:
        refs = ""
        for citation in event.citations:
            notes.append(
                f'[^{len(notes) + 1}]: {_md(_source_label(timeline.source(citation.source)))}: "{_md(citation.quote)}"'
                + _md_url(timeline.source(citation.source))
            )
            refs += f"[^{len(notes)}]"
        adopted = f"adopted {vote_text(event.vote)}" if event.vote else ""
        act = "; ".join(part for part in (event.symbol or "", adopted) if part)
        act = f" ({_md(act)})" if act else ""
        lines.append(f"- **{event.date.human()}**: {_md(event.title)}{act}. {_md(event.summary)}{refs}")
        for dispute in event.disputes:
            lines.append(f"  - ⚠ Disputed: {_md(_dispute_line(dispute.source, dispute.claim, dispute.note))}")
    return "\n".join([*lines, "", *notes]) + "\n"


def to_bibtex(sources: Sequence[Source]) -> str:
    """BibTeX ``@misc`` entries for the sources, keyed by source id; corporate authors braced."""
    entries = []
    for source in sources:
        fields = [("author", "{" + _tex(source.publisher) + "}"), ("title", "{" + _tex(source.title) + "}")]
        if source.published:
            fields.append(("year", str(source.published.year)))
            if source.published.month:
                fields.append(("month", calendar.month_abbr[source.published.month].lower()))
        fields.append(("howpublished", _tex(source.kind[:1].upper() + source.kind[1:])))
        if source.url:
            fields.append(("url", _bib_url(source.url)))
        if source.note:
            fields.append(("note", _tex(source.note)))
        body = ",\n".join(
            f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}" for name, value in fields
        )
        entries.append(f"@misc{{{source.id},\n{body}\n}}\n")
    return "\n".join(entries)


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


def _html(events: Sequence[Event], timeline: Timeline, generator: str) -> str:
    from .html_page import render_html

    noun = "event" if len(events) == 1 else "events"
    return render_html(
        events, timeline, title="DPRK human rights timeline", generated=f"{generator}, {len(events)} {noun}"
    )


def _md_url(source: Source | None) -> str:
    """`` https://...`` after a footnote whose source has an address: escaped text like all data, never a link
    markup could shape (a Markdown renderer may still link it, as it would any address in text)."""
    return f" {_md(source.url)}" if source and source.url else ""


def _source_label(source: Source | None) -> str:
    if source is None:
        return "unknown source"
    published = f", {source.published.human()}" if source.published else ""
    return f"{source.publisher}, {source.title}{published}"


def _dispute_line(source: str, claim: str, note: str | None) -> str:
    return f"{source} says: {claim}" + (f" Note: {note}" if note else "")


def _plain_description(event: Event, timeline: Timeline) -> str:
    """An event as plain text for a calendar: summary, a blank line, each citation and dispute, note, command.

    Line breaks in the data stay (the calendar format escapes them); :func:`_ics_text` shows other
    control and bidi characters as escapes."""
    parts = [event.summary, ""]
    parts += [f'{_source_label(timeline.source(c.source))}: "{c.quote}"' for c in event.citations]
    parts += [f"Disputed: {_dispute_line(d.source, d.claim, d.note)}" for d in event.disputes]
    if event.note:
        parts.append(f"Note: {event.note}")
    parts.append(f"dprk show {event.id}")
    return "\n".join(parts)


def _timelinejs_text(event: Event, timeline: Timeline) -> str:
    parts = [f"<p>{_h(event.summary)}</p>"]
    for citation in event.citations:
        label = _h(_source_label(timeline.source(citation.source)))
        parts.append(f"<blockquote>{_h(citation.quote)}</blockquote><p>— {label}</p>")
    for dispute in event.disputes:
        parts.append(
            f"<p><strong>⚠ Disputed:</strong> {_h(_dispute_line(dispute.source, dispute.claim, dispute.note))}</p>"
        )
    return "".join(parts)


def _h(text: str) -> str:
    return html.escape(visible_lines(text))


def _md(text: str) -> str:
    """Data text made literal in Markdown, on one line (so it can never start a heading, item, quote or
    table row): line breaks and other control or bidi characters shown as escapes, and every character
    that could format, link or make an entity or footnote backslash-escaped."""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in visible(text))


#: ASCII punctuation that Markdown (CommonMark, GFM, footnotes) gives a meaning; escaping any ASCII
#: punctuation with a backslash is always allowed and prints the character itself.
_MARKDOWN_SPECIAL = frozenset("\\`*_[]<>#|~&$!")


def _tex(text: str) -> str:
    """Data text made literal inside a BibTeX braced field, on one line.

    BibTeX and biber count braces even after a backslash, so ``\\}`` alone would end a field early
    and let the rest of the text add fields: each brace becomes ``\\ensuremath{\\lbrace}`` (or
    ``\\rbrace``), whose own braces always pair and which LaTeX and LaTeX decoders read as the brace.
    The other characters special to TeX are escaped the usual way.
    """
    replacements = {
        "\\": r"\textbackslash{}",
        "{": r"\ensuremath{\lbrace}",
        "}": r"\ensuremath{\rbrace}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
    return "".join(replacements.get(ch, ch) for ch in visible(text))


#: Characters a URL may hold as they are in a BibTeX ``url`` field (read verbatim by biblatex and
#: the url package); anything else (braces, backslash, space, quotes, controls, non-ASCII) is
#: percent-encoded, which names the same resource and can neither unbalance the field nor end it.
_URL_SAFE = "!#$%&'()*+,/:;=?@[]~-._"


def _bib_url(url: str) -> str:
    from urllib.parse import quote

    return quote(url, safe=_URL_SAFE)


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


def _spreadsheet_safe(cell: str) -> str:
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r", "\n") else cell
