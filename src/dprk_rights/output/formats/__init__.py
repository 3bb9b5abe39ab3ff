"""Exports of a selection of events, one module per format.

Every exporter is a function ``export(events, timeline, info)`` from events (already filtered
and in order) to text (bytes for a binary format); :func:`~dprk_rights.files.write_atomically`
puts it in a file without ever leaving a half-written one behind. :data:`FORMATS` lists the
formats; only the module of the format asked for is imported.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import PurePath
from typing import TYPE_CHECKING, NamedTuple

from dprk_rights.errors import UsageError
from dprk_rights.model.records import Event

from .csv_rows import CSV_COLUMNS as CSV_COLUMNS

if TYPE_CHECKING:
    from dprk_rights.timeline import Timeline


class ExportInfo(NamedTuple):
    """What an export says about itself: the tool, the data it came from, and when it was made."""

    #: The tool and its version: ``dprk 0.1.0``.
    generator: str
    #: The data version: ``165 events, 1a2b3c4d5e6f`` (see ``Timeline.version``).
    data_version: str
    #: When the export was made: now, or ``SOURCE_DATE_EPOCH`` for reproducible builds.
    generated: datetime


class Format(NamedTuple):
    """One export format: its module, the file extensions that name it, and those it may also be written
    to without naming it (a TimelineJS sheet is a ``.csv`` file, but ``.csv`` alone means csv)."""

    module: str
    extensions: tuple[str, ...] = ()
    binary: bool = False
    #: Extensions of other formats this one may also be written to when ``--format`` names it
    #: (CSL-JSON is JSON: ``--format csl-json -o refs.json`` is what pandoc reads).
    accepts: tuple[str, ...] = ()


#: Every format, by name, in the order ``--format`` lists them. An extension names one format only.
FORMATS: dict[str, Format] = {
    "json": Format("json_lines", (".json",)),
    "jsonl": Format("json_lines", (".jsonl", ".ndjson")),
    "csv": Format("csv_rows", (".csv",)),
    "markdown": Format("markdown", (".md", ".markdown")),
    "bibtex": Format("bibtex", (".bib",)),
    "csl-json": Format("csl_json", (".csl.json",), accepts=(".json",)),
    "ris": Format("ris", (".ris",)),
    "ics": Format("ics", (".ics",)),
    "timelinejs": Format("timelinejs"),
    "timelinejs-csv": Format("timelinejs_csv", accepts=(".csv",)),
    "html": Format("html_page", (".html", ".htm")),
    "sqlite": Format("sqlite_db", (".sqlite", ".db"), binary=True),
}


def export(fmt: str, events: Sequence[Event], timeline: Timeline, info: ExportInfo) -> str | bytes:
    """The events in format ``fmt`` (a key of FORMATS)."""
    from importlib import import_module

    module = import_module(f"{__name__}.{FORMATS[fmt].module}")
    result: str | bytes = module.export(events, timeline, info, fmt=fmt)
    return result


def format_for_path(path: PurePath) -> str | None:
    """The format a file name's extension names (``.csv``: csv), or None for an extension no format has."""
    extension = _extension(path)
    return next((name for name, f in FORMATS.items() if extension in f.extensions), None)


def _extension(path: PurePath) -> str:
    """The file name's extension as FORMATS spells it: the longest one it ends with (``refs.csl.json``:
    ``.csl.json``, not ``.json``), else its last suffix."""
    name = path.name.lower()
    known = [ext for f in FORMATS.values() for ext in f.extensions if name.endswith(ext) and len(name) > len(ext)]
    return max(known, key=len) if known else path.suffix.lower()


def choose_format(given: str | None, output: PurePath | None) -> str:
    """The format to write: ``--format`` if given, else the one ``-o``'s extension names, else json.

    UsageError for an unknown format, or when ``--format`` and the extension name different ones.
    """
    if given is not None and given not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}, got {given!r}")
    if output is None or str(output) == "-":
        return given or "json"
    named, extension = format_for_path(output), _extension(output)
    if given is not None and named is not None and named != given and extension not in FORMATS[given].accepts:
        raise UsageError(
            f"--format {given} does not match the file name {str(output)!r}"
            f" ({extension} is {named}); change one of them"
        )
    return given or named or "json"


def generated_at(environ: dict[str, str] | None = None) -> datetime:
    """Now (UTC), or the time ``SOURCE_DATE_EPOCH`` gives, so two exports of the same data are identical.

    UsageError when SOURCE_DATE_EPOCH is set but is not a whole number of seconds.
    """
    value = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return datetime.now(UTC).replace(microsecond=0)
    if not value.isdigit():
        raise UsageError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got {value!r}")
    try:
        return datetime.fromtimestamp(int(value), UTC)
    except (OverflowError, OSError, ValueError):
        raise UsageError(f"SOURCE_DATE_EPOCH is out of range: {value!r}") from None
