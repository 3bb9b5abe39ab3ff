"""Read a timeline YAML file into the model, reporting every problem with file and line.

The YAML is composed into nodes (which carry line numbers) and the model is
built from those nodes by hand: no YAML tag can construct a Python object, and
aliases are refused, so a hostile file cannot run code or expand without bound.
"""

from __future__ import annotations

import difflib
import re
from importlib import resources
from pathlib import Path
from typing import Any

from .dates import PartialDate
from .errors import DataError, Problem
from .model import Citation, Dispute, Event, Source, Timeline

MAX_QUOTE_WORDS = 25
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

_YAML = "tag:yaml.org,2002:"
_TEXT_TAGS = {_YAML + "str"}
_DATE_TAGS = {_YAML + "str", _YAML + "int", _YAML + "timestamp"}
_ALLOWED_TAGS = {_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}
_TAG_NAMES = {"int": "a number", "float": "a number", "bool": "a yes/no value", "timestamp": "a date"}

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


def default_timeline_path() -> Path:
    """The timeline shipped inside the package (or, in a source checkout, ``data/timeline.yaml``)."""
    packaged = Path(str(resources.files("dprk_rights") / "data" / "timeline.yaml"))
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / "timeline.yaml"


def load_timeline(path: str | Path | None = None) -> Timeline:
    """Load and validate a timeline file (the shipped one when ``path`` is None).

    Raises DataError listing every problem found, each with file, line and field.
    """
    path = Path(path) if path is not None else default_timeline_path()
    timeline, problems = check_timeline(read_timeline_text(path), str(path))
    if problems or timeline is None:
        raise DataError(problems)
    return timeline


def read_timeline_text(path: Path) -> str:
    """Read a timeline file as UTF-8 text; DataError (naming the file) when that is impossible."""
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise _file_error(name, "no such file") from None
    except IsADirectoryError:
        raise _file_error(name, "is a directory, not a timeline file") from None
    except OSError as exc:
        raise _file_error(name, f"cannot be read ({exc.strerror or exc})") from None
    if b"\x00" in data:
        raise _file_error(name, "is a binary file, not a YAML timeline")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataError([Problem(name, line, None, "", "is not UTF-8 text (save it as UTF-8)")]) from None


def check_timeline(text: str, filename: str) -> tuple[Timeline | None, list[Problem]]:
    """Build a timeline from YAML text, returning it with every problem found (sorted by line)."""
    root = _compose(text, filename)
    builder = _Builder(filename)
    timeline = builder.timeline(root)
    problems = sorted(builder.problems, key=lambda p: (p.line or 0, p.column or 0))
    return timeline, problems


def _file_error(name: str, message: str) -> DataError:
    return DataError([Problem(name, None, None, "", message)])


def _compose(text: str, filename: str) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    if not text.strip():
        raise _file_error(filename, "is empty; a timeline needs 'sources' and 'events'")
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        message = f"YAML syntax error: {exc.problem or exc.context}"
        raise DataError([Problem(filename, line, column, "", message)]) from None
    except yaml.YAMLError as exc:
        raise _file_error(filename, f"YAML error: {exc}") from None
    if root is None:
        raise _file_error(filename, "holds no YAML document; a timeline needs 'sources' and 'events'")
    return root


class _Builder:
    """Walks composed YAML nodes, building model objects and collecting problems."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[Problem] = []
        self._seen: set[int] = set()

    def problem(self, node: Any, field: str, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.filename, mark.line + 1, mark.column + 1, field, message))

    # -- node access ---------------------------------------------------------

    def _visit(self, node: Any, field: str) -> bool:
        """Refuse aliases and object-constructing tags; True when the node may be read."""
        if id(node) in self._seen:
            self.problem(node, field, "YAML aliases (*name) are not allowed in a timeline")
            return False
        self._seen.add(id(node))
        if node.tag not in _ALLOWED_TAGS:
            self.problem(node, field, f"YAML tag {node.tag!r} is not allowed in a timeline")
            return False
        return True

    def mapping(self, node: Any, field: str, fields: dict[str, bool]) -> dict[str, Any] | None:
        """The mapping's values by key; unknown, duplicate and missing keys are problems."""
        if not self._visit(node, field):
            return None
        if node.id != "mapping":
            self.problem(node, field, f"expected a mapping of fields, got {_kind(node)}")
            return None
        values: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value if key_node.id == "scalar" else None
            where = f"{field}.{key}" if field else str(key)
            if key not in fields:
                hint = _did_you_mean(str(key), fields)
                self.problem(key_node, where, f"unknown field {key!r}{hint}")
            elif key in values:
                self.problem(key_node, where, "duplicate field (a later value would silently replace the first)")
            else:
                values[key] = value_node
        for key, required in fields.items():
            if required and key not in values:
                self.problem(node, f"{field}.{key}" if field else key, "is required but missing")
        return values

    def sequence(self, node: Any, field: str) -> list[Any]:
        if node is None or not self._visit(node, field):
            return []
        if node.id != "sequence":
            self.problem(node, field, f"expected a list, got {_kind(node)}")
            return []
        return list(node.value)

    def text(self, node: Any, field: str, *, optional: bool = False) -> str | None:
        if node is None or not self._visit(node, field):
            return None
        if node.id == "scalar" and node.tag == _YAML + "null":
            if not optional:
                self.problem(node, field, "has no value")
            return None
        if node.id != "scalar" or node.tag not in _TEXT_TAGS:
            self.problem(node, field, f"expected text, got {_kind(node)}; put the value in quotes")
            return None
        value = node.value.strip()
        if not value:
            self.problem(node, field, "is empty")
            return None
        return value

    def date(self, node: Any, field: str, *, optional: bool = False) -> PartialDate | None:
        if node is None or not self._visit(node, field):
            return None
        if node.id == "scalar" and node.tag == _YAML + "null":
            if not optional:
                self.problem(node, field, "has no value")
            return None
        if node.id != "scalar" or node.tag not in _DATE_TAGS:
            self.problem(node, field, f"expected a date (YYYY, YYYY-MM or YYYY-MM-DD), got {_kind(node)}")
            return None
        try:
            return PartialDate.parse(node.value)
        except ValueError as exc:
            self.problem(node, field, str(exc))
            return None

    def slug(self, node: Any, field: str) -> str | None:
        value = self.text(node, field)
        if value is not None and not SLUG.fullmatch(value):
            self.problem(node, field, f"{value!r} is not a slug (lower-case letters, digits and single hyphens)")
            return None
        return value

    def texts(self, node: Any, field: str, *, slugs: bool = False) -> tuple[str, ...]:
        read = self.slug if slugs else self.text
        items = (read(item, f"{field}[{i}]") for i, item in enumerate(self.sequence(node, field)))
        return tuple(item for item in items if item is not None)

    # -- model ---------------------------------------------------------------

    def timeline(self, root: Any) -> Timeline | None:
        if root.id != "mapping":
            message = f"the top level must be a mapping with 'sources' and 'events', got {_kind(root)}"
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
            self.problem(node, field, f"unknown source {source_id!r}{_did_you_mean(source_id, known_sources)}")
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


def _kind(node: Any) -> str:
    if node.id == "mapping":
        return "a mapping"
    if node.id == "sequence":
        return "a list"
    name = node.tag.removeprefix(_YAML)
    return f"{_TAG_NAMES.get(name, 'text')} ({node.value!r})" if name != "null" else "nothing"


def _did_you_mean(value: str, choices: Any) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
