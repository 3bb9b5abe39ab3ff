"""Checks a curator needs beyond what loading enforces, reported as located problems.

Loading already rejects what would make the model wrong (bad dates, unknown
sources, long quotes...). These checks find what makes the *data* doubtful:
tags outside the vocabulary, events out of order, citations that could not
have reported the event, duplicates, copied summaries, unused sources, and
quotes that do not appear in their source's text.

They run on what could be read of every entry, valid or not, so one run reports
every problem in the file; none of them assumes a reference resolves. Each is
linear in the file (or n log n), however large it is.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from dprk_rights.errors import DataError, Problem, UsageError
from dprk_rights.files import packaged_data_path, read_bytes
from dprk_rights.model.dates import PartialDate
from dprk_rights.model.records import Citation, Event
from dprk_rights.reading.loader import EventEntry, SourceEntry, TimelineCheck, check_timeline
from dprk_rights.reading.yamlnodes import NodeReader, Suggester, compose_document
from dprk_rights.text import fold, normalise_quote, visible

if TYPE_CHECKING:
    from dprk_rights.timeline import Timeline

#: Titles at least this similar (difflib ratio, case- and accent-folded) on the same date look duplicated.
DUPLICATE_TITLE_RATIO = 0.85
#: A summary sharing this many consecutive words with a quote copies it.
COPIED_WORDS = 8
#: Events of one date compared pairwise up to this many; beyond, each is compared with its
#: neighbours in title order (forwards and backwards), at most this many on each side.
ALL_PAIRS, NEIGHBOURS = 64, 16
#: Titles are compared on at most this many characters.
TITLE_CHARS = 300
#: Source texts up to this many words are searched window by window for the closest passage;
#: longer ones only where the quote's words occur.
SCAN_WORDS = 5000
#: Exit status of ``dprk validate`` when it fails on a bug of its own (EX_SOFTWARE): never 1, "problems found".
EXIT_INTERNAL = 70


@dataclass(frozen=True)
class Report:
    """The outcome of validating one timeline file."""

    problems: list[Problem]
    events: int
    """Every item of ``events`` in the file, valid or not."""
    sources: int
    """Every item of ``sources`` in the file, valid or not."""
    quotes_checked: int
    """Quotes found or not found in a text: both kinds below."""
    quotes_in_passages: int = 0
    """Of those, the quotes checked against a passage file (``<timeline folder>/sources/<id>.txt``)."""
    passage_dir: Path | None = None
    """The folder of passage files, when there is one."""
    texts_dir: Path | None = None
    """The folder given with ``--sources-dir``, if any."""
    quotes_unchecked: int = 0
    """Quotes of sources with no text anywhere (each such source is a warning)."""

    @property
    def quotes_in_texts(self) -> int:
        """Quotes checked against a text of ``--sources-dir``."""
        return self.quotes_checked - self.quotes_in_passages

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
    passage_dir = passages_dir(path)
    missing, tally = quotes_missing_from_sources(check, passage_dir, sources_dir)
    problems += missing
    problems.sort(key=lambda p: (p.line or 0, p.column or 0, p.field))
    return Report(
        problems,
        len(check.event_entries),
        len(check.source_entries),
        tally.checked,
        tally.in_passages,
        passage_dir if passage_dir.is_dir() else None,
        sources_dir,
        tally.unchecked,
    )


#: Passage files live in this folder beside the timeline file: ``<timeline folder>/sources/<source-id>.txt``.
PASSAGES_FOLDER = "sources"
#: Header values meaning "none" (``# symbol: none``).
_NO_VALUE = frozenset({"", "none", "null", "-"})


def passages_dir(timeline_path: str | Path) -> Path:
    """The folder of passage files for a timeline file."""
    return Path(timeline_path).parent / PASSAGES_FOLDER


@dataclass(frozen=True)
class PassageFile:
    """A source's passage file: its header (``# url: ...`` lines, keys lower-cased) and its passages."""

    header: dict[str, str]
    passages: list[str]

    def value(self, key: str) -> str | None:
        """A header value, None when absent or given as ``none``."""
        value = self.header.get(key)
        return None if value is None or value.lower() in _NO_VALUE else value


def parse_passages(text: str) -> PassageFile:
    """A passage file's text: ``# key: value`` header lines at the top, then passages separated by blank lines.

    The lines of one passage are joined with a space; header lines are never part of a passage.
    """
    lines = text.splitlines()
    header: dict[str, str] = {}
    start = 0
    while start < len(lines) and lines[start].startswith("#"):
        key, colon, value = lines[start][1:].partition(":")
        if colon:
            header.setdefault(key.strip().lower(), value.strip())
        start += 1
    passages: list[str] = []
    current: list[str] = []
    for line in [*lines[start:], ""]:
        if line.strip():
            current.append(line)
        elif current:
            passages.append(" ".join(current))
            current = []
    return PassageFile(header, passages)


def read_passage_file(path: Path) -> PassageFile:
    """Read and parse a passage file; OSError or UnicodeDecodeError when it cannot be read."""
    return parse_passages(path.read_text(encoding="utf-8"))


class SourceText:
    """A source's text, prepared once for any number of quote look-ups."""

    def __init__(self, text: str, passages: Iterable[str] | None = None) -> None:
        # Passages are kept apart by a line break, which no normalised quote holds: a quote must lie within one.
        self.haystack = normalise_quote(text) if passages is None else "\n".join(map(normalise_quote, passages))
        self.words = self.haystack.split()
        self._folded: list[str] | None = None
        self._where: dict[str, list[int]] | None = None
        self._found: dict[str, bool] = {}  # the same quote cited by many events is searched for once

    def contains(self, quote: str) -> bool:
        """Whether the quote appears verbatim (a changed case of its first letter allowed: "in March..."
        quoting "In March...")."""
        quote = normalise_quote(quote)
        if quote not in self._found:
            swapped = quote[:1].swapcase() + quote[1:]
            self._found[quote] = quote in self.haystack or swapped in self.haystack
        return self._found[quote]

    def closest(self, quote: str) -> str:
        """The run of words most like ``quote`` (same length in words)."""
        wanted = normalise_quote(quote).split()
        size = min(len(wanted), len(self.words))
        if not size:
            return ""
        folded = self._folded_words()
        target = [fold(w) for w in wanted]
        last = len(self.words) - size
        if len(self.words) <= SCAN_WORDS:
            starts: Iterable[int] = range(last + 1)
        else:
            starts = self._likely_starts(target, last)
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(target)
        best, best_ratio = 0, -1.0
        for start in starts:
            matcher.set_seq1(folded[start : start + size])
            if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = start, ratio
        return " ".join(self.words[best : best + size])

    def _folded_words(self) -> list[str]:
        if self._folded is None:
            self._folded = [fold(w) for w in self.words]
        return self._folded

    def _likely_starts(self, target: list[str], last: int, per_word: int = 200, keep: int = 20) -> list[int]:
        """Windows where the quote's rarest words line up, a few words either way: bounded per quote."""
        where = self._where
        if where is None:
            where = self._where = {}
            for position, word in enumerate(self._folded_words()):
                where.setdefault(word, []).append(position)
        votes: Counter[int] = Counter()
        for offset, word in sorted(enumerate(target), key=lambda item: len(where.get(item[1], ())))[:8]:
            for position in where.get(word, ())[:per_word]:
                votes[min(max(position - offset, 0), last)] += 1
        starts = {0}
        for start, _ in votes.most_common(keep):
            starts.update(range(max(start - 2, 0), min(start + 2, last) + 1))
        return sorted(starts)


def check_quotes(
    timeline: Timeline, source_id: str, text: str, passages: Iterable[str] | None = None
) -> list[QuoteCheck]:
    """For each citation of ``source_id``, whether its quote appears verbatim in ``text`` (or within one of
    ``passages``, when given)."""
    source = SourceText(text, passages)
    results = []
    for event in timeline.events_citing(source_id):
        for index, citation in enumerate(event.citations):
            if citation.source != source_id:
                continue
            found = source.contains(citation.quote)
            results.append(QuoteCheck(event, index, found, "" if found else source.closest(citation.quote)))
    return results


def check_source(timeline: Timeline, source_id: str, sources_dir: Path | None) -> tuple[Path, list[QuoteCheck]]:
    """Check a source's quotes against its passage file beside the timeline, else its text in
    ``sources_dir``: the file read and the result of each quote.

    UsageError when neither can be read (with the reason).
    """
    path = passages_dir(timeline.path) / f"{source_id}.txt"
    passages = None
    try:
        if path.exists():
            text, passages = "", read_passage_file(path).passages
        else:
            path = checked_sources_dir(sources_dir) / f"{source_id}.txt"
            text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise UsageError(f"cannot read the text of {source_id}: {path} ({reason})") from None
    return path, check_quotes(timeline, source_id, text, passages)


def checked_sources_dir(sources_dir: Path | None) -> Path:
    """``--sources-dir``, which must be given and be a folder (UsageError otherwise)."""
    if sources_dir is None:
        raise UsageError("checking quotes needs the source texts: pass --sources-dir DIR or set DPRK_SOURCES_DIR")
    if not sources_dir.is_dir():
        raise UsageError(f"--sources-dir: {sources_dir} is not a folder")
    return sources_dir


def closest_passage(quote: str, text: str) -> str:
    """The run of words in ``text`` most like ``quote`` (same length in words)."""
    return SourceText(text).closest(quote)


def unknown_tags(check: TimelineCheck, vocabulary: dict[str, str]) -> Iterator[Problem]:
    """Tags that are not in the controlled vocabulary."""
    suggester = Suggester(vocabulary)
    for entry in check.event_entries:
        for i, tag in enumerate(entry.tags):
            if tag not in vocabulary:
                hint = suggester.hint(tag) or " (add it to data/tags.yaml first)"
                yield _problem(check, f"{entry.field}.tags[{i}]", f"tag {tag!r} is not in the vocabulary{hint}")


def events_out_of_order(check: TimelineCheck) -> Iterator[Problem]:
    """Events listed before an earlier-dated one: the file is kept in date order for curators."""
    previous: EventEntry | None = None
    previous_key = (0, 0, 0)
    for entry in check.event_entries:
        if entry.date is None:
            continue
        key = entry.date.sort_key
        if previous is not None and previous.date is not None and key < previous_key:
            line = check.positions.get(f"{previous.field}.date", (None,))[0]
            message = (
                f"dated {entry.date}, after an event dated {previous.date} (line {line}); keep events in date order"
            )
            yield _problem(check, f"{entry.field}.date", message, "warning")
        else:
            previous, previous_key = entry, key


def citations_before_event(check: TimelineCheck) -> Iterator[Problem]:
    """Events whose every citing source was published before the event could have happened.

    An event citing a source the file does not define (reported by loading), or one without a
    published date, cannot be judged and is left alone.
    """
    published_by_id = {s.id: s.published for s in check.source_entries if s.id is not None and not s.duplicate}
    for entry in check.event_entries:
        if entry.date is None or not entry.citations:
            continue
        published: list[PartialDate] = []
        for source_id in dict.fromkeys(c.source for _, c in entry.citations):
            date = published_by_id.get(source_id)
            if date is None:
                break
            published.append(date)
        else:
            latest = max(published, key=lambda p: p.end)
            if latest.end < entry.date.span()[0]:
                message = (
                    f"dated {entry.date}, but every citing source was published earlier (latest {latest}); "
                    "a source cannot report the future"
                )
                yield _problem(check, f"{entry.field}.date", message)


def undated_sources(check: TimelineCheck) -> Iterator[Problem]:
    """Sources without a ``published`` date (their citations cannot be checked against event dates)."""
    for source in check.source_entries:
        if source.undated:
            message = "no published date; give the date the document states or implies, and say how in 'note'"
            yield _problem(check, f"{source.field}.published", message, "warning", fallback=f"{source.field}.id")


def near_duplicates(check: TimelineCheck) -> Iterator[Problem]:
    """Events on the same date with nearly the same title."""
    by_date: dict[str, list[EventEntry]] = {}
    for entry in check.event_entries:
        if entry.date is not None and entry.title is not None:
            by_date.setdefault(str(entry.date), []).append(entry)
    for entries in by_date.values():
        for later, earlier, ratio in _similar_titles(entries):
            message = f"looks like a duplicate of {_name(earlier)}: same date, {ratio:.0%} similar title"
            yield _problem(check, f"{later.field}.title", message, "warning")


def _similar_titles(entries: list[EventEntry]) -> Iterator[tuple[EventEntry, EventEntry, float]]:
    """For each entry, the first earlier one (in file order) with a title at least DUPLICATE_TITLE_RATIO alike.

    A date with few events compares every pair; a crowded one compares each title with the same
    title and its NEIGHBOURS nearest in alphabetical order of the title and of the title reversed
    (near-duplicates share a beginning or an end), so the work stays n log n.
    """
    titles = [fold(e.title or "")[:TITLE_CHARS] for e in entries]
    candidates: list[set[int]] | None = None
    if len(entries) > ALL_PAIRS:
        candidates = [set() for _ in entries]
        first: dict[str, int] = {}
        for i, title in enumerate(titles):
            candidates[i].add(first.setdefault(title, i))
        for key in (lambda i: titles[i], lambda i: titles[i][::-1]):
            order = sorted(range(len(titles)), key=key)
            for rank, i in enumerate(order):
                candidates[i].update(order[max(rank - NEIGHBOURS, 0) : rank + NEIGHBOURS + 1])
    matcher = difflib.SequenceMatcher(None)
    for i, later in enumerate(entries):
        earlier_ones = range(i) if candidates is None else sorted(j for j in candidates[i] if j < i)
        matcher.set_seq2(titles[i])  # analysed once for all its comparisons
        for j in earlier_ones:
            matcher.set_seq1(titles[j])
            if matcher.real_quick_ratio() < DUPLICATE_TITLE_RATIO or matcher.quick_ratio() < DUPLICATE_TITLE_RATIO:
                continue
            ratio = matcher.ratio()
            if ratio >= DUPLICATE_TITLE_RATIO:
                yield later, entries[j], ratio
                break


def unused_sources(check: TimelineCheck) -> Iterator[Problem]:
    """Sources that no event cites."""
    cited = {c.source for e in check.event_entries for _, c in e.citations}
    for source in check.source_entries:
        if source.id is not None and not source.duplicate and source.id not in cited:
            yield _problem(check, f"{source.field}.id", f"source {source.id!r} is not cited by any event", "warning")


def copied_summaries(check: TimelineCheck) -> Iterator[Problem]:
    """Summaries that repeat a quote word for word (summaries are in our own words)."""
    for entry in check.event_entries:
        if entry.summary is None:
            continue
        summary = _words(entry.summary)
        summary_runs: dict[int, set[tuple[str, ...]]] = {}
        for _, citation in entry.citations:
            quote = _words(citation.quote)
            size = min(COPIED_WORDS, len(quote))
            if size < 5:
                continue
            if size not in summary_runs:
                summary_runs[size] = _runs(summary, size)
            shared = _runs(quote, size) & summary_runs[size]
            if shared:
                sample = " ".join(min(shared))
                message = f"copies the {citation.source} quote word for word ({sample!r}); use our own words"
                yield _problem(check, f"{entry.field}.summary", message, "warning")
                break


class QuoteTally(NamedTuple):
    """How many quotes were checked, how many of them against passage files, how many could not be."""

    checked: int = 0
    in_passages: int = 0
    unchecked: int = 0


def quotes_missing_from_sources(
    check: TimelineCheck, passage_dir: Path, sources_dir: Path | None
) -> tuple[list[Problem], QuoteTally]:
    """Quotes that do not appear in their source's text (with the closest passage), and the tally.

    A source's text is its passage file ``passage_dir/<id>.txt`` (header lines excluded; its
    ``# url:`` must be the source's url), else ``sources_dir/<id>.txt``. Checking applies when the
    passage folder exists or ``sources_dir`` is given; a cited source with no text anywhere is then a
    warning. Each text is read and prepared once.
    """
    citing: dict[str, list[tuple[EventEntry, int, Citation]]] = {}
    for entry in check.event_entries:
        for index, citation in entry.citations:
            citing.setdefault(citation.source, []).append((entry, index, citation))
    problems: list[Problem] = []
    checked = in_passages = unchecked = 0
    if not passage_dir.is_dir() and sources_dir is None:
        return problems, QuoteTally()
    for source in check.source_entries:
        if source.id is None or source.duplicate:
            continue
        quotes = citing.get(source.id, [])
        passage_path = passage_dir / f"{source.id}.txt"
        text_path = sources_dir / f"{source.id}.txt" if sources_dir is not None else None
        if passage_path.exists():
            path = passage_path
            try:
                passage_file = read_passage_file(passage_path)
            except (OSError, UnicodeDecodeError) as exc:
                problems.append(_unreadable(check, source.field, passage_path, exc))
                continue
            problems += _header_problems(check, source, passage_path, passage_file)
            text = SourceText("", passage_file.passages)
            shown_as = f"{passage_dir.name}/{passage_path.name}"
        elif text_path is not None and text_path.exists():
            path = text_path
            try:
                text = SourceText(text_path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as exc:
                problems.append(_unreadable(check, source.field, text_path, exc))
                continue
            shown_as = text_path.name
        else:
            if quotes:
                unchecked += len(quotes)
                hint = f" nor {text_path}" if text_path else "; pass --sources-dir DIR for texts kept elsewhere"
                count = f"{len(quotes)} quotes are" if len(quotes) != 1 else "1 quote is"
                message = f"no text of source {source.id!r}: its {count} unchecked (no {passage_path}{hint})"
                problems.append(_problem(check, f"{source.field}.id", message, "warning"))
            continue
        for entry, index, citation in quotes:
            checked += 1
            in_passages += path is passage_path
            if not text.contains(citation.quote):
                message = f"quote not found in {shown_as}; closest passage: {text.closest(citation.quote)!r}"
                problems.append(_problem(check, f"{entry.field}.citations[{index}].quote", message))
    return problems, QuoteTally(checked, in_passages, unchecked)


def _unreadable(check: TimelineCheck, field: str, path: Path, exc: Exception) -> Problem:
    reason = "is not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else f"cannot be read ({exc})"
    return _problem(check, f"{field}.id", f"source text {path} {reason}; its quotes cannot be checked")


def _header_problems(check: TimelineCheck, source: SourceEntry, path: Path, passages: PassageFile) -> list[Problem]:
    """A passage file must name its source and give the source's url in its header."""
    problems = []
    named = passages.value("source")
    if named is not None and named != source.id:
        message = f"{path.name} says '# source: {named}', not {source.id!r}; a passage file holds its own source's text"
        problems.append(_problem(check, f"{source.field}.id", message))
    if "url" not in passages.header:
        message = f"{path.name} has no '# url:' header line; give the address its passages were read at"
        problems.append(_problem(check, f"{source.field}.url", message, fallback=f"{source.field}.id"))
    elif passages.value("url") != source.url:
        given = passages.value("url") or "none"
        url = repr(source.url) if source.url else "not given"
        message = f"{path.name} gives '# url: {given}', but the source's url is {url}; they must be the same address"
        problems.append(_problem(check, f"{source.field}.url", message, fallback=f"{source.field}.id"))
    return problems


#: ``dprk validate --format``: one line per problem in the compiler convention, or GitHub Actions annotations.
REPORT_FORMATS = ("plain", "github")


def github_annotation(problem: Problem, relative_to: str | None = None) -> str:
    """A problem as a GitHub Actions workflow command: ``::error file=F,line=L,col=C,title=FIELD::MESSAGE``
    (``::warning`` for a warning), escaped as the workflow-commands spec says, so no data can end the
    command or start another. The file is given relative to ``relative_to`` (the current folder) when
    inside it, as GitHub matches annotations to the repository's files; unknown line or column are left out.
    """
    import os

    file = problem.file
    base = os.getcwd() if relative_to is None else relative_to
    if os.path.isabs(file):
        try:
            relative = os.path.relpath(file, base)
        except ValueError:  # another drive (Windows)
            relative = os.pardir
        if relative != os.pardir and not relative.startswith(os.pardir + os.sep):
            file = relative
    properties = [("file", file), ("line", problem.line), ("col", problem.column)]
    properties.append(("title", problem.field or "dprk validate"))
    listed = ",".join(f"{key}={_escape_property(visible(str(value)))}" for key, value in properties if value)
    return f"::{problem.severity} {listed}::{_escape_data(visible(problem.message))}"


def _escape_data(text: str) -> str:
    """A workflow command's message: ``%``, CR and LF percent-encoded (actions/toolkit's escapeData)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A workflow command's property value: as a message, and ``:`` and ``,`` too (escapeProperty)."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_report(problems: Iterable[Problem], summary: str) -> str:
    """Every problem as a GitHub Actions annotation, then the summary line (plain log text)."""
    return "".join(github_annotation(p) + "\n" for p in problems) + visible(summary) + "\n"


def _problem(check: TimelineCheck, field: str, message: str, severity: str = "error", fallback: str = "") -> Problem:
    """A problem located at ``field``, else ``fallback``, else its entry's id, else the entry itself."""
    entry = field.split(".")[0]
    for where in (field, fallback, f"{entry}.id", entry):
        position = check.positions.get(where)
        if position is not None:
            return Problem(check.timeline.path, position[0], position[1], field, message, severity)
    return Problem(check.timeline.path, None, None, field, message, severity)


def _name(entry: EventEntry) -> str:
    """How a message names an event: its id, or its place in the file when it has none."""
    return repr(entry.id) if entry.id is not None else entry.field


def _words(text: str) -> list[str]:
    return fold(normalise_quote(text)).replace(",", " ").replace(".", " ").split()


def _runs(words: list[str], size: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}
