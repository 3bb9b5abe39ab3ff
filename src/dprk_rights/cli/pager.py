"""The pager: long output on a terminal goes through ``$DPRK_PAGER``, else ``$PAGER``, else ``less``
with ``LESS=FRX`` unless ``LESS`` is set (git's and gh's default: quit if one screen, keep colours,
leave the text on the screen).

Imported only when standard output is a terminal. Off with ``--no-pager``, ``DPRK_PAGER=`` (empty)
or a pager of ``cat``; never when the output is piped, whatever ``FORCE_COLOR`` says.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
from collections.abc import Mapping

#: What the default pager, less, is told when the user's environment says nothing (as git and gh).
LESS_DEFAULTS = {"LESS": "FRX", "LV": "-c"}

_ESCAPES = re.compile(rb"\x1b\[[0-9;]*[A-Za-z]")


def pager_command(environ: Mapping[str, str]) -> list[str] | None:
    """The pager as an argument list, or None when paging is off.

    The first of ``DPRK_PAGER`` and ``PAGER`` that is set decides: empty or ``cat`` is off; a command
    with arguments is split as a shell would (no pipes or variables). Neither set: ``less``.
    """
    for name in ("DPRK_PAGER", "PAGER"):
        if name in environ:
            try:
                words = shlex.split(environ[name])
            except ValueError:
                return None  # unbalanced quotes: no pager rather than a guess
            return None if not words or words == ["cat"] else words
    return ["less"]


def terminal_size() -> tuple[int, int]:
    """Columns and rows of the terminal on standard output (``LINES``/``COLUMNS`` when numbers)."""
    try:
        columns, rows = os.get_terminal_size(1)
    except OSError:
        columns, rows = 80, 24
    columns = int(os.environ["COLUMNS"]) if os.environ.get("COLUMNS", "").isdigit() else columns
    rows = int(os.environ["LINES"]) if os.environ.get("LINES", "").isdigit() else rows
    return max(columns, 1), max(rows, 1)


def is_long(data: bytes, encoding: str = "utf-8") -> bool:
    """Whether the text takes more lines than the terminal shows (a wrapped line counts as many)."""
    columns, rows = terminal_size()
    if data.count(b"\n") >= rows:
        return True
    lines = 0
    for line in _ESCAPES.sub(b"", data).decode(encoding, "replace").splitlines():
        lines += max(1, -(-len(line) // columns))
        if lines >= rows:
            return True
    return False


def page(data: bytes, command: list[str]) -> bool:
    """Send the output through the pager and wait for it; False if the pager cannot start (the
    caller then writes the output itself). A reader that quits early is no error."""
    import signal
    import subprocess

    environ = {**LESS_DEFAULTS, **os.environ}
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, env=environ)
    except (OSError, ValueError):
        return False
    # Ctrl-C is the pager's (less reads it); dprk waits for the pager to end, as git does.
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread
        previous = None
    try:
        stdin = process.stdin
        if stdin is not None:
            with contextlib.suppress(OSError):  # BrokenPipeError: the reader quit before the end
                stdin.write(data)
            with contextlib.suppress(OSError):
                stdin.close()
        process.wait()
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    return True
