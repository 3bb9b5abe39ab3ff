"""Locating and reading data files, with one-line errors: light enough for every command's start-up."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import DataError, Problem

_PACKAGE = Path(__file__).resolve().parent


def packaged_data_path(name: str) -> Path:
    """A data file shipped inside the package (or, in a source checkout, under ``data/``)."""
    packaged = _PACKAGE / "data" / name
    return packaged if packaged.is_file() else _PACKAGE.parents[1] / "data" / name


def default_timeline_path() -> Path:
    """The timeline shipped inside the package."""
    return packaged_data_path("timeline.yaml")


def file_error(name: str, message: str) -> DataError:
    """A problem with a whole file (no line to point at)."""
    return DataError([Problem(name, None, None, "", message)])


def stat_file(path: Path, what: str) -> os.stat_result:
    """A data file's status; DataError (naming the file) when it is missing or a folder."""
    try:
        status = path.stat()
    except FileNotFoundError:
        raise file_error(str(path), "no such file") from None
    except OSError as exc:
        raise file_error(str(path), f"cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(status.st_mode):
        raise file_error(str(path), f"is a directory, not a {what}")
    return status


def read_bytes(path: Path, what: str) -> bytes:
    """Read a data file; DataError (naming the file) when it is missing, a folder or binary."""
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
    return data
