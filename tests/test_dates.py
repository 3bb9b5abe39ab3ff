"""Partial dates: parsing, precision, spans, ordering, overlap, and dates typed by users."""

from __future__ import annotations

import re
from datetime import date

import pytest

from dprk_rights.dates import EventDate, PartialDate, parse_date_arg


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
    ],
)
def test_user_dates_keep_the_precision_given(text: str, expected: str) -> None:
    assert str(parse_date_arg(text)) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [("soon", "'soon' is not a date"), ("March", "'March' has no year"), ("2014-02-30", "not a real day")],
)
def test_bad_user_dates_name_the_value(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_date_arg(text)


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
        ("2023-08/..", "2030", None, True),  # open end: still going
        ("2023-08/..", None, "2023-07", False),
        ("../2024-10", None, "1950", True),
        ("../2024-10", "2024-11", None, False),
        ("2014~", "2014-12", "2014-12", True),
    ],
)
def test_intervals_filter_by_overlap(text: str, since: str | None, until: str | None, expected: bool) -> None:
    bound = PartialDate.parse
    assert EventDate.parse(text).overlaps(bound(since) if since else None, bound(until) if until else None) is expected


def test_intervals_sort_by_start_or_by_end_when_the_start_is_open() -> None:
    texts = ["2014", "../2013-06", "2013/2015", "2012~", "2013-02/.."]
    assert [str(d) for d in sorted(EventDate.parse(t) for t in texts)] == [
        "2012~",
        "2013/2015",
        "2013-02/..",
        "../2013-06",
        "2014",
    ]
