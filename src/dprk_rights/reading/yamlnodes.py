"""Reading YAML data files safely, as small located nodes, one top-level entry at a time.

The file is read from PyYAML's event stream (libyaml's C parser when present)
and composed into :class:`Node` trees by hand, one top-level value (or one
list item) at a time, so a large file never exists as a whole tree in memory.
Tags that would construct objects are reported where they occur, aliases refuse
the whole file at the first one, and nesting deeper than any data file needs is
refused without recursion.
"""

from __future__ import annotations

import difflib
import gc
import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from dprk_rights.errors import DataError, Problem
from dprk_rights.files import file_error
from dprk_rights.model.dates import EventDate, PartialDate

T = TypeVar("T")

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
YAML = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}
_TAG_NAMES = {"int": "a number", "float": "a number", "bool": "a yes/no value", "timestamp": "a date"}
_DATE_KINDS = {"str", "int", "timestamp"}
MAX_DEPTH = 32


class Node:
    """A composed YAML value: ``kind`` is scalar, mapping or sequence; ``tag`` is resolved.

    A mapping's ``value`` is a list of (key node, value node) pairs, a sequence's a
    list of nodes, a scalar's its text. ``line`` and ``column`` count from 1.
    """

    __slots__ = ("column", "kind", "line", "tag", "value")

    def __init__(self, kind: str, tag: str, value: Any, line: int, column: int) -> None:
        self.kind = kind
        self.tag = tag
        self.value = value
        self.line = line
        self.column = column


class YamlStream:
    """The event stream of one YAML document, composed into nodes on demand.

    Use as a context manager: parse errors anywhere in the stream become a
    located DataError, and garbage collection pauses while nodes are built.
    """

    def __init__(self, data: bytes | str, filename: str, expected: str) -> None:
        import yaml

        self.filename = filename
        self._data = data
        self._expected = expected
        self._events: Iterator[Any] = yaml.parse(data, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        self._yaml = yaml
        self._resolver = yaml.resolver.Resolver()
        self.problems: list[Problem] = []

    @contextmanager
    def reading(self) -> Iterator[YamlStream]:
        """Translate parser errors into DataError, with GC paused (it dominates building many small objects)."""
        yaml = self._yaml
        enabled = gc.isenabled()
        gc.disable()
        try:
            yield self
        except yaml.reader.ReaderError as exc:
            position = exc.position if isinstance(self._data, bytes) else len(self._data[: exc.position].encode())
            line = self._as_bytes().count(b"\n", 0, position) + 1
            raise DataError([Problem(self.filename, line, None, "", "is not UTF-8 text (save it as UTF-8)")]) from None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
            message = f"YAML syntax error: {exc.problem or exc.context}"
            raise DataError([Problem(self.filename, line or None, column or None, "", message)]) from None
        except yaml.YAMLError as exc:
            raise file_error(self.filename, f"YAML error: {exc}") from None
        finally:
            if enabled:
                gc.enable()

    def _as_bytes(self) -> bytes:
        return self._data if isinstance(self._data, bytes) else self._data.encode()

    def root(self) -> Any:
        """The first event of the document's root value; DataError when there is no document."""
        yaml = self._yaml
        event = next(self._events)  # StreamStart
        event = next(self._events)
        if isinstance(event, yaml.StreamEndEvent):
            empty = not self._as_bytes().strip()
            raise file_error(
                self.filename, f"is empty; {self._expected}" if empty else f"holds no YAML document; {self._expected}"
            )
        return next(self._events)  # after DocumentStart

    def next(self) -> Any:
        """The next parser event."""
        return next(self._events)

    def is_end(self, event: Any) -> bool:
        """True for the end of a mapping or sequence."""
        return isinstance(event, self._yaml.CollectionEndEvent)

    def is_mapping_start(self, event: Any) -> bool:
        return isinstance(event, self._yaml.MappingStartEvent)

    def is_sequence_start(self, event: Any) -> bool:
        return isinstance(event, self._yaml.SequenceStartEvent)

    def finish(self) -> None:
        """Consume the end of the document; a second document is a problem."""
        yaml = self._yaml
        next(self._events)  # DocumentEnd
        event = next(self._events)
        if isinstance(event, yaml.DocumentStartEvent):
            line = event.start_mark.line + 1
            self.problems.append(Problem(self.filename, line, 1, "", "a second YAML document; put everything in one"))

    def compose(self, event: Any) -> Node:
        """The node whose first event is ``event``, consuming the events of its whole subtree."""
        yaml = self._yaml
        stack: list[Node] = []
        pending_key: list[Node | None] = []
        while True:
            mark = event.start_mark
            kind = type(event)
            if kind is yaml.ScalarEvent:
                node = Node("scalar", self._scalar_tag(event), event.value, mark.line + 1, mark.column + 1)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                is_map = kind is yaml.MappingStartEvent
                tag = event.tag or (YAML + ("map" if is_map else "seq"))
                node = Node("mapping" if is_map else "sequence", tag, [], mark.line + 1, mark.column + 1)
                if len(stack) >= MAX_DEPTH:
                    self._skip_subtree()
                    node.kind, node.tag, node.value = "scalar", "too-deep", ""
                    event = None
            elif kind is yaml.AliasEvent:
                # Refused outright: expanding aliases is how a small file becomes a huge one.
                message = f"YAML aliases (*{event.anchor}) are not allowed; write the value out in full"
                raise DataError([Problem(self.filename, mark.line + 1, mark.column + 1, "", message)])
            else:  # end of a collection
                node = stack.pop()
                pending_key.pop()
                if not stack:
                    return node
                self._attach(stack[-1], pending_key, node)
                event = self.next()
                continue
            if event is not None and node.kind in ("mapping", "sequence"):
                stack.append(node)
                pending_key.append(None)
            elif not stack:
                return node
            else:
                self._attach(stack[-1], pending_key, node)
            event = self.next()

    @staticmethod
    def _attach(parent: Node, pending_key: list[Node | None], node: Node) -> None:
        if parent.kind == "sequence":
            parent.value.append(node)
        elif pending_key[-1] is None:
            pending_key[-1] = node
        else:
            parent.value.append((pending_key[-1], node))
            pending_key[-1] = None

    def _skip_subtree(self) -> None:
        depth = 1
        while depth:
            event = self.next()
            if isinstance(event, (self._yaml.MappingStartEvent, self._yaml.SequenceStartEvent)):
                depth += 1
            elif isinstance(event, self._yaml.CollectionEndEvent):
                depth -= 1

    def _scalar_tag(self, event: Any) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            if event.implicit[0]:  # plain scalar: resolve as YAML 1.1 does (1984 is a number, on a yes/no value)
                return str(self._resolver.resolve(self._yaml.ScalarNode, event.value, event.implicit))  # type: ignore[no-untyped-call]  # PyYAML's stubs leave resolve untyped
            return YAML + "str"
        return str(tag)


def compose_document(data: bytes | str, filename: str, expected: str) -> tuple[Node, list[Problem]]:
    """The whole document as one node tree (for small files), with any stream-level problems."""
    stream = YamlStream(data, filename, expected)
    with stream.reading():
        root = stream.compose(stream.root())
        stream.finish()
    return root, stream.problems


class NodeReader:
    """Reads values out of composed nodes, collecting located problems instead of raising."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[Problem] = []
        #: When a dict, the (line, column) of every field path read is recorded in it.
        self.positions: dict[str, tuple[int, int]] | None = None

    def problem(self, node: Node, field: str, message: str) -> None:
        self.problems.append(Problem(self.filename, node.line, node.column, field, message))

    def sorted_problems(self) -> list[Problem]:
        """The problems in file order."""
        return sorted(self.problems, key=lambda p: (p.line or 0, p.column or 0))

    def _readable(self, node: Node, field: str) -> bool:
        """Refuse aliases, over-deep nesting and object-constructing tags; True when the node may be read."""
        if self.positions is not None:
            self.positions[field] = (node.line, node.column)
        if node.tag == "too-deep":
            self.problem(node, field, f"nested more than {MAX_DEPTH} levels deep")
            return False
        if node.tag not in _ALLOWED_TAGS:
            self.problem(node, field, f"YAML tag {node.tag!r} is not allowed here")
            return False
        return True

    def mapping(self, node: Node, field: str, fields: dict[str, bool]) -> dict[str, Node] | None:
        """The mapping's values by key; unknown, duplicate and missing keys are problems."""
        if not self._readable(node, field):
            return None
        if node.kind != "mapping":
            self.problem(node, field, f"expected a mapping of fields, got {kind(node)}")
            return None
        values: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if key_node.kind == "scalar" else None
            where = f"{field}.{key}" if field else str(key)
            if key not in fields:
                self.problem(key_node, where, f"unknown field {key!r}{did_you_mean(str(key), fields)}")
            elif key in values:
                self.problem(key_node, where, "duplicate field (a later value would silently replace the first)")
            else:
                values[key] = value_node
        for key, required in fields.items():
            if required and key not in values:
                self.problem(node, f"{field}.{key}" if field else key, "is required but missing")
        return values

    def sequence(self, node: Node | None, field: str) -> list[Node]:
        if node is None or not self._readable(node, field):
            return []
        if node.kind != "sequence":
            self.problem(node, field, f"expected a list, got {kind(node)}")
            return []
        return list(node.value)

    def text(self, node: Node | None, field: str, *, optional: bool = False) -> str | None:
        if node is None:
            return self._scalar(node, field, {"str"}, "text", "", optional=optional)
        value = self._scalar(node, field, {"str"}, "text", "; put the value in quotes", optional=optional)
        if value is not None and not value.strip():
            self.problem(node, field, "is empty")
            return None
        return value.strip() if value is not None else None

    def date(self, node: Node | None, field: str, *, optional: bool = False) -> PartialDate | None:
        """A plain date: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        text = self._date_text(node, field, "YYYY, YYYY-MM or YYYY-MM-DD", optional=optional)
        return self._parsed(PartialDate.parse, text, node, field)

    def event_date(self, node: Node | None, field: str) -> EventDate | None:
        """A plain date, a qualified one (``2014?``, ``2014~``) or an interval (``2013/2015``, ``2023-08/..``)."""
        text = self._date_text(node, field, "YYYY, YYYY-MM, YYYY-MM-DD, 2014~, 2013/2015 or 2023-08/..")
        return self._parsed(EventDate.parse, text, node, field)

    def _date_text(self, node: Node | None, field: str, forms: str, *, optional: bool = False) -> str | None:
        return self._scalar(node, field, _DATE_KINDS, f"a date ({forms})", "", optional=optional)

    def _scalar(
        self, node: Node | None, field: str, kinds: set[str], expected: str, hint: str, *, optional: bool = False
    ) -> str | None:
        """A scalar's text when its resolved tag is one of ``kinds``; a problem (or None if optional) otherwise."""
        if node is None or not self._readable(node, field):
            return None
        if node.kind == "scalar" and node.tag == YAML + "null":
            if not optional:
                self.problem(node, field, "has no value")
            return None
        if node.kind != "scalar" or node.tag.removeprefix(YAML) not in kinds:
            self.problem(node, field, f"expected {expected}, got {kind(node)}{hint}")
            return None
        return str(node.value)

    def _parsed(self, parse: Callable[[str], T], text: str | None, node: Node | None, field: str) -> T | None:
        if text is None or node is None:  # a text is only ever read from a node
            return None
        try:
            return parse(text)
        except ValueError as exc:
            self.problem(node, field, str(exc))
            return None

    def slug(self, node: Node | None, field: str) -> str | None:
        if node is None:
            return self.text(node, field)
        value = self.text(node, field)
        if value is not None and not SLUG.fullmatch(value):
            self.problem(node, field, f"{shown(value)} is not a slug (lower-case letters, digits and single hyphens)")
            return None
        return value

    def texts(self, node: Node | None, field: str, *, slugs: bool = False) -> tuple[str, ...]:
        read = self.slug if slugs else self.text
        items = (read(item, f"{field}[{i}]") for i, item in enumerate(self.sequence(node, field)))
        return tuple(item for item in items if item is not None)


def kind(node: Node) -> str:
    """What a node holds, for messages: 'a list', "a number ('1984')", ..."""
    if node.kind == "mapping":
        return "a mapping"
    if node.kind == "sequence":
        return "a list"
    name = node.tag.removeprefix(YAML)
    return f"{_TAG_NAMES.get(name, 'text')} ({node.value!r})" if name != "null" else "nothing"


def did_you_mean(value: str, choices: Any) -> str:
    """ " (did you mean 'x'?)" for the closest choice, or an empty string."""
    return Suggester(choices).hint(value)


class Suggester:
    """Suggests the closest of a fixed set of names, with bounded work per look-up.

    Only names of a comparable length can be close (difflib's 0.6 cutoff needs the shorter at
    least 3/7 of the longer). When more than ``budget`` of them are, the ``budget`` sharing the
    most of the value's rarest three-letter runs are compared. Each value is looked up once;
    a value longer than any sensible name gets no suggestion.
    """

    MAX_LENGTH = 200

    def __init__(self, choices: Any, budget: int = 500) -> None:
        self._budget = budget
        self._choices = list(dict.fromkeys(str(c) for c in choices))
        self._by_length: dict[int, list[str]] = {}
        for choice in self._choices:
            self._by_length.setdefault(len(choice), []).append(choice)
        self._runs: dict[str, list[str]] | None = None
        self._seen: dict[str, str] = {}

    def hint(self, value: str) -> str:
        """ " (did you mean 'x'?)" for the closest choice, or an empty string."""
        if value not in self._seen:
            close = difflib.get_close_matches(value, self._candidates(value), n=1) if value else []
            self._seen[value] = f" (did you mean {close[0]!r}?)" if close else ""
        return self._seen[value]

    def _candidates(self, value: str) -> list[str]:
        size = len(value)
        if size > self.MAX_LENGTH:
            return []
        lengths = range(max(1, (3 * size) // 7), (7 * size) // 3 + 2)
        if sum(len(self._by_length.get(n, ())) for n in lengths) <= self._budget:
            return [c for n in lengths for c in self._by_length.get(n, ())]
        if self._runs is None:
            self._runs = {}
            for choice in self._choices:
                for run in _runs_of(choice):
                    self._runs.setdefault(run, []).append(choice)
        runs = self._runs
        votes: Counter[str] = Counter()
        for run in sorted(_runs_of(value), key=lambda r: len(runs.get(r, ())))[:12]:
            votes.update(c for c in runs.get(run, ())[: 20 * self._budget] if len(c) in lengths)
        return [c for c, _ in votes.most_common(self._budget)]


def _runs_of(text: str) -> set[str]:
    padded = f" {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def shown(value: str, limit: int = 60) -> str:
    """``repr(value)``, shortened in the middle when long, for messages."""
    if len(value) <= limit:
        return repr(value)
    return repr(value[: limit // 2] + "…" + value[-limit // 2 :])
