"""TimelineJS's Google Sheets template as CSV: one row per event, in exactly the template's columns.

Knight Lab's TimelineJS builds a timeline from a published Google Sheet whose first row names the
columns of its template (and whose first four columns it reads by position). Import this file into
a copy of the template (File > Import, "Replace current sheet"), publish it, and paste its address
into TimelineJS; or keep it as the sheet's source of truth.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from dprk_rights.model.dates import PartialDate
from dprk_rights.model.records import Event

from .timelinejs import group_of, html_text, slide_dates, timelinejs_text

if TYPE_CHECKING:
    from dprk_rights.timeline import Timeline

    from . import ExportInfo


#: The template's columns, in its order (NUKnightLab/TimelineJS3's sample sheets; Google Sheets range A:R).
TEMPLATE_COLUMNS = (
    "Year",
    "Month",
    "Day",
    "Time",
    "End Year",
    "End Month",
    "End Day",
    "End Time",
    "Display Date",
    "Headline",
    "Text",
    "Media",
    "Media Credit",
    "Media Caption",
    "Media Thumbnail",
    "Type",
    "Group",
    "Background",
)
#: What a spreadsheet would run as a formula when a cell starts with it (and leading control characters).
_FORMULA_STARTS = frozenset("=+-@\t\r\n")


def to_timelinejs_csv(events: Sequence[Event], timeline: Timeline) -> str:
    """The header row of the template, then one row per event.

    Dates at their precision: Year, Month and Day are filled as far as the date is known (a year-only
    event has Year alone), End Year, End Month and End Day likewise for an interval (an open end runs
    to the latest publication among its sources, as in the JSON); Time stays empty. Display Date is
    the date as written (``c. 2014``, ``since Aug 2023``); Headline, Text (summary, quotes with their
    sources, disputes) and Group (the UN body) are as in ``--format timelinejs``. Headline, Text and
    Display Date are HTML, as TimelineJS reads them: data text is escaped, and a cell that would start
    with ``=``, ``+``, ``-`` or ``@`` starts with that character's HTML reference instead, so no
    spreadsheet runs it as a formula while TimelineJS shows the same text. UTF-8 without a byte-order
    mark (the first header must be exactly ``Year``), RFC 4180 quoting, CRLF line ends.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(TEMPLATE_COLUMNS)
    for event in events:
        start, end = slide_dates(event)
        row = dict.fromkeys(TEMPLATE_COLUMNS, "")
        row |= _date_cells(start, "")
        if end is not None:
            row |= _date_cells(end, "End ")
        row |= {
            "Display Date": _safe_html(html_text(event.date.human())),
            "Headline": _safe_html(html_text(event.title)),
            "Text": _safe_html(timelinejs_text(event, timeline)),
            "Group": group_of(event),
        }
        writer.writerow(row[column] for column in TEMPLATE_COLUMNS)
    return buffer.getvalue()


def _date_cells(partial: PartialDate, prefix: str) -> dict[str, str]:
    """Year, Month and Day (with ``prefix``), each filled only when the date is known to it."""
    return {
        f"{prefix}Year": str(partial.year),
        f"{prefix}Month": "" if partial.month is None else str(partial.month),
        f"{prefix}Day": "" if partial.day is None else str(partial.day),
    }


def _safe_html(cell: str) -> str:
    """An HTML cell that no spreadsheet reads as a formula: its first character as a character reference."""
    return f"&#{ord(cell[0])};{cell[1:]}" if cell[:1] in _FORMULA_STARTS else cell


def export(events: Sequence[Event], timeline: Timeline, info: ExportInfo, *, fmt: str = "timelinejs-csv") -> str:
    """``--format timelinejs-csv``."""
    return to_timelinejs_csv(events, timeline)
