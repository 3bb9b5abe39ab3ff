"""The one description of the cache's tables: their SQL, the full-text table's columns and what each holds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dprk_rights import __version__
from dprk_rights.model.dates import MONTH_NAMES

if TYPE_CHECKING:
    from dprk_rights.model.records import Event

#: Changes whenever what the cache holds or how it is laid out changes.
SCHEMA = f"dprk-rights {__version__} store 8"
#: The columns of the full-text table ``doc``, one per field of an event (``index.event_columns``
#: gives their text, ``index.WEIGHTS`` their BM25 weights), and its tokenizer.
DOC_COLUMNS = ("title", "summary", "tags", "actors", "quotes", "note", "disputes", "dated", "symbol")
DOC_TOKENIZER = "porter unicode61 remove_diacritics 2"
INSERT_DOC = f"INSERT INTO doc (rowid, {', '.join(DOC_COLUMNS)}) VALUES (?{', ?' * len(DOC_COLUMNS)})"


def doc_table(*, contentless: bool) -> str:
    """The statement creating ``doc``; a contentless table keeps no copy of the text it indexes."""
    content = "content = '', " if contentless else ""
    return f"CREATE VIRTUAL TABLE doc USING fts5({', '.join(DOC_COLUMNS)}, {content}tokenize = '{DOC_TOKENIZER}')"


SCHEMA_SQL = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- crc: a checksum of data, checked on every read, so a damaged cache is never printed from.
CREATE TABLE sources (position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, data TEXT NOT NULL,
                      events INTEGER NOT NULL DEFAULT 0, crc INTEGER NOT NULL);
-- data: the event exactly as an element of the `--json` list (indented), which also parses as JSON.
CREATE TABLE events (position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, sort INTEGER NOT NULL,
                     first_day INTEGER NOT NULL, last_day INTEGER NOT NULL, data TEXT NOT NULL,
                     crc INTEGER NOT NULL);
-- Date order alone, narrow, so ranking thousands of search matches by date reads few pages.
CREATE TABLE ordering (position INTEGER PRIMARY KEY, sort INTEGER NOT NULL);
CREATE TABLE citing (source TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (source, position)) WITHOUT ROWID;
{doc_table(contentless=True)};
CREATE VIRTUAL TABLE words USING fts5(text, content = '', tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE vocabulary USING fts5vocab(words, row);
"""

#: Quotes are indexed one per line, in citation order, so a highlight maps back to its citation.
QUOTE_SEPARATOR = "\n"


def event_columns(event: Event) -> tuple[str, ...]:
    """The text of each indexed column for one event, in COLUMNS order."""
    date = event.date.known
    dated = f"{date.year} {MONTH_NAMES[date.month]}" if date.month else str(date.year)
    disputes = [text for d in event.disputes for text in (d.claim, d.note) if text]
    return (
        event.title,
        event.summary,
        " ".join(tag.replace("-", " ") for tag in event.tags),
        "; ".join(event.actors),
        # A line break inside a quote would shift every later quote's place.
        QUOTE_SEPARATOR.join(" ".join(c.quote.splitlines()) for c in event.citations),
        event.note or "",
        "\n".join(disputes),
        dated,
        event.symbol or "",
    )
