"""Reading YAML files as located nodes: the safe, line-aware base of every data file loader.

YAML is *composed* into nodes (which carry line numbers) and callers build their
objects from those nodes by hand: no YAML tag can construct a Python object, and
aliases are refused, so a hostile file can neither run code nor expand without bound.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from .dates import PartialDate
from .errors import DataError, Problem

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
YAML = "tag:yaml.org,2002:"
_TEXT_TAGS = {YAML + "str"}
_DATE_TAGS = {YAML + "str", YAML + "int", YAML + "timestamp"}
_ALLOWED_TAGS = {YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}
_TAG_NAMES = {"int": "a number", "float": "a number", "bool": "a yes/no value", "timestamp": "a date"}


def read_text(path: Path, what: str = "YAML file") -> str:
    """Read a data file as UTF-8 text; DataError (naming the file) when that is impossible."""
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise file_error(name, "no such file") from None
    except IsADirectoryError:
        raise file_error(name, f"is a directory, not a {what}") from None
    except OSError as exc:
        raise file_error(name, f"cannot be read ({exc.strerror or exc})") from None
    if b"\x00" in data:
        raise file_error(name, f"is a binary file, not a {what}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataError([Problem(name, line, None, "", "is not UTF-8 text (save it as UTF-8)")]) from None


def file_error(name: str, message: str) -> DataError:
    """A problem with a whole file (no line to point at)."""
    return DataError([Problem(name, None, None, "", message)])


def compose(text: str, filename: str, expected: str) -> Any:
    """Compose YAML text into its root node; DataError for empty files and syntax errors.

    ``expected`` describes what the file should hold, for the empty-file message.
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    if not text.strip():
        raise file_error(filename, f"is empty; {expected}")
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        message = f"YAML syntax error: {exc.problem or exc.context}"
        raise DataError([Problem(filename, line, column, "", message)]) from None
    except yaml.YAMLError as exc:
        raise file_error(filename, f"YAML error: {exc}") from None
    if root is None:
        raise file_error(filename, f"holds no YAML document; {expected}")
    return root


class NodeReader:
    """Reads values out of composed YAML nodes, collecting located problems instead of raising."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[Problem] = []
        self._seen: set[int] = set()

    def problem(self, node: Any, field: str, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.filename, mark.line + 1, mark.column + 1, field, message))

    def _visit(self, node: Any, field: str) -> bool:
        """Refuse aliases and object-constructing tags; True when the node may be read."""
        if id(node) in self._seen:
            self.problem(node, field, "YAML aliases (*name) are not allowed here")
            return False
        self._seen.add(id(node))
        if node.tag not in _ALLOWED_TAGS:
            self.problem(node, field, f"YAML tag {node.tag!r} is not allowed here")
            return False
        return True

    def mapping(self, node: Any, field: str, fields: dict[str, bool]) -> dict[str, Any] | None:
        """The mapping's values by key; unknown, duplicate and missing keys are problems."""
        if not self._visit(node, field):
            return None
        if node.id != "mapping":
            self.problem(node, field, f"expected a mapping of fields, got {kind(node)}")
            return None
        values: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value if key_node.id == "scalar" else None
            where = f"{field}.{key}" if field else str(key)
            if key not in fields:
                hint = did_you_mean(str(key), fields)
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
            self.problem(node, field, f"expected a list, got {kind(node)}")
            return []
        return list(node.value)

    def text(self, node: Any, field: str, *, optional: bool = False) -> str | None:
        if node is None or not self._visit(node, field):
            return None
        if node.id == "scalar" and node.tag == YAML + "null":
            if not optional:
                self.problem(node, field, "has no value")
            return None
        if node.id != "scalar" or node.tag not in _TEXT_TAGS:
            self.problem(node, field, f"expected text, got {kind(node)}; put the value in quotes")
            return None
        value = node.value.strip()
        if not value:
            self.problem(node, field, "is empty")
            return None
        return value

    def date(self, node: Any, field: str, *, optional: bool = False) -> PartialDate | None:
        if node is None or not self._visit(node, field):
            return None
        if node.id == "scalar" and node.tag == YAML + "null":
            if not optional:
                self.problem(node, field, "has no value")
            return None
        if node.id != "scalar" or node.tag not in _DATE_TAGS:
            self.problem(node, field, f"expected a date (YYYY, YYYY-MM or YYYY-MM-DD), got {kind(node)}")
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


def kind(node: Any) -> str:
    """What a node holds, for messages: 'a list', 'a number (\'1984\')', ..."""
    if node.id == "mapping":
        return "a mapping"
    if node.id == "sequence":
        return "a list"
    name = node.tag.removeprefix(YAML)
    return f"{_TAG_NAMES.get(name, 'text')} ({node.value!r})" if name != "null" else "nothing"


def did_you_mean(value: str, choices: Any) -> str:
    """' (did you mean \'x\'?)' for the closest choice, or an empty string."""
    close = difflib.get_close_matches(value, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
