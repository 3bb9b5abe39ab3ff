"""Dates as precise as the sources allow: partial dates, qualifiers and intervals (EDTF level 1).

``PartialDate`` is one year, month or day, optionally qualified as uncertain
(``2014?``), approximate (``2014~``) or both (``2014%``). ``EventDate`` is what an
event carries: a partial date, or an interval between two of them where either
end may be open (``2013/2015``, ``2023-08/..``, ``../2024-10``).

An open end is not "any time at all": an event is placed where the record documents it
(:meth:`EventDate.span`). An open start (``../2024-10``, "until Oct 2024") is documented only at
its stated end; an open end (``2023-08/..``, "since Aug 2023") runs at most to ``through``, the
latest publication date among the sources citing the event, since no source can report beyond
its own date. Filters, sorting, statistics and exports all use that span.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, NamedTuple, Protocol, TypeVar

# [0-9], not \d: \d also matches Arabic-Indic, fullwidth and other digits, which int() would accept.
_ISO = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_QUALIFIED = re.compile(r"([0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?)([?~%]?)")
_QUALIFIER_WORDS = {"": "{}", "?": "{}?", "~": "c. {}", "%": "c. {}?"}
_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"
_INTERVAL_FORMS = "e.g. 2013/2015, 2023-08/.. or ../2024-10"
_PRECISIONS = ("year", "month", "day")
#: What a date typed by a user may look like (ends every message about one).
USER_FORMS = "use 2014, 2014-03, 2014-03-17 or 'March 2014'"
# Month names and lengths by hand: importing the calendar module costs every command more than these lines.
MONTH_NAMES = (
    "", "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTH_ABBREVIATIONS = tuple(name[:3] for name in MONTH_NAMES)
_MONTHS_BY_WORD = {name.lower(): i for i, name in enumerate(MONTH_NAMES) if name} | {
    name.lower(): i for i, name in enumerate(MONTH_ABBREVIATIONS) if name
}
_MONTHS_BY_WORD["sept"] = 9
_WORD_TOKEN = re.compile(r"[A-Za-z]+\.?|[0-9]+(?:st|nd|rd|th)?|,|\S+")


def days_in_month(year: int, month: int) -> int:
    """28 to 31 (Gregorian)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


if TYPE_CHECKING:

    class _Ordered(Protocol):
        @property
        def _order(self) -> tuple[object, ...]: ...


_Kind = TypeVar("_Kind", bound="type[_Ordered]")


def _compared_by_order(kind: _Kind) -> _Kind:
    """Give a date class equality, hashing and ordering by its ``_order`` key, with its own kind only.

    A NamedTuple is a tuple: left alone it would equal a plain tuple of the same fields and order
    by fields that put None beside numbers. It cannot take a mixin either (a NamedTuple class
    inherits from nothing else), so the methods are set on the class itself, ahead of tuple's.
    Comparing with anything else (a plain tuple, the other kind of date) raises TypeError.
    """

    def order_of(other: object, operator: str) -> tuple[object, ...]:
        if isinstance(other, kind):
            return other._order
        raise TypeError(f"'{operator}' not supported between {kind.__name__} and {type(other).__name__}")

    def __eq__(self: _Ordered, other: object) -> bool:
        return isinstance(other, kind) and self._order == other._order

    def __ne__(self: _Ordered, other: object) -> bool:
        return not self == other

    def __hash__(self: _Ordered) -> int:
        return hash(self._order)

    def __lt__(self: _Ordered, other: object) -> bool:
        return self._order < order_of(other, "<")

    def __le__(self: _Ordered, other: object) -> bool:
        return self._order <= order_of(other, "<=")

    def __gt__(self: _Ordered, other: object) -> bool:
        return self._order > order_of(other, ">")

    def __ge__(self: _Ordered, other: object) -> bool:
        return self._order >= order_of(other, ">=")

    for method in (__eq__, __ne__, __hash__, __lt__, __le__, __gt__, __ge__):
        setattr(kind, method.__name__, method)
    return kind


@_compared_by_order
class PartialDate(NamedTuple):
    """A calendar date known to year, month or day precision.

    ``PartialDate.parse("2014-12")`` is December 2014 as a whole: it spans
    1 to 31 December, sorts before ``2014-12-22`` and overlaps any range that
    touches that month.

    Ordering is total and agrees with equality: chronological, a less precise date before the
    dates inside it, then by qualifier. A PartialDate equals only another PartialDate with the
    same fields (never a plain tuple), and its hash follows.
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
        year_text, month_text, day_text = match.groups()
        return cls._checked(text, int(year_text), int(month_text) if month_text else None, day_text)

    @classmethod
    def _checked(cls, text: str, year: int, month: int | None, day_text: str | None) -> PartialDate:
        """The date, or ValueError naming ``text`` when it is not a real one."""
        if year < 1:
            raise ValueError(f"{text!r} has no year 0")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"{text!r} has no month {month}")
        day = int(day_text) if day_text else None
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

    @property
    def _order(self) -> tuple[int, int, int, str]:
        # Every field, so that two dates compare equal in order exactly when they are equal.
        month = -1 if self.month is None else self.month
        return (self.year, month, -1 if self.day is None else self.day, self.qualifier)

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


@_compared_by_order
class EventDate(NamedTuple):
    """An event's date exactly as written: one partial date, or an interval whose ends may be open.

    ``first`` and ``last`` are the interval's ends (the same date for a single date;
    None for an open end). ``through`` is set only for an open end: the latest publication
    date among the sources citing the event (see :meth:`span`). Filters use the documented
    span, sorting uses the start (the end when the start is open).

    Ordering is total and agrees with equality: by the known start (or end), then the start,
    the end, the text and ``through``.
    """

    first: PartialDate | None
    last: PartialDate | None
    text: str
    through: PartialDate | None = None

    @classmethod
    def parse(cls, text: str) -> EventDate:
        """Parse a single date or an EDTF level-1 interval; ValueError names the problem."""
        text = text.strip()
        if "/" not in text:
            date = PartialDate.parse(text, qualified=True)
            return cls(date, date, text)
        start_text, _, end_text = (part.strip() for part in text.partition("/"))
        text = f"{start_text}/{end_text}"  # as EDTF writes it: no space around the slash
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

    def reported(self, published: Iterable[PartialDate | None]) -> EventDate:
        """This date as the citing sources, published on ``published`` (None: undated), can vouch for it.

        For an open end, ``through`` becomes the latest of the publication dates (None when none is
        known); any other date is returned unchanged.
        """
        if self.last is not None or self.first is None:
            return self
        dates = [p for p in published if p is not None]
        latest = max(dates, key=lambda p: (p.end, p)) if dates else None
        return self if latest == self.through else self._replace(through=latest)

    @property
    def is_interval(self) -> bool:
        return "/" in self.text

    @property
    def known(self) -> PartialDate:
        """The start, or the end when the start is open."""
        if self.first is not None:
            return self.first
        if self.last is not None:
            return self.last
        raise ValueError(f"{self.text!r} has no start and no end")

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
        """The first and last day the record documents: what filters, statistics and calendars use.

        A closed date spans from its start's first day to its end's last day. An open start
        (``../2024-10``) is documented only at its stated end: it spans that end (October 2024),
        not all time before it. An open end (``2023-08/..``) spans from its start to the last
        day of ``through``, the latest publication date among the citing sources (the start's
        own span when no citing source is dated, or when all were published before it ended).
        """
        first, last = self.documented()
        return (first.start, last.end)

    def documented(self) -> tuple[PartialDate, PartialDate]:
        """The first and last partial dates the record documents, at their own precision: the dates
        whose days are :meth:`span` (for outputs that draw dates, not days). An open start is its
        stated end twice; an open end runs to ``through`` when that ends later than the start, else
        it is the start twice."""
        if self.last is not None:
            return (self.first or self.last, self.last)
        start = self.known
        through = self.through
        return (start, through if through is not None and through.end > start.end else start)

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Chronological order by start (by end when the start is open)."""
        return self.known.sort_key

    @property
    def _order(self) -> tuple[object, ...]:
        return (self.known._order, _optional(self.first), _optional(self.last), self.text, _optional(self.through))

    def overlaps(self, since: PartialDate | None = None, until: PartialDate | None = None) -> bool:
        """True when any day of the documented span (see :meth:`span`) falls within ``[since, until]``."""
        first_day, last_day = self.span()
        if since is not None and last_day < since.start:
            return False
        return until is None or first_day <= until.end

    def __str__(self) -> str:
        return self.text

    def human(self) -> str:
        """As a reader writes it: ``2013 to 2015``, ``since Aug 2023``, ``until Oct 2024``, ``c. 2014``."""
        if not self.is_interval:
            return self.known.human()
        if self.first is None:
            return f"until {self.known.human()}"
        if self.last is None:
            return f"since {self.first.human()}"
        return f"{self.first.human()} to {self.last.human()}"


def _optional(value: PartialDate | None) -> tuple[object, ...]:
    """An order key for an optional date: None (an open end) before any date."""
    return () if value is None else (value._order,)


def parse_date_arg(text: str) -> PartialDate:
    """Parse a date typed by a user: ``2014``, ``2014-03``, ``2014-03-17``, or the month in words.

    The result keeps the precision the user gave: ``March 2014`` is a month. Only forms
    that cannot be misread are accepted: ``03/04/2014``, ``12.03.2014`` or ``99`` mean
    different dates to different readers and are refused, as are digits other than
    ASCII 0-9 and years outside 0001-9999. Raises ValueError with a message naming the value.
    """
    stripped = text.strip()
    if any(ch.isdigit() or ch.isnumeric() for ch in stripped if not "0" <= ch <= "9"):
        raise ValueError(f"{text!r} is not a date: write its digits as 0-9; {USER_FORMS}")
    if _ISO.fullmatch(stripped):
        return PartialDate.parse(stripped)
    if re.fullmatch(r"[0-9]{1,3}", stripped):
        raise ValueError(f"{text!r} is not a four-digit year (two-digit years are ambiguous); {USER_FORMS}")
    if re.fullmatch(r"[+-]?[0-9]+", stripped):
        raise ValueError(f"{text!r} is not a date: a year has four digits, 0001 to 9999; {USER_FORMS}")
    if stripped and re.fullmatch(r"[0-9\s./\-]+", stripped):
        raise ValueError(
            f"{text!r} is ambiguous: numbers are read only as YYYY-MM-DD (day and month order "
            f"differ between countries); {USER_FORMS}"
        )
    return _date_in_words(text, stripped)


def _date_in_words(text: str, stripped: str) -> PartialDate:
    """``March 2014``, ``17 March 2014``, ``March 17, 2014``, ``the 17th of March 2014``: an English month
    name (or its abbreviation), a four-digit year, and optionally a day of one or two digits."""
    months: list[int] = []
    years: list[str] = []
    days: list[str] = []
    for token in _WORD_TOKEN.findall(stripped):
        word = token.rstrip(".").lower()
        if token == "," or word in ("of", "the"):
            continue
        if word in _MONTHS_BY_WORD:
            months.append(_MONTHS_BY_WORD[word])
        elif re.fullmatch(r"[0-9]{4}", token):
            years.append(token)
        elif re.fullmatch(r"[0-9]{1,2}(?:st|nd|rd|th)?", token):
            days.append(re.sub(r"[a-z]", "", token))
        else:
            raise ValueError(f"{text!r} is not a date; {USER_FORMS}")
    if len(months) != 1 or len(years) > 1 or len(days) > 1 + (not years):
        raise ValueError(f"{text!r} is not a date; {USER_FORMS}")
    if not years and days:
        raise ValueError(f"{text!r} has no four-digit year (two-digit years are ambiguous); {USER_FORMS}")
    if not years:
        raise ValueError(f"{text!r} has no year; {USER_FORMS}")
    return PartialDate._checked(text, int(years[0]), months[0], days[0] if days else None)
