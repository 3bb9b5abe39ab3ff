"""The terminal timeline, drawn without Rich: the same escapes, widths and environment rules as Rich's views."""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text

from dprk_rights import load_timeline
from dprk_rights.output.styled import Line, ansi, cell_width, event_lines, terminal_width, wrap

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def rich_drawing(lines: list[Line], width: int, environ: dict[str, str]) -> str:
    """What Rich writes for the same styled lines, in the same environment."""
    text = Text(no_wrap=True)
    for number, line in enumerate(lines):
        if number:
            text.append("\n")
        for piece, style in line:
            text.append(piece, style=style)
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=width, height=25, _environ=environ)
    console.print(text)
    return out.getvalue()


@pytest.mark.parametrize("width", [20, 40, 60, 80, 120])
@pytest.mark.parametrize(
    "environ",
    [{"TERM": "xterm-256color"}, {"TERM": "xterm", "NO_COLOR": "1"}, {"TERM": "dumb"}, {"COLORTERM": "truecolor"}],
)
def test_the_shipped_timeline_is_written_as_rich_writes_it(width: int, environ: dict[str, str]) -> None:
    lines = event_lines(load_timeline().events, width, caption="165 events. `dprk show ID` prints quotes.")
    assert ansi(lines, environ) == rich_drawing(lines, width, environ)


@pytest.mark.parametrize("width", [30, 45, 80])
def test_every_line_fits_the_width_and_keeps_every_word(width: int) -> None:
    events = load_timeline().events
    lines = event_lines(events, width)
    drawn = ANSI.sub("", ansi(lines, {})).splitlines()
    assert max(cell_width(line) for line in drawn) <= width
    # Each title, folded over lines but never cut: the same characters in order, spaces and indents aside.
    squashed = "".join("".join(drawn).split())
    for event in events:
        assert "".join(event.title.split()) in squashed, event.id


def test_wrap_counts_wide_characters_and_folds_long_words() -> None:
    assert cell_width("북한 인권") == 9
    assert wrap("북한 인권 상황", 6) == ["북한", "인권", "상황"]
    assert wrap("a" * 25, 10) == ["a" * 10, "a" * 10, "a" * 5]
    assert wrap("see A/HRC/RES/55/21 adopted", 12) == ["see", "A/HRC/RES/55", "/21 adopted"]
    assert wrap("", 5) == [""]
    assert all(cell_width(piece) <= 5 for piece in wrap("韓國語韓國語韓國語", 5))


def test_terminal_width_follows_columns_then_the_terminal_then_80() -> None:
    assert terminal_width({"COLUMNS": "57"}) == 57
    assert terminal_width({"COLUMNS": "57", "TERM": "dumb"}) == 80
    assert terminal_width({"COLUMNS": "wide"}) in {80, *_terminal_sizes()}


def _terminal_sizes() -> set[int]:
    sizes = set()
    for fd in (0, 1, 2):
        with contextlib.suppress(OSError):
            sizes.add(os.get_terminal_size(fd).columns)
    return sizes


def test_terminal_timeline_honours_no_color_and_dumb_terminals(invoke, mini_path: Path) -> None:
    coloured = invoke("timeline", env={"FORCE_COLOR": "1", "COLUMNS": "80", "TERM": "xterm"}).stdout
    assert "\x1b[36m" in coloured and "\x1b[1m" in coloured
    no_color = invoke("timeline", env={"FORCE_COLOR": "1", "COLUMNS": "80", "NO_COLOR": "1", "TERM": "xterm"}).stdout
    assert "\x1b[1m" in no_color
    assert not re.search(r"\x1b\[[0-9;]*3[0-9]m", no_color), "colour codes despite NO_COLOR"
    dumb = invoke("timeline", env={"FORCE_COLOR": "1", "COLUMNS": "80", "TERM": "dumb"}).stdout
    assert "\x1b" not in dumb
    assert ANSI.sub("", coloured) == ANSI.sub("", no_color) == dumb


def test_the_terminal_timeline_does_not_load_rich() -> None:
    probe = (
        "import sys; from dprk_rights.cli import run; sys.argv = ['dprk', 'timeline', '--since', '2014'];"
        " status = run(); sys.stdout.flush();"
        " print('rich loaded' if any(m.startswith('rich') for m in sys.modules) else 'no rich', file=sys.stderr);"
        " sys.exit(status)"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DPRK_TIMELINE", "NO_COLOR")}
    env.update(FORCE_COLOR="1", COLUMNS="100", TERM="xterm")
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "\x1b[36m" in result.stdout  # drawn for a terminal
    assert result.stderr.strip() == "no rich"
