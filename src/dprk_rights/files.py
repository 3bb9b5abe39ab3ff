"""Locating, reading and writing user files, with one-line errors: light enough for every command's start-up."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from .errors import DataError, Problem, UsageError

_PACKAGE = Path(__file__).resolve().parent

#: The most a file is read into memory, by what it is (README, "Safe on any file"): a timeline
#: of 256 MiB holds about 800,000 events; a source text for ``extract`` is a document, not a corpus.
MAX_BYTES = 256 * 1024 * 1024
MAX_BYTES_BY_KIND = {"text file": 16 * 1024 * 1024}
_READ_CHUNK = 1024 * 1024


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


def max_bytes(what: str) -> int:
    """The largest file of this kind that is read (MAX_BYTES unless MAX_BYTES_BY_KIND says less)."""
    return MAX_BYTES_BY_KIND.get(what, MAX_BYTES)


def read_bytes(path: Path, what: str) -> bytes:
    """Read a data file, at most ``max_bytes(what)`` of it; DataError (naming the file) when it is
    missing, a folder, too large or binary.

    Devices, pipes and /proc files report no size: they are read in chunks, and refused at the
    first NUL byte or once past the limit (``/dev/zero`` is refused at once, never read whole).
    """
    name = str(path)
    limit = max_bytes(what)
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise _too_large(name, what, limit)
            data = handle.read(limit + 1) if size else _read_stream(handle, name, what, limit)
    except FileNotFoundError:
        raise file_error(name, "no such file") from None
    except IsADirectoryError:
        raise file_error(name, f"is a directory, not a {what}") from None
    except OSError as exc:
        raise file_error(name, f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise _too_large(name, what, limit)
    if b"\x00" in data:
        raise _binary(name, what)
    return data


def _read_stream(handle: BinaryIO, name: str, what: str, limit: int) -> bytes:
    buffer = bytearray()
    while chunk := handle.read(min(_READ_CHUNK, limit + 1 - len(buffer))):
        if b"\x00" in chunk:
            raise _binary(name, what)
        buffer += chunk
        if len(buffer) > limit:
            raise _too_large(name, what, limit)
    return bytes(buffer)


def _binary(name: str, what: str) -> DataError:
    return file_error(name, f"is a binary file, not a {what}")


def _too_large(name: str, what: str, limit: int) -> DataError:
    size = f"{limit // 2**20} MiB" if limit % 2**20 == 0 else f"{limit} bytes"
    return file_error(name, f"is larger than {size}, the most read as a {what}")


def is_regular_file(status: os.stat_result) -> bool:
    """True for a file whose content stays put between reads: not a device, pipe, socket or /proc file
    (a /proc file is "regular" but reports a size of 0)."""
    return stat.S_ISREG(status.st_mode) and status.st_size > 0


# -- writing where the user points -----------------------------------------------------------------

#: Names of the process's own streams: written through, as ``> /dev/stdout`` would be.
_STREAM_PREFIXES = ("/dev/stdout", "/dev/stderr", "/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/")


def output_target(path: Path, inputs: Iterable[Path]) -> tuple[Path, bool]:
    """Where ``-o PATH`` writes, and whether to write through (True) rather than replace atomically.

    Symbolic links are followed, so the file they point to is replaced and the link kept; a
    character device, a FIFO or one of the process's own streams is written through, as the
    shell's ``>`` does. UsageError (one line) when the target is a folder, a block device or the
    same file as one of ``inputs`` (also through a hard or symbolic link): writing there would
    destroy the data being read.
    """
    name = str(path)
    try:
        status: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        status = None  # a new file (or a link to one not yet there)
    except OSError as exc:
        raise UsageError(f"cannot write {name}: {exc.strerror or exc}") from None
    if status is not None:
        for source in inputs:
            try:
                other = os.stat(source)
            except OSError:
                continue
            if (other.st_dev, other.st_ino) == (status.st_dev, status.st_ino):
                same = "" if str(source) == name else f" (the same file as {source})"
                raise UsageError(f"cannot write {name}: this command reads it{same}; write elsewhere")
        mode = status.st_mode
        if stat.S_ISDIR(mode):
            raise UsageError(f"cannot write {name}: it is a directory; give a file name")
        if stat.S_ISBLK(mode):
            raise UsageError(f"cannot write {name}: it is a block device")
        if not stat.S_ISREG(mode):
            return path, True  # character device, FIFO, socket: written through
    if _is_own_stream(path):
        return path, True
    real = Path(os.path.realpath(path))
    if real.name == "":
        raise UsageError(f"cannot write {name}: it is a directory; give a file name")
    return real, False


def write_atomically(path: Path, text: str | bytes, *, inputs: Iterable[Path] = ()) -> None:
    """Write ``text`` (UTF-8) or bytes to ``path`` through a temporary file in the same folder, renamed into place.

    A failure at any point leaves ``path`` as it was (absent, or with its old content). A symbolic
    link is followed (its target is replaced, the link kept); a character device, a FIFO or
    ``/dev/stdout`` is written through, as the shell's ``>`` does. UsageError when ``path`` is a
    folder or the same file as one of ``inputs`` (see :func:`output_target`).
    """
    import tempfile  # here, not at the top: this module is imported by every command

    data = text.encode("utf-8") if isinstance(text, str) else text
    target, through = output_target(path, inputs)
    if through:
        with open(target, "ab") as out:
            out.write(data)
        return
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.chmod(temporary, _file_mode(target))
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _file_mode(path: Path) -> int:
    """The existing file's permissions, or those a new file gets under the current umask (mkstemp uses 0600)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _is_own_stream(path: Path) -> bool:
    text = os.path.abspath(path)
    if text.startswith(_STREAM_PREFIXES):
        return True
    parts = text.split("/")  # /proc/<pid>/fd/<n>
    return len(parts) == 5 and parts[1] == "proc" and parts[3] == "fd"
