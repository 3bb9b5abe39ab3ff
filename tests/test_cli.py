"""Every command through Typer's CliRunner, on the small fixture timeline."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dprk_rights import __version__

ANSI = re.compile(r"\x1b\[[0-9;]*m")
EVENT_KEYS = {
    "id",
    "date",
    "precision",
    "start",
    "end",
    "through",
    "title",
    "summary",
    "tags",
    "actors",
    "symbol",
    "vote",
    "citations",
    "disputes",
    "note",
}


def test_version_names_the_tool_and_the_data(invoke, mini_path: Path) -> None:
    import hashlib

    digest = hashlib.blake2b(mini_path.read_bytes(), digest_size=20).hexdigest()[:12]
    result = invoke("--version")
    assert (result.exit_code, result.stdout) == (0, f"dprk {__version__} (data: 3 events, {digest})\n")
    mini_path.write_text(mini_path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert digest not in invoke("--version").stdout  # another file, another data version
    other = invoke("--data", str(mini_path.with_name("missing.yaml")), "--version")
    assert other.exit_code == 0
    assert other.stdout.startswith(f"dprk {__version__} (data: cannot be read: ")


def test_timeline_plain_output_is_one_tab_separated_line_per_event(invoke, mini_path: Path) -> None:
    result = invoke("timeline")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "2013-03\tfirst-event\tA commission is created\talpha\t",
        "2014\tsecond-event\tA referral to the International Criminal Court is urged\talpha,beta\tdisputed",
        "2014-12-22\tthird-event\tMarkup [bold red]stays literal[/bold red] here\tbeta\t",
    ]


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (["--since", "2014"], ["second-event", "third-event"]),
        (["--since", "2014-12-23"], ["second-event"]),  # "2014" still overlaps
        (["--since", "March 2013", "--until", "2013"], ["first-event"]),
        (["--until", "2013-02"], []),
        (["--tag", "icc"], ["second-event"]),
        (["--tag", "ICC", "--tag", "security-council"], ["second-event", "third-event"]),
        (["--actor", "Security Council"], ["second-event", "third-event"]),
        (["--actor", "security council", "--since", "2014-12"], ["second-event", "third-event"]),
        (["--source", "alpha"], ["first-event", "second-event"]),
        (["--reverse", "--limit", "2"], ["third-event", "second-event"]),
        (["--limit", "0"], []),
    ],
)
def test_timeline_filters(invoke, mini_path: Path, args: list[str], ids: list[str]) -> None:
    result = invoke("timeline", *args, "--json")
    assert result.exit_code == 0
    assert [e["id"] for e in json.loads(result.stdout)] == ids


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "soon"], "Error: --since: 'soon' is not a date; use 2014, 2014-03, 2014-03-17 or 'March 2014'"),
        (["--until", "2014-02-30"], "Error: --until: '2014-02-30' is not a real day"),
        (["--since", "2015", "--until", "2014"], "Error: --until 2014 is before --since 2015"),
        (["--tag", "icj"], "Error: --tag: unknown value 'icj' (did you mean icc?)"),
        (["--source", "gamma"], "Error: --source: unknown value 'gamma'"),
        (["--actor", "Nobody"], "Error: --actor: no actor matches 'Nobody'"),
        (["--limit", "-1"], "Error: --limit must be 0 or more, got -1"),
    ],
)
def test_bad_filter_values_are_one_line_and_exit_2(invoke, mini_path: Path, args: list[str], message: str) -> None:
    result = invoke("timeline", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert len(result.stderr.splitlines()) == 1


def test_no_matching_events_says_so_on_stderr(invoke, mini_path: Path) -> None:
    result = invoke("timeline", "--since", "2020")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "No events match these filters.\n")
    assert json.loads(invoke("timeline", "--since", "2020", "--json").stdout) == []


def test_json_event_shape(invoke, mini_path: Path) -> None:
    events = json.loads(invoke("timeline", "--json").stdout)
    assert all(set(e) == EVENT_KEYS for e in events)
    assert events[1] == {
        "id": "second-event",
        "date": "2014",
        "precision": "year",
        "start": "2014-01-01",
        "end": "2014-12-31",
        "through": None,
        "title": "A referral to the International Criminal Court is urged",
        "summary": "The commission urged a referral of the situation to the ICC.",
        "tags": ["icc", "accountability"],
        "actors": ["Commission of Inquiry", "UN Security Council"],
        "symbol": None,
        "vote": None,
        "citations": [
            {
                "source": "alpha",
                "quote": "the commission urged a referral",
                "title": "Alpha report",
                "publisher": "Alpha Watch",
                "url": "https://example.org/alpha",
            },
            {
                "source": "beta",
                "quote": "referral to the court was urged",
                "title": "Beta dispatch",
                "publisher": "Beta News",
                "url": None,
            },
        ],
        "disputes": [{"source": "beta", "claim": "This happened in 2015.", "note": "Alpha dates it to 2014."}],
        "note": None,
    }


def test_search_ranks_and_scores(invoke, mini_path: Path) -> None:
    result = invoke("search", "ICC referral", "--json")
    assert result.exit_code == 0
    hits = json.loads(result.stdout)
    assert [h["id"] for h in hits] == ["second-event"]
    assert set(hits[0]) == EVENT_KEYS | {"score", "partial", "matched", "corrected"}
    assert hits[0]["score"] > 0


def test_search_is_case_and_accent_insensitive(invoke, mini_path: Path) -> None:
    assert invoke("search", "CRIMINAL CÖURT").stdout.startswith("2014\tsecond-event\t")


def test_search_combines_with_filters(invoke, mini_path: Path) -> None:
    everywhere = [h["id"] for h in json.loads(invoke("search", "council", "--json").stdout)]
    assert sorted(everywhere) == ["first-event", "second-event", "third-event"]
    filtered = [h["id"] for h in json.loads(invoke("search", "council", "--since", "2014-06", "--json").stdout)]
    assert sorted(filtered) == ["second-event", "third-event"]
    tagged = [h["id"] for h in json.loads(invoke("search", "council", "--tag", "icc", "--limit", "5", "--json").stdout)]
    assert tagged == ["second-event"]


def test_search_without_results_exits_1(invoke, mini_path: Path) -> None:
    result = invoke("search", "zebra")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "No events match 'zebra'. Try fewer or other words.\n"
    as_json = invoke("search", "zebra", "--json")
    assert (as_json.exit_code, as_json.stdout) == (1, "[]\n")


def test_search_needs_a_word(invoke, mini_path: Path) -> None:
    result = invoke("search", "?!")
    assert (result.exit_code, result.stderr) == (2, "Error: search needs at least one word to look for, got '?!'\n")


def test_sources_list(invoke, mini_path: Path) -> None:
    result = invoke("sources")
    assert result.stdout.splitlines() == [
        "alpha\tAlpha Watch\t2015-06\tNGO country brief\t2\tAlpha report\thttps://example.org/alpha",
        "beta\tBeta News\t2020\tdispatch\t2\tBeta dispatch\t",
    ]
    assert json.loads(invoke("sources", "--json").stdout)[0] == {
        "id": "alpha",
        "title": "Alpha report",
        "publisher": "Alpha Watch",
        "published": "2015-06",
        "kind": "NGO country brief",
        "url": "https://example.org/alpha",
        "symbol": None,
        "accessed": None,
        "note": "Dated by its cover.",
        "events": 2,
    }


def test_source_detail_lists_its_citations(invoke, mini_path: Path) -> None:
    plain = invoke("sources", "beta").stdout
    assert "publisher: Beta News\n" in plain
    assert "  2014\tsecond-event\tA referral to the International Criminal Court is urged\n" in plain
    detail = json.loads(invoke("sources", "beta", "--json").stdout)
    assert detail["citations"] == [
        {
            "event": "second-event",
            "date": "2014",
            "title": "A referral to the International Criminal Court is urged",
            "quote": "referral to the court was urged",
        },
        {
            "event": "third-event",
            "date": "2014-12-22",
            "title": "Markup [bold red]stays literal[/bold red] here",
            "quote": "on 22 December 2014 the council met",
        },
    ]


def test_show_prints_citations_and_disputes(invoke, mini_path: Path) -> None:
    result = invoke("show", "second-event")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "id: second-event",
        'date: "2014"',
        "precision: year",
        'start: "2014-01-01"',
        'end: "2014-12-31"',
        "through: null",
        "title: A referral to the International Criminal Court is urged",
        "summary: The commission urged a referral of the situation to the ICC.",
        "tags:",
        "  - icc",
        "  - accountability",
        "actors:",
        "  - Commission of Inquiry",
        "  - UN Security Council",
        "symbol: null",
        "vote: null",
        "citations:",
        "  - source: alpha",
        "    quote: the commission urged a referral",
        "    title: Alpha report",
        "    publisher: Alpha Watch",
        "    url: https://example.org/alpha",
        "  - source: beta",
        "    quote: referral to the court was urged",
        "    title: Beta dispatch",
        "    publisher: Beta News",
        "    url: null",
        "disputes:",
        "  - source: beta",
        "    claim: This happened in 2015.",
        "    note: Alpha dates it to 2014.",
        "note: null",
    ]
    assert json.loads(invoke("show", "second-event", "--json").stdout)["id"] == "second-event"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "second-evnt"], "Error: no event with id 'second-evnt'; did you mean second-event?\n"),
        (["show", "zzz"], "Error: no event with id 'zzz'; `dprk timeline` lists them\n"),
        (["sources", "alhpa"], "Error: no source with id 'alhpa'; did you mean alpha?\n"),
    ],
)
def test_unknown_ids_suggest_close_ones(invoke, mini_path: Path, args: list[str], message: str) -> None:
    result = invoke(*args)
    assert (result.exit_code, result.stderr) == (2, message)


def test_terminal_output_is_rich_and_prints_data_literally(invoke, mini_path: Path) -> None:
    result = invoke("timeline", env={"FORCE_COLOR": "1", "COLUMNS": "120"})
    assert result.exit_code == 0
    assert "\x1b[" in result.stdout  # styled for a terminal
    text = ANSI.sub("", result.stdout)
    assert "Markup [bold red]stays literal[/bold red] here" in text
    assert "⚠ disputed" in text
    assert "3 events, 1 disputed (⚠)" in text


def test_terminal_show_neutralises_escape_sequences(invoke, mini_path: Path) -> None:
    result = invoke("show", "third-event", env={"FORCE_COLOR": "1", "COLUMNS": "120"})
    text = ANSI.sub("", result.stdout)
    assert "[sic]" in text
    assert "\\x1b[31mred\\x1b[0m" in text  # printed as text, never as a colour
    assert "\x1b[31m" not in result.stdout


def test_no_color_keeps_the_layout_without_colours(invoke, mini_path: Path) -> None:
    result = invoke("show", "second-event", env={"FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": "120"})
    assert "⚠ Disputed" in result.stdout
    assert not re.search(r"\x1b\[(3[0-9]|9[0-7])", result.stdout), "colour codes despite NO_COLOR"


def test_piped_output_has_no_escape_codes(invoke, mini_path: Path) -> None:
    for args in (["timeline"], ["show", "third-event"], ["sources"], ["sources", "beta"], ["search", "council"]):
        result = invoke(*args)
        assert result.exit_code == 0 and result.stdout, args
        assert "\x1b" not in result.stdout, args


def test_version_after_the_command_names_the_data_given_there(invoke, mini_path: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(mini_path.read_text(encoding="utf-8") + "\n# another file\n", encoding="utf-8")
    before = invoke("--version").stdout
    after = invoke("timeline", "--version")
    assert (after.exit_code, after.stdout) == (0, before)
    moved = invoke("timeline", "--data", str(other), "--version")
    assert moved.exit_code == 0
    assert moved.stdout.startswith(f"dprk {__version__} (data: 3 events, ")
    assert moved.stdout != before  # the file named after the command, not the default
