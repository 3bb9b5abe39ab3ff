"""Piped output for scripts: ``show`` is real YAML, TSV never splits a record, ``fzf {2}`` is the id,
and ``extract -`` reads standard input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from dprk_rights.text import visible

#: Text that YAML, TSV or a terminal would read as something else.
HOSTILE = [
    "tab\there",
    "new\nline",
    "cr\rhere",
    "nel\x85here",
    "ls\u2028here",
    "ps\u2029here",
    "vt\x0bff\x0cfs\x1cgs\x1drs\x1eus\x1f",
    "bidi\u202eevil\u2066",
    "esc\x1b[2J\x07",
    "colon: here",
    "# hash",
    "- dash",
    "-",
    "? question",
    "'single' \"double\"",
    "yes",
    "No",
    "null",
    "2014",
    "0x1F",
    "1e3",
    "12:30",
    "~",
    "Šimonović — \u2018quoted\u2019 北朝鮮",
    "back\\slash \\n",
    "emoji \U0001f600",
    "key: {a: [b]}",
    "&anchor *alias !tag %x @x `x` |x >x",
    "https://example.org/a#b?c=d",
    "ends with colon:",
    "a #comment",
]
DATES = ["2013 / 2015", "2014?", "2014~", "../2014-10", "2023-08/..", "2014-03-01", "2014-03", "2014%", "2014 /2016"]


@pytest.fixture
def hostile_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A timeline whose every text field is hostile, selected through DPRK_TIMELINE."""

    def text(i: int) -> str:
        return HOSTILE[i % len(HOSTILE)]

    data = {
        "sources": [
            {
                "id": "s1",
                "title": "\t".join(HOSTILE[:3]),
                "publisher": "pub\nlisher\u2028x",
                "published": "2020",
                "kind": "k\x85ind",
                "url": "https://e.org/a\tb",
            }
        ],
        "events": [
            {
                "id": f"e{i}",
                "date": DATES[i % len(DATES)],
                "title": title,
                "summary": text(i + 1),
                "tags": ["icc"],
                "actors": [f"A {text(i + 2)}", "UN Security Council"],
                "symbol": "A/RES/60/173",
                "vote": {"for": 1, "against": 2, "abstain": 3},
                "note": text(i + 3),
                "citations": [{"source": "s1", "quote": f"q {text(i + 4)}"}],
                "disputes": [{"source": "s1", "claim": f"c {text(i + 5)}", "note": text(i + 6)}],
            }
            for i, title in enumerate(HOSTILE)
        ],
    }
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("DPRK_TIMELINE", str(path))
    return path


# -- show: real YAML --------------------------------------------------------------------------

#: What must never appear raw in plain output: control characters, line and paragraph separators, bidi controls.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def test_show_is_yaml_with_the_data_of_show_json(invoke, hostile_path: Path) -> None:
    ids = [event["id"] for event in json.loads(invoke("timeline", "--json").stdout)]
    assert len(ids) == len(HOSTILE)
    for event_id in ids:
        plain = invoke("show", event_id)
        assert plain.exit_code == 0
        assert yaml.safe_load(plain.stdout) == json.loads(invoke("show", event_id, "--json").stdout), event_id
        assert not RAW.search(plain.stdout), event_id
        # One line per scalar: every line is a key, a list item or a nested key.
        for line in plain.stdout.splitlines():
            assert re.match(r"^( *- | *)?[a-z]+:( |$)|^ *- ", line), line


def test_show_quotes_only_what_yaml_would_misread(invoke, mini_path: Path) -> None:
    lines = invoke("show", "third-event").stdout.splitlines()
    assert 'date: "2014-12-22"' in lines  # a date, not a datetime.date
    assert "title: Markup [bold red]stays literal[/bold red] here" in lines
    assert 'summary: "Quote with [sic] and an escape \\x1b[31mred\\x1b[0m inside."' in lines


def test_show_of_every_shipped_event_is_its_json(invoke) -> None:
    events = json.loads(invoke("timeline", "--json").stdout)
    assert len(events) > 100
    for event in events[::7]:
        assert yaml.safe_load(invoke("show", event["id"]).stdout) == event


# -- TSV: one record, one line -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "columns"),
    [
        (["timeline"], 5),
        (["timeline", "--reverse"], 5),
        (["search", "here OR line OR evil OR dash"], 7),
        (["sources"], 7),
        (["votes"], 6),
        (["tags"], 2),
        (["actors"], 2),
    ],
    ids=lambda a: " ".join(a) if isinstance(a, list) else str(a),
)
def test_tsv_never_splits_a_record(invoke, hostile_path: Path, args: list[str], columns: int) -> None:
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    records = json.loads(invoke(*args, "--json").stdout)
    if args[0] == "search":
        records = records["events"] if isinstance(records, dict) else records
    lines = out.splitlines()  # splits on every line boundary Python knows: \r, \x0b, \x1c, \x85, \u2028...
    assert out.split("\n")[:-1] == lines
    assert len(lines) == len(records)
    assert all(line.count("\t") == columns - 1 for line in lines), lines
    assert not RAW.search(out.replace("\t", "").replace("\n", ""))


def test_stats_tsv_never_splits_a_record(invoke, hostile_path: Path) -> None:
    out = invoke("stats").stdout
    counts = json.loads(invoke("stats", "--json").stdout)
    lines = out.splitlines()
    assert out.split("\n")[:-1] == lines
    expected = 2 + sum(len(counts[key]) for key in ("by_year", "by_tag", "by_actor", "by_source"))
    assert len(lines) == expected
    assert all(line.count("\t") == (1 if line.split("\t")[0] in ("events", "disputed") else 2) for line in lines)


def test_one_source_lists_its_events_one_per_line(invoke, hostile_path: Path) -> None:
    out = invoke("sources", "s1").stdout
    assert out.split("\n")[:-1] == out.splitlines()
    listed = [line for line in out.splitlines() if line.startswith("  ")]
    assert len(listed) == len(HOSTILE)
    assert all(line.count("\t") == 2 for line in listed)


@pytest.mark.parametrize("char", ["\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"])
def test_visible_escapes_every_record_or_field_separator(char: str) -> None:
    shown = visible(f"a{char}b")
    assert len(shown.splitlines()) == 1 and "\t" not in shown and char not in shown


# -- fzf: field 2 is the id -------------------------------------------------------------------


@pytest.mark.parametrize("command", ["timeline", "search"])
def test_the_second_whitespace_field_of_each_line_is_the_id(invoke, hostile_path: Path, command: str) -> None:
    """``dprk timeline | fzf --preview 'dprk show {2}'``: fzf splits on white space, like awk."""
    args = [command] if command == "timeline" else [command, "here OR line OR evil OR dash"]
    lines = invoke(*args).stdout.splitlines()
    ids = [e["id"] for e in json.loads(invoke(*args, "--json").stdout)]
    assert [line.split()[1] for line in lines] == ids
    dates = {line.split("\t")[0] for line in lines}
    assert {"2013/2015", "2014/2016", "../2014-10", "2023-08/..", "2014?", "2014~", "2014%"} <= dates
    for line in lines[:5]:
        assert invoke("show", line.split()[1]).exit_code == 0


def test_fzf_field_two_on_the_shipped_timeline(invoke) -> None:
    lines = invoke("timeline").stdout.splitlines()
    ids = [e["id"] for e in json.loads(invoke("timeline", "--json").stdout)]
    assert [line.split()[1] for line in lines] == ids


# -- extract - ----------------------------------------------------------------------------------

TEXT = "The council met on 9 March 2019.\nIn 2014 the commission of inquiry reported.\n"


def test_extract_reads_standard_input_as_it_reads_a_file(invoke, runner, mini_path: Path, tmp_path: Path) -> None:
    from dprk_rights.cli import app

    path = tmp_path / "report.txt"
    path.write_text(TEXT, encoding="utf-8")
    from_file = invoke("extract", str(path), "--source-id", "alpha", "--json")
    from_stdin = runner.invoke(app, ["extract", "-", "--source-id", "alpha", "--json"], input=TEXT.encode())
    assert from_stdin.exit_code == 0, from_stdin.stderr
    assert json.loads(from_stdin.stdout) == json.loads(from_file.stdout)
    assert len(json.loads(from_stdin.stdout)) == 2
    drafts = runner.invoke(app, ["extract", "-", "--source-id", "new-src", "--format", "yaml"], input=TEXT)
    assert drafts.exit_code == 0
    assert drafts.stdout.startswith('# Drafted by `dprk extract` from "standard input": 2 to write up')
    out = tmp_path / "drafts.yaml"
    written = runner.invoke(app, ["extract", "-", "--source-id", "x", "-f", "yaml", "-o", str(out)], input=TEXT)
    assert (written.exit_code, written.stderr) == (0, f"Wrote 2 drafts to {out}.\n")


@pytest.mark.parametrize(
    ("args", "data", "message"),
    [
        (
            [],
            TEXT.encode(),
            "Error: extract - reads the text from standard input, which has no file name: give --source-id ID\n",
        ),
        (["--source-id", "x"], b"", "Error: standard input: is empty; there is nothing to extract\n"),
        (["--source-id", "x"], b" \n\t\n", "Error: standard input: is empty; there is nothing to extract\n"),
        (["--source-id", "x"], b"ok\nthen \xff bad", "Error: standard input:2: is not UTF-8 text (save it as UTF-8)\n"),
        (["--source-id", "x"], b"text\x00binary", "Error: standard input: is binary, not a text file\n"),
    ],
    ids=["no-source-id", "empty", "blank", "not-utf8", "binary"],
)
def test_extract_standard_input_mistakes_are_one_line(
    runner, mini_path: Path, args: list[str], data: bytes, message: str
) -> None:
    from dprk_rights.cli import app

    result = runner.invoke(app, ["extract", "-", *args], input=data)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_extract_standard_input_is_bounded(runner, mini_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dprk_rights import files
    from dprk_rights.cli import app

    monkeypatch.setattr(files, "MAX_BYTES_BY_KIND", {"text file": 2 * 2**20})
    result = runner.invoke(app, ["extract", "-", "--source-id", "x"], input=b"In 2014 it rained.\n" * 200_000)
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: standard input: is larger than 2 MiB, the most read as a text file\n",
    )
    text = "".join(f"In {year} it rained.\n" for year in range(1901, 2001))
    small = runner.invoke(app, ["extract", "-", "--source-id", "x"], input=text.encode() * 100)
    assert small.exit_code == 0 and small.stdout.count("\n") == 100
