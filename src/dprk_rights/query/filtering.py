"""Filters built from what a user typed: dates and names checked against the timeline, with suggestions."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from dprk_rights.errors import UsageError
from dprk_rights.model.dates import PartialDate, parse_date_arg
from dprk_rights.model.filters import EventFilter, actor_matches, name_words

if TYPE_CHECKING:
    from dprk_rights.store.cache import Store


def build_filter(
    timeline: Store,
    *,
    since: str | None = None,
    until: str | None = None,
    tags: Sequence[str] = (),
    actors: Sequence[str] = (),
    sources: Sequence[str] = (),
    disputed: bool = False,
) -> EventFilter:
    """Check option values against the timeline and build a filter; UsageError names a bad value."""
    since_date = date_option("--since", since)
    until_date = date_option("--until", until)
    if since_date and until_date and until_date.end < since_date.start:
        raise UsageError(f"--until {until} is before --since {since}")
    for option, values in (("--tag", tags), ("--actor", actors), ("--source", sources)):
        _check_not_blank(option, values)
    if tags:
        _check_known("--tag", tags, timeline.tags(), fold_case=True)
    if sources:
        _check_known("--source", sources, [s.id for s in timeline.sources], fold_case=False)
    for actor in actors:
        if not any(actor_matches(actor, a) for a in timeline.actors()):
            raise UsageError(f"--actor: no actor matches {actor!r}{_suggest(actor, timeline.actors())}")
    return EventFilter(
        since=since_date,
        until=until_date,
        tags=tuple(t.lower() for t in tags),
        actors=tuple(actors),
        sources=tuple(sources),
        disputed=disputed,
    )


#: Only the first this many characters of a typed id are compared, so a pasted page costs no more than an id.
SUGGEST_CHARS = 100


def suggest_ids(wanted: str, ids: Iterable[str], n: int = 3) -> list[str]:
    """Ids close to a mistyped one, best first: only those nearly as close as the closest.

    Bounded work: ids of very different lengths are skipped before any comparison (their
    similarity cannot reach the threshold), and at most SUGGEST_CHARS characters are compared.
    """
    wanted = wanted[:SUGGEST_CHARS]
    matcher = difflib.SequenceMatcher(None, "", wanted, autojunk=False)
    scored = []
    for full in ids:
        candidate = full[:SUGGEST_CHARS]
        fragment = bool(wanted) and wanted in candidate  # a fragment of an id, e.g. "coi-report"
        matcher.set_seq1(candidate)
        if fragment:
            ratio = max(0.9, matcher.ratio())
        elif matcher.real_quick_ratio() < 0.6 or matcher.quick_ratio() < 0.6:
            continue
        else:
            ratio = matcher.ratio()
        scored.append((ratio, full))
    scored.sort(key=lambda pair: -pair[0])
    if not scored or scored[0][0] < 0.6:
        return []
    floor = max(0.6, scored[0][0] - 0.1)
    return [candidate for ratio, candidate in scored[:n] if ratio >= floor]


def date_option(name: str, value: str | None) -> PartialDate | None:
    """A date typed for option ``name`` (None stays None); UsageError names the option and value."""
    if value is None:
        return None
    try:
        return parse_date_arg(value)
    except ValueError as exc:
        raise UsageError(f"{name}: {exc}") from None


def _check_not_blank(option: str, values: Sequence[str]) -> None:
    """An empty or blank value (``--actor ''``) would match everything or nothing: refuse it."""
    for value in values:
        if not value.strip():
            raise UsageError(f"{option} needs a value, got {value!r}")
        if option == "--actor" and not name_words(value):
            raise UsageError(f"--actor: {value!r} has no words to match; give an actor's name, e.g. 'Security Council'")


def _check_known(option: str, values: Sequence[str], known: list[str], *, fold_case: bool) -> None:
    for value in values:
        if (value.lower() if fold_case else value) not in known:
            raise UsageError(f"{option}: unknown value {value!r}{_suggest(value, known)}")


def _suggest(value: str, known: list[str]) -> str:
    close = suggest_ids(value, known, n=3)
    return f" (did you mean {', '.join(close)}?)" if close else f" (known: {', '.join(known)})"
