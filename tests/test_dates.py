"""Partial dates: parsing, precision, spans, ordering, overlap, and dates typed by users."""

from __future__ import annotations

from datetime import date

import pytest

from dprk_rights.dates import PartialDate, parse_date_arg


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
