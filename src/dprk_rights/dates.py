"""Partial dates: a year, a month or a day, each knowing its own precision."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_PRECISIONS = ("year", "month", "day")
# Two defaults that differ in every component; see parse_date_arg.
_DEFAULT_A = datetime(2000, 1, 1)
_DEFAULT_B = datetime(2001, 2, 2)


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date known to year, month or day precision.

    ``PartialDate.parse("2014-12")`` is December 2014 as a whole: it spans
    1 to 31 December, sorts before ``2014-12-22`` and overlaps any range that
    touches that month.
    """

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError otherwise."""
        match = _ISO.fullmatch(text.strip())
        if not match:
            raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(part) if part else None for part in match.groups())
        assert year is not None
        if year < 1:
            raise ValueError(f"{text!r} has no year 0")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"{text!r} has no month {month}")
        if month is not None and day is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(f"{text!r} is not a real day ({calendar.month_name[month]} {year} has {last} days)")
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
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Chronological order; a less precise date sorts before the dates inside it."""
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: PartialDate) -> bool:
        return self.sort_key < other.sort_key

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
        return text

    def human(self) -> str:
        """The date as a reader writes it: ``2014``, ``Dec 2014``, ``22 Dec 2014``."""
        if self.month is None:
            return str(self.year)
        month = calendar.month_abbr[self.month]
        return f"{month} {self.year}" if self.day is None else f"{self.day} {month} {self.year}"


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
