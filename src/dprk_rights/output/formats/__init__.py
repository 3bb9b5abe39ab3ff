"""Exports of a selection of events: JSON, JSON Lines, CSV, Markdown, BibTeX, iCalendar, TimelineJS, HTML.

Every exporter is a pure function from events (already filtered and in order)
to text; :func:`~dprk_rights.files.write_atomically` puts the text in a file without
ever leaving a half-written one behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from dprk_rights.model.records import Event

from .csv_rows import CSV_COLUMNS as CSV_COLUMNS

if TYPE_CHECKING:
    from dprk_rights.timeline import Timeline

FORMATS = ("json", "jsonl", "csv", "markdown", "bibtex", "ics", "timelinejs", "html")


def export(fmt: str, events: Sequence[Event], timeline: Timeline, *, generator: str) -> str:
    """The events in format ``fmt`` (one of FORMATS). ``generator`` names the tool and version.

    Only the module of the format asked for is imported.
    """
    if fmt in ("json", "jsonl"):
        from .json_lines import to_json, to_jsonl

        return (to_json if fmt == "json" else to_jsonl)(events, timeline)
    if fmt == "csv":
        from .csv_rows import to_csv

        return to_csv(events, timeline)
    if fmt == "markdown":
        from .markdown import to_markdown

        return to_markdown(events, timeline)
    if fmt == "bibtex":
        from .bibtex import to_bibtex
        from .common import cited_sources

        return to_bibtex(cited_sources(events, timeline))
    if fmt == "ics":
        from .ics import to_ics

        return to_ics(events, timeline, generator=generator)
    if fmt == "timelinejs":
        from .timelinejs import to_timelinejs

        return to_timelinejs(events, timeline)
    if fmt == "html":
        from .html_page import to_html

        return to_html(events, timeline, generator=generator)
    raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
