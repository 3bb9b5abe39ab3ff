"""Read a timeline YAML file into the model, reporting every problem with file and line."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from dprk_rights.errors import DataError, Problem
from dprk_rights.files import default_timeline_path, packaged_data_path, read_bytes  # noqa: F401 - re-exported
from dprk_rights.model.dates import EventDate, PartialDate
from dprk_rights.model.records import (
    MAX_QUOTE_WORDS,
    WITHOUT_A_VOTE,
    Citation,
    Dispute,
    Event,
    Source,
    TimelineData,
    Vote,
)

from .yamlnodes import YAML, Node, NodeReader, Suggester, YamlStream, did_you_mean, kind, shown

_TOP_FIELDS = {"sources": True, "events": True}
_SOURCE_FIELDS = {
    "id": True,
    "title": True,
    "publisher": True,
    "published": False,
    "kind": True,
    "url": False,
    "note": False,
    "symbol": False,
    "accessed": False,
}
_EVENT_FIELDS = {
    "id": True,
    "date": True,
    "title": True,
    "summary": True,
    "tags": False,
    "actors": False,
    "citations": True,
    "disputes": False,
    "note": False,
    "symbol": False,
    "vote": False,
}
_CITATION_FIELDS = {"source": True, "quote": True}
_DISPUTE_FIELDS = {"source": True, "claim": True, "note": False}
_VOTE_FIELDS = {"for": True, "against": True, "abstain": True}
#: No body that votes has more members than this; a larger count is a typing slip.
MAX_VOTES = 9999
_VOTE_FORMS = f"{{for: N, against: N, abstain: N}} or {WITHOUT_A_VOTE!r}"

_PART = r"[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+)*"
#: A UN document symbol: slash-separated parts (``A/RES/60/173``, ``A/HRC/34/66/Add.1``, ``S/PV.7353``, a
#: Commission on Human Rights resolution number ``2004/13``), optionally a year: ``S/RES/2270 (2016)``.
SYMBOL = re.compile(rf"{_PART}(?:/{_PART})+(?: \([0-9]{{4}}\))?")


def read_timeline(path: str | Path | None = None) -> TimelineData:
    """Read and validate a timeline file (the shipped one when ``path`` is None) into plain data,
    without a cache (:class:`dprk_rights.Timeline` answers questions from one).

    Raises DataError listing every problem found, each with file, line and field.
    """
    path = Path(path) if path is not None else default_timeline_path()
    check = check_timeline(read_bytes(path, "timeline file"), str(path))
    if check.problems:
        raise DataError(check.problems)
    return check.timeline


class EventEntry(NamedTuple):
    """What could be read of one item of ``events``, valid or not: what checks beyond loading need."""

    field: str
    """Its place in the file (``events[3]``)."""
    id: str | None
    date: EventDate | None
    title: str | None
    summary: str | None
    tags: tuple[str, ...]
    citations: tuple[tuple[int, Citation], ...]
    """Each citation that could be read (whether or not its source exists), with its index in the list."""


class SourceEntry(NamedTuple):
    """What could be read of one item of ``sources``, valid or not."""

    field: str
    id: str | None
    published: PartialDate | None
    undated: bool
    """No published date given at all (not an unreadable one)."""
    duplicate: bool
    """Its id was defined by an earlier entry."""
    url: str | None = None


#: A reference to a source: the node naming it, its field path, the id named.
_SourceRef = tuple[Node, str, str]


@dataclass(frozen=True)
class TimelineCheck:
    """What reading a timeline found: its valid parts, every problem, and where things are in the file."""

    timeline: TimelineData
    """The sources and events that are valid (all of them when ``problems`` is empty)."""
    problems: list[Problem]
    """Every problem found, in file order."""
    event_fields: dict[str, str]
    """Each valid event's id and its place in the file (``events[3]``), in file order."""
    source_fields: dict[str, str]
    """Each valid source's id and its place in the file (``sources[0]``)."""
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    """(line, column) of each field path read, when asked for."""
    event_entries: list[EventEntry] = field(default_factory=list)
    """Every item of ``events`` (valid or not) in file order, when asked for."""
    source_entries: list[SourceEntry] = field(default_factory=list)
    """Every item of ``sources`` (valid or not) in file order, when asked for."""


def stream_timeline(
    data: bytes | str,
    filename: str,
    on_event: Callable[[Event], None],
    on_sources: Callable[[list[Source]], None] | None = None,
) -> tuple[list[Source], list[Problem]]:
    """Read a timeline handing each valid event to ``on_event`` as it is read, without keeping them.

    ``on_sources`` is given the valid sources as soon as they are read (before the events when the
    file lists them first). Returns the sources and every problem (in file order); events read
    before a later problem was found have already been handed over, so callers must discard their
    work when problems are returned. Raises DataError only when the YAML itself cannot be read.
    """
    builder = _TimelineBuilder(filename, on_event)
    builder.on_sources = on_sources
    _read(builder, data)
    return builder.sources, builder.sorted_problems()


def check_timeline(data: bytes | str, filename: str, *, positions: bool = False) -> TimelineCheck:
    """Read a timeline, keeping every valid part and every problem (in file order).

    Raises DataError only when the YAML itself cannot be read (syntax, encoding, no document).
    The timeline holds only events whose every reference resolves. With ``positions`` (what
    ``dprk validate`` asks for), also records the line and column of every field path, and what
    could be read of every entry, valid or not.
    """
    builder = _TimelineBuilder(filename)
    if positions:
        builder.positions = {}
        builder.event_entries, builder.source_entries = [], []
    _read(builder, data)
    timeline = TimelineData(sources=tuple(builder.sources), events=tuple(builder.events), path=filename)
    problems = builder.sorted_problems()
    return TimelineCheck(
        timeline,
        problems,
        builder.event_fields,
        builder.source_fields,
        builder.positions or {},
        builder.event_entries or [],
        builder.source_entries or [],
    )


def _read(builder: _TimelineBuilder, data: bytes | str) -> None:
    """Run the builder over the whole document and collect every problem, its own and the stream's."""
    stream = YamlStream(data, builder.filename, "a timeline needs 'sources' and 'events'")
    with stream.reading():
        builder.read(stream)
    builder.check_source_references()
    builder.problems += stream.problems


class _TimelineBuilder(NodeReader):
    """Builds the model from a timeline's YAML stream, one event at a time."""

    def __init__(self, filename: str, on_event: Callable[[Event], None] | None = None) -> None:
        super().__init__(filename)
        self.sources: list[Source] = []
        self.events: list[Event] = []
        self._on_event = on_event or self.events.append
        self._source_lines: dict[str, int] = {}
        self._valid_sources: set[str] = set()
        self._sources_read = False
        self._suggester: Suggester | None = None
        self._event_lines: dict[str, int] = {}
        # References read before the sources, checked at the end: (id of the kept event or None, refs).
        self._deferred_refs: list[tuple[str | None, list[_SourceRef]]] = []
        self.event_fields: dict[str, str] = {}
        self.source_fields: dict[str, str] = {}
        self.event_entries: list[EventEntry] | None = None
        self.source_entries: list[SourceEntry] | None = None
        self.on_sources: Callable[[list[Source]], None] | None = None

    def read(self, stream: YamlStream) -> None:
        """Consume the whole document, building sources and events and collecting problems."""
        first = stream.root()
        if not stream.is_mapping_start(first):
            root = stream.compose(first)
            message = f"the top level must be a mapping with 'sources' and 'events', got {kind(root)}"
            self.problem(root, "", message)
            stream.finish()
            return
        top_line, top_column = first.start_mark.line + 1, first.start_mark.column + 1
        seen: set[str] = set()
        while not stream.is_end(event := stream.next()):
            key_node = stream.compose(event)
            key = key_node.value if key_node.kind == "scalar" else None
            value_event = stream.next()
            if key not in _TOP_FIELDS or key in seen:
                problem = (
                    f"unknown field {key!r}{did_you_mean(str(key), _TOP_FIELDS)}"
                    if key not in _TOP_FIELDS
                    else ("duplicate field (a later value would silently replace the first)")
                )
                self.problem(key_node, str(key), problem)
                stream.compose(value_event)
                continue
            seen.add(key)
            if key == "events" and stream.is_sequence_start(value_event) and value_event.tag in (None, "!"):
                index = 0
                while not stream.is_end(item := stream.next()):
                    self._event(stream.compose(item), f"events[{index}]")
                    index += 1
            elif key == "events":
                for index, item in enumerate(self.sequence(stream.compose(value_event), "events")):
                    self._event(item, f"events[{index}]")
            else:
                self._sources(stream.compose(value_event))
        for key in _TOP_FIELDS.keys() - seen:
            self.problems.append(Problem(self.filename, top_line, top_column, key, "is required but missing"))
        stream.finish()

    def check_source_references(self) -> None:
        """Check the references read before the sources; drop kept events whose references do not resolve.

        Events handed to a streaming caller cannot be taken back: it sees the problems and discards them.
        """
        self._sources_read = True
        dropped = set()
        for event_id, refs in self._deferred_refs:
            if not self._resolve(refs) and event_id is not None:
                dropped.add(event_id)
        if dropped:
            self.events[:] = [e for e in self.events if e.id not in dropped]
            for event_id in dropped:
                self.event_fields.pop(event_id, None)

    def _resolve(self, refs: list[_SourceRef]) -> bool:
        """Report references to sources the file does not define; True when every one names a valid source."""
        resolved = True
        for node, where, source_id in refs:
            if source_id in self._valid_sources:
                continue
            resolved = False
            if source_id not in self._source_lines:
                if self._suggester is None:
                    self._suggester = Suggester(self._source_lines)
                hint = self._suggester.hint(source_id)
                self.problem(node, where, f"unknown source {shown(source_id)}{hint}")
        return resolved

    def _sources(self, node: Node) -> None:
        self._sources_read = True
        for i, item in enumerate(self.sequence(node, "sources")):
            field = f"sources[{i}]"
            before = len(self.problems)
            values = self.mapping(item, field, _SOURCE_FIELDS)
            if values is None:
                if self.source_entries is not None:
                    self.source_entries.append(SourceEntry(field, None, None, False, False))
                continue
            source_id = self.slug(values.get("id"), f"{field}.id")
            title = self.text(values.get("title"), f"{field}.title")
            publisher = self.text(values.get("publisher"), f"{field}.publisher")
            dated = len(self.problems)
            published = self.date(values.get("published"), f"{field}.published", optional=True)
            undated = published is None and len(self.problems) == dated
            kind_ = self.text(values.get("kind"), f"{field}.kind")
            url = self.text(values.get("url"), f"{field}.url", optional=True)
            note = self.text(values.get("note"), f"{field}.note", optional=True)
            symbol = self.symbol(values.get("symbol"), f"{field}.symbol")
            accessed = self.date(values.get("accessed"), f"{field}.accessed", optional=True)
            # The id counts as defined even when another field is wrong: citing it is not an unknown source.
            first = self._source_lines.get(source_id) if source_id is not None else None
            duplicate = first is not None
            if duplicate:
                self.problem(values["id"], f"{field}.id", f"duplicate source id (first at line {first})")
            elif source_id is not None:
                self._source_lines[source_id] = values["id"].line
            if self.source_entries is not None:
                self.source_entries.append(SourceEntry(field, source_id, published, undated, duplicate, url))
            if len(self.problems) > before or not (source_id and title and publisher and kind_):
                continue
            self._valid_sources.add(source_id)
            self.sources.append(Source(source_id, title, publisher, published, kind_, url, note, symbol, accessed))
            self.source_fields[source_id] = field
        if self.on_sources is not None:
            self.on_sources(self.sources)

    def _event(self, node: Node, field: str) -> None:
        before = len(self.problems)
        values = self.mapping(node, field, _EVENT_FIELDS)
        if values is None:
            if self.event_entries is not None:
                self.event_entries.append(EventEntry(field, None, None, None, None, (), ()))
            return
        event_id = self.slug(values.get("id"), f"{field}.id")
        date = self.event_date(values.get("date"), f"{field}.date")
        title = self.text(values.get("title"), f"{field}.title")
        summary = self.text(values.get("summary"), f"{field}.summary")
        note = self.text(values.get("note"), f"{field}.note", optional=True)
        tags = self.texts(values.get("tags"), f"{field}.tags", slugs=True)
        actors = self.texts(values.get("actors"), f"{field}.actors")
        symbol = self.symbol(values.get("symbol"), f"{field}.symbol")
        vote = self.vote(values.get("vote"), f"{field}.vote")
        refs: list[_SourceRef] = []
        indexed = self._citations(values.get("citations"), f"{field}.citations", refs)
        citations = tuple(citation for _, citation in indexed)
        disputes = self._disputes(values.get("disputes"), f"{field}.disputes", refs)
        listed = values.get("citations")
        if listed is not None and listed.kind == "sequence" and listed.tag == YAML + "seq" and not listed.value:
            self.problem(listed, f"{field}.citations", "an event needs at least one citation")
        if event_id and event_id in self._event_lines:
            first = self._event_lines[event_id]
            self.problem(node, f"{field}.id", f"duplicate event id {event_id!r} (first at line {first})")
        elif event_id:
            self._event_lines[event_id] = node.line
        if self.event_entries is not None:  # only validate asks; the cache build reads every event
            self.event_entries.append(EventEntry(field, event_id, date, title, summary, tags, indexed))
        # References are checked now when the sources are known, else once they are (at the end).
        resolved = self._resolve(refs) if self._sources_read else True
        if len(self.problems) > before or not resolved:
            if not self._sources_read:
                self._deferred_refs.append((None, refs))
            return
        if not (event_id and date and title and summary and citations):
            # Each missing part has been reported above; never drop an event silently all the same.
            self.problem(node, field, "is incomplete")
            return
        if not self._sources_read:
            self._deferred_refs.append((event_id, refs))
        self._on_event(Event(event_id, date, title, summary, citations, tags, actors, disputes, note, symbol, vote))
        self.event_fields[event_id] = field

    def symbol(self, node: Node | None, field: str) -> str | None:
        """An optional UN document symbol: ``A/RES/60/173``, ``A/HRC/RES/55/21``, ``2004/13``."""
        value = self.text(node, field, optional=True)
        if node is not None and value is not None and not SYMBOL.fullmatch(value):
            message = (
                f"{shown(value)} is not a UN document symbol (parts separated by '/', such as "
                "'A/RES/60/173', 'A/HRC/RES/55/21' or '2004/13')"
            )
            self.problem(node, field, message)
            return None
        return value

    def vote(self, node: Node | None, field: str) -> Vote | str | None:
        """An optional vote: ``{for: 88, against: 21, abstain: 60}`` or ``without a vote``."""
        if node is None or not self._readable(node, field):
            return None
        if node.kind == "scalar" and node.tag == YAML + "null":
            return None
        if node.kind == "scalar" and node.tag == YAML + "str" and node.value == WITHOUT_A_VOTE:
            return WITHOUT_A_VOTE
        if node.kind != "mapping":
            hint = " (written exactly so, in lower case)" if str(node.value).strip().lower() == WITHOUT_A_VOTE else ""
            self.problem(node, field, f"expected {_VOTE_FORMS}, got {kind(node)}{hint}")
            return None
        values = self.mapping(node, field, _VOTE_FIELDS)
        if values is None:
            return None
        counts = [self._vote_count(values.get(key), f"{field}.{key}") for key in _VOTE_FIELDS]
        if any(count is None for count in counts) or len(values) != len(_VOTE_FIELDS):
            return None
        return Vote(*(int(count or 0) for count in counts))

    def _vote_count(self, node: Node | None, field: str) -> int | None:
        if node is None:
            return None
        text = self._scalar(node, field, {"int"}, "a whole number of votes", "")
        if text is None:
            return None
        if not text.isascii() or not text.isdigit():
            self.problem(node, field, f"expected a whole number of votes, 0 or more, got {shown(text)}")
            return None
        if len(text) > len(str(MAX_VOTES)) or int(text) > MAX_VOTES:
            self.problem(node, field, f"{shown(text)} votes is more than any body has members (at most {MAX_VOTES})")
            return None
        return int(text)

    def _source_ref(self, node: Node | None, field: str, refs: list[_SourceRef]) -> str | None:
        source_id = self.text(node, field)
        if node is not None and source_id is not None:
            refs.append((node, field, source_id))
        return source_id

    def _citations(self, node: Node | None, field: str, refs: list[_SourceRef]) -> tuple[tuple[int, Citation], ...]:
        citations = []
        for i, item in enumerate(self.sequence(node, field)):
            where = f"{field}[{i}]"
            values = self.mapping(item, where, _CITATION_FIELDS)
            if values is None:
                continue
            source = self._source_ref(values.get("source"), f"{where}.source", refs)
            quote = self.text(values.get("quote"), f"{where}.quote")
            if quote is not None and len(quote.split()) > MAX_QUOTE_WORDS:
                words = len(quote.split())
                message = f"quote has {words} words; at most {MAX_QUOTE_WORDS} allowed"
                self.problem(values["quote"], f"{where}.quote", message)
                continue
            if source and quote:
                citations.append((i, Citation(source, " ".join(quote.split()))))
        return tuple(citations)

    def _disputes(self, node: Node | None, field: str, refs: list[_SourceRef]) -> tuple[Dispute, ...]:
        disputes = []
        for i, item in enumerate(self.sequence(node, field)):
            where = f"{field}[{i}]"
            values = self.mapping(item, where, _DISPUTE_FIELDS)
            if values is None:
                continue
            source = self._source_ref(values.get("source"), f"{where}.source", refs)
            claim = self.text(values.get("claim"), f"{where}.claim")
            note = self.text(values.get("note"), f"{where}.note", optional=True)
            if source and claim:
                disputes.append(Dispute(source, claim, note))
        return tuple(disputes)
