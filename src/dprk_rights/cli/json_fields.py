"""``--json FIELDS`` and ``--jq EXPR``: the fields each command's JSON has, and the filters on it.

The fields are read from the JSON shapes (the ``TypedDict`` s of :mod:`dprk_rights.model.json_types`
and :mod:`dprk_rights.output.as_json`), never listed by hand, so a key added to a shape can be
selected at once. Imported only when a command line asks for fields or a jq filter.
"""

from __future__ import annotations

import json
import re
from typing import Any, get_type_hints

from dprk_rights.errors import UsageError
from dprk_rights.model import json_types as shapes
from dprk_rights.model.shapes import dumps
from dprk_rights.text import visible

#: Each command's JSON shapes: the objects its ``--json`` prints (a list of them, or one). A command
#: with several (``sources``, ``sources ID``, ``sources ID --check``) offers the fields of all.
SHAPES: dict[str, tuple[type, ...]] = {
    "timeline": (shapes.EventJSON,),
    "search": (shapes.HitJSON,),
    "show": (shapes.EventJSON,),
    "sources": (shapes.SourceCountJSON, shapes.SourceDetailJSON, shapes.QuoteCheckJSON),
    "stats": (shapes.StatsJSON,),
    "votes": (shapes.VoteRowJSON,),
    "validate": (shapes.ProblemJSON,),
    "extract": (shapes.DraftJSON,),
    "tags": (shapes.TagCountJSON,),
    "actors": (shapes.ActorCountJSON,),
}

#: What a field list looks like after ``--json``: names separated by commas (spaces allowed).
FIELD_LIST = re.compile(r"\s*[A-Za-z_]\w*\s*(,\s*([A-Za-z_]\w*)?\s*)*")


def fields_of(command: str) -> list[str] | None:
    """The fields of a command's JSON objects, in the order they are printed (None: none declared)."""
    shapes = SHAPES.get(command)
    if shapes is None:
        return None
    names: dict[str, None] = {}
    for shape in shapes:
        names.update(dict.fromkeys(get_type_hints(shape)))
    return list(names)


def split_fields(spec: str) -> list[str]:
    """``"id, title,,date"`` -> ``["id", "title", "date"]``: names in order, each once."""
    return list(dict.fromkeys(name.strip() for name in spec.split(",") if name.strip()))


def check_fields(command: str, wanted: list[str]) -> None:
    """Refuse a field the command's JSON does not have, naming the ones it has."""
    known = fields_of(command)
    if known is None:
        return
    unknown = [name for name in wanted if name not in known]
    if unknown:
        names = ", ".join(repr(name) for name in unknown)
        noun = "field" if len(unknown) == 1 else "fields"
        raise UsageError(f"--json: unknown {noun} {names} for dprk {command}; fields: {', '.join(known)}")


def select(value: Any, fields: list[str]) -> Any:
    """Keep ``fields`` (in that order) of an object, or of each object in a list; a field an object
    lacks (``citations`` in the list of sources) is left out."""
    if isinstance(value, dict):
        return {name: value[name] for name in fields if name in value}
    if isinstance(value, list):
        return [select(item, fields) for item in value]
    return value


def keys_in(value: Any) -> list[str]:
    """The keys of an object, or of the objects in a list, in order of appearance."""
    items = value if isinstance(value, list) else [value]
    names: dict[str, None] = {}
    for item in items:
        if isinstance(item, dict):
            names.update(dict.fromkeys(item))
    return list(names)


class JsonRequest:
    """What ``--json FIELDS`` and ``--jq EXPR`` ask of a command's JSON output.

    ``fields`` None keeps every field; an empty list asks for the list of fields. ``style`` is
    ``json`` (as the command writes it), ``nl`` (one compact object per line) or ``csv``.
    """

    def __init__(
        self, command: str, fields: list[str] | None = None, jq: str | None = None, style: str = "json"
    ) -> None:
        self.command, self.fields, self.jq, self.style = command, fields, jq, style

    @property
    def lists_fields(self) -> bool:
        return self.fields == []

    def apply(self, text: str) -> str:
        """The command's JSON text, filtered: its fields selected, then run through jq."""
        if not text.strip():
            return text
        try:
            value = json.loads(text)
        except ValueError:
            raise UsageError(f"--json/--jq: dprk {self.command} did not write JSON with these options") from None
        if self.fields == []:
            return "".join(f"{name}\n" for name in keys_in(value))
        if self.fields is not None:
            check_known(self.fields, keys_in(value), self.command)
            value = select(value, self.fields)
        if self.style == "nl":
            return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in _records(value))
        if self.style == "csv":
            return to_csv(_records(value))
        if self.jq is None:
            return dumps(value) + "\n"
        return run_jq(self.jq, value)


def _records(value: Any) -> list[Any]:
    """The objects of a command's JSON: its list, or the one object it wrote."""
    return value if isinstance(value, list) else [value]


def to_csv(records: list[Any]) -> str:
    """Records as CSV (RFC 4180, CRLF), a column per key in first-seen order; a list or object in a
    cell as compact JSON, null as an empty cell. A cell that a spreadsheet would run as a formula
    starts with an apostrophe, as in ``export --format csv``."""
    import csv
    import io

    columns: dict[str, None] = {}
    for record in records:
        columns.update(dict.fromkeys(record if isinstance(record, dict) else ["value"]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for record in records:
        row = record if isinstance(record, dict) else {"value": record}
        writer.writerow([_cell(row.get(column)) for column in columns])
    return buffer.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    from dprk_rights.output.formats.csv_rows import spreadsheet_safe

    return spreadsheet_safe(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))


def check_known(wanted: list[str], present: list[str], command: str) -> None:
    """For a command with no declared shape: refuse a field its output has none of."""
    if fields_of(command) is None and present:
        unknown = [name for name in wanted if name not in present]
        if unknown:
            names = ", ".join(repr(name) for name in unknown)
            raise UsageError(f"--json: unknown field {names} for dprk {command}; fields: {', '.join(present)}")


JQ_MISSING = "--jq needs the jq package: pip install 'dprk-rights[jq]'"


def run_jq(expression: str, value: Any) -> str:
    """Each result of a jq program on its own line, as gh's --jq prints them: a string as its raw
    text (like ``jq -r``, but never over two lines), anything else as compact JSON (like ``jq -c``)."""
    from importlib import import_module

    try:
        jq = import_module("jq")  # optional: the [jq] extra
    except ImportError:
        raise UsageError(JQ_MISSING) from None
    try:
        program = jq.compile(expression)
    except ValueError as error:
        raise UsageError(f"--jq: {_jq_message(error)}") from None
    try:
        results = program.input_value(value).all()
    except ValueError as error:
        raise UsageError(f"--jq: {_jq_message(error)}") from None
    return "".join(
        (_raw(result) if isinstance(result, str) else json.dumps(result, ensure_ascii=False, separators=(",", ":")))
        + "\n"
        for result in results
    )


def _raw(text: str) -> str:
    """A string result as one line of text: control, line-separator and bidi characters shown as
    escapes (``\\n``, ``\\x1b``), so no result spans two lines or drives the terminal; a tab stays
    (``@tsv`` joins its columns with tabs and escapes those inside a value)."""
    return "\t".join(visible(part) for part in text.split("\t"))


def _jq_message(error: ValueError) -> str:
    """jq's message in one line: ``syntax error, unexpected end of file (line 1, column 2)``."""
    first = str(error).splitlines()[0] if str(error) else "invalid program"
    first = first.removeprefix("jq: error: ")
    return re.sub(r" at <top-level>, (line \d+, column \d+):?$", r" (\1)", first)
