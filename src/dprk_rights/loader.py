"""Read a timeline YAML file into the model, reporting every problem with file and line."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from .errors import DataError, Problem
from .model import Citation, Dispute, Event, Source, Timeline
from .yamlnodes import NodeReader, compose, did_you_mean, kind, read_text

MAX_QUOTE_WORDS = 25

_TOP_FIELDS = {"sources": True, "events": True}
_SOURCE_FIELDS = {
    "id": True,
    "title": True,
    "publisher": True,
    "published": False,
    "kind": True,
    "url": False,
    "note": False,
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
}
_CITATION_FIELDS = {"source": True, "quote": True}
_DISPUTE_FIELDS = {"source": True, "claim": True, "note": False}


def packaged_data_path(name: str) -> Path:
    """A data file shipped inside the package (or, in a source checkout, under ``data/``)."""
    packaged = Path(str(resources.files("dprk_rights") / "data" / name))
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / name


def default_timeline_path() -> Path:
    """The timeline shipped inside the package."""
    return packaged_data_path("timeline.yaml")


def load_timeline(path: str | Path | None = None) -> Timeline:
    """Load and validate a timeline file (the shipped one when ``path`` is None).

    Raises DataError listing every problem found, each with file, line and field.
    """
    path = Path(path) if path is not None else default_timeline_path()
    timeline, problems = check_timeline(read_text(path, "timeline file"), str(path))
    if problems or timeline is None:
        raise DataError(problems)
    return timeline


def check_timeline(text: str, filename: str) -> tuple[Timeline | None, list[Problem]]:
    """Build a timeline from YAML text, returning it with every problem found (sorted by line)."""
    root = compose(text, filename, "a timeline needs 'sources' and 'events'")
    builder = _TimelineBuilder(filename)
    timeline = builder.timeline(root)
    problems = sorted(builder.problems, key=lambda p: (p.line or 0, p.column or 0))
    return timeline, problems


class _TimelineBuilder(NodeReader):
    """Builds the model from a timeline's nodes."""

    def timeline(self, root: Any) -> Timeline | None:
        if root.id != "mapping":
            message = f"the top level must be a mapping with 'sources' and 'events', got {kind(root)}"
            self.problem(root, "", message)
            return None
        top = self.mapping(root, "", _TOP_FIELDS)
        if top is None:
            return None
        sources = self._sources(top.get("sources"))
        known = {s.id for s in sources}
        events = self._events(top.get("events"), known)
        if self.problems:
            return None
        return Timeline(sources=tuple(sources), events=tuple(events), path=self.filename)

    def _sources(self, node: Any) -> list[Source]:
        sources: list[Source] = []
        first_line: dict[str, int] = {}
        for i, item in enumerate(self.sequence(node, "sources")):
            field = f"sources[{i}]"
            values = self.mapping(item, field, _SOURCE_FIELDS)
            if values is None:
                continue
            source_id = self.slug(values.get("id"), f"{field}.id")
            title = self.text(values.get("title"), f"{field}.title")
            publisher = self.text(values.get("publisher"), f"{field}.publisher")
            published = self.date(values.get("published"), f"{field}.published", optional=True)
            kind = self.text(values.get("kind"), f"{field}.kind")
            url = self.text(values.get("url"), f"{field}.url", optional=True)
            note = self.text(values.get("note"), f"{field}.note", optional=True)
            if not (source_id and title and publisher and kind):
                continue
            if source_id in first_line:
                self.problem(
                    values["id"], f"{field}.id", f"duplicate source id (first at line {first_line[source_id]})"
                )
                continue
            first_line[source_id] = values["id"].start_mark.line + 1
            sources.append(Source(source_id, title, publisher, published, kind, url, note))
        return sources

    def _events(self, node: Any, known_sources: set[str]) -> list[Event]:
        events: list[Event] = []
        first_line: dict[str, int] = {}
        for i, item in enumerate(self.sequence(node, "events")):
            event = self._event(item, f"events[{i}]", known_sources)
            if event is None:
                continue
            line = item.start_mark.line + 1
            if event.id in first_line:
                self.problem(
                    item, f"events[{i}].id", f"duplicate event id {event.id!r} (first at line {first_line[event.id]})"
                )
                continue
            first_line[event.id] = line
            events.append(event)
        return events

    def _event(self, node: Any, field: str, known_sources: set[str]) -> Event | None:
        before = len(self.problems)
        values = self.mapping(node, field, _EVENT_FIELDS)
        if values is None:
            return None
        event_id = self.slug(values.get("id"), f"{field}.id")
        date = self.date(values.get("date"), f"{field}.date")
        title = self.text(values.get("title"), f"{field}.title")
        summary = self.text(values.get("summary"), f"{field}.summary")
        note = self.text(values.get("note"), f"{field}.note", optional=True)
        tags = self.texts(values.get("tags"), f"{field}.tags", slugs=True)
        actors = self.texts(values.get("actors"), f"{field}.actors")
        citations = self._citations(values.get("citations"), f"{field}.citations", known_sources)
        disputes = self._disputes(values.get("disputes"), f"{field}.disputes", known_sources)
        if "citations" in values and not citations and len(self.problems) == before:
            self.problem(values["citations"], f"{field}.citations", "an event needs at least one citation")
        if len(self.problems) > before:
            return None
        assert event_id and date and title and summary
        return Event(event_id, date, title, summary, citations, tags, actors, disputes, note)

    def _source_ref(self, node: Any, field: str, known_sources: set[str]) -> str | None:
        source_id = self.text(node, field)
        if source_id is not None and source_id not in known_sources:
            self.problem(node, field, f"unknown source {source_id!r}{did_you_mean(source_id, known_sources)}")
            return None
        return source_id

    def _citations(self, node: Any, field: str, known_sources: set[str]) -> tuple[Citation, ...]:
        citations = []
        for i, item in enumerate(self.sequence(node, field)):
            where = f"{field}[{i}]"
            values = self.mapping(item, where, _CITATION_FIELDS)
            if values is None:
                continue
            source = self._source_ref(values.get("source"), f"{where}.source", known_sources)
            quote = self.text(values.get("quote"), f"{where}.quote")
            if quote is not None and len(quote.split()) > MAX_QUOTE_WORDS:
                words = len(quote.split())
                self.problem(
                    values["quote"], f"{where}.quote", f"quote has {words} words; at most {MAX_QUOTE_WORDS} allowed"
                )
                continue
            if source and quote:
                citations.append(Citation(source, " ".join(quote.split())))
        return tuple(citations)

    def _disputes(self, node: Any, field: str, known_sources: set[str]) -> tuple[Dispute, ...]:
        disputes = []
        for i, item in enumerate(self.sequence(node, field)):
            where = f"{field}[{i}]"
            values = self.mapping(item, where, _DISPUTE_FIELDS)
            if values is None:
                continue
            source = self._source_ref(values.get("source"), f"{where}.source", known_sources)
            claim = self.text(values.get("claim"), f"{where}.claim")
            note = self.text(values.get("note"), f"{where}.note", optional=True)
            if source and claim:
                disputes.append(Dispute(source, claim, note))
        return tuple(disputes)
