"""sqlite-utils' habits on every query command: --nl (one JSON object per line) and --csv."""

from __future__ import annotations

import csv
import io
import json

import pytest

COMMANDS = [
    ["timeline"],
    ["search", "referral"],
    ["sources"],
    ["votes"],
    ["tags"],
    ["actors"],
    ["show", "second-event"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_nl_is_the_json_one_object_per_line(invoke, mini_path, args: list[str]) -> None:
    whole = json.loads(invoke(*args, "--json").stdout)
    records = whole if isinstance(whole, list) else [whole]
    result = invoke(*args, "--nl")
    assert result.exit_code in (0, 1), result.stderr
    lines = result.stdout.splitlines()
    assert [json.loads(line) for line in lines] == records
    assert all("\n" not in line for line in lines)


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_csv_has_a_column_per_field_and_a_row_per_object(invoke, mini_path, args: list[str]) -> None:
    whole = json.loads(invoke(*args, "--json").stdout)
    records = whole if isinstance(whole, list) else [whole]
    result = invoke(*args, "--csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert len(rows) == len(records)
    if records:
        assert list(rows[0]) == list(records[0])
        for row, record in zip(rows, records, strict=True):
            for key, value in record.items():
                expected = (
                    "" if value is None else value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                )
                assert row[key].removeprefix("'") == expected


def test_csv_and_nl_take_the_field_selection(invoke, mini_path) -> None:
    result = invoke("timeline", "--json", "date,id", "--csv")
    assert result.stdout.splitlines()[:2] == ["date,id", "2013-03,first-event"]
    nl = invoke("timeline", "--nl", "--json", "id")
    assert nl.stdout.splitlines() == ['{"id": "first-event"}', '{"id": "second-event"}', '{"id": "third-event"}']


def test_a_csv_cell_never_starts_a_formula_and_multiline_text_stays_one_record(invoke, tmp_path, monkeypatch) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        "sources:\n  - {id: s, title: T, publisher: P, published: 2014, kind: report}\n"
        "events:\n  - id: e\n    date: 2014\n    title: '=HYPERLINK(\"x\")'\n"
        '    summary: "two\\nlines, and a comma"\n    citations: [{source: s, quote: q}]\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("DPRK_TIMELINE", str(path))
    result = invoke("timeline", "--csv", "--json", "title,summary")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert rows == [["title", "summary"], ['\'=HYPERLINK("x")', "two\nlines, and a comma"]]


def test_jq_with_nl_or_csv_is_refused(invoke, mini_path) -> None:
    result = invoke("timeline", "--nl", "--jq", ".id")
    assert result.exit_code == 2
    assert result.stderr == "Error: --jq and --nl both shape the output; give one\n"
