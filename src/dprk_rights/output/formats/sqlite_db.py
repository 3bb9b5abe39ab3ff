"""SQLite: a clean, documented database of the selected events, for Datasette, DuckDB or ``sqlite3``.

Not the cache's internal format: a published one (README, "export"), whose schema below is
its documentation (SQLite keeps each ``CREATE`` statement with its comments, so Datasette's
schema view and ``.schema`` in ``sqlite3`` show them). Full-text search is set up exactly as
sqlite-utils' ``enable_fts(..., create_triggers=True)`` does it, so Datasette finds it: an FTS5
table ``events_fts`` with ``content="events"`` (external content, keyed by the events' rowid),
kept in step by the triggers ``events_ai``, ``events_ad`` and ``events_au``.

The database is built in a temporary file and returned as bytes: the caller writes it atomically.
For the same data and ``SOURCE_DATE_EPOCH`` the bytes are the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from typing import TYPE_CHECKING

from dprk_rights.model.dates import PartialDate
from dprk_rights.model.records import WITHOUT_A_VOTE, Event, Source, Vote

if TYPE_CHECKING:
    from dprk_rights.timeline import Timeline

    from . import ExportInfo

#: ``PRAGMA user_version`` of the database: raised whenever a table or column changes meaning.
SCHEMA_VERSION = 1

#: The columns of ``events`` that ``events_fts`` indexes.
FTS_COLUMNS = ("title", "summary")

SCHEMA = """\
CREATE TABLE export_info ( -- what the file is and where it came from, one row per key
  key TEXT PRIMARY KEY,     -- generator, data_version, generated, schema_version
  value TEXT NOT NULL
);
CREATE TABLE sources ( -- the documents cited (or disputed from) by the exported events
  id TEXT PRIMARY KEY,  -- the source's slug, e.g. hrw-2016
  title TEXT NOT NULL,
  publisher TEXT NOT NULL,
  published TEXT,       -- as precise as known: YYYY, YYYY-MM or YYYY-MM-DD; NULL when undated
  published_start TEXT, -- the first day "published" can mean (ISO 8601), NULL when undated
  published_end TEXT,   -- the last day it can mean
  kind TEXT NOT NULL,   -- e.g. "NGO country brief", "UN resolution"
  url TEXT,
  symbol TEXT,          -- its UN document symbol, e.g. A/HRC/25/63
  accessed TEXT,        -- when the copy quoted was read (YYYY, YYYY-MM or YYYY-MM-DD)
  note TEXT             -- how the curators dated or identified it
);
CREATE TABLE events ( -- one row per event, in date order (rowid 1 is the earliest)
  id TEXT PRIMARY KEY,  -- the event's slug: dprk show ID
  date TEXT NOT NULL,   -- as written (EDTF): 2014-12-22, 2014-12, 2014~, 2013/2015, 2023-08/.., ../2024-10
  precision TEXT NOT NULL, -- year, month or day (of the start, or of the end when the start is open)
  start TEXT,           -- the first day the date can mean (ISO 8601); NULL when the start is open
  end TEXT,             -- the last day the date can mean; NULL when the end is open
  through TEXT,         -- for an open end: the latest publication date of the citing sources
  span_start TEXT NOT NULL, -- the first day the record documents (what --since/--until use)
  span_end TEXT NOT NULL,   -- the last day the record documents
  title TEXT NOT NULL,
  summary TEXT NOT NULL,
  disputed INTEGER NOT NULL, -- 1 when a source disagrees (see disputes), else 0
  symbol TEXT,          -- the UN document symbol of the act itself, e.g. A/RES/60/173
  vote TEXT,            -- 88-21-60 (for-against-abstaining), "without a vote", or NULL when none is recorded
  vote_for INTEGER,
  vote_against INTEGER,
  vote_abstain INTEGER,
  note TEXT             -- how the curators dated it, or what is inferred
);
CREATE TABLE citations ( -- each event's sources, each with a verbatim quote of at most 25 words
  event TEXT NOT NULL REFERENCES events(id),
  position INTEGER NOT NULL, -- 1 for the event's first citation
  source TEXT NOT NULL REFERENCES sources(id),
  quote TEXT NOT NULL,
  PRIMARY KEY (event, position)
);
CREATE TABLE tags ( -- the event's tags (vocabulary: data/tags.yaml)
  event TEXT NOT NULL REFERENCES events(id),
  tag TEXT NOT NULL,
  PRIMARY KEY (event, tag)
);
CREATE TABLE actors ( -- who acted or was acted upon
  event TEXT NOT NULL REFERENCES events(id),
  actor TEXT NOT NULL,
  PRIMARY KEY (event, actor)
);
CREATE TABLE disputes ( -- what a source claims against the event as recorded
  event TEXT NOT NULL REFERENCES events(id),
  position INTEGER NOT NULL, -- 1 for the event's first dispute
  source TEXT NOT NULL REFERENCES sources(id),
  claim TEXT NOT NULL,
  note TEXT,               -- the curators' note on it
  PRIMARY KEY (event, position)
);
CREATE INDEX citations_source ON citations(source);
CREATE INDEX tags_tag ON tags(tag);
CREATE INDEX actors_actor ON actors(actor);
CREATE INDEX disputes_source ON disputes(source);
CREATE INDEX events_span ON events(span_start, span_end);
"""


def fts_schema(table: str = "events", columns: Sequence[str] = FTS_COLUMNS) -> str:
    """The full-text index and its triggers, written as sqlite-utils' ``enable_fts`` writes them."""
    listed = ", ".join(f'"{c}"' for c in columns)
    new = ", ".join(f'new."{c}"' for c in columns)
    old = ", ".join(f'old."{c}"' for c in columns)
    fts = f'"{table}_fts"'
    return f"""\
CREATE VIRTUAL TABLE {fts} USING FTS5 (
    {listed},
    content="{table}"
);
CREATE TRIGGER "{table}_ai" AFTER INSERT ON "{table}" BEGIN
  INSERT INTO {fts} (rowid, {listed}) VALUES (new.rowid, {new});
END;
CREATE TRIGGER "{table}_ad" AFTER DELETE ON "{table}" BEGIN
  INSERT INTO {fts} ({fts}, rowid, {listed}) VALUES('delete', old.rowid, {old});
END;
CREATE TRIGGER "{table}_au" AFTER UPDATE ON "{table}" BEGIN
  INSERT INTO {fts} ({fts}, rowid, {listed}) VALUES('delete', old.rowid, {old});
  INSERT INTO {fts} (rowid, {listed}) VALUES (new.rowid, {new});
END;
"""


def _day(date: PartialDate | None, end: bool = False) -> str | None:
    if date is None:
        return None
    return (date.end if end else date.start).isoformat()


def _vote_columns(vote: Vote | str | None) -> tuple[str | None, int | None, int | None, int | None]:
    if isinstance(vote, Vote):
        return str(vote), vote.in_favour, vote.against, vote.abstaining
    return (WITHOUT_A_VOTE if vote == WITHOUT_A_VOTE else None), None, None, None


def referenced_sources(events: Sequence[Event], timeline: Timeline) -> list[Source]:
    """The sources the events cite or report a dispute from, in the timeline's order."""
    wanted = {s for e in events for s in e.source_ids} | {d.source for e in events for d in e.disputes}
    return [s for s in timeline.sources if s.id in wanted]


def _source_row(source: Source) -> tuple[object, ...]:
    published = source.published
    return (
        source.id,
        source.title,
        source.publisher,
        str(published) if published else None,
        _day(published),
        _day(published, end=True),
        source.kind,
        source.url,
        source.symbol,
        str(source.accessed) if source.accessed else None,
        source.note,
    )


def _event_row(rowid: int, event: Event) -> tuple[object, ...]:
    date = event.date
    first_day, last_day = date.span()
    return (
        rowid,
        event.id,
        date.text,
        date.precision,
        date.start.isoformat() if date.start else None,
        date.end.isoformat() if date.end else None,
        str(date.through) if date.through else None,
        first_day.isoformat(),
        last_day.isoformat(),
        event.title,
        event.summary,
        int(event.disputed),
        event.symbol,
        *_vote_columns(event.vote),
        event.note,
    )


def write_database(path: str, events: Sequence[Event], timeline: Timeline, info: ExportInfo) -> None:
    """Create the database at ``path`` (a new file) holding ``events`` and the sources they refer to."""
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA journal_mode = OFF")  # a scratch file: it is only ever read once complete
        connection.executescript(SCHEMA + fts_schema())
        generated = info.generated.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        with connection:
            connection.executemany(
                "INSERT INTO export_info VALUES (?, ?)",
                [
                    ("generator", info.generator),
                    ("data_version", info.data_version),
                    ("generated", generated),
                    ("schema_version", str(SCHEMA_VERSION)),
                ],
            )
            connection.executemany(
                "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                map(_source_row, referenced_sources(events, timeline)),
            )
            connection.executemany(
                "INSERT INTO events (rowid, id, date, precision, start, end, through, span_start, span_end, title,"
                " summary, disputed, symbol, vote, vote_for, vote_against, vote_abstain, note)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (_event_row(rowid, event) for rowid, event in enumerate(events, start=1)),
            )
            connection.executemany(
                "INSERT INTO citations VALUES (?, ?, ?, ?)",
                ((e.id, i, c.source, c.quote) for e in events for i, c in enumerate(e.citations, start=1)),
            )
            connection.executemany(
                "INSERT INTO tags VALUES (?, ?)", ((e.id, t) for e in events for t in dict.fromkeys(e.tags))
            )
            connection.executemany(
                "INSERT INTO actors VALUES (?, ?)", ((e.id, a) for e in events for a in dict.fromkeys(e.actors))
            )
            connection.executemany(
                "INSERT INTO disputes VALUES (?, ?, ?, ?, ?)",
                ((e.id, i, d.source, d.claim, d.note) for e in events for i, d in enumerate(e.disputes, start=1)),
            )
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    finally:
        connection.close()


def export(events: Sequence[Event], timeline: Timeline, info: ExportInfo, *, fmt: str = "sqlite") -> bytes:
    """``--format sqlite``: the database file's bytes (built in a temporary folder, removed after)."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory(prefix="dprk-sqlite-") as folder:
        path = Path(folder) / "export.db"
        write_database(str(path), events, timeline, info)
        return path.read_bytes()
