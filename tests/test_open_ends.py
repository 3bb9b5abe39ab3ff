"""Open ends of intervals: one rule, bounded by what the citing sources can know, in every command.

An open start (``../2024-10``) is placed at its stated end only; an open end (``2023-08/..``)
reaches at most the latest publication date among the sources citing the event.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from datetime import date
from pathlib import Path

import icalendar
import pytest

SOURCES = """\
sources:
  - id: early
    title: Early report
    publisher: Early Watch
    published: 2015-06
    kind: report
  - id: late
    title: Late brief
    publisher: Late Centre
    published: 2025-03
    kind: brief
  - id: undated
    title: Undated note
    publisher: Nobody
    published: null
    kind: note
"""
EVENTS = """\
events:
  - id: old-event
    date: 1955
    title: An old event
    summary: Long before everything else.
    citations:
      - source: early
        quote: long ago
  - id: since-2019
    date: 2019-05/..
    title: Something ongoing that no dated source reports
    summary: Only an undated note says so.
    citations:
      - source: undated
        quote: since May 2019
  - id: since-2023
    date: 2023-08/..
    title: Returns continue since August 2023
    summary: Reported by two sources, the later one in March 2025.
    citations:
      - source: early
        quote: returns began
      - source: late
        quote: returns continue
  - id: veto
    date: ../2024-10
    title: The panel's mandate runs out
    summary: Until October 2024.
    citations:
      - source: late
        quote: until October 2024
  - id: closing
    date: 2025-01-15
    title: A closing event
    summary: A plain day.
    citations:
      - source: late
        quote: on 15 January 2025
"""


@pytest.fixture(params=["sources-first", "events-first"])
def open_ends(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The timeline above, selected through DPRK_TIMELINE; with its sources listed before or after its events."""
    text = SOURCES + EVENTS if request.param == "sources-first" else EVENTS + SOURCES
    path = tmp_path / "open.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("DPRK_TIMELINE", str(path))
    return path


def ids(invoke, *args: str) -> list[str]:
    result = invoke(*args, "--json")
    assert result.exit_code in (0, 1), result.stderr
    return [e["id"] for e in json.loads(result.stdout)] if result.stdout.strip() else []


@pytest.mark.parametrize("cache", [(), ("--no-cache",)], ids=["cache", "no-cache"])
@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        (None, "1960", ["old-event"]),  # an open start is not "any time up to": ../2024-10 stays out
        (None, "2024-09", ["old-event", "since-2019", "since-2023"]),
        ("2024-10", "2024-10", ["since-2023", "veto"]),
        ("2024-11", None, ["since-2023", "closing"]),
        ("2030", "2031", []),  # an open end reaches only as far as its latest source: March 2025
        ("2025-03", "2025-03", ["since-2023"]),
        ("2025-03-31", None, ["since-2023"]),
        ("2025-04", None, []),
        ("2019-06", "2019-12", []),  # no dated source: the open end is its start's own month
        ("2019-05-31", "2019-05-31", ["since-2019"]),
    ],
)
def test_timeline_filters_bound_open_ends(
    invoke, open_ends: Path, cache: tuple[str, ...], since: str | None, until: str | None, expected: list[str]
) -> None:
    options = [*(("--since", since) if since else ()), *(("--until", until) if until else ())]
    assert ids(invoke, *cache, "timeline", *options) == expected
    plain = invoke(*cache, "timeline", *options)
    assert [line.split("\t")[1] for line in plain.stdout.splitlines()] == expected
    if not expected:
        assert "No events match these filters" in plain.stderr


def test_search_and_export_use_the_same_bounds(invoke, open_ends: Path) -> None:
    assert ids(invoke, "search", "panel", "--until", "1960") == []
    assert ids(invoke, "search", "panel", "--since", "2024-10") == ["veto"]
    assert ids(invoke, "search", "returns", "--since", "2030") == []
    assert ids(invoke, "search", "returns", "--since", "2025") == ["since-2023"]
    exported = invoke("export", "--format", "json", "--until", "1960")
    assert [e["id"] for e in json.loads(exported.stdout)] == ["old-event"]
    exported = invoke("export", "--format", "jsonl", "--since", "2030")
    assert exported.exit_code == 0 and exported.stdout == ""


def test_sorting_places_open_sides_where_the_filters_do(invoke, open_ends: Path) -> None:
    in_order = ["old-event", "since-2019", "since-2023", "veto", "closing"]
    assert ids(invoke, "timeline") == in_order
    assert ids(invoke, "timeline", "--reverse") == in_order[::-1]
    assert ids(invoke, "timeline", "--reverse", "-n", "2") == ["closing", "veto"]


def test_json_keeps_open_sides_null_and_gives_the_bound(invoke, open_ends: Path) -> None:
    events = {e["id"]: e for e in json.loads(invoke("timeline", "--json").stdout)}
    assert {k: events["since-2023"][k] for k in ("date", "start", "end", "through")} == {
        "date": "2023-08/..",
        "start": "2023-08-01",
        "end": None,
        "through": "2025-03",
    }
    assert {k: events["veto"][k] for k in ("date", "start", "end", "through")} == {
        "date": "../2024-10",
        "start": None,
        "end": "2024-10-31",
        "through": None,
    }
    assert events["since-2019"]["through"] is None  # its only source is undated
    assert events["closing"]["through"] is None
    shown = json.loads(invoke("show", "since-2023", "--json").stdout)
    assert shown["through"] == "2025-03"


def test_csv_has_the_bound_column(invoke, open_ends: Path) -> None:
    text = invoke("export", "--format", "csv").stdout_bytes.decode("utf-8-sig")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(text))}
    assert (rows["since-2023"]["start"], rows["since-2023"]["end"], rows["since-2023"]["through"]) == (
        "2023-08-01",
        "",
        "2025-03",
    )
    assert (rows["veto"]["start"], rows["veto"]["end"], rows["veto"]["through"]) == ("", "2024-10-31", "")


@pytest.mark.parametrize(
    ("args", "by_year"),
    [
        ((), {"1955": 1, "2019": 1, "2023": 1, "2024": 1, "2025": 1}),
        (("--until", "1960"), {"1955": 1}),  # the veto is not counted before its documented end
        (("--since", "2024"), {"2024": 2, "2025": 1}),  # since-2023 counts under 2024, the first year selected
        (("--since", "2030"), {}),
        (("--since", "2025-02", "--until", "2025-12"), {"2025": 1}),
    ],
)
def test_stats_count_years_by_the_same_rule(invoke, open_ends: Path, args: tuple[str, ...], by_year: dict) -> None:
    result = invoke("stats", *args, "--json")
    assert result.exit_code == 0, result.stderr
    stats = json.loads(result.stdout)
    nonzero = {year: count for year, count in stats["by_year"].items() if count}
    assert nonzero == by_year
    assert sum(stats["by_year"].values()) == stats["events"]
    assert min(stats["by_year"], default=None) == min(by_year, default=None)  # no year before the selection


def _vevents(invoke, *args: str) -> dict[str, icalendar.Event]:
    result = invoke("export", "--format", "ics", *args)
    assert result.exit_code == 0, result.stderr
    calendar = icalendar.Calendar.from_ical(result.stdout_bytes.decode("utf-8"))
    return {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}


def test_ics_draws_the_documented_span(invoke, open_ends: Path) -> None:
    events = _vevents(invoke)
    veto = events["veto"]
    assert (veto.decoded("DTSTART"), veto.decoded("DTEND")) == (date(2024, 10, 1), date(2024, 10, 2))
    assert str(veto["SUMMARY"]).startswith("until Oct 2024 (month only): ")
    assert "no start" in str(veto["DESCRIPTION"])
    ongoing = events["since-2023"]
    assert (ongoing.decoded("DTSTART"), ongoing.decoded("DTEND")) == (date(2023, 8, 1), date(2025, 4, 1))
    assert "through Mar 2025" in str(ongoing["DESCRIPTION"])
    undated = events["since-2019"]
    assert (undated.decoded("DTSTART"), undated.decoded("DTEND")) == (date(2019, 5, 1), date(2019, 5, 2))
    assert "DESCRIPTION" in undated and "no citing source is dated" in str(undated["DESCRIPTION"])
    assert "DTEND" in events["closing"] and "no start" not in str(events["closing"]["DESCRIPTION"])
    assert set(_vevents(invoke, "--until", "1960")) == {"old-event"}


def test_timelinejs_draws_the_documented_span(invoke, open_ends: Path) -> None:
    slides = {s["unique_id"]: s for s in json.loads(invoke("export", "--format", "timelinejs").stdout)["events"]}
    assert slides["veto"]["start_date"] == {"year": 2024, "month": 10} and "end_date" not in slides["veto"]
    assert slides["since-2023"]["start_date"] == {"year": 2023, "month": 8}
    assert slides["since-2023"]["end_date"] == {"year": 2025, "month": 3}
    assert "end_date" not in slides["since-2019"]
    assert slides["since-2023"]["display_date"] == "since Aug 2023"


def test_a_source_published_before_the_open_start_does_not_shrink_it(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            sources:
              - {id: old, title: Old, publisher: P, published: 2010, kind: report}
            events:
              - id: odd
                date: 2014-03/..
                title: Odd
                summary: A source older than the start.
                citations: [{source: old, quote: it goes on}]
            """
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("DPRK_TIMELINE", str(path))
    assert ids(invoke, "timeline", "--since", "2014-03-31", "--until", "2014-03-31") == ["odd"]
    assert ids(invoke, "timeline", "--since", "2014-04") == []
    assert json.loads(invoke("show", "odd", "--json").stdout)["through"] == "2010"


def test_an_open_end_older_sources_cannot_reach_is_drawn_at_its_start(invoke, tmp_path) -> None:
    """Every export places ``2014-03/..`` cited only by a 2010 report where the filters do: March 2014."""
    path = tmp_path / "older.yaml"
    path.write_text(
        "sources:\n  - {id: old, title: Old report, publisher: Watch, published: 2010, kind: NGO report}\n"
        "events:\n  - id: open-2014\n    date: 2014-03/..\n    title: Something began\n    summary: It began.\n"
        "    citations: [{source: old, quote: it began}]\n",
        encoding="utf-8",
    )
    slides = json.loads(invoke("--data", str(path), "export", "--format", "timelinejs").stdout)["events"]
    assert "end_date" not in slides[0]
    ics = invoke("--data", str(path), "export", "--format", "ics").stdout.replace("\r\n ", "").replace("\n ", "")
    assert "shown through 2010" not in ics and "no citing source is dated after its start" in ics
