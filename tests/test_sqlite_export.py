"""`dprk export --format sqlite`: a documented database that sqlite3, sqlite-utils and Datasette open."""

from __future__ import annotations

import asyncio
import json
import os
import re
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import REPO

TABLES = {"export_info", "sources", "events", "citations", "tags", "actors", "disputes", "events_fts"}


def export_db(invoke, path: Path, *args: str) -> sqlite3.Connection:
    result = invoke("export", *args, "-o", str(path))
    assert result.exit_code == 0, result.stderr
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    return connection


def rows(connection: sqlite3.Connection, sql: str, *params: object) -> list[tuple[object, ...]]:
    return [tuple(r) for r in connection.execute(sql, params)]


def test_shipped_data_counts_match_stats(invoke, tmp_path: Path) -> None:
    db = export_db(invoke, tmp_path / "out.db")
    stats = json.loads(invoke("stats", "--json").stdout)
    assert rows(db, "SELECT count(*), sum(disputed) FROM events") == [(stats["events"], stats["disputed"])]
    assert dict(rows(db, "SELECT tag, count(*) FROM tags GROUP BY tag")) == stats["by_tag"]
    assert dict(rows(db, "SELECT actor, count(*) FROM actors GROUP BY actor")) == stats["by_actor"]
    by_source = dict(rows(db, "SELECT source, count(DISTINCT event) FROM citations GROUP BY source"))
    assert by_source == {k: v for k, v in stats["by_source"].items() if v}
    assert rows(db, "SELECT count(*) FROM sources") == [(len(stats["by_source"]),)]
    timeline = json.loads(invoke("timeline", "--json").stdout)
    assert rows(db, "SELECT count(*) FROM citations") == [(sum(len(e["citations"]) for e in timeline),)]
    assert rows(db, "SELECT count(*) FROM disputes") == [(sum(len(e["disputes"]) for e in timeline),)]
    assert [r[0] for r in db.execute("SELECT id FROM events ORDER BY rowid")] == [e["id"] for e in timeline]


def test_tables_foreign_keys_and_header(invoke, tmp_path: Path) -> None:
    db = export_db(invoke, tmp_path / "out.db")
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    assert names >= TABLES
    assert not {n for n in names - TABLES if not n.startswith("events_fts_")}, names  # nothing of the cache
    assert rows(db, "PRAGMA foreign_key_check") == []
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert rows(db, "PRAGMA user_version") == [(1,)]
    links = {(t, r["from"], r["table"], r["to"]) for t in TABLES - {"events_fts"} for r in db.execute(
        f"PRAGMA foreign_key_list({t})"
    )}  # fmt: skip
    assert links == {
        ("citations", "event", "events", "id"),
        ("citations", "source", "sources", "id"),
        ("tags", "event", "events", "id"),
        ("actors", "event", "events", "id"),
        ("disputes", "event", "events", "id"),
        ("disputes", "source", "sources", "id"),
    }
    info = dict(rows(db, "SELECT key, value FROM export_info"))
    version = invoke("--version").stdout
    assert info["data_version"] and f"(data: {info['data_version']})" in version
    assert info["generator"] == version.split(" (")[0]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", info["generated"])
    # The schema documents itself: every column of the published tables carries a comment.
    schema = rows(db, "SELECT sql FROM sqlite_master WHERE name = 'events'")[0][0]
    assert "-- the first day the record documents" in schema


def test_full_text_search_finds_exactly_the_events_using_a_word(invoke, tmp_path: Path) -> None:
    db = export_db(invoke, tmp_path / "out.db")
    for word in ("referral", "abductees", "famine"):
        found = {
            r[0]
            for r in db.execute(
                "SELECT id FROM events WHERE rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)", (word,)
            )
        }
        pattern = re.compile(rf"\b{word}\b", re.IGNORECASE)
        expected = {
            r[0] for r in db.execute("SELECT id, title, summary FROM events") if pattern.search(r[1] + " " + r[2])
        }
        assert found == expected and (found or word == "famine"), word


def test_triggers_keep_the_index_in_step(invoke, tmp_path: Path) -> None:
    db = export_db(invoke, tmp_path / "out.db")
    match = "SELECT e.id FROM events e JOIN events_fts f ON f.rowid = e.rowid WHERE events_fts MATCH ?"
    db.execute(
        "INSERT INTO events (id, date, precision, span_start, span_end, title, summary, disputed)"
        " VALUES ('zz-new', '2030', 'year', '2030-01-01', '2030-12-31', 'Zanzibarish hearing', 'Nothing.', 0)"
    )
    assert rows(db, match, "zanzibarish") == [("zz-new",)]
    db.execute("UPDATE events SET title = 'Quixotic hearing' WHERE id = 'zz-new'")
    assert (rows(db, match, "zanzibarish"), rows(db, match, "quixotic")) == ([], [("zz-new",)])
    db.execute("DELETE FROM events WHERE id = 'zz-new'")
    assert rows(db, match, "quixotic") == []


TIMELINE = textwrap.dedent(
    """\
    sources:
      - id: alpha
        title: "Alpha's report, with a quote \\" and '); DROP TABLE events; --"
        publisher: Alpha Watch
        published: 2015-06
        kind: NGO country brief
        url: https://example.org/alpha
      - id: beta
        title: Beta dispatch
        publisher: Beta News
        published: 2024-03-05
        kind: dispatch
        symbol: A/HRC/25/63
        accessed: 2026-11
      - id: gamma
        title: Gamma notes
        publisher: Gamma
        kind: editorial
      - id: unused
        title: Nobody cites this
        publisher: Delta
        kind: editorial
    events:
      - id: approximate
        date: 2014~
        title: "A title with a tab\\tand a newline\\nand \\x1b[31mcolour"
        summary: Approximately 2014.
        tags: [icc, icc, accountability]
        actors: [UN Security Council]
        vote: {for: 88, against: 21, abstain: 60}
        symbol: A/RES/69/188
        citations:
          - source: alpha
            quote: the commission urged a referral
          - source: beta
            quote: referral to the court was urged
          - source: alpha
            quote: a second quote from alpha
        disputes:
          - source: gamma
            claim: This happened in 2015.
            note: Alpha dates it to 2014.
      - id: open-end
        date: 2023-08/..
        title: Returns since August 2023
        summary: Ongoing.
        vote: without a vote
        citations:
          - source: beta
            quote: since August 2023
      - id: open-start
        date: ../2024-10
        title: Until October 2024
        summary: Up to then.
        note: Dated by the report.
        citations:
          - source: beta
            quote: until October 2024
    """
)


@pytest.fixture
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(TIMELINE, encoding="utf-8")
    monkeypatch.setenv("DPRK_TIMELINE", str(path))
    return path


def test_rows_hold_the_data_exactly(invoke, small: Path, tmp_path: Path) -> None:
    db = export_db(invoke, tmp_path / "small.db")
    events = rows(
        db,
        "SELECT id, date, precision, start, end, through, span_start, span_end, disputed, symbol, vote, vote_for,"
        " vote_against, vote_abstain, note FROM events ORDER BY rowid",
    )
    assert events == [
        ("approximate", "2014~", "year", "2014-01-01", "2014-12-31", None, "2014-01-01", "2014-12-31", 1,
         "A/RES/69/188", "88-21-60", 88, 21, 60, None),
        ("open-end", "2023-08/..", "month", "2023-08-01", None, "2024-03-05", "2023-08-01", "2024-03-05", 0,
         None, "without a vote", None, None, None, None),
        ("open-start", "../2024-10", "month", None, "2024-10-31", None, "2024-10-01", "2024-10-31", 0,
         None, None, None, None, None, "Dated by the report."),
    ]  # fmt: skip
    # Text is stored verbatim (no escaping, no SQL injection), as --json gives it.
    as_json = {e["id"]: e for e in json.loads(invoke("timeline", "--json").stdout)}
    for event_id, title, summary in rows(db, "SELECT id, title, summary FROM events"):
        assert (title, summary) == (as_json[event_id]["title"], as_json[event_id]["summary"])
    assert "\t" in as_json["approximate"]["title"] and "\x1b" in as_json["approximate"]["title"]
    assert rows(db, "SELECT event, position, source, quote FROM citations WHERE event = 'approximate'") == [
        ("approximate", 1, "alpha", "the commission urged a referral"),
        ("approximate", 2, "beta", "referral to the court was urged"),
        ("approximate", 3, "alpha", "a second quote from alpha"),
    ]
    assert rows(db, "SELECT * FROM tags ORDER BY tag") == [("approximate", "accountability"), ("approximate", "icc")]
    assert rows(db, "SELECT * FROM actors") == [("approximate", "UN Security Council")]
    assert rows(db, "SELECT * FROM disputes") == [
        ("approximate", 1, "gamma", "This happened in 2015.", "Alpha dates it to 2014.")
    ]
    # Sources: those cited or disputed from, never one nobody refers to; dates at their precision plus days.
    assert rows(db, "SELECT id, title, published, published_start, published_end, symbol, accessed FROM sources") == [
        ("alpha", "Alpha's report, with a quote \" and '); DROP TABLE events; --", "2015-06", "2015-06-01",
         "2015-06-30", None, None),
        ("beta", "Beta dispatch", "2024-03-05", "2024-03-05", "2024-03-05", "A/HRC/25/63", "2026-11"),
        ("gamma", "Gamma notes", None, None, None, None, None),
    ]  # fmt: skip


def test_a_filtered_export_holds_only_what_its_events_refer_to(invoke, small: Path, tmp_path: Path) -> None:
    db = export_db(invoke, tmp_path / "icc.sqlite", "--tag", "icc")
    assert rows(db, "SELECT id FROM events") == [("approximate",)]
    assert rows(db, "SELECT id FROM sources") == [("alpha",), ("beta",), ("gamma",)]
    assert rows(db, "PRAGMA foreign_key_check") == []
    empty = export_db(invoke, tmp_path / "none.db", "--since", "2090")
    assert rows(empty, "SELECT count(*) FROM events") == [(0,)]
    assert rows(empty, "SELECT count(*) FROM sources") == [(0,)]
    assert rows(empty, "SELECT count(*) FROM events_fts WHERE events_fts MATCH 'anything'") == [(0,)]


@pytest.mark.parametrize("name", ["out.db", "out.sqlite", "OUT.DB"])
def test_the_extension_names_the_format(invoke, small: Path, tmp_path: Path, name: str) -> None:
    result = invoke("export", "-o", str(tmp_path / name))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Wrote 3 events to {tmp_path / name} (sqlite).\n"
    assert (tmp_path / name).read_bytes().startswith(b"SQLite format 3\x00")
    refused = invoke("export", "--format", "csv", "-o", str(tmp_path / ("x" + name)))
    assert refused.exit_code == 2 and "is sqlite" in refused.stderr
    assert not (tmp_path / ("x" + name)).exists()


def test_dash_writes_the_same_bytes_to_stdout_and_exports_are_reproducible(
    invoke, runner, small: Path, tmp_path: Path
) -> None:
    from dprk_rights.cli import app

    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    assert invoke("export", "--format", "sqlite", "-o", str(tmp_path / "a.db"), env=env).exit_code == 0
    assert invoke("export", "-o", str(tmp_path / "b.db"), env=env).exit_code == 0
    piped = runner.invoke(app, ["export", "--format", "sqlite", "-o", "-"], env=env, catch_exceptions=False)
    assert piped.exit_code == 0 and piped.stderr == ""
    assert piped.stdout_bytes == (tmp_path / "a.db").read_bytes() == (tmp_path / "b.db").read_bytes()
    assert not Path("-").exists()
    db = sqlite3.connect(tmp_path / "a.db")
    assert db.execute("SELECT value FROM export_info WHERE key = 'generated'").fetchone() == ("2023-11-14T22:13:20Z",)


def test_a_failed_export_leaves_the_old_file_and_no_scratch_file(
    invoke, small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from dprk_rights.output.formats import sqlite_db

    target = tmp_path / "keep.db"
    target.write_bytes(b"old content")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))

    def fail(events, timeline) -> list[object]:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(sqlite_db, "referenced_sources", fail)
    with pytest.raises(sqlite3.OperationalError):
        invoke("export", "-o", str(target))
    assert target.read_bytes() == b"old content"
    assert list(scratch.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.db", "scratch", "small.yaml"]


def test_binary_output_is_refused_on_a_terminal(small: Path, tmp_path: Path) -> None:
    """Written raw to a terminal a database would be garbage: exit 2 with a hint, as gzip refuses."""
    import pty

    controller, terminal = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "dprk_rights", "export", "--format", "sqlite"],
            stdout=terminal,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            env={**os.environ, "DPRK_TIMELINE": str(small), "PYTHONPATH": str(REPO / "src")},
            timeout=60,
        )
    finally:
        os.close(terminal)
        os.close(controller)
    assert done.returncode == 2
    assert done.stderr.decode() == (
        "Error: --format sqlite writes a binary file, not text for a terminal: give -o FILE, or pipe it\n"
    )


def test_sqlite_utils_reads_it(invoke, tmp_path: Path) -> None:
    sqlite_utils = pytest.importorskip("sqlite_utils")
    path = tmp_path / "out.db"
    export_db(invoke, path)
    db = sqlite_utils.Database(path)
    assert db["events"].detect_fts() == "events_fts"
    assert db["events"].pks == ["id"]
    hits = list(db["events"].search("referral", columns=["id"]))
    assert hits and all(set(h) == {"id"} for h in hits)
    assert {fk.other_table for fk in db["citations"].foreign_keys} == {"events", "sources"}
    assert db["events"].count == json.loads(invoke("stats", "--json").stdout)["events"]


def test_datasette_opens_it_with_search_and_labelled_links(invoke, tmp_path: Path) -> None:
    datasette_app = pytest.importorskip("datasette.app")
    path = tmp_path / "dprk.db"
    db = export_db(invoke, path)
    expected = {
        r[0]
        for r in db.execute(
            "SELECT id FROM events WHERE rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH 'referral')"
        )
    }

    async def fetch() -> tuple[object, object]:
        datasette = datasette_app.Datasette([str(path)])
        await datasette.invoke_startup()
        found = await datasette.client.get("/dprk/events.json?_search=referral&_shape=array&_col=title&_size=max")
        linked = await datasette.client.get("/dprk/citations.json?_shape=array&_labels=on&_size=1")
        assert (found.status_code, linked.status_code) == (200, 200)
        return found.json(), linked.json()

    found, linked = asyncio.run(fetch())
    assert expected and {row["id"] for row in found} == expected
    event = linked[0]["event"]
    assert event["label"] == db.execute("SELECT title FROM events WHERE id = ?", (event["value"],)).fetchone()[0]
