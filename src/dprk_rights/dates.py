"""Dates as precise as the sources allow: partial dates, qualifiers and intervals (EDTF level 1).

``PartialDate`` is one year, month or day, optionally qualified as uncertain
(``2014?``), approximate (``2014~``) or both (``2014%``). ``EventDate`` is what an
event carries: a partial date, or an interval between two of them where either
end may be open (``2013/2015``, ``2023-08/..``, ``../2024-10``).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import NamedTuple

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_QUALIFIED = re.compile(r"(\d{4}(?:-\d{2}(?:-\d{2})?)?)([?~%]?)")
_QUALIFIER_WORDS = {"": "{}", "?": "{}?", "~": "c. {}", "%": "c. {}?"}
_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"
_INTERVAL_FORMS = "e.g. 2013/2015, 2023-08/.. or ../2024-10"
_PRECISIONS = ("year", "month", "day")
# Month names and lengths by hand: importing the calendar module costs every command more than these lines.
MONTH_NAMES = (
    "", "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTH_ABBREVIATIONS = tuple(name[:3] for name in MONTH_NAMES)


def days_in_month(year: int, month: int) -> int:
    """28 to 31 (Gregorian)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


# Two defaults that differ in every component; see parse_date_arg.
_DEFAULT_A = datetime(2000, 1, 1)
_DEFAULT_B = datetime(2001, 2, 2)


class PartialDate(NamedTuple):
    """A calendar date known to year, month or day precision.

    ``PartialDate.parse("2014-12")`` is December 2014 as a whole: it spans
    1 to 31 December, sorts before ``2014-12-22`` and overlaps any range that
    touches that month.
    """

    year: int
    month: int | None = None
    day: int | None = None
    qualifier: str = ""
    """``?`` uncertain, ``~`` approximate, ``%`` both, or empty."""

    @classmethod
    def parse(cls, text: str, *, qualified: bool = False) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (with a trailing ``?``, ``~`` or ``%`` when
        ``qualified``); raise ValueError otherwise."""
        match = _QUALIFIED.fullmatch(text.strip()) if qualified else None
        core, qualifier = match.groups() if match else (text.strip(), "")
        parsed = cls._parse_plain(core, text)
        return cls(parsed.year, parsed.month, parsed.day, qualifier) if qualifier else parsed

    @classmethod
    def _parse_plain(cls, core: str, text: str) -> PartialDate:
        match = _ISO.fullmatch(core)
        if not match:
            raise ValueError(f"{text!r} is not a date of the form {_FORMS}")
        year, month, day = (int(part) if part else None for part in match.groups())
        assert year is not None
        if year < 1:
            raise ValueError(f"{text!r} has no year 0")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"{text!r} has no month {month}")
        if month is not None and day is not None:
            last = days_in_month(year, month)
            if not 1 <= day <= last:
                raise ValueError(f"{text!r} is not a real day ({MONTH_NAMES[month]} {year} has {last} days)")
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        """``"year"``, ``"month"`` or ``"day"``."""
        return _PRECISIONS[(self.month is not None) + (self.day is not None)]

    @property
    def start(self) -> date:
        """The earliest day this date can mean."""
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> date:
        """The latest day this date can mean."""
        month = self.month or 12
        return date(self.year, month, self.day or days_in_month(self.year, month))

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Chronological order; a less precise date sorts before the dates inside it."""
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: object) -> bool:
        return self.sort_key < other.sort_key  # type: ignore[attr-defined,no-any-return]

    def overlaps(self, since: PartialDate | None = None, until: PartialDate | None = None) -> bool:
        """True when any day of this date falls within ``[since, until]`` (both inclusive, open when None)."""
        if since is not None and self.end < since.start:
            return False
        return until is None or self.start <= until.end

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text + self.qualifier

    def human(self) -> str:
        """The date as a reader writes it: ``2014``, ``Dec 2014``, ``22 Dec 2014``, ``c. 2014``, ``2014?``."""
        if self.month is None:
            text = str(self.year)
        else:
            month = MONTH_ABBREVIATIONS[self.month]
            text = f"{month} {self.year}" if self.day is None else f"{self.day} {month} {self.year}"
        return _QUALIFIER_WORDS[self.qualifier].format(text)


class EventDate(NamedTuple):
    """An event's date exactly as written: one partial date, or an interval whose ends may be open.

    ``first`` and ``last`` are the interval's ends (the same date for a single date;
    None for an open end). Filters use the whole span, sorting uses the start.
    """

    first: PartialDate | None
    last: PartialDate | None
    text: str

    @classmethod
    def parse(cls, text: str) -> EventDate:
        """Parse a single date or an EDTF level-1 interval; ValueError names the problem."""
        text = text.strip()
        if "/" not in text:
            date = PartialDate.parse(text, qualified=True)
            return cls(date, date, text)
        start_text, _, end_text = text.partition("/")
        try:
            if "/" in end_text:
                raise ValueError
            first = None if start_text in ("", "..") else PartialDate.parse(start_text, qualified=True)
            last = None if end_text in ("", "..") else PartialDate.parse(end_text, qualified=True)
        except ValueError:
            raise ValueError(f"{text!r} is not a date interval of the form START/END ({_INTERVAL_FORMS})") from None
        if first is None and last is None:
            raise ValueError(f"{text!r} has no start and no end")
        if first and last and last.end < first.start:
            raise ValueError(f"{text!r} ends before it starts")
        return cls(first, last, text)

    @classmethod
    def of(cls, date: PartialDate) -> EventDate:
        """A single date."""
        return cls(date, date, str(date))

    @property
    def is_interval(self) -> bool:
        return "/" in self.text

    @property
    def known(self) -> PartialDate:
        """The start, or the end when the start is open."""
        return self.first or self.last  # type: ignore[return-value]

    @property
    def precision(self) -> str:
        """Precision of the known start (or end): ``year``, ``month`` or ``day``."""
        return self.known.precision

    @property
    def year(self) -> int:
        return self.known.year

    @property
    def iso(self) -> str:
        """The known start (or end) as a plain ISO date at its precision, without qualifier."""
        known = self.known
        return str(PartialDate(known.year, known.month, known.day))

    @property
    def start(self) -> date | None:
        """The earliest day the date can mean; None when open."""
        return self.first.start if self.first else None

    @property
    def end(self) -> date | None:
        """The latest day the date can mean; None when open."""
        return self.last.end if self.last else None

    def span(self) -> tuple[date, date]:
        """A bounded span for calendars: an open end is replaced by the known end's own span."""
        return (self.start or self.known.start, self.end or self.known.end)

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Chronological order by start (by end when the start is open)."""
        return self.known.sort_key

    def __lt__(self, other: object) -> bool:
        return self.sort_key < other.sort_key  # type: ignore[attr-defined,no-any-return]

    def overlaps(self, since: PartialDate | None = None, until: PartialDate | None = None) -> bool:
        """True when any day of this date or interval falls within ``[since, until]``."""
        if since is not None and self.end is not None and self.end < since.start:
            return False
        return until is None or self.start is None or self.start <= until.end

    def __str__(self) -> str:
        return self.text

    def human(self) -> str:
        """As a reader writes it: ``2013 to 2015``, ``since Aug 2023``, ``until Oct 2024``, ``c. 2014``."""
        if not self.is_interval:
            return self.known.human()
        if self.first is None:
            return f"until {self.last.human()}"  # type: ignore[union-attr]
        if self.last is None:
            return f"since {self.first.human()}"
        return f"{self.first.human()} to {self.last.human()}"


def parse_date_arg(text: str) -> PartialDate:
    """Parse a date typed by a user: ISO forms, or words such as ``March 2014``.

    The result keeps the precision the user gave: ``March 2014`` is a month.
    Raises ValueError with a message naming the value.
    """
    try:
        return PartialDate.parse(text)
    except ValueError as iso_error:
        if _ISO.fullmatch(text.strip()):
            raise iso_error from None
    from dateutil import parser  # only paid for when a date is written in words

    # Parse twice with different defaults: a component the text did not give
    # comes out differently each time, which tells us the precision.
    try:
        first = parser.parse(text, default=_DEFAULT_A)
        second = parser.parse(text, default=_DEFAULT_B)
    except (ValueError, OverflowError):
        raise ValueError(f"{text!r} is not a date; use 2014, 2014-03, 2014-03-17 or 'March 2014'") from None
    if first.year != second.year:
        raise ValueError(f"{text!r} has no year; use e.g. 'March 2014'")
    if first.month != second.month:
        return PartialDate(first.year)
    if first.day != second.day:
        return PartialDate(first.year, first.month)
    return PartialDate(first.year, first.month, first.day)
