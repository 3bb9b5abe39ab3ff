"""Drafting cited events from a plain-text source: find the sentences that state a date.

:func:`find_dates` finds date expressions in a sentence (full dates, months, years, ranges,
``since``/``prior to`` forms, and dates relative to the document such as ``last September``
or ``On 28 April``); :func:`extract` turns each into a :class:`Draft` with the date at exactly
the precision the text gives, a verbatim quote of at most 25 words containing it, suggested
tags and actors, and how it compares with the loaded timeline.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date as date_type
from datetime import timedelta
from pathlib import Path
from typing import Protocol

from dprk_rights.errors import DataError, Problem
from dprk_rights.model.dates import MONTH_ABBREVIATIONS, MONTH_NAMES, EventDate, PartialDate, days_in_month
from dprk_rights.model.records import MAX_QUOTE_WORDS, Event, Source, TimelineData
from dprk_rights.reading.terms import Phrase, Thesaurus, loose, words
from dprk_rights.text import normalise_quote

# -- date expressions ----------------------------------------------------------------------------

_MONTHS = {name: i for i, name in enumerate(MONTH_NAMES) if name}
_MONTHS |= {name: i for i, name in enumerate(MONTH_ABBREVIATIONS) if name}
_MONTHS["Sept"] = 9
_M = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"  # capitalised: "may" is not May
_ORDINALS = {
    word: i
    for i, word in enumerate(
        [
            *("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"),
            *("eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth"),
            *("eighteenth", "nineteenth", "twentieth"),
        ],
        1,
    )
}
_ORDINALS |= {f"twenty-{word}": 20 + i for word, i in list(_ORDINALS.items())[:9]}
_ORDINALS |= {"thirtieth": 30, "thirty-first": 31}
_DN = r"(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_DW = r"(?:" + "|".join(sorted(_ORDINALS, key=len, reverse=True)) + r")"
#: A day of a month before its name: "9 March", "9th March", "the 9th of March", "the ninth of March".
_DM = rf"(?:{_DN}\s+(?:of\s+)?|{_DW}\s+of\s+){_M}"
_Y = r"(?:1[89]\d\d|20\d\d)"
_DAY = rf"(?:{_DM},?\s+{_Y}|{_M}\s+{_DN},?\s+{_Y}|{_Y}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))"
_MONTH = rf"(?:{_M},?\s+(?:of\s+)?{_Y})"
_EXPLICIT = rf"(?:{_DAY}|{_MONTH}|{_Y})"
#: An end of a range that may lack its year: an explicit date, a day of a month, or a month.
_END = rf"(?:{_EXPLICIT}|{_DM}|{_M}\s+{_DN}|{_M})"
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_WEEKDAYS = {
    name: i for i, name in enumerate(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"))
}
_SEASONS = r"[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter"
_PART = (
    r"(?:the\s+)?(?:(?:first|second|latter|last)\s+half|(?:first|second|third|fourth|last)\s+quarter"
    r"|end|start|beginning|middle)\s+of\s+"
)
_NOT_A_DATE_AFTER = rf"(?!,?\s+(?:the\s+)?(?:\d|{_M}|{_DW}\b))"  # "Tuesday 9 February 2021" is one date

#: (kind, pattern) in priority order; an earlier match wins over an overlapping later one.
_PATTERNS = [
    (
        "day-range",
        rf"(?:\b[Ff]rom\s+|\b[Bb]etween\s+|(?<![\w/.,:\u2013-]))(?:the\s+)?(?P<d1>{_DN})\s*(?:[-\u2013]|\b(?:to|until"
        rf"|till|and)\b)\s*(?:the\s+)?(?P<d2>{_DN})\s+(?:of\s+)?(?P<m>{_M})(?:,?\s+(?P<y>{_Y}))?\b",
    ),
    ("day-range", rf"\b(?P<m>{_M})\s+(?P<d1>{_DN})\s*[-\u2013]\s*(?P<d2>{_DN})(?:,?\s+(?P<y>{_Y}))?\b"),
    ("between", rf"\b(?:[Bb]etween|[Ff]rom)\s+(?P<a>{_END})\s+(?:and|to|until|till|through)\s+(?P<b>{_END})\b"),
    ("between", rf"\b(?P<a>{_M})\s*[-\u2013]\s*(?P<b>{_M},?\s+{_Y})\b"),
    ("range", rf"\b(?P<a>{_Y})\s*[-\u2013]\s*(?P<b>{_Y})\b"),
    ("since", rf"(?:^|(?<=[,;:]\s))[Ss]ince\s+(?:[^,.;]{{0,80}}?\s)?(?:on|in|of)\s+(?P<a>{_EXPLICIT})\b"),
    ("since", rf"\b[Ss]ince\s+(?P<a>{_EXPLICIT})\b"),
    ("before", rf"\b(?:[Pp]rior\s+to|[Bb]efore)\s+(?P<a>{_EXPLICIT})\b"),
    ("until", rf"\b(?:[Uu]ntil|[Uu]p\s+to|[Tt]ill)\s+(?P<a>{_EXPLICIT})\b"),
    ("about", rf"\b(?:[Aa]round|[Aa]bout|[Cc]irca|c\.)\s+(?P<a>{_EXPLICIT})\b"),
    ("date", rf"\b(?P<a>{_DAY})\b"),
    ("date", rf"\b(?P<a>{_MONTH})\b"),
    ("season", rf"\b(?:(?:[Ee]arly|[Ll]ate|[Mm]id-?)\s*)?(?P<season>{_SEASONS})\s+(?:of\s+)?(?P<y>{_Y})\b"),
    ("part-of-year", rf"\b(?P<part>{_PART})(?P<y>{_Y})\b"),
    (
        "month-rel-year",
        rf"\b(?:(?P<dm>{_DM})|(?P<m>{_M})(?:\s+(?P<d>{_DN}))?),?\s+(?:of\s+)?(?P<rel>this|last|next)\s+year\b",
    ),
    ("month-relative", rf"\b(?P<rel>[Ll]ast|[Tt]his|[Nn]ext)\s+(?P<m>{_M})"),
    (
        "weekday",
        rf"\b(?:(?P<rel>[Ll]ast|[Tt]his|[Pp]ast|[Nn]ext)\s+)?(?P<wd>{'|'.join(_WEEKDAYS)})\b{_NOT_A_DATE_AFTER}",
    ),
    ("day-no-year", rf"\b(?P<dm>{_DM})(?!\.?,?\s*{_Y})"),
    ("day-no-year", rf"\b(?P<m>{_M})\s+(?P<d>{_DN})\b(?!,?\s*{_Y})"),
    (
        "month-no-year",
        rf"\b(?:[Ii]n|[Dd]uring|[Bb]y|[Ee]arly|[Ll]ate|[Mm]id-?)\s+(?P<m>{_M})(?!\.?,?\s+(?:of\s+)?{_Y})",
    ),
    ("date", rf"\b(?:[Ii]n|[Dd]uring|[Bb]y|[Ff]rom|[Aa]fter|[Ee]arly|[Ll]ate|[Mm]id-?|[Tt]hrough)\s+(?P<a>{_Y})\b"),
    (
        "ago",
        r"\b(?P<n>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<unit>year|month|week|day)s?\s+ago\b",
    ),
    (
        "relative",
        r"\b(?P<rel>(?:earlier|later)\s+today|today|(?:the\s+day\s+before\s+)?yesterday|(?:(?:earlier|later)\s+)?"
        r"this\s+(?:week|month|year)|last\s+(?:week|weekend|month|year)|next\s+(?:week|weekend|month|year))\b",
    ),
]
_COMPILED = [
    (kind, re.compile(pattern, re.IGNORECASE if kind in ("ago", "relative") else 0)) for kind, pattern in _PATTERNS
]
_FUTURE = re.compile(r"^(?:later|next)\b", re.IGNORECASE)
_MODAL = re.compile(r"\b(?:may|might|will|would|could|shall|unlikely)\b", re.IGNORECASE)
#: Words that put what follows in the same clause after the text was written ("is due to present ... in October").
_FUTURE_CUE = re.compile(
    r"\b(?:will|shall|(?:is|are)\s+(?:due|scheduled|expected|set|planned|going|to)(?:\s+to)?|plans?\s+to|intends?\s+to"
    r"|upcoming|forthcoming)\b",
    re.IGNORECASE,
)
_CLAUSE_LOOKBACK = 200
_THAT = re.compile(r"\bthat\b")
_OUT_OF_RANGE = "falls outside the years 1 to 9999"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_URL = re.compile(r"\b(?:https?://|www\.)\S+")
_FURNITURE = re.compile(r"^\s*(?:last\s+updated|updated|published|posted|copyright)\b|©", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"\u201d\u2019)]*\s+(?=[\"\u201c\u2018(]?[A-Z0-9])")
_ABBREVIATIONS = (
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "No.",
    "St.",
    "U.S.",
    "U.N.",
    "e.g.",
    "i.e.",
    "c.",
    "vs.",
    "hon.",
    "Jan.",
    "Feb.",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
)
#: Kinds whose date is resolved against the publication date (and so marked inferred).
_RELATIVE = frozenset(
    ["month-rel-year", "month-relative", "weekday", "day-no-year", "month-no-year", "ago", "relative"]
)


@dataclass(frozen=True)
class FoundDate:
    """A date expression in a sentence: where it is, and the date it gives."""

    start: int
    end: int
    text: str
    date: EventDate | None
    inferred: bool = False
    future: bool = False
    note: str = ""
    """Why the date is less precise or less certain than it looks, or why there is none."""
    context: int | None = None
    """For a date that took its year from another in the sentence ("Last year, ... on 19 September"):
    that one's start."""


class _BadDate(ValueError):
    """A date expression that gives no real date: why, for the draft's note."""


def find_dates(sentence: str, published: PartialDate | None) -> list[FoundDate]:
    """Every date expression in ``sentence``, in order. Relative ones are resolved against ``published``
    (their ``date`` is None when that is unknown); ``future`` marks ones that point after it. A day or
    month without a year takes the year of a single year stated before it in the sentence."""
    claimed = bytearray(len(sentence) + 1)
    matches: list[tuple[str, re.Match[str]]] = []
    for kind, pattern in _COMPILED:
        for match in pattern.finditer(sentence):
            start, end = match.span()
            if any(claimed[start:end]):
                continue
            if kind == "day-range" and _day(match["d1"]) >= _day(match["d2"]):
                continue  # "article 12 and 3 May 2019" is no range
            claimed[start:end] = b"\x01" * (end - start)
            matches.append((kind, match))
    matches.sort(key=lambda pair: pair[1].start())
    found: list[FoundDate] = []
    year: tuple[int, int] | None = None  # (year, start) of the last single year seen
    for kind, match in matches:
        text = match.group(0).strip().rstrip(".")
        context = year if kind in ("day-no-year", "month-no-year") else None
        try:
            date, inferred, future, note = _resolve(kind, match, published, context[0] if context else None)
        except _BadDate as exc:
            date, inferred, future, note = None, kind in _RELATIVE, False, f"{text!r} {exc}"
        except OverflowError:  # date arithmetic before 1 January 1 or after 31 December 9999
            date, inferred, future, note = None, True, False, f"{text!r} {_OUT_OF_RANGE}"
        found.append(FoundDate(match.start(), match.end(), text, date, inferred, future, note, context and context[1]))
        if context:
            year = None  # a year places the first yearless date after it, not every one
        if date and not date.is_interval and date.precision == "year" and not date.known.qualifier and not future:
            year = (date.year, match.start())
    return found


def _resolve(
    kind: str, match: re.Match[str], published: PartialDate | None, year: int | None
) -> tuple[EventDate | None, bool, bool, str]:
    """(date, inferred, future, note) of one date expression."""
    groups = match.groupdict()
    if kind in ("date", "since", "before", "until", "about"):
        first = _explicit(str(groups["a"]))
        if kind == "since":
            return EventDate(first, None, f"{first}/.."), False, False, ""
        if kind == "until":
            return EventDate(None, first, f"../{first}"), False, False, ""
        if kind == "before":
            previous = _previous(first)
            return EventDate(None, previous, f"../{previous}"), False, False, ""
        if kind == "about":
            return EventDate.of(first._replace(qualifier="~")), False, False, ""
        return EventDate.of(first), False, False, ""
    if kind == "season":
        season = str(groups["season"]).lower()
        in_year = PartialDate(int(str(groups["y"])), qualifier="~" if season == "winter" else "")
        why = "a winter spans two years" if season == "winter" else "the date model has no seasons"
        return EventDate.of(in_year), False, False, f"{match.group(0).strip()!r}: year only ({why})"
    if kind == "part-of-year":
        return EventDate.of(PartialDate(int(str(groups["y"])))), False, False, f"{match.group(0).strip()!r}: year only"
    if kind in ("between", "range", "day-range"):
        return _range(kind, groups, published)
    if year is not None:  # "In 2017, ... on 3 May": the sentence gives the year
        return _in_year(groups, year), True, False, f"year from earlier in the sentence ({year})"
    rel = (groups.get("rel") or "").lower()
    if rel in ("next",) or _FUTURE.match(rel):
        return None, True, True, ""
    if published is None:
        return None, True, False, "needs --published to resolve the date"
    date, note = _relative(kind, groups, published)
    return date, True, False, note


def _range(
    kind: str, groups: dict[str, str | None], published: PartialDate | None
) -> tuple[EventDate | None, bool, bool, str]:
    """``between A and B``, ``from A to B``, ``2013-2015``, ``3 to 8 May 2017``: an interval. A missing year
    comes from the other end, or else from the publication date (then the range is inferred)."""
    if kind == "day-range":
        month = _month(str(groups["m"]))
        a_parts: tuple[int | None, int | None, int | None] = (None, month, _day(str(groups["d1"])))
        b_parts: tuple[int | None, int | None, int | None] = (
            int(groups["y"]) if groups["y"] else None,
            month,
            _day(str(groups["d2"])),
        )
    else:
        a_parts, b_parts = _parts(str(groups["a"])), _parts(str(groups["b"]))
    inferred, note = False, ""
    b_year, b_month, b_day = b_parts
    if b_year is None:
        if b_month is None:
            return None, False, False, ""
        if published is None:
            return None, True, False, "needs --published to resolve the date"
        b, note = _place(b_month, b_day, published)
        inferred = True
    else:
        b = PartialDate(b_year, b_month, b_day)
    a_year, a_month, a_day = a_parts
    if a_year is None:
        if a_month is None:
            return None, False, False, ""
        later = (a_month, a_day or 0) > (b.month or 12, b.day or 0)
        a = PartialDate(b.year - later, a_month, a_day, b.qualifier)
    else:
        a = PartialDate(a_year, a_month, a_day)
    _check(a)
    _check(b)
    if b.end < a.start:
        return None, False, False, ""
    return EventDate(a, b, f"{a}/{b}"), inferred, False, note


def _parts(text: str) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) of an explicit or yearless date expression; None for what it does not say."""
    text = text.replace(",", " ").replace(".", " ")
    iso = re.fullmatch(r"\s*(\d{4})-(\d{2})-(\d{2})\s*", text)
    if iso:
        y, m, d = map(int, iso.groups())
        return y, m, d
    parts = text.split()
    year = next((int(p) for p in parts if re.fullmatch(r"\d{4}", p)), None)
    month = next((_MONTHS[p] for p in parts if p in _MONTHS), None)
    day = next((_day(p) for p in parts if re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", p) or p in _ORDINALS), None)
    return year, month, day if month else None


def _explicit(text: str) -> PartialDate:
    """A PartialDate from an explicit date expression, at the precision written."""
    year, month, day = _parts(text)
    assert year is not None  # every explicit pattern has a four-digit year
    date = PartialDate(year, month, day)
    _check(date)
    return date


def _day(text: str) -> int:
    return _ORDINALS[text] if text in _ORDINALS else int(re.sub(r"\D", "", text))


def _month(text: str) -> int:
    return _MONTHS[text.rstrip(".")]


def _check(date: PartialDate) -> PartialDate:
    """``date`` if it is a real day, month or year between 1 and 9999; _BadDate otherwise."""
    if not 1 <= date.year <= 9999:
        raise _BadDate(_OUT_OF_RANGE)
    if date.month and date.day and date.day > days_in_month(date.year, date.month):
        raise _BadDate(f"is not a real day ({MONTH_NAMES[date.month]} {date.year} has no day {date.day})")
    return date


def _previous(date: PartialDate) -> PartialDate:
    """The unit before: the year before a year, the month before a month, the day before a day."""
    if date.month is None:
        return _check(PartialDate(date.year - 1))
    if date.day is None:
        return _check(PartialDate(date.year - (date.month == 1), 12 if date.month == 1 else date.month - 1))
    day = date.start - timedelta(days=1)
    return PartialDate(day.year, day.month, day.day)


def _yearless(groups: dict[str, str | None]) -> tuple[int, int | None]:
    """(month, day) of a yearless day or month: a ``dm`` group ("9th of March") or ``m`` and ``d`` groups."""
    if groups.get("dm"):
        _, month, day = _parts(str(groups["dm"]))
        assert month is not None  # the pattern holds a month name
        return month, day
    return _month(str(groups["m"])), _day(str(groups["d"])) if groups.get("d") else None


def _in_year(groups: dict[str, str | None], year: int) -> EventDate:
    """A yearless day or month placed in a year the sentence gives."""
    month, day = _yearless(groups)
    return EventDate.of(_check(PartialDate(year, month, day)))


def _place(month: int, day: int | None, published: PartialDate) -> tuple[PartialDate, str]:
    """The most recent ``day month`` (or ``month``) on or before publication, and a note when the
    publication date is too coarse to tell which year that is (then the year is marked ``?``)."""
    if day is not None and day > days_in_month(2000, month):  # 31 June, 30 February
        raise _BadDate(f"is not a real day ({MONTH_NAMES[month]} has no day {day})")
    year = published.year
    while year > 0 and day is not None and day > days_in_month(year, month):  # 29 February: a leap year
        year -= 1
    if year > 0 and PartialDate(year, month, day).start > published.end:  # after it can have appeared
        year -= 1
        while year > 0 and day is not None and day > days_in_month(year, month):
            year -= 1
    date = _check(PartialDate(year, month, day))
    if date.start <= published.start:  # on or before the earliest day it can have appeared
        return date, ""
    when = f"{day} {MONTH_NAMES[month]}" if day else MONTH_NAMES[month]
    note = f"year uncertain: the publication date ({published}) does not say whether {when} came before it"
    return date._replace(qualifier="?"), note


def _relative(kind: str, groups: dict[str, str | None], published: PartialDate) -> tuple[EventDate | None, str]:
    """Resolve a date relative to the document: the most recent such date on or before publication."""
    if kind in ("day-no-year", "month-no-year"):
        placed, note = _place(*_yearless(groups), published)
        return EventDate.of(placed), note
    if kind == "month-rel-year":
        offset = {"last": -1, "this": 0}[str(groups["rel"])]
        return EventDate.of(_check(PartialDate(published.year + offset, *_yearless(groups)))), ""
    if kind == "month-relative":
        month = _month(str(groups["m"]))
        if str(groups["rel"]).lower() == "this":
            return EventDate.of(_check(PartialDate(published.year, month))), ""
        # "last September": the most recent September before the publication's month
        if published.month is None:
            last = PartialDate(published.year - (month == 12), month, qualifier="" if month == 12 else "?")
            note = "" if month == 12 else f"year uncertain: the publication date ({published}) gives no month"
            return EventDate.of(_check(last)), note
        return EventDate.of(_check(PartialDate(published.year - (month >= published.month), month))), ""
    if kind == "weekday":
        return _weekday(str(groups["wd"]), (groups.get("rel") or "").lower(), published)
    if kind == "ago":
        return _ago(str(groups["n"]).lower(), str(groups["unit"]).lower(), published)
    phrase = str(groups["rel"]).lower()
    date = _relative_word(phrase, published)
    return date, "" if date else f"{phrase!r}: the publication date ({published}) has no month"


def _day_date(day: date_type) -> PartialDate:
    return PartialDate(day.year, day.month, day.day)


def _days(first: date_type, last: date_type) -> EventDate:
    """The interval from one day to another."""
    a, b = _day_date(first), _day_date(last)
    return EventDate(a, b, f"{a}/{b}")


def _months_after(published: PartialDate, offset: int) -> PartialDate:
    """The month ``offset`` months after the publication's (before it when negative); it must have a month."""
    assert published.month is not None
    index = published.year * 12 + published.month - 1 + offset
    return _check(PartialDate(index // 12, index % 12 + 1))


def _weekday(name: str, rel: str, published: PartialDate) -> tuple[EventDate | None, str]:
    """``on Tuesday``: the last Tuesday on or before publication (``last Tuesday``: before it)."""
    if published.day is None:
        return EventDate.of(published), f"{name}: the publication date ({published}) has no day"
    day = published.start
    back = (day.weekday() - _WEEKDAYS[name]) % 7
    if back == 0 and rel == "last":
        back = 7
    return EventDate.of(_day_date(day - timedelta(days=back))), ""


def _ago(count: str, unit: str, published: PartialDate) -> tuple[EventDate | None, str]:
    n = int(_NUMBERS.get(count, count)) if len(count) < 6 else 10**6
    if unit == "year":
        return EventDate.of(_check(PartialDate(published.year - n))), ""
    if unit == "month":
        if published.month is None:
            return None, f"{count} {unit}s ago: the publication date ({published}) has no month"
        return EventDate.of(_months_after(published, -n)), ""
    if published.day is None:
        return None, f"{count} {unit}s ago: the publication date ({published}) has no day"
    day = published.start - timedelta(days=n * (7 if unit == "week" else 1))
    return (_week(day) if unit == "week" else EventDate.of(_day_date(day))), ""


def _week(day: date_type) -> EventDate:
    """The Monday-to-Sunday week holding ``day``."""
    start = day - timedelta(days=day.weekday())
    return _days(start, start + timedelta(days=6))


def _relative_word(phrase: str, published: PartialDate) -> EventDate | None:
    unit = phrase.split()[-1]
    if unit == "year":
        offset = {"last": -1, "next": 1}.get(phrase.split()[0], 0)
        return EventDate.of(_check(PartialDate(published.year + offset)))
    if unit == "month":
        if published.month is None:
            return EventDate.of(PartialDate(published.year)) if "last" not in phrase else None
        return EventDate.of(_months_after(published, {"last": -1, "next": 1}.get(phrase.split()[0], 0)))
    if published.day is None:  # today, yesterday, this week: no more precise than the publication date
        return EventDate.of(published)
    day = published.start
    if unit == "yesterday":
        day -= timedelta(days=2 if phrase.startswith("the day before") else 1)
    if unit == "weekend":  # the Saturday and Sunday before publication
        saturday = day - timedelta(days=(day.weekday() - 5) % 7 or 7)
        return _days(saturday, saturday + timedelta(days=1))
    if unit == "week":
        if phrase.startswith("last"):  # the Monday-to-Sunday week before the publication's
            return _week(day - timedelta(days=7))
        return _days(day - timedelta(days=6), day)
    return EventDate.of(_day_date(day))


# -- sentences and quotes ------------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    """A sentence of the text: its line number, offset in the line, and text."""

    line: int
    offset: int
    text: str
    whole_line: bool


def sentences(text: str) -> Iterator[Sentence]:
    """Sentences, line by line (a line is a paragraph in these texts); page furniture removed."""
    # Lines end at \n, \r\n or \r only, as editors and `dprk validate` count them (str.splitlines also
    # breaks at \x85, \u2028 and form feeds, which would shift every later line number).
    for number, line in enumerate(_LINE_BREAK.split(text), 1):
        if not line.strip():
            continue
        line = _URL.sub(lambda m: " " * len(m.group()), line)  # keep offsets, drop dates in addresses
        cut = line.find("©")
        if cut >= 0:
            line = line[:cut]
        if _FURNITURE.match(line):
            continue
        start = 0
        for boundary in _SENTENCE_END.finditer(line):
            if line.endswith(_ABBREVIATIONS, 0, boundary.start()):
                continue
            yield Sentence(number, start, line[start : boundary.start()], False)
            start = boundary.end()
        rest = line[start:].rstrip()
        if rest.strip():
            yield Sentence(number, start, rest, start == 0)


def quote_around(
    sentence: str, start: int, end: int, limit: int = MAX_QUOTE_WORDS, *, tokens: list[tuple[int, int]] | None = None
) -> str:
    """A verbatim span of ``sentence`` of at most ``limit`` words containing ``sentence[start:end]``.

    ``tokens`` (the spans of ``sentence``'s words, from :func:`word_spans`) saves splitting the
    sentence again for each date in it."""
    if tokens is None:
        tokens = word_spans(sentence)
    first = bisect.bisect_right(tokens, start, key=lambda span: span[1])  # the first word ending after start
    last = bisect.bisect_left(tokens, end, key=lambda span: span[0]) - 1  # the last word starting before end
    if len(tokens) <= limit:
        lo, hi = 0, len(tokens) - 1
    else:
        # Start at the nearest clause boundary before the date that still leaves a meaningful quote.
        lo = max(0, min(first - 6, last - limit + 1))
        starts = [i for i in range(lo, first + 1) if i == 0 or sentence[tokens[i - 1][1] - 1] in ",;:"]
        roomy = [i for i in starts if min(len(tokens), i + limit) - i >= _MIN_QUOTE_WORDS]
        lo = (roomy or starts or [lo])[-1]
        hi = min(len(tokens) - 1, lo + limit - 1)
    return sentence[tokens[lo][0] : tokens[hi][1]].rstrip(",;:")


def word_spans(sentence: str) -> list[tuple[int, int]]:
    """The (start, end) of every whitespace-separated word of ``sentence``."""
    return [m.span() for m in re.finditer(r"\S+", sentence)]


# -- drafts --------------------------------------------------------------------------------------

NEW, IN_TIMELINE, DISPUTE, UNRESOLVED = "new", "in-timeline", "possible-dispute", "unresolved"
#: Share of an event's quote (or description) a draft's words must cover to be about the same thing.
_SAME_PASSAGE = 0.5
#: Quotes shorter than this count as this long, so a few common words cannot make a match.
_SHORTEST_QUOTE = 8
_MIN_QUOTE_WORDS = 10


@dataclass(frozen=True)
class Draft:
    """A drafted event: the date as the text gives it, its quote, suggestions, and its status."""

    date: EventDate | None
    date_text: str
    inferred: bool
    quote: str
    line: int
    tags: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    status: str = NEW
    event: Event | None = None
    notes: tuple[str, ...] = field(default=())


def extract(
    text: str,
    *,
    source_id: str,
    published: PartialDate | None,
    timeline: TimelineData | None = None,
    thesaurus: Thesaurus | None = None,
    tags: Iterable[str] = (),
) -> list[Draft]:
    """Draft an event for every date a text states (see the module docstring), in text order.

    Linear in the length of the text: each sentence is split into words, matched against tags,
    actors and the timeline once, however many dates it holds."""
    thesaurus = thesaurus or Thesaurus()
    tag_phrases = _phrases({tag: [tag.replace("-", " ")] for tag in tags}, thesaurus)
    actor_phrases = _phrases({a: _actor_names(a) for a in (timeline.actors() if timeline else [])}, thesaurus)
    drafts: list[Draft] = []
    seen: set[tuple[object, ...]] = set()
    same_day: dict[str, list[Event]] | None = None  # built on the first dated draft
    for sentence in sentences(text):
        heading = _is_heading(sentence) and published is not None
        found_dates = [
            f
            for f in find_dates(sentence.text, published)
            if _is_event(sentence.text, f) and not (heading and f.date and str(f.date) == str(published))
        ]
        if not found_dates:
            continue
        # "Last year, ... on 19 September": the relative year only placed the day; one draft.
        placed = {f.context for f in found_dates if f.context is not None and f.date}
        found_dates = [f for f in found_dates if not (f.inferred and f.start in placed)]
        tokens = word_spans(sentence.text)
        suggested_tags = _suggest(tag_phrases, sentence.text)
        suggested_actors = _suggest(actor_phrases, sentence.text)
        similar: list[tuple[float, Event]] | None = None
        for found in found_dates:
            quote = quote_around(sentence.text, found.start, found.end, tokens=tokens)
            keys: list[tuple[object, ...]] = [(str(found.date or found.text), quote)]
            if found.date:  # one draft per date and sentence ("GENEVA (20 November 2019) - ... today")
                keys.append((str(found.date), sentence.line, sentence.offset))
            if any(key in seen for key in keys):
                continue
            seen.update(keys)
            draft = Draft(
                date=found.date,
                date_text=found.text,
                inferred=found.inferred,
                quote=quote,
                line=sentence.line,
                tags=suggested_tags,
                actors=suggested_actors,
                status=NEW if found.date else UNRESOLVED,
                notes=_notes(found, published),
            )
            if timeline and found.date:
                if similar is None:
                    similar = _similar(set(_loose_words(sentence.text)), timeline, source_id)
                if same_day is None:
                    same_day = _events_by_day(timeline)
                draft = _compare(draft, similar, same_day.get(str(found.date), ()))
            drafts.append(draft)
    return drafts


def _notes(found: FoundDate, published: PartialDate | None) -> tuple[str, ...]:
    notes = []
    if found.inferred and found.date and found.context is None:
        notes.append(f"date inferred from {found.text!r} and the publication date ({published})")
    elif found.inferred and found.date:
        notes.append(f"date inferred from {found.text!r}")
    if found.note:
        notes.append(found.note)
    return tuple(notes)


def _is_event(text: str, found: FoundDate) -> bool:
    """Not a date still to come, the scope of a noun phrase or a forecast."""
    if found.future or _is_scope(text, found):
        return False
    window = max(0, found.start - _CLAUSE_LOOKBACK)
    clause = max(text.rfind(mark, window, found.start) for mark in ",;:")
    if _last_cue(_FUTURE_CUE, text, max(clause, window), found.start):
        return False  # "He will visit Tokyo on Friday", "is due to present his report ... in October"
    if found.date and found.date.precision == "year":
        return not _last_cue(_MODAL, text, window, found.start)  # "it may build momentum ... in 2023": a forecast
    return True


def _last_cue(cue: re.Pattern[str], text: str, start: int, end: int) -> bool:
    """True when the last ``cue`` in ``text[start:end]`` governs what follows it up to ``end``: not when a
    reported clause comes between ("He will know that the commission found in 2014")."""
    cues = list(cue.finditer(text, start, end))  # a bounded window: at most _CLAUSE_LOOKBACK characters
    return bool(cues) and _THAT.search(text, cues[-1].end(), end) is None


def _is_scope(sentence: str, found: FoundDate) -> bool:
    """``since 2014`` inside a noun phrase ("the situation since 2014") qualifies it; it is no event."""
    if not found.text.lower().startswith("since"):
        return False
    i = found.start - 1
    while i >= 0 and sentence[i].isspace():
        i -= 1
    return i >= 0 and sentence[i] not in ",;:"


def _is_heading(sentence: Sentence) -> bool:
    """A short line without a full stop: where the publication date is the document's heading, not an event."""
    text = sentence.text
    return sentence.whole_line and len(text.split(maxsplit=12)) < 12 and not text.rstrip().endswith(".")


def _similar(words: set[str], timeline: TimelineData, source_id: str) -> list[tuple[float, Event]]:
    """The timeline's events a sentence (its loose words) may describe, with how closely."""
    return [
        (score, event) for event in timeline.events if (score := _similarity(words, event, source_id)) >= _SAME_PASSAGE
    ]


def _events_by_day(timeline: TimelineData) -> dict[str, list[Event]]:
    """The timeline's events known to the day, by their date."""
    by_day: dict[str, list[Event]] = {}
    for event in timeline.events:
        if event.date.precision == "day" and not event.date.is_interval:
            by_day.setdefault(str(event.date), []).append(event)
    return by_day


def _compare(draft: Draft, similar: list[tuple[float, Event]], same_day: Sequence[Event] = ()) -> Draft:
    """Mark a dated draft already in the timeline, a possible dispute with an event, or new.

    A day the draft states that exactly one event of the timeline has is that event, unless an event
    the sentence resembles has that very date (a preamble recalling "60/173 of 16 December 2005"
    among other resolutions resembles none of them in words).
    """
    date = draft.date
    if date is not None and len(same_day) == 1 and not any(str(e.date) == str(date) for _, e in similar):
        return replace(draft, status=IN_TIMELINE, event=same_day[0])
    if date is None or not similar:
        return draft
    # The same passage may describe several events: prefer one whose date agrees, exactly if possible.
    _, event = max(similar, key=lambda pair: (_overlap(date, pair[1].date), str(pair[1].date) == str(date), pair[0]))
    status = IN_TIMELINE if _overlap(date, event.date) else DISPUTE
    return replace(draft, status=status, event=event)


def _similarity(words: set[str], event: Event, source_id: str) -> float:
    """How much of an event's quotes (same source first) or title and summary the draft's words cover."""
    best = 0.0
    for citation in event.citations:
        quoted = set(_loose_words(citation.quote))
        weight = 1.0 if citation.source == source_id else 0.8
        best = max(best, weight * len(quoted & words) / max(len(quoted), _SHORTEST_QUOTE))
    claims = " ".join(d.claim for d in event.disputes)
    described = set(_loose_words(f"{event.title} {event.summary} {claims}"))
    return max(best, 0.8 * len(described & words) / max(len(described), _SHORTEST_QUOTE))


def _overlap(a: EventDate, b: EventDate) -> bool:
    a_start, a_end = a.start, a.end
    b_start, b_end = b.start, b.end
    return (a_end is None or b_start is None or b_start <= a_end) and (
        b_end is None or a_start is None or a_start <= b_end
    )


_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "had",
        "has",
        "have",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "this",
        "to",
        "was",
        "were",
        "which",
        "with",
        "who",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)


def _loose_words(text: str) -> list[str]:
    return [w for w in loose(words(normalise_quote(text))) if w not in _STOP and not w.isdigit()]


def _actor_names(actor: str) -> list[str]:
    names = [actor]
    if actor.startswith("UN "):
        names.append(actor[3:])
    return names


def _phrases(names: dict[str, list[str]], thesaurus: Thesaurus) -> dict[str, set[Phrase]]:
    """For each tag or actor, the phrases that suggest it: its own words and their thesaurus equivalents."""
    result: dict[str, set[Phrase]] = {}
    for key, variants in names.items():
        phrases: set[Phrase] = set()
        for variant in variants:
            phrases.update(loose(p) for p in thesaurus.expand((words(variant),)))
        result[key] = phrases
    return result


def _suggest(candidates: dict[str, set[Phrase]], text: str) -> tuple[str, ...]:
    found = loose(words(normalise_quote(text)))
    grams = {found[i : i + n] for n in range(1, 7) for i in range(len(found) - n + 1)}
    return tuple(key for key, phrases in candidates.items() if phrases & grams)


# -- output --------------------------------------------------------------------------------------


def draft_to_dict(draft: Draft) -> dict[str, object]:
    """A draft as JSON-ready data (``event`` and ``event_date`` name the timeline event it matches)."""
    date = draft.date
    return {
        "date": str(date) if date else None,
        "precision": date.precision if date else None,
        "start": date.start.isoformat() if date and date.start else None,
        "end": date.end.isoformat() if date and date.end else None,
        "date_text": draft.date_text,
        "inferred": draft.inferred,
        "line": draft.line,
        "quote": draft.quote,
        "tags": list(draft.tags),
        "actors": list(draft.actors),
        "status": draft.status,
        "event": draft.event.id if draft.event else None,
        "event_date": str(draft.event.date) if draft.event else None,
        "notes": list(draft.notes),
    }


class SourceLookup(Protocol):
    """Anything that finds a source by id: a :class:`Timeline`, or the CLI's cached store."""

    def source(self, source_id: str) -> Source | None: ...


def drafts_to_yaml(
    drafts: list[Draft],
    *,
    source_id: str,
    file_name: str,
    timeline: SourceLookup | None = None,
    published: PartialDate | None = None,
) -> str:
    """A timeline document of the drafts to write up (new ones and possible disputes, in date order), for curators.

    Titles and summaries are left empty (``null``) on purpose: ``dprk validate`` accepts the file
    once they are written. Drafts already in the timeline, and drafts without a date, are listed as
    comments only. Every string is written double-quoted, so no id, tag or text can be read back as a
    number, a date, a boolean or null, or break the document's structure.
    """
    pending = sorted(
        ((d, d.date) for d in drafts if d.status in (NEW, DISPUTE) and d.date is not None),
        key=lambda pair: pair[1].sort_key,
    )
    known = [d for d in drafts if d.status == IN_TIMELINE and d.event]
    unresolved = [d for d in drafts if d.date is None]
    lines = [
        f"# Drafted by `dprk extract` from {_yaml_text(file_name)}: {len(pending)} to write up"
        f" ({sum(d.status == DISPUTE for d, _ in pending)} possible disputes), {len(known)} already in the timeline.",
        "# Write each title and summary in our own words, check every date and quote against the text,",
        "# then move the events into data/timeline.yaml (and the source, if it is new).",
    ]
    lines += [f"# already in the timeline: {d.date} line {d.line} = {_yaml_text(d.event.id)}" for d in known if d.event]
    lines += [f"# unresolved ({'; '.join(d.notes) or 'no date'}): {d.date_text} line {d.line}" for d in unresolved]
    lines = [_comment(line) for line in lines]
    lines += ["sources:", *_yaml_source(source_id, timeline, published), "events:"]
    used: set[str] = set()
    for draft, date in pending:
        slug = _unique(f"{source_id}-{_date_slug(date)}", used)
        lines += [
            f"  - id: {_yaml_text(slug)}",
            f"    date: {_yaml_text(str(date))}",
            "    title: null  # TODO: our own words",
            "    summary: null  # TODO: one to three sentences, our own words",
            f"    tags: [{', '.join(_yaml_text(t) for t in draft.tags)}]",
            f"    actors: [{', '.join(_yaml_text(a) for a in draft.actors)}]",
        ]
        notes = list(draft.notes)
        if draft.status == DISPUTE and draft.event:
            notes.append(f"possible dispute: the timeline dates {draft.event.id} {draft.event.date}")
        if notes:
            lines.append(f"    note: {_yaml_text('; '.join(notes))}")
        lines += [
            "    citations:",
            f"      - source: {_yaml_text(source_id)}",
            f"        quote: {_yaml_text(draft.quote)}",
            "",
        ]
    if not pending:
        lines.append("  []")
    return "\n".join(lines).rstrip("\n") + "\n"


def _yaml_source(source_id: str, timeline: SourceLookup | None, published: PartialDate | None) -> list[str]:
    source = timeline.source(source_id) if timeline else None
    if source is None:
        return [
            f"  - id: {_yaml_text(source_id)}",
            "    title: null  # TODO",
            "    publisher: null  # TODO",
            f"    published: {_yaml_text(str(published)) if published else 'null  # TODO'}",
            "    kind: null  # TODO: e.g. NGO country brief, dispatch, editorial",
            "    url: null",
        ]
    fields = [
        f"  - id: {_yaml_text(source.id)}",
        f"    title: {_yaml_text(source.title)}",
        f"    publisher: {_yaml_text(source.publisher)}",
        f"    published: {_yaml_text(str(source.published)) if source.published else 'null'}",
        f"    kind: {_yaml_text(source.kind)}",
        f"    url: {_yaml_text(source.url) if source.url else 'null'}",
    ]
    return fields + ([f"    note: {_yaml_text(source.note)}"] if source.note else [])


#: Characters a YAML reader takes as a line break or refuses as unprintable, even inside quotes.
_YAML_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def _yaml_text(text: str) -> str:
    """A YAML double-quoted scalar: JSON string syntax (valid YAML), with line breaks and unprintable
    characters escaped as ``\\uXXXX`` so that the value reads back exactly."""
    import json

    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def _comment(line: str) -> str:
    """A comment line that stays one line: every control or line-break character shown escaped."""
    return "".join(c if c.isprintable() else _yaml_text(c)[1:-1] for c in line)


def _date_slug(date: EventDate) -> str:
    return re.sub(r"[^0-9a-z]+", "-", date.text.replace("/..", "-on").replace("../", "to-").replace("/", "-to-")).strip(
        "-"
    )


def _unique(slug: str, used: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in used:
        candidate, n = f"{slug}-{n}", n + 1
    used.add(candidate)
    return candidate


def read_source_text(path: Path) -> str:
    """A source text file as UTF-8; DataError (one located line) when missing, binary, not UTF-8 or empty."""
    from dprk_rights.files import file_error, read_bytes

    data = read_bytes(path, "text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataError([Problem(str(path), line, None, "", "is not UTF-8 text (save it as UTF-8)")]) from None
    if not text.strip():
        raise file_error(str(path), "is empty; there is nothing to extract")
    return without_passage_header(text)


def without_passage_header(text: str) -> str:
    """``text`` with the ``# key: value`` header of a passage file (``data/sources/<id>.txt``) blanked.

    The header's dates (when the copy was read) are not events; its lines stay, empty, so the
    line numbers of drafts still point into the file.
    """
    if not text.startswith("# source:"):
        return text
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if not line.startswith("#"):
            break
        lines[n] = ""
    return "\n".join(lines)
