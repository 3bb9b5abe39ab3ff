"""Checks a curator needs beyond what loading enforces, reported as located problems.

Loading already rejects what would make the model wrong (bad dates, unknown
sources, long quotes...). These checks find what makes the *data* doubtful:
tags outside the vocabulary, events out of order, citations that could not
have reported the event, duplicates, copied summaries, unused sources, and
quotes that do not appear in their source's text.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import DataError, Problem
from .files import packaged_data_path
from .loader import TimelineCheck, check_timeline
from .model import Event, TimelineLike
from .text import fold, normalise_quote
from .yamlnodes import NodeReader, compose_document, read_bytes

#: Titles at least this similar (difflib ratio, case- and accent-folded) on the same date look duplicated.
DUPLICATE_TITLE_RATIO = 0.85
#: A summary sharing this many consecutive words with a quote copies it.
COPIED_WORDS = 8


@dataclass(frozen=True)
class Report:
    """The outcome of validating one timeline file."""

    problems: list[Problem]
    events: int
    sources: int
    quotes_checked: int

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)


@dataclass(frozen=True)
class QuoteCheck:
    """Whether one citation's quote appears in its source's text, and the closest passage when not."""

    event: Event
    index: int
    found: bool
    closest: str = ""


def load_tag_vocabulary(path: str | Path | None = None) -> dict[str, str]:
    """The controlled tag vocabulary (tag → description) from ``data/tags.yaml`` or ``path``."""
    path = Path(path) if path is not None else packaged_data_path("tags.yaml")
    root, problems = compose_document(read_bytes(path, "tag vocabulary"), str(path), "it lists tags")
    reader = NodeReader(str(path))
    reader.problems += problems
    vocabulary: dict[str, str] = {}
    if root.kind != "mapping":
        reader.problem(root, "", "expected a mapping of tag: description")
    else:
        for key, value in root.value:
            tag = reader.slug(key, "tag")
            description = reader.text(value, str(tag or key.value))
            if tag and description:
                vocabulary[tag] = description
    if reader.problems:
        raise DataError(reader.sorted_problems())
    return vocabulary


def validate_file(
    path: str | Path, *, vocabulary: dict[str, str] | None = None, sources_dir: Path | None = None
) -> Report:
    """Every problem in a timeline file, in file order. DataError when it cannot be read at all."""
    path = Path(path)
    check = check_timeline(read_bytes(path, "timeline file"), str(path), positions=True)
    vocabulary = load_tag_vocabulary() if vocabulary is None else vocabulary
    problems = list(check.problems)
    problems += unknown_tags(check, vocabulary)
    problems += events_out_of_order(check)
    problems += citations_before_event(check)
    problems += undated_sources(check)
    problems += near_duplicates(check)
    problems += unused_sources(check)
    problems += copied_summaries(check)
    quotes = 0
    if sources_dir is not None:
        found = list(quotes_missing_from_sources(check, sources_dir))
        problems += found
        quotes = sum(len(e.citations) for e in check.timeline.events)
    problems.sort(key=lambda p: (p.line or 0, p.column or 0, p.field))
    return Report(problems, len(check.timeline.events), len(check.timeline.sources), quotes)


def check_quotes(timeline: TimelineLike, source_id: str, text: str) -> list[QuoteCheck]:
    """For each citation of ``source_id``, whether its quote appears verbatim in ``text``."""
    haystack = normalise_quote(text)
    results = []
    for event in timeline.events_citing(source_id):
        for index, citation in enumerate(event.citations):
            if citation.source != source_id:
                continue
            quote = normalise_quote(citation.quote)
            # A quote may change the case of its first letter ("in March..." from "In March...").
            found = quote in haystack or quote[:1].swapcase() + quote[1:] in haystack
            results.append(QuoteCheck(event, index, found, "" if found else closest_passage(citation.quote, text)))
    return results


def closest_passage(quote: str, text: str) -> str:
    """The run of words in ``text`` most like ``quote`` (same length in words)."""
    wanted = normalise_quote(quote).split()
    words = normalise_quote(text).split()
    size = min(len(wanted), len(words))
    if not size:
        return ""
    folded = [fold(w) for w in words]
    target = [fold(w) for w in wanted]
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(target)
    best, best_ratio = 0, -1.0
    for start in range(len(words) - size + 1):
        matcher.set_seq1(folded[start : start + size])
        if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = start, ratio
    return " ".join(words[best : best + size])


def unknown_tags(check: TimelineCheck, vocabulary: dict[str, str]) -> Iterator[Problem]:
    """Tags that are not in the controlled vocabulary."""
    for event in check.timeline.events:
        field = check.event_fields[event.id]
        for i, tag in enumerate(event.tags):
            if tag not in vocabulary:
                close = difflib.get_close_matches(tag, list(vocabulary), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else " (add it to data/tags.yaml first)"
                yield _problem(check, f"{field}.tags[{i}]", f"tag {tag!r} is not in the vocabulary{hint}")


def events_out_of_order(check: TimelineCheck) -> Iterator[Problem]:
    """Events listed before an earlier-dated one: the file is kept in date order for curators."""
    previous: Event | None = None
    for event in _in_file_order(check):
        if previous is not None and event.date.sort_key < previous.date.sort_key:
            field = check.event_fields[event.id]
            line = check.positions.get(f"{check.event_fields[previous.id]}.date", (None,))[0]
            message = (
                f"dated {event.date}, after an event dated {previous.date} (line {line}); keep events in date order"
            )
            yield _problem(check, f"{field}.date", message, "warning")
        previous = event if previous is None or event.date.sort_key >= previous.date.sort_key else previous


def citations_before_event(check: TimelineCheck) -> Iterator[Problem]:
    """Events whose every citing source was published before the event could have happened."""
    timeline = check.timeline
    for event in timeline.events:
        published = [timeline.source(s).published for s in event.source_ids]  # type: ignore[union-attr]
        if not published or any(p is None for p in published):
            continue
        latest = max(published, key=lambda p: p.end)  # type: ignore[union-attr]
        if latest.end < event.date.span()[0]:  # type: ignore[union-attr]
            field = f"{check.event_fields[event.id]}.date"
            message = (
                f"dated {event.date}, but every citing source was published earlier (latest {latest}); "
                "a source cannot report the future"
            )
            yield _problem(check, field, message)


def undated_sources(check: TimelineCheck) -> Iterator[Problem]:
    """Sources without a ``published`` date (their citations cannot be checked against event dates)."""
    for source in check.timeline.sources:
        if source.published is None:
            field = check.source_fields[source.id]
            message = "no published date; give the date the document states or implies, and say how in 'note'"
            yield _problem(check, f"{field}.published", message, "warning", fallback=f"{field}.id")


def near_duplicates(check: TimelineCheck) -> Iterator[Problem]:
    """Events on the same date with nearly the same title."""
    by_date: dict[str, list[Event]] = {}
    for event in _in_file_order(check):
        by_date.setdefault(str(event.date), []).append(event)
    for events in by_date.values():
        for i, later in enumerate(events):
            for earlier in events[:i]:
                ratio = difflib.SequenceMatcher(None, fold(earlier.title), fold(later.title)).ratio()
                if ratio >= DUPLICATE_TITLE_RATIO:
                    field = f"{check.event_fields[later.id]}.title"
                    message = f"looks like a duplicate of {earlier.id!r}: same date, {ratio:.0%} similar title"
                    yield _problem(check, field, message, "warning")
                    break


def unused_sources(check: TimelineCheck) -> Iterator[Problem]:
    """Sources that no event cites."""
    cited = {s for e in check.timeline.events for s in e.source_ids}
    for source in check.timeline.sources:
        if source.id not in cited:
            field = f"{check.source_fields[source.id]}.id"
            yield _problem(check, field, f"source {source.id!r} is not cited by any event", "warning")


def copied_summaries(check: TimelineCheck) -> Iterator[Problem]:
    """Summaries that repeat a quote word for word (summaries are in our own words)."""
    for event in check.timeline.events:
        summary = _words(event.summary)
        for citation in event.citations:
            quote = _words(citation.quote)
            size = min(COPIED_WORDS, len(quote))
            shared = _runs(quote, size) & _runs(summary, size) if size >= 5 else set()
            if shared:
                field = f"{check.event_fields[event.id]}.summary"
                sample = " ".join(min(shared))
                message = f"copies the {citation.source} quote word for word ({sample!r}); use our own words"
                yield _problem(check, field, message, "warning")
                break


def quotes_missing_from_sources(check: TimelineCheck, sources_dir: Path) -> Iterator[Problem]:
    """Quotes that do not appear verbatim in ``sources_dir/<source>.txt`` (with the closest passage)."""
    cited = {s for e in check.timeline.events for s in e.source_ids}
    for source in check.timeline.sources:
        if source.id not in cited:
            continue
        path = sources_dir / f"{source.id}.txt"
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = "not found" if isinstance(exc, FileNotFoundError) else f"unreadable ({exc})"
            field = f"{check.source_fields[source.id]}.id"
            yield _problem(check, field, f"source text {path} {reason}; its quotes cannot be checked")
            continue
        for result in check_quotes(check.timeline, source.id, text):
            if not result.found:
                field = f"{check.event_fields[result.event.id]}.citations[{result.index}].quote"
                message = f"quote not found in {path.name}; closest passage: {result.closest!r}"
                yield _problem(check, field, message)


def _problem(check: TimelineCheck, field: str, message: str, severity: str = "error", fallback: str = "") -> Problem:
    line, column = check.positions.get(field) or check.positions.get(fallback) or _event_position(check, field)
    return Problem(check.timeline.path, line, column, field, message, severity)


def _event_position(check: TimelineCheck, field: str) -> tuple[int | None, int | None]:
    prefix = field.split(".")[0]
    return check.positions.get(f"{prefix}.id") or (None, None)


def _in_file_order(check: TimelineCheck) -> list[Event]:
    return [check.timeline.event(event_id) for event_id in check.event_fields]  # type: ignore[misc]


def _words(text: str) -> list[str]:
    return fold(normalise_quote(text)).replace(",", " ").replace(".", " ").split()


def _runs(words: list[str], size: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}
