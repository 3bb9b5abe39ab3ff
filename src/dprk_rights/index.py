"""The full-text index of a store: SQLite FTS5 rows of events, and the words used to correct typos.

Each event is one row of the ``doc`` table, with a column per field so BM25 can weight a match in
a title above one in a quote; the ``porter unicode61 remove_diacritics 2`` tokenizer makes
matching insensitive to case, accents and common endings. The index keeps no copy of the text
(``content=''``): highlights are computed for the few events shown, in a small table of their own.
A second table of unstemmed words feeds the vocabulary that spelling correction compares against.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
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

    def ranked(
        self, clauses: list[str], typed: list[str], excluded: list[str], *, by_date: bool = False
    ) -> Iterator[tuple[int, float, tuple[bool, ...]]]:
        """(rowid, BM25 score, which clauses matched) of every event matching some clause and no exclusion.

        Best first: events matching more clauses, then more of them as typed, then higher BM25,
        then newer; or in date order with ``by_date``. The ranking is one SQL statement, so only
        the rows read are brought into Python, however many events match.
        """
        weights = ", ".join(str(w) for w in WEIGHTS)
        # One membership test per distinct expression, computed once (MATERIALIZED): a clause typed
        # without equivalents reuses its own test as its "as typed" test.
        tests = list(dict.fromkeys([*clauses, *typed]))
        columns = ", ".join(
            f"(m.rowid IN (SELECT rowid FROM doc WHERE doc MATCH ?)) AS t{i}" for i in range(len(tests))
        )
        matched = " + ".join(f"t{tests.index(c)}" for c in clauses)
        exact = " + ".join(f"t{tests.index(c)}" for c in typed)
        where = " AND ".join("f.rowid NOT IN (SELECT rowid FROM doc WHERE doc MATCH ?)" for _ in excluded)
        by_relevance = f"({matched}) DESC, ({exact}) DESC, f.score DESC, o.sort DESC, f.rowid DESC"
        sql = (
            f"WITH m AS (SELECT rowid, -bm25(doc, {weights}) AS score FROM doc WHERE doc MATCH ?),"
            f" f AS MATERIALIZED (SELECT m.rowid, m.score, {columns} FROM m)"
            f" SELECT f.rowid, f.score, {', '.join(f't{tests.index(c)}' for c in clauses)}"
            f" FROM f JOIN ordering o ON o.position = f.rowid {'WHERE ' + where if where else ''}"
            f" ORDER BY {'o.sort, f.rowid' if by_date else by_relevance}"
        )
        any_clause = " OR ".join(f"({c})" for c in clauses)
        for rowid, score, *matched_flags in self.connection.execute(sql, [any_clause, *tests, *excluded]):
            yield rowid, score, tuple(bool(flag) for flag in matched_flags)

    def count(self, expression: str, excluded: list[str]) -> int:
        """How many events match ``expression`` and none of the exclusions."""
        where = "".join(" AND rowid NOT IN (SELECT rowid FROM doc WHERE doc MATCH ?)" for _ in excluded)
        sql = f"SELECT count(*) FROM doc WHERE doc MATCH ?{where}"
        return int(self.connection.execute(sql, [expression, *excluded]).fetchone()[0])

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
