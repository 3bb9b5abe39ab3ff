"""Ranked full-text search over events, using SQLite FTS5 from the standard library.

Each event is one FTS5 row with separate columns for title, summary, tags,
actors and quotes; BM25 ranks the rows, weighting a match in the title above
one in a quote. The porter stemmer and ``remove_diacritics`` make matching
insensitive to case, accents and common word endings.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from .errors import UsageError
from .model import Event, Timeline
from .query import EventFilter
from .text import fold

# BM25 weights per column, in table order: title, summary, tags, actors, quotes.
_WEIGHTS = (4.0, 2.0, 2.0, 2.0, 1.0)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Hit:
    """A search result: the event and its relevance (higher is better)."""

    event: Event
    score: float


def search(timeline: Timeline, query: str, event_filter: EventFilter | None = None) -> list[Hit]:
    """Events matching any word of ``query``, best match first (newer first on a tie).

    Raises UsageError when the query has no words.
    """
    words = _WORD.findall(fold(query))
    if not words:
        raise UsageError(f"search needs at least one word, got {query!r}")
    match = " OR ".join(f'"{word}"' for word in words)
    weights = ", ".join(str(w) for w in _WEIGHTS)
    connection = _index(timeline)
    try:
        rows = connection.execute(
            f"SELECT rowid, -bm25(doc, {weights}) FROM doc WHERE doc MATCH ?", (match,)
        ).fetchall()
    finally:
        connection.close()
    hits = [Hit(timeline.events[rowid], round(score, 4)) for rowid, score in rows]
    if event_filter is not None:
        hits = [h for h in hits if event_filter.matches(h.event)]
    hits.sort(key=lambda h: (-h.score, [-part for part in h.event.date.sort_key], h.event.id))
    return hits


def _index(timeline: Timeline) -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:")
    connection.execute(
        "CREATE VIRTUAL TABLE doc USING fts5("
        "title, summary, tags, actors, quotes, tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    connection.executemany(
        "INSERT INTO doc (rowid, title, summary, tags, actors, quotes) VALUES (?, ?, ?, ?, ?, ?)",
        (
            (
                rowid,
                event.title,
                event.summary,
                " ".join(event.tags),
                " ; ".join(event.actors),
                " ; ".join(c.quote for c in event.citations),
            )
            for rowid, event in enumerate(timeline.events)
        ),
    )
    return connection
