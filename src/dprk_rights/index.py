"""The full-text index of a store: SQLite FTS5 rows of events, and the words used to correct typos.

Each event is one row of the ``doc`` table, with a column per field so BM25 can weight a match in
a title above one in a quote; the ``porter unicode61 remove_diacritics 2`` tokenizer makes
matching insensitive to case, accents and common endings. The index keeps no copy of the text
(``content=''``): highlights are computed for the few events shown, in a small table of their own.
A second table of unstemmed words feeds the vocabulary that spelling correction compares against.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .dates import MONTH_NAMES
from .model import Event

if TYPE_CHECKING:
    from .model import Timeline
    from .store import Store

COLUMNS = ("title", "summary", "tags", "actors", "quotes", "dated")
#: BM25 weight of a match in each column, in COLUMNS order.
WEIGHTS = (4.0, 2.0, 2.0, 2.0, 1.0, 1.0)
#: Quotes are indexed one per line, in citation order, so a highlight maps back to its citation.
QUOTE_SEPARATOR = "\n"
TOKENIZER = "porter unicode61 remove_diacritics 2"


def event_columns(event: Event) -> tuple[str, ...]:
    """The text of each indexed column for one event, in COLUMNS order."""
    date = event.date.known
    dated = f"{date.year} {MONTH_NAMES[date.month]}" if date.month else str(date.year)
    return (
        event.title,
        event.summary,
        " ".join(tag.replace("-", " ") for tag in event.tags),
        "; ".join(event.actors),
        QUOTE_SEPARATOR.join(c.quote for c in event.citations),
        dated,
    )


class SearchIndex:
    """Full-text search over a store's events; a row's rowid is the event's position in the store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.connection = store.connection
        self._vocabulary: dict[str, int] | None = None

    @classmethod
    def build(cls, timeline: Timeline) -> SearchIndex:
        """Index a timeline in memory (for library use; the command line uses its cache)."""
        from .store import Store

        return Store.from_timeline(timeline).search_index()

    def match(self, expression: str) -> list[tuple[int, float, int]]:
        """(rowid, BM25 score (higher is better), date sort key) of every event matching an FTS5 expression."""
        weights = ", ".join(str(w) for w in WEIGHTS)
        return self.connection.execute(
            f"SELECT doc.rowid, -bm25(doc, {weights}), events.sort FROM doc JOIN events ON events.position = doc.rowid"
            " WHERE doc MATCH ?",
            (expression,),
        ).fetchall()

    def rowids(self, expression: str) -> set[int]:
        """The rowids of events matching an FTS5 expression."""
        return {rowid for (rowid,) in self.connection.execute("SELECT rowid FROM doc WHERE doc MATCH ?", (expression,))}

    def matches_any(self, expression: str) -> bool:
        """True when some event matches."""
        return (
            self.connection.execute("SELECT 1 FROM doc WHERE doc MATCH ? LIMIT 1", (expression,)).fetchone() is not None
        )

    def knows(self, word: str) -> bool:
        """True when the (folded, unstemmed) word occurs in some event."""
        return self.connection.execute("SELECT 1 FROM vocabulary WHERE term = ?", (word,)).fetchone() is not None

    def vocabulary(self) -> dict[str, int]:
        """Every folded word in the indexed text, with the number of events using it."""
        if self._vocabulary is None:
            self._vocabulary = dict(self.connection.execute("SELECT term, doc FROM vocabulary"))
        return self._vocabulary

    def matched_fields(self, expression: str, rowids: list[int]) -> dict[int, tuple[str, ...]]:
        """For each rowid, the columns in which ``expression`` matches (one FTS5 column filter per column)."""
        fields: dict[int, list[str]] = {rowid: [] for rowid in rowids}
        marks = ", ".join("?" * len(rowids))
        for column in COLUMNS:
            rows = self.connection.execute(
                f"SELECT rowid FROM doc WHERE doc MATCH ? AND rowid IN ({marks})",
                (f"{column} : ({expression})", *rowids),
            )
            for (rowid,) in rows:
                fields[rowid].append(column)
        return {rowid: tuple(names) for rowid, names in fields.items()}

    def events(self, rowids: Iterable[int]) -> dict[int, Event]:
        """The events at these rowids."""
        return self.store.events_at(rowids)


def highlight(events: dict[int, Event], expression: str, start: str, end: str) -> dict[int, dict[str, str]]:
    """For each event (by rowid), the columns where ``expression`` matches, with matches marked.

    Runs the expression against a small in-memory index of just these events, so the main index
    need not keep a copy of every text.
    """
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute(f"CREATE VIRTUAL TABLE doc USING fts5({', '.join(COLUMNS)}, tokenize = '{TOKENIZER}')")
        connection.executemany(
            f"INSERT INTO doc (rowid, {', '.join(COLUMNS)}) VALUES (?, {', '.join('?' * len(COLUMNS))})",
            [(rowid, *event_columns(event)) for rowid, event in events.items()],
        )
        calls = ", ".join(f"highlight(doc, {i}, ?, ?)" for i in range(len(COLUMNS)))
        rows = connection.execute(
            f"SELECT rowid, {calls} FROM doc WHERE doc MATCH ?", (*[start, end] * len(COLUMNS), expression)
        ).fetchall()
    finally:
        connection.close()
    return {
        rowid: {name: text for name, text in zip(COLUMNS, texts, strict=True) if start in text}
        for rowid, *texts in rows
    }
