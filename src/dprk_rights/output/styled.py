"""Styled lines for a terminal, written without Rich: the timeline listing, the view drawn most.

A view is a list of lines, each a list of ``(text, style)`` spans with Rich's style names
(``"bold"``, ``"dim italic"``, ``"cyan"``). :func:`ansi` writes them with the escape codes Rich
would write for them, so the same lines can also be handed to Rich (``render.rich_events``, inside
a panel) and look the same. Importing Rich costs more than the whole rest of a listing (README,
"Start-up"); this module needs only the standard library.

Terminal decisions follow Rich's, so every view answers the environment alike: ``NO_COLOR``
drops colours but keeps bold and dim, ``TERM=dumb`` drops every style, and the width is
``COLUMNS``, else the terminal's, else 80.
"""

from __future__ import annotations

import itertools
import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from dprk_rights.text import visible

from .plain import events_caption

if TYPE_CHECKING:
    from dprk_rights.model.records import Event

#: One piece of a line: its text and its style, as Rich names styles ("" for none).
Span = tuple[str, str]
Line = list[Span]

_ATTRIBUTES = {"bold": 1, "dim": 2, "italic": 3, "underline": 4}
_COLOURS = {"red": 31, "green": 32, "yellow": 33, "blue": 34, "magenta": 35, "cyan": 36}
_DUMB_TERMINALS = ("dumb", "unknown")
__all__ = ["DISPUTED", "Line", "Span", "ansi", "cell_width", "event_lines", "events_caption", "terminal_width", "wrap"]

_WORD = re.compile(r"\s*\S+\s*")


def terminal_width(environ: Mapping[str, str] | None = None) -> int:
    """Columns to draw in, as Rich decides: ``COLUMNS`` if it is a number, else the size of the
    first standard stream that is a terminal, else 80 (always 80 on a dumb terminal)."""
    environ = os.environ if environ is None else environ
    if environ.get("TERM", "").lower() in _DUMB_TERMINALS:
        return 80
    columns = environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns):
        return int(columns)
    for fd in (0, 1, 2):
        try:
            return os.get_terminal_size(fd).columns or 80
        except (OSError, ValueError):
            continue
    return 80


def ansi(lines: Sequence[Line], environ: Mapping[str, str] | None = None) -> str:
    """The lines as terminal text: each styled span between its escape codes and a reset."""
    environ = os.environ if environ is None else environ
    styled = environ.get("TERM", "").lower() not in _DUMB_TERMINALS
    coloured = styled and environ.get("NO_COLOR", "") == ""
    codes: dict[str, str] = {}
    out = []
    for line in lines:
        parts = []
        for text, style in line:
            if style not in codes:
                codes[style] = _sgr(style, coloured) if styled else ""
            code = codes[style]
            parts.append(f"\x1b[{code}m{text}\x1b[0m" if code and text else text)
        out.append("".join(parts))
    return "\n".join(out) + "\n" if out else ""


def _sgr(style: str, coloured: bool) -> str:
    words = style.split()
    numbers = sorted(_ATTRIBUTES[w] for w in words if w in _ATTRIBUTES)
    if coloured:
        numbers += [_COLOURS[w] for w in words if w in _COLOURS]
    return ";".join(map(str, numbers))


def cell_width(text: str) -> int:
    """Columns ``text`` takes on a terminal: wide East Asian characters take two, combining
    marks and zero-width characters none."""
    if text.isascii() or max(text) < "\u0300":
        return len(text)  # Latin-1 and Latin Extended (``·``, ``ó``): one column each, no combining marks
    return sum(_char_width(char) for char in text)


def _char_width(char: str) -> int:
    code = ord(char)
    if code < 32 or 0x7F <= code < 0xA0 or 0x200B <= code <= 0x200F or code == 0x2060:
        return 0
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def wrap(text: str, width: int) -> list[str]:
    """``text`` as lines of at most ``width`` columns, broken between words as Rich breaks them
    (a word wider than a line is split across lines), each line right-trimmed; ``[""]`` for
    empty text."""
    if cell_width(text) <= width:
        return [text.rstrip()]
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group()
        length = cell_width(word.rstrip())
        if width - offset >= length:
            offset += cell_width(word)
        elif length > width:
            pieces = _chop(word, width)
            for piece in pieces[:-1]:
                if start:
                    breaks.append(start)
                start += len(piece)
            if start:
                breaks.append(start)
            offset = cell_width(pieces[-1])
        elif offset and start:
            breaks.append(start)
            offset = cell_width(word)
    bounds = [0, *breaks, len(text)]
    return [text[a:b].rstrip() for a, b in itertools.pairwise(bounds)]


def _chop(text: str, width: int) -> list[str]:
    """``text`` cut into pieces of at most ``width`` columns (a wide character is never split)."""
    pieces, piece, used = [], "", 0
    for char in text:
        size = _char_width(char) if not char.isascii() else 1
        if used + size > width and piece:
            pieces.append(piece)
            piece, used = "", 0
        piece += char
        used += size
    return [*pieces, piece]


# -- the terminal timeline ---------------------------------------------------

#: Width of the date column in a terminal timeline.
DATE_WIDTH = 13


DISPUTED = "  ⚠ disputed"


#: Below this many columns for the title, the date gets a line of its own and the indent shrinks.
_MIN_TITLE_WIDTH = 24


def event_lines(events: Sequence[Event], width: int, *, caption: str = "") -> list[Line]:
    """Events for a terminal, as styled lines of at most ``width`` columns: date, title (and a
    dispute marker), then id and sources, dimmed, wrapped with a hanging indent; then ``caption``.

    Plain lines rather than a Rich table: the same reading, drawn by :func:`styled.ansi` without
    importing Rich (the terminal timeline), or by Rich inside a panel (:func:`rich_events`).
    """
    wide = width - DATE_WIDTH >= _MIN_TITLE_WIDTH
    indent = " " * (DATE_WIDTH if wide else 2)
    column = max(1, width - len(indent))
    header = f"{'Date':<{DATE_WIDTH}}Event" if wide else "Date / Event"
    lines: list[Line] = [[(text, "bold")] for text in wrap(header, max(1, width))]
    lines.append([("─" * min(width, 100), "dim")])
    for event in events:
        title: list[Line] = [[(text, "bold")] for text in wrap(visible(event.title), column)]
        if event.disputed:
            if cell_width(title[-1][0][0]) + len(DISPUTED) <= column:
                title[-1].append((DISPUTED, "bold yellow"))
            else:
                title.append([(DISPUTED.strip(), "yellow")])
        ids = wrap(visible(f"{event.id} · {', '.join(event.source_ids)}"), column)
        date = event.date.human()
        if wide and len(date) < DATE_WIDTH:
            lines.append([(f"{date:<{DATE_WIDTH}}", "cyan"), *title[0]])
        else:
            lines.extend([(text, "cyan")] for text in wrap(date, max(1, width)))
            lines.append([(indent, ""), *title[0]])
        lines.extend([(indent, ""), *line] for line in title[1:])
        lines.extend([(indent, ""), (text, "dim")] for text in ids)
    if caption:
        lines.append([])
        lines.extend([(text, "dim italic")] for text in wrap(visible(caption), max(1, width)))
    return lines
