"""Partial dates: parsing, precision, spans, ordering, overlap, and dates typed by users."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from dprk_rights.model.dates import EventDate, PartialDate, parse_date_arg


@pytest.mark.parametrize(
    ("text", "precision", "start", "end"),
    [
        ("2014", "year", date(2014, 1, 1), date(2014, 12, 31)),
        ("2014-02", "month", date(2014, 2, 1), date(2014, 2, 28)),
        ("2016-02", "month", date(2016, 2, 1), date(2016, 2, 29)),
        ("2014-12-22", "day", date(2014, 12, 22), date(2014, 12, 22)),
    ],
)
def test_parse_keeps_precision_and_span(text: str, precision: str, start: date, end: date) -> None:
    parsed = PartialDate.parse(text)
    assert (parsed.precision, parsed.start, parsed.end, str(parsed)) == (precision, start, end, text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2014-13", "no month 13"),
        ("2015-02-29", "not a real day"),
        ("2014-04-31", "not a real day"),
        ("0000", "no year 0"),
        ("14", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2014-1", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2014/12/22", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("December 2014", "YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_parse_rejects_bad_and_impossible_dates(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PartialDate.parse(text)


def test_leap_day_exists_only_in_leap_years() -> None:
    assert PartialDate.parse("2016-02-29").day == 29


def test_less_precise_date_sorts_before_the_dates_inside_it() -> None:
    texts = ["2014-12-22", "2015", "2014-12", "2013-03", "2014"]
    assert [str(d) for d in sorted(PartialDate.parse(t) for t in texts)] == [
        "2013-03",
        "2014",
        "2014-12",
        "2014-12-22",
        "2015",
    ]


@pytest.mark.parametrize(
    ("event", "since", "until", "expected"),
    [
        ("2014", "2014-06", None, True),  # a year overlaps any range touching it
        ("2014", None, "2014-01-01", True),
        ("2013-12", "2014", None, False),
        ("2014-12-22", "2014-12", "2014-12", True),
        ("2014-12-22", "2014-12-23", None, False),
        ("2015-01", None, "2014", False),
        ("2014-02", "2014-02-28", "2014-02-28", True),
    ],
)
def test_overlaps_is_inclusive_on_both_ends(event: str, since: str | None, until: str | None, expected: bool) -> None:
    parse = PartialDate.parse
    assert parse(event).overlaps(parse(since) if since else None, parse(until) if until else None) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2014", "2014"),
        ("2014-03", "2014-03"),
        ("2014-03-17", "2014-03-17"),
        ("March 2014", "2014-03"),
        ("Mar 2014", "2014-03"),
        ("17 March 2014", "2014-03-17"),
        ("March 17, 2014", "2014-03-17"),
        ("4 March 2014", "2014-03-04"),
        ("the 4th of March 2014", "2014-03-04"),
        ("Mar. 4, 2014", "2014-03-04"),
        ("sept 2014", "2014-09"),
        (" 2014-03 ", "2014-03"),
        ("0999", "0999"),
        ("9999-12-31", "9999-12-31"),
    ],
)
def test_user_dates_keep_the_precision_given(text: str, expected: str) -> None:
    assert str(parse_date_arg(text)) == expected


@pytest.mark.parametrize(
    ("text", "human", "start", "end", "precision"),
    [
        ("2014", "2014", date(2014, 1, 1), date(2014, 12, 31), "year"),
        ("2014?", "2014?", date(2014, 1, 1), date(2014, 12, 31), "year"),
        ("2014~", "c. 2014", date(2014, 1, 1), date(2014, 12, 31), "year"),
        ("2014-03%", "c. Mar 2014?", date(2014, 3, 1), date(2014, 3, 31), "month"),
        ("2013/2015", "2013 to 2015", date(2013, 1, 1), date(2015, 12, 31), "year"),
        ("2023-08/..", "since Aug 2023", date(2023, 8, 1), None, "month"),
        ("2023-08-26/", "since 26 Aug 2023", date(2023, 8, 26), None, "day"),
        ("../2024-10", "until Oct 2024", None, date(2024, 10, 31), "month"),
        ("2014~/2015-06?", "c. 2014 to Jun 2015?", date(2014, 1, 1), date(2015, 6, 30), "year"),
    ],
)
def test_edtf_dates_and_intervals(text: str, human: str, start: date | None, end: date | None, precision: str) -> None:
    parsed = EventDate.parse(text)
    assert (str(parsed), parsed.human(), parsed.start, parsed.end, parsed.precision) == (
        text,
        human,
        start,
        end,
        precision,
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2015/2013", "ends before it starts"),
        ("../..", "has no start and no end"),
        ("2014/2015/2016", "not a date interval"),
        ("2014-13/2015", "not a date interval"),
        ("2014??", "not a date of the form"),
        ("~2014", "not a date of the form"),
    ],
)
def test_malformed_edtf_is_rejected(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        EventDate.parse(text)


@pytest.mark.parametrize(
    ("text", "since", "until", "expected"),
    [
        ("2013/2015", "2014-06", "2014-06", True),
        ("2013/2015", "2016", None, False),
        ("2023-08/..", "2030", None, False),  # open end, no dated source: only its start is documented
        ("2023-08/..", "2023-08-31", "2023-08-31", True),
        ("2023-08/..", None, "2023-07", False),
        ("../2024-10", None, "1950", False),  # open start: documented at its end only
        ("../2024-10", None, "2024-09", False),
        ("../2024-10", "2024-10-31", None, True),
        ("../2024-10", "2024-11", None, False),
        ("2014~", "2014-12", "2014-12", True),
    ],
)
def test_intervals_filter_by_overlap(text: str, since: str | None, until: str | None, expected: bool) -> None:
    bound = PartialDate.parse
    assert EventDate.parse(text).overlaps(bound(since) if since else None, bound(until) if until else None) is expected


@pytest.mark.parametrize(
    ("text", "published", "documented", "span"),
    [
        ("2013/2015-06", [], ("2013", "2015-06"), (date(2013, 1, 1), date(2015, 6, 30))),
        ("../2024-10", ["2025-03"], ("2024-10", "2024-10"), (date(2024, 10, 1), date(2024, 10, 31))),
        ("2023-08/..", ["2015-06", "2025-03", None], ("2023-08", "2025-03"), (date(2023, 8, 1), date(2025, 3, 31))),
        ("2023-08/..", [None], ("2023-08", "2023-08"), (date(2023, 8, 1), date(2023, 8, 31))),
        # A source published before the open interval started cannot shrink (or reverse) it.
        ("2014-03/..", ["2010"], ("2014-03", "2014-03"), (date(2014, 3, 1), date(2014, 3, 31))),
        ("2014-03/..", ["2014"], ("2014-03", "2014"), (date(2014, 3, 1), date(2014, 12, 31))),
    ],
)
def test_documented_dates_are_the_span_at_their_own_precision(
    text: str, published: list[str | None], documented: tuple[str, str], span: tuple[date, date]
) -> None:
    event_date = EventDate.parse(text).reported(PartialDate.parse(p) if p else None for p in published)
    first, last = event_date.documented()
    assert (str(first), str(last)) == documented
    assert event_date.span() == span == (first.start, last.end)


def test_intervals_sort_by_start_or_by_end_when_the_start_is_open() -> None:
    texts = ["2014", "../2013-06", "2013/2015", "2012~", "2013-02/.."]
    assert [str(d) for d in sorted(EventDate.parse(t) for t in texts)] == [
        "2012~",
        "2013/2015",
        "2013-02/..",
        "../2013-06",
        "2014",
    ]


# -- ordering: complete, and consistent with equality -------------------------------------------

PARTIAL_TEXTS = ["2014-12-22", "2015", "2014-12", "2013-03", "2014", "2014?", "2014~", "0999", "9999-12-31"]
EVENT_TEXTS = ["2014", "../2013-06", "2013/2015", "2012~", "2013-02/..", "2013", "2013/2014", "../2013"]


@pytest.mark.parametrize(
    ("values", "parse"),
    [(PARTIAL_TEXTS, lambda t: PartialDate.parse(t, qualified=True)), (EVENT_TEXTS, EventDate.parse)],
)
def test_ordering_is_total_and_agrees_with_equality(values: list[str], parse) -> None:
    dates = [parse(t) for t in values]
    for a in dates:
        for b in dates:
            assert (a < b) + (a == b) + (a > b) == 1, (a, b)
            assert (a <= b) == (a < b or a == b) and (a >= b) == (a > b or a == b)
            assert (a != b) is not (a == b)
            if a == b:
                assert hash(a) == hash(b)
    ascending = sorted(dates)
    assert sorted(dates, reverse=True) == ascending[::-1]
    assert max(dates) == ascending[-1] and min(dates) == ascending[0]


def test_dates_equal_only_dates() -> None:
    assert PartialDate(2014) != (2014, None, None, "")
    assert PartialDate.parse("2014") == PartialDate(2014)
    assert EventDate.parse("2014") != PartialDate(2014)
    assert len({PartialDate(2014), PartialDate.parse("2014"), PartialDate(2014, qualifier="~")}) == 2
    with pytest.raises(TypeError):
        _ = PartialDate(2014) < EventDate.parse("2014")
    with pytest.raises(TypeError):
        _ = PartialDate(2014) >= (2014,)


def test_no_type_ignore_hides_a_comparison_or_none_in_dates() -> None:
    import dprk_rights.model.dates

    assert "type: ignore" not in Path(dprk_rights.model.dates.__file__).read_text(encoding="utf-8")


def test_timeline_orders_mixed_precisions_both_ways(invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = ["2014-12-22", "2014", "../2013-06", "2014-12", "2013/2015", "2013-02/.."]
    write_timeline(tmp_path, monkeypatch, texts)
    expected = ["2013/2015", "2013-02/..", "../2013-06", "2014", "2014-12", "2014-12-22"]
    assert [e["date"] for e in json.loads(invoke("timeline", "--json").stdout)] == expected
    assert [e["date"] for e in json.loads(invoke("timeline", "-r", "--json").stdout)] == expected[::-1]


# -- dates typed by users: only forms that cannot be misread ------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("soon", "'soon' is not a date"),
        ("March", "'March' has no year"),
        ("2014-02-30", "not a real day"),
        ("03/04/2014", "ambiguous"),
        ("12.03.2014", "ambiguous"),
        ("2014/03/04", "ambiguous"),
        ("4-3-2014", "ambiguous"),
        ("99", "not a four-digit year"),
        ("014", "not a four-digit year"),
        ("4 March 14", "no four-digit year"),
        ("March 99", "no four-digit year"),
        ("-0100", "a year has four digits"),
        ("+2014", "a year has four digits"),
        ("10000", "a year has four digits"),
        ("20140304", "a year has four digits"),
        ("0000", "no year 0"),
        ("March 0000", "no year 0"),
        ("\u0662\u0660\u0661\u0664", "write its digits as 0-9"),  # Arabic-Indic 2014
        ("\uff12\uff10\uff11\uff14", "write its digits as 0-9"),  # fullwidth 2014
        ("March \u0968\u0966\u0967\u096a", "write its digits as 0-9"),  # Devanagari 2014
        ("2014-0\u0663", "write its digits as 0-9"),
        ("Tuesday 4 March 2014", "is not a date"),
        ("March April 2014", "is not a date"),
        ("31 February 2014", "not a real day"),
        ("2014-03-04T10:00", "is not a date"),
        ("", "is not a date"),
    ],
)
def test_ambiguous_and_impossible_user_dates_are_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_date_arg(text)


@pytest.mark.parametrize("command", [("timeline",), ("search", "referral"), ("stats",), ("export", "-f", "json")])
@pytest.mark.parametrize("option", ["--since", "--until"])
@pytest.mark.parametrize(
    "value",
    [
        "03/04/2014",
        "12.03.2014",
        "99",
        "-0100",
        "0000",
        "10000",
        "\u0662\u0660\u0661\u0664",
        "\uff12\uff10\uff11\uff14",
        "4 March 14",
    ],
)
def test_cli_refuses_ambiguous_dates_in_one_line(
    invoke, mini_path: Path, command: tuple[str, ...], option: str, value: str
) -> None:
    result = invoke(*command, option, value)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {option}: {value!r}"), lines
    assert "Traceback" not in result.stderr


def test_cli_error_lists_the_accepted_forms(invoke, mini_path: Path) -> None:
    result = invoke("timeline", "--since", "03/04/2014")
    assert result.stderr == (
        "Error: --since: '03/04/2014' is ambiguous: numbers are read only as YYYY-MM-DD (day and month order "
        "differ between countries); use 2014, 2014-03, 2014-03-17 or 'March 2014'\n"
    )


@pytest.mark.parametrize(
    ("value", "expected"), [("Dec 2014", ["second-event", "third-event"]), ("23 December 2014", ["second-event"])]
)
def test_cli_accepts_months_in_words(invoke, mini_path: Path, value: str, expected: list[str]) -> None:
    result = invoke("timeline", "--since", value, "--json")
    assert [e["id"] for e in json.loads(result.stdout)] == expected


def test_extract_published_is_read_by_the_same_rule(invoke, mini_path: Path, tmp_path: Path) -> None:
    text = tmp_path / "t.txt"
    text.write_text("In March 2014 the council met.\n", encoding="utf-8")
    result = invoke("extract", str(text), "--published", "03/04/2014")
    assert result.exit_code == 2 and result.stderr.startswith("Error: --published: '03/04/2014' is ambiguous")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("date", "\u0662\u0660\u0661\u0664"),
        ("date", "\uff12\uff10\uff11\uff14-03"),
        ("date", "2014-\u0660\u0663/.."),
        ("date", "../\uff12\uff10\uff11\uff14"),
        ("published", "\u0662\u0660\u0661\u0664"),
    ],
)
def test_data_dates_must_use_ascii_digits(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, field: str, value: str
) -> None:
    if field == "date":
        path = write_timeline(tmp_path, monkeypatch, [value])
    else:
        path = write_timeline(tmp_path, monkeypatch, ["2014"], published=value)
    result = invoke("timeline")
    assert result.exit_code == 2 and result.stdout == ""
    assert f".{field}: " in result.stderr and "not a date" in result.stderr
    result = invoke("validate", str(path))
    assert result.exit_code == 1  # problems found
    assert f".{field}: " in result.stdout and "not a date" in result.stdout


# -- edges of the calendar: years 1 to 9999 ------------------------------------------------------


def test_every_export_handles_the_first_and_last_years(invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_timeline(
        tmp_path,
        monkeypatch,
        ["0001-01-01", "0999-03", "0099", "9999", "9999-12-31", "9999-12/..", "../0001"],
        published="9999-12-31",
    )
    from dprk_rights.output.formats import FORMATS

    for fmt in FORMATS:
        result = invoke("export", "--format", fmt)
        assert result.exit_code == 0, (fmt, result.stderr)
    for args in (("timeline",), ("stats",), ("stats", "--json"), ("timeline", "--since", "9999-12-31")):
        assert invoke(*args).exit_code == 0, args
    assert [e["date"] for e in json.loads(invoke("timeline", "--until", "0999", "--json").stdout)] == [
        "../0001",  # a year sorts before the days inside it
        "0001-01-01",
        "0099",
        "0999-03",
    ]
    assert json.loads(invoke("stats", "--since", "9999", "--json").stdout)["by_year"] == {"9999": 3}


def test_ics_writes_eight_digit_dates_and_never_overflows(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import icalendar

    write_timeline(
        tmp_path, monkeypatch, ["0999-03", "0099-01-05", "9999", "9999-12-31", "9999-12/.."], published="9999-12"
    )
    text = invoke("export", "--format", "ics").stdout_bytes.decode("utf-8")
    assert re.findall(r"^DTSTART;VALUE=DATE:(.*)\r$", text, flags=re.MULTILINE) == [
        "00990105",
        "09990301",
        "99990101",
        "99991201",
        "99991231",
    ]
    assert re.findall(r"^(DTEND;VALUE=DATE:.*|DURATION:.*)\r$", text, flags=re.MULTILINE) == [
        "DTEND;VALUE=DATE:00990106",
        "DTEND;VALUE=DATE:09990302",  # a month or a year is one entry on its first day
        "DTEND;VALUE=DATE:99990102",
        "DTEND;VALUE=DATE:99991202",
        "DURATION:P1D",  # 9999-12-31 has no next day to end on
    ]
    events = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert [e.decoded("DTSTART") for e in events][:2] == [date(99, 1, 5), date(999, 3, 1)]


def write_timeline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dates: list[str], *, published: str = "2020"
) -> Path:
    """A timeline with one event per date (ids e0, e1, ...), all cited by one source, selected through DPRK_TIMELINE."""
    lines = ["sources:", f"  - {{id: s, title: S, publisher: P, published: '{published}', kind: report}}", "events:"]
    for i, text in enumerate(dates):
        lines += [
            f"  - id: e{i}",
            f"    date: '{text}'",
            f"    title: Event {i}",
            "    summary: Something happened.",
            "    citations: [{source: s, quote: it happened}]",
        ]
    path = tmp_path / "dates.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("DPRK_TIMELINE", str(path))
    return path


@pytest.mark.parametrize("published", ["0001", "0001-01", "0001-01-01", "9999", "9999-12", "9999-12-31"])
@pytest.mark.parametrize("output", [(), ("--json",), ("--format", "yaml")])
def test_extract_relative_dates_at_the_ends_of_the_calendar(
    invoke, mini_path: Path, tmp_path: Path, published: str, output: tuple[str, ...]
) -> None:
    text = tmp_path / "t.txt"
    text.write_text(
        "Last year the council met. Last month it met again. Yesterday it spoke. Next year it will meet."
        " Two years ago it began. In December it reported.\n",
        encoding="utf-8",
    )
    result = invoke("extract", str(text), "--published", published, *output)
    assert result.exit_code == 0, result.stderr
    assert "0000" not in result.stdout and "10000" not in result.stdout


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("2013 / 2015", "2013/2015"),
        ("2014-03-01\t/2015", "2014-03-01/2015"),
        ("2023-08 /..", "2023-08/.."),
        ("../ 2013-06", "../2013-06"),
    ],
)
def test_spaces_around_an_intervals_slash_are_not_kept(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, written: str, canonical: str
) -> None:
    write_timeline(tmp_path, monkeypatch, [written])
    assert [e["date"] for e in json.loads(invoke("timeline", "--json").stdout)] == [canonical]
    assert invoke("timeline").stdout.split("\t")[0] == canonical
