"""CSV: one row per event, UTF-8, for spreadsheets (no cell can start a formula)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from dprk_rights.model.records import Event, vote_text
from dprk_rights.model.shapes import event_to_dict

from .common import LIST_SEPARATOR, dispute_line, source_label

if TYPE_CHECKING:
    from dprk_rights.timeline import Timeline

    from . import ExportInfo


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
        shape = event_to_dict(event, timeline.source)
        cited = [(i, timeline.source(i)) for i in event.source_ids]
        row: dict[str, object] = {**shape}
        row |= {
            "tags": LIST_SEPARATOR.join(event.tags),
            "actors": LIST_SEPARATOR.join(event.actors),
            "sources": LIST_SEPARATOR.join(event.source_ids),
            "citations": "\n".join(f'{c.source}: "{c.quote}"' for c in event.citations),
            "disputed": "yes" if event.disputes else "no",
            "disputes": "\n".join(dispute_line(d.source, d.claim, d.note) for d in event.disputes),
            "note": event.note or "",
            "symbol": event.symbol or "",
            "vote": vote_text(event.vote),
            "source_titles": "\n".join(f"{i}: {source_label(s)}" for i, s in cited),
            "source_urls": "\n".join(f"{i}: {s.url if s and s.url else ''}".rstrip() for i, s in cited),
        }
        writer.writerow([spreadsheet_safe("" if row[column] is None else str(row[column])) for column in CSV_COLUMNS])
    return "\ufeff" + buffer.getvalue()


def spreadsheet_safe(cell: str) -> str:
    """The cell with an apostrophe before a first character a spreadsheet would run as a formula."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r", "\n") else cell


def export(events: Sequence[Event], timeline: Timeline, info: ExportInfo, *, fmt: str = "csv") -> str:
    """``--format csv``."""
    return to_csv(events, timeline)
