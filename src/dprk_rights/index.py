"""The search index: events as SQLite FTS5 rows, plus the word list used to correct typos.

One FTS5 row per event, with a column per field so BM25 can weight a match in
a title above one in a quote. The ``porter unicode61 remove_diacritics 2``
tokenizer makes matching insensitive to case, accents and common endings.
"""

from __future__ import annotations

import calendar
import sqlite3
from collections import Counter
from collections.abc import Sequence

from .model import Event, Timeline
from .terms import words

COLUMNS = ("title", "summary", "tags", "actors", "quotes", "dated")
#: BM25 weight of a match in each column, in COLUMNS order.
WEIGHTS = (4.0, 2.0, 2.0, 2.0, 1.0, 1.0)
#: Quotes are stored one per line, in citation order, so a highlight maps back to its citation.
QUOTE_SEPARATOR = "\n"


def event_columns(event: Event) -> tuple[str, ...]:
    """The text of each indexed column for one event, in COLUMNS order."""
    date = event.date.known
    dated = f"{date.year} {calendar.month_name[date.month]}" if date.month else str(date.year)
    return (
        event.title,
        event.summary,
        " ".join(tag.replace("-", " ") for tag in event.tags),
        "; ".join(event.actors),
        QUOTE_SEPARATOR.join(c.quote for c in event.citations),
        dated,
    )


class SearchIndex:
    """Events indexed for full-text search; rowid ``i`` is ``events[i]``."""

    def __init__(self, connection: sqlite3.Connection, events: Sequence[Event]) -> None:
        self.connection = connection
        self.events = events
        self._vocabulary: dict[str, int] | None = None

    @classmethod
    def build(cls, timeline: Timeline) -> SearchIndex:
        """Index a timeline in memory."""
        connection = sqlite3.connect(":memory:")
        create_tables(connection)
        fill_tables(connection, timeline.events)
        return cls(connection, timeline.events)

    def vocabulary(self) -> dict[str, int]:
        """Every folded word in the indexed text, with the number of events using it."""
        if self._vocabulary is None:
            self._vocabulary = dict(self.connection.execute("SELECT word, events FROM vocabulary"))
        return self._vocabulary

    def close(self) -> None:
        self.connection.close()


def create_tables(connection: sqlite3.Connection) -> None:
    """Create the FTS5 table and the vocabulary table."""
    connection.execute(
        f"CREATE VIRTUAL TABLE doc USING fts5({', '.join(COLUMNS)}, tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    connection.execute("CREATE TABLE vocabulary (word TEXT PRIMARY KEY, events INTEGER NOT NULL) WITHOUT ROWID")


def fill_tables(connection: sqlite3.Connection, events: Sequence[Event]) -> None:
    """Insert every event (rowid = position) and count the events using each word."""
    placeholders = ", ".join("?" * (len(COLUMNS) + 1))
    counts: Counter[str] = Counter()
    rows = []
    for rowid, event in enumerate(events):
        columns = event_columns(event)
        rows.append((rowid, *columns))
        counts.update(set(words(" ".join(columns))))
    connection.executemany(f"INSERT INTO doc (rowid, {', '.join(COLUMNS)}) VALUES ({placeholders})", rows)
    connection.executemany("INSERT INTO vocabulary VALUES (?, ?)", counts.items())
