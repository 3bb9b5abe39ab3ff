"""Drafting cited events from a plain-text source: find the sentences that state a date.

:func:`find_dates` finds date expressions in a sentence (full dates, months, years, ranges,
``since``/``prior to`` forms, and dates relative to the document such as ``last September``
or ``On 28 April``); :func:`extract` turns each into a :class:`Draft` with the date at exactly
the precision the text gives, a verbatim quote of at most 25 words containing it, suggested
tags and actors, and how it compares with the loaded timeline.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path

from .dates import EventDate, PartialDate
from .errors import DataError, Problem
from .loader import MAX_QUOTE_WORDS
from .model import Event, Timeline
from .terms import Phrase, Thesaurus, loose, words
from .text import normalise_quote

# -- date expressions ----------------------------------------------------------------------------

_MONTHS = {name: i for i, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name: i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS["Sept"] = 9
_M = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"  # capitalised: "may" is not May
_D = r"(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_Y = r"(?:1[89]\d\d|20\d\d)"
_DAY = rf"(?:{_D}\s+{_M},?\s+{_Y}|{_M}\s+{_D},?\s+{_Y}|{_Y}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))"
_MONTH = rf"(?:{_M}\s+(?:of\s+)?{_Y})"
_EXPLICIT = rf"(?:{_DAY}|{_MONTH}|{_Y})"
_NUMBERS = {
    "a": 1,
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

#: (kind, pattern) in priority order; an earlier match wins over an overlapping later one.
_PATTERNS = [
    ("between", rf"\b[Bb]etween\s+(?P<a>{_EXPLICIT})\s+and\s+(?P<b>{_EXPLICIT})\b"),
    ("range", rf"\b(?P<a>{_Y})\s*[-\u2013]\s*(?P<b>{_Y})\b"),
    ("since", rf"(?:^|(?<=[,;:]\s))[Ss]ince\s+(?:[^,.;]{{0,80}}?\s)?(?:on|in)\s+(?P<a>{_EXPLICIT})\b"),
    ("since", rf"\b[Ss]ince\s+(?P<a>{_EXPLICIT})\b"),
    ("before", rf"\b(?:[Pp]rior\s+to|[Bb]efore)\s+(?P<a>{_EXPLICIT})\b"),
    ("until", rf"\b(?:[Uu]ntil|[Uu]p\s+to|[Tt]ill)\s+(?P<a>{_EXPLICIT})\b"),
    ("about", rf"\b(?:[Aa]round|[Aa]bout|[Cc]irca|c\.)\s+(?P<a>{_EXPLICIT})\b"),
    ("date", rf"\b(?P<a>{_DAY})\b"),
    ("date", rf"\b(?P<a>{_MONTH})\b"),
    ("month-this-year", rf"\b(?P<m>{_M})\s+this\s+year\b"),
    ("month-relative", rf"\b(?P<rel>last|this|next)\s+(?P<m>{_M})"),
    ("day-no-year", rf"\b(?P<d>{_D})\s+(?P<m>{_M})(?!\.?,?\s*{_Y})"),
    ("day-no-year", rf"\b(?P<m>{_M})\s+(?P<d>{_D})\b(?!,?\s*{_Y})"),
    ("month-no-year", rf"\b(?:[Ii]n|[Dd]uring|[Bb]y|[Ee]arly|[Ll]ate|[Mm]id-?)\s+(?P<m>{_M})(?!\.?\s+(?:of\s+)?{_Y})"),
    ("date", rf"\b(?:[Ii]n|[Dd]uring|[Bb]y|[Ff]rom|[Aa]fter|[Ee]arly|[Ll]ate|[Mm]id-?|[Tt]hrough)\s+(?P<a>{_Y})\b"),
    ("years-ago", r"\b(?P<n>\d+|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+years?\s+ago\b"),
    (
        "relative",
        r"\b(?P<rel>(?:earlier|later)\s+today|today|yesterday|(?:(?:earlier|later)\s+)?this\s+(?:week|month"
        r"|year)|last\s+(?:week|month|year)|next\s+(?:week|month|year))\b",
    ),
]
_COMPILED = [
    (kind, re.compile(pattern, re.IGNORECASE if kind in ("years-ago", "relative") else 0))
    for kind, pattern in _PATTERNS
]
_FUTURE = re.compile(r"^(?:later|next)\b", re.IGNORECASE)
_MODAL = re.compile(r"\b(?:may|might|will|would|could|shall|unlikely)\b", re.IGNORECASE)
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
    "Jan.",
    "Feb.",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
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


def find_dates(sentence: str, published: PartialDate | None) -> list[FoundDate]:
    """Every date expression in ``sentence``, in order. Relative ones are resolved against ``published``
    (their ``date`` is None when that is unknown); ``future`` marks ones that point after it."""
    claimed: list[tuple[int, int]] = []
    found = []
    for kind, pattern in _COMPILED:
        for match in pattern.finditer(sentence):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in claimed):
                continue
            claimed.append(span)
            date, inferred = _resolve(kind, match, published)
            text = match.group(0).strip()
            future = kind in ("relative", "month-relative") and bool(_FUTURE.match(match.group("rel")))
            found.append(FoundDate(span[0], span[1], text, date, inferred, future))
    return sorted(found, key=lambda f: f.start)


def _resolve(kind: str, match: re.Match[str], published: PartialDate | None) -> tuple[EventDate | None, bool]:
    groups = match.groupdict()
    if kind in ("date", "since", "before", "until", "about", "between", "range"):
        first = _explicit(groups["a"])
        if kind == "date":
            return EventDate.of(first), False
        if kind == "since":
            return EventDate(first, None, f"{first}/.."), False
        if kind == "until":
            return EventDate(None, first, f"../{first}"), False
        if kind == "before":
            previous = _previous(first)
            return EventDate(None, previous, f"../{previous}"), False
        if kind == "about":
            approximate = first._replace(qualifier="~")
            return EventDate.of(approximate), False
        last = _explicit(groups["b"])
        if last.end < first.start:
            return None, False
        return EventDate(first, last, f"{first}/{last}"), False
    if published is None:
        return None, True
    try:
        resolved = _relative(kind, groups, published)
        if resolved is not None:
            resolved.span()  # a real date range, within years 1 to 9999
    except (ValueError, OverflowError):  # e.g. "last year" --published 0001: no calendar date to give
        return None, True
    return resolved, True


def _explicit(text: str) -> PartialDate:
    """A PartialDate from an explicit date expression, at the precision written."""
    text = text.replace(",", " ").replace(".", " ")
    iso = re.fullmatch(r"\s*(\d{4})-(\d{2})-(\d{2})\s*", text)
    if iso:
        return PartialDate(*map(int, iso.groups()))
    parts = text.split()
    year = int(next(p for p in parts if re.fullmatch(r"\d{4}", p)))
    month = next((_MONTHS[p] for p in parts if p in _MONTHS), None)
    day = next((int(re.sub(r"\D", "", p)) for p in parts if re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", p)), None)
    return PartialDate(year, month, day if month else None)


def _previous(date: PartialDate) -> PartialDate:
    """The unit before: the year before a year, the month before a month, the day before a day."""
    if date.month is None:
        return PartialDate(date.year - 1)
    if date.day is None:
        return PartialDate(date.year - (date.month == 1), 12 if date.month == 1 else date.month - 1)
    day = date.start - timedelta(days=1)
    return PartialDate(day.year, day.month, day.day)


def _relative(kind: str, groups: dict[str, str | None], published: PartialDate) -> EventDate | None:
    """Resolve a date relative to the document: the most recent such date on or before publication."""
    p_month = published.month or 12
    p_day = published.day or calendar.monthrange(published.year, p_month)[1]
    if kind in ("day-no-year", "month-no-year", "month-this-year", "month-relative"):
        month = _MONTHS[str(groups["m"]).rstrip(".")]
        if kind == "month-this-year" or groups.get("rel") == "this":
            year = published.year
        elif groups.get("rel") == "last":
            year = published.year if month < p_month else published.year - 1
        elif groups.get("rel") == "next":
            year = published.year if month > p_month else published.year + 1
        elif kind == "day-no-year":
            day = int(re.sub(r"\D", "", str(groups["d"])))
            year = published.year if (month, day) <= (p_month, p_day) else published.year - 1
            if day > calendar.monthrange(year, month)[1]:
                return None
            return EventDate.of(PartialDate(year, month, day))
        else:
            year = published.year if month <= p_month else published.year - 1
        return EventDate.of(PartialDate(year, month))
    if kind == "years-ago":
        count = str(groups["n"]).lower()
        return EventDate.of(PartialDate(published.year - int(_NUMBERS.get(count, count))))
    return _relative_word(str(groups["rel"]).lower(), published)


def _relative_word(phrase: str, published: PartialDate) -> EventDate | None:
    unit = phrase.split()[-1]
    if unit == "year":
        offset = {"last": -1, "next": 1}.get(phrase.split()[0], 0)
        return EventDate.of(PartialDate(published.year + offset))
    if unit == "month":
        if published.month is None:
            return EventDate.of(PartialDate(published.year)) if "last" not in phrase else None
        month_start = published.start
        if phrase.startswith("last"):
            month_start = (month_start - timedelta(days=1)).replace(day=1)
        elif phrase.startswith("next"):
            month_start = (published.end + timedelta(days=1)).replace(day=1)
        return EventDate.of(PartialDate(month_start.year, month_start.month))
    if published.day is None:  # today, yesterday, this week: no more precise than the publication date
        return EventDate.of(published)
    day = published.start
    if unit == "yesterday":
        day -= timedelta(days=1)
    if unit == "week":
        first = day - timedelta(days=6 if phrase.startswith(("this", "earlier")) else 13)
        last = day if phrase.startswith(("this", "earlier")) else day - timedelta(days=7)
        start, end = PartialDate(first.year, first.month, first.day), PartialDate(last.year, last.month, last.day)
        return EventDate(start, end, f"{start}/{end}")
    return EventDate.of(PartialDate(day.year, day.month, day.day))


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
    for number, line in enumerate(text.splitlines(), 1):
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
            if line[: boundary.start()].endswith(_ABBREVIATIONS):
                continue
            yield Sentence(number, start, line[start : boundary.start()], False)
            start = boundary.end()
        rest = line[start:].rstrip()
        if rest.strip():
            yield Sentence(number, start, rest, start == 0)


def quote_around(sentence: str, start: int, end: int, limit: int = MAX_QUOTE_WORDS) -> str:
    """A verbatim span of ``sentence`` of at most ``limit`` words containing ``sentence[start:end]``."""
    tokens = [m.span() for m in re.finditer(r"\S+", sentence)]
    first = next(i for i, (a, b) in enumerate(tokens) if b > start)
    last = max(i for i, (a, b) in enumerate(tokens) if a < end)
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
    timeline: Timeline | None = None,
    thesaurus: Thesaurus | None = None,
    tags: Iterable[str] = (),
) -> list[Draft]:
    """Draft an event for every date a text states (see the module docstring), in text order."""
    thesaurus = thesaurus or Thesaurus()
    tag_phrases = _phrases({tag: [tag.replace("-", " ")] for tag in tags}, thesaurus)
    actor_phrases = _phrases({a: _actor_names(a) for a in (timeline.actors() if timeline else [])}, thesaurus)
    drafts: list[Draft] = []
    seen: set[tuple[str, str]] = set()
    for sentence in sentences(text):
        modal = _MODAL.search(sentence.text)
        for found in find_dates(sentence.text, published):
            if found.future or _is_scope(sentence.text, found) or _is_heading(sentence, found, published):
                continue
            if modal and modal.start() < found.start and found.date and found.date.precision == "year":
                continue  # "it may build momentum ... in 2023": a forecast
            quote = quote_around(sentence.text, found.start, found.end)
            key = (str(found.date or found.text), quote)
            if key in seen:
                continue
            seen.add(key)
            sentence_words = set(_loose_words(sentence.text))
            draft = Draft(
                date=found.date,
                date_text=found.text,
                inferred=found.inferred,
                quote=quote,
                line=sentence.line,
                tags=_suggest(tag_phrases, sentence.text),
                actors=_suggest(actor_phrases, sentence.text),
                notes=(f"date inferred from {found.text!r} and the publication date ({published})",)
                if found.inferred and found.date
                else (),
            )
            drafts.append(_compare(draft, timeline, source_id, sentence_words) if timeline else draft)
    return drafts


def _is_scope(sentence: str, found: FoundDate) -> bool:
    """``since 2014`` inside a noun phrase ("the situation since 2014") qualifies it; it is no event."""
    before = sentence[: found.start].rstrip()
    return found.text.lower().startswith("since") and bool(before) and before[-1] not in ",;:"


def _is_heading(sentence: Sentence, found: FoundDate, published: PartialDate | None) -> bool:
    """A short line without a full stop that carries the publication date is the document's heading."""
    short = sentence.whole_line and len(sentence.text.split()) < 12 and not sentence.text.rstrip().endswith(".")
    return short and published is not None and found.date is not None and str(found.date) == str(published)


def _compare(draft: Draft, timeline: Timeline, source_id: str, sentence_words: set[str]) -> Draft:
    """Mark a draft already in the timeline, a possible dispute with an event, or new."""
    if draft.date is None:
        return replace(draft, status=UNRESOLVED, notes=(*draft.notes, "needs --published to resolve the date"))
    words = set(_loose_words(draft.quote)) | sentence_words
    similar = [
        (score, event) for event in timeline.events if (score := _similarity(words, event, source_id)) >= _SAME_PASSAGE
    ]
    if not similar:
        return draft
    # The same passage may describe several events: prefer one whose date agrees, exactly if possible.
    score, event = max(
        similar, key=lambda pair: (_overlap(draft.date, pair[1].date), str(pair[1].date) == str(draft.date), pair[0])
    )  # type: ignore[arg-type]
    status = IN_TIMELINE if _overlap(draft.date, event.date) else DISPUTE
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


def drafts_to_yaml(
    drafts: list[Draft], *, source_id: str, file_name: str, timeline: Timeline | None, published: PartialDate | None
) -> str:
    """A timeline document of the drafts to write up (new ones and possible disputes, in date order), for curators.

    Titles and summaries are left empty (``null``) on purpose: ``dprk validate`` accepts the file
    once they are written. Drafts already in the timeline are listed as comments only.
    """
    pending = sorted((d for d in drafts if d.status in (NEW, DISPUTE)), key=lambda d: d.date.sort_key)  # type: ignore[union-attr]
    known = [d for d in drafts if d.status == IN_TIMELINE]
    lines = [
        f"# Drafted by `dprk extract` from {file_name}: {len(pending)} to write up"
        f" ({sum(d.status == DISPUTE for d in pending)} possible disputes), {len(known)} already in the timeline.",
        "# Write each title and summary in our own words, check every date and quote against the text,",
        "# then move the events into data/timeline.yaml (and the source, if it is new).",
    ]
    lines += [f"# already in the timeline: {d.date} line {d.line} = {d.event.id}" for d in known if d.event]
    lines += [
        f"# unresolved (needs --published): {d.date_text!r} line {d.line}" for d in drafts if d.status == UNRESOLVED
    ]
    lines += ["sources:", *_yaml_source(source_id, timeline, published), "events:"]
    used: set[str] = set()
    for draft in pending:
        assert draft.date is not None
        slug = _unique(f"{source_id}-{_date_slug(draft.date)}", used)
        lines += [
            f"  - id: {slug}",
            f"    date: {_yaml_text(str(draft.date))}",
            "    title: null  # TODO: our own words",
            "    summary: null  # TODO: one to three sentences, our own words",
            f"    tags: [{', '.join(draft.tags)}]",
            f"    actors: [{', '.join(_yaml_text(a) for a in draft.actors)}]",
        ]
        notes = list(draft.notes)
        if draft.status == DISPUTE and draft.event:
            notes.append(f"possible dispute: the timeline dates {draft.event.id} {draft.event.date}")
        if notes:
            lines.append(f"    note: {_yaml_text('; '.join(notes))}")
        lines += ["    citations:", f"      - source: {source_id}", f"        quote: {_yaml_text(draft.quote)}", ""]
    if not pending:
        lines.append("  []")
    return "\n".join(lines).rstrip("\n") + "\n"


def _yaml_source(source_id: str, timeline: Timeline | None, published: PartialDate | None) -> list[str]:
    source = timeline.source(source_id) if timeline else None
    if source is None:
        return [
            f"  - id: {source_id}",
            "    title: null  # TODO",
            "    publisher: null  # TODO",
            f"    published: {_yaml_text(str(published)) if published else 'null  # TODO'}",
            "    kind: null  # TODO: e.g. NGO country brief, dispatch, editorial",
            "    url: null",
        ]
    fields = [
        f"  - id: {source.id}",
        f"    title: {_yaml_text(source.title)}",
        f"    publisher: {_yaml_text(source.publisher)}",
        f"    published: {_yaml_text(str(source.published)) if source.published else 'null'}",
        f"    kind: {_yaml_text(source.kind)}",
        f"    url: {_yaml_text(source.url) if source.url else 'null'}",
    ]
    return fields + ([f"    note: {_yaml_text(source.note)}"] if source.note else [])


def _yaml_text(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    import json

    return json.dumps(text, ensure_ascii=False)


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
    from .files import file_error, read_bytes

    data = read_bytes(path, "text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataError([Problem(str(path), line, None, "", "is not UTF-8 text (save it as UTF-8)")]) from None
    if not text.strip():
        raise file_error(str(path), "is empty; there is nothing to extract")
    return text
