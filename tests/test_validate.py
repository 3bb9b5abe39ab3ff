"""`dprk validate`, `dprk sources ID --check` and `--disputed`: located problems, all at once."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from tests.conftest import REPO, SOURCES_DIR, needs_sources

# Each problem below is planted on purpose; the comment names the check that finds it.
FLAWED = textwrap.dedent(
    """\
    sources:
      - id: alpha
        title: Alpha report
        publisher: Alpha Watch
        published: 2015-06
        kind: NGO country brief
      - id: beta
        title: Beta dispatch
        publisher: Beta News
        kind: dispatch
      - id: unused
        title: Nobody cites this
        publisher: Gamma
        published: 2020
        kind: editorial
    events:
      - id: later
        date: 2014-12
        title: The council meets on the situation
        summary: The council met.
        tags: [security-council]
        citations:
          - source: beta
            quote: the council met in December 2014
      - id: earlier
        date: 2013-03
        title: A commission is created
        summary: In March 2013 the council created a commission of inquiry to investigate.
        tags: [commision-of-inquiry]
        citations:
          - source: alpha
            quote: in March 2013 the council created a commission of inquiry to investigate
      - id: future
        date: 2016
        title: Something alpha could not know
        summary: An event after alpha was published.
        citations:
          - source: alpha
            quote: this sentence is not in the alpha text
      - id: future-twin
        date: 2016
        title: Something alpha could not know!
        summary: A near copy of the previous title.
        citations:
          - source: beta
            quote: the council met in December 2014
      - id: bad-date
        date: 2016-02-30
        title: Impossible
        summary: No such day.
        citations:
          - source: beta
            quote: the council met in December 2014
    """
)


@pytest.fixture
def flawed(tmp_path: Path) -> tuple[Path, Path]:
    """The flawed timeline and a folder of its source texts."""
    path = tmp_path / "flawed.yaml"
    path.write_text(FLAWED, encoding="utf-8")
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "alpha.txt").write_text(
        "Report. In March 2013 the council created a commission of inquiry to investigate abuses.\n", encoding="utf-8"
    )
    (texts / "beta.txt").write_text("News: the council met in\nDecember 2014 \u2013 at last.\n", encoding="utf-8")
    return path, texts


def line_of(fragment: str, occurrence: int = 1) -> int:
    lines = FLAWED.splitlines()
    found = [i for i, line in enumerate(lines, 1) if fragment in line]
    return found[occurrence - 1]


def test_validate_reports_every_problem_located_and_in_order(invoke, flawed: tuple[Path, Path]) -> None:
    path, texts = flawed
    result = invoke("validate", str(path), "--sources-dir", str(texts))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    expected = [
        f"{path}:7:9: warning: sources[1].published: no published date",
        f"{path}:11:9: warning: sources[2].id: source 'unused' is not cited by any event",
        f"{path}:26:11: warning: events[1].date: dated 2013-03, after an event dated 2014-12 (line 18)",
        f"{path}:28:14: warning: events[1].summary: copies the alpha quote word for word",
        f"{path}:29:12: error: events[1].tags[0]: tag 'commision-of-inquiry' is not in the vocabulary "
        "(did you mean 'commission-of-inquiry'?)",
        f"{path}:34:11: error: events[2].date: dated 2016, but every citing source was published earlier "
        "(latest 2015-06)",
        f"{path}:39:16: error: events[2].citations[0].quote: quote not found in alpha.txt; closest passage: '",
        f"{path}:42:12: warning: events[3].title: looks like a duplicate of 'future': same date, 98% similar title",
        f"{path}:48:11: error: events[4].date: '2016-02-30' is not a real day (February 2016 has 29 days)",
    ]
    assert len(lines) == len(expected) + 1
    for line, start in zip(lines, expected, strict=False):
        assert line.startswith(start), f"{line!r} does not start with {start!r}"
    # The event with the impossible date is counted, and its quote checked, like the others.
    assert lines[-1] == f"{path}: 5 events checked, 3 sources; 4 errors, 5 warnings; 5 quotes checked against {texts}"


def test_validate_json_lists_problem_objects(invoke, flawed: tuple[Path, Path]) -> None:
    path, texts = flawed
    result = invoke("validate", str(path), "--sources-dir", str(texts), "--json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    assert set(problems[0]) == {"file", "line", "column", "field", "message", "severity"}
    assert {p["severity"] for p in problems} == {"error", "warning"}
    assert [p["line"] for p in problems] == sorted(p["line"] for p in problems)
    bad_day = next(p for p in problems if p["field"] == "events[4].date")
    assert (bad_day["file"], bad_day["line"], bad_day["column"], bad_day["severity"]) == (str(path), 48, 11, "error")


def test_validate_uses_data_option_and_exit_2_when_unreadable(invoke, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("events: [\n", encoding="utf-8")
    result = invoke("--data", str(broken), "validate")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {broken}:2: YAML syntax error")
    missing = invoke("validate", str(tmp_path / "nope.yaml"))
    assert (missing.exit_code, missing.stderr) == (2, f"Error: {tmp_path / 'nope.yaml'}: no such file\n")


def test_validate_reads_the_data_option_and_counts_warnings(invoke, mini_path: Path) -> None:
    result = invoke("validate")
    assert result.exit_code == 1, result.stderr
    assert result.stdout.splitlines() == [
        f"{mini_path}:28:14: warning: events[1].summary: copies the alpha quote word for word ('the commission urged a "
        "referral'); use our own words",
        f"{mini_path}: 3 events checked, 2 sources; 0 errors, 1 warning",
    ]


@needs_sources
def test_shipped_timeline_validates_clean_against_the_sources(invoke) -> None:
    result = invoke("validate", str(REPO / "data" / "timeline.yaml"), "--sources-dir", str(SOURCES_DIR))
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith(f"{REPO / 'data' / 'timeline.yaml'}: OK: ")
    assert "quotes checked against" in result.stdout


def test_shipped_timeline_validates_clean_without_sources(invoke) -> None:
    result = invoke("validate")
    assert result.exit_code == 0, result.stdout
    assert ": OK: " in result.stdout


def test_sources_check_shows_found_and_missing_quotes(invoke, flawed: tuple[Path, Path]) -> None:
    path, texts = flawed
    path.write_text(FLAWED.split("  - id: bad-date")[0], encoding="utf-8")  # loadable: only the data is doubtful
    result = invoke("--data", str(path), "sources", "alpha", "--check", "--sources-dir", str(texts))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "found\tearlier\tin March 2013 the council created a commission of inquiry to investigate",
        "MISSING\tfuture\tthis sentence is not in the alpha text",
        "\tclosest in alpha.txt:\tReport. In March 2013 the council created a",
        f"1 of 2 quotes found verbatim in {texts / 'alpha.txt'}",
    ]
    as_json = json.loads(
        invoke("--data", str(path), "sources", "beta", "--check", "--sources-dir", str(texts), "--json").stdout
    )
    assert {r["found"] for r in as_json} == {True}  # line break and dash in the text are normalised


def test_sources_check_needs_the_texts(invoke, mini_path: Path, tmp_path: Path) -> None:
    result = invoke("sources", "alpha", "--check")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: checking quotes needs the source texts: pass --sources-dir DIR or set DPRK_SOURCES_DIR\n",
    )
    no_id = invoke("sources", "--check")
    assert (no_id.exit_code, no_id.stderr) == (2, "Error: --check needs a source ID: dprk sources ID --check\n")
    empty = invoke("sources", "alpha", "--check", "--sources-dir", str(tmp_path))
    assert empty.exit_code == 2
    assert empty.stderr.startswith(f"Error: cannot read the text of alpha: {tmp_path / 'alpha.txt'}")


def test_disputed_filter(invoke, mini_path: Path) -> None:
    assert [e["id"] for e in json.loads(invoke("timeline", "--disputed", "--json").stdout)] == ["second-event"]
    assert [e["id"] for e in json.loads(invoke("search", "council", "--disputed", "--json").stdout)] == ["second-event"]


def test_show_prints_a_disputes_block_on_a_terminal(invoke, mini_path: Path) -> None:
    result = invoke("show", "second-event", env={"FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": "100"})
    text = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    assert "⚠ Disputed" in text
    assert "beta says: This happened in 2015." in text
    assert "Our note: Alpha dates it to 2014." in text
