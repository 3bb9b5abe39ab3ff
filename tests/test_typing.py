"""The public API is typed for its users: a script using it passes ``mypy --strict`` and sees real types."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("mypy", reason="mypy is in the test extras: pip install '.[test]'")

USER_SCRIPT = """
from dprk_rights import DataError, Event, Timeline, load_timeline

timeline: Timeline = load_timeline()
events: list[Event] = timeline.select(timeline.filter(since="2014"), limit=3)
reveal_type(timeline.search("ICC referral").hits[0].event.date)
reveal_type(timeline.source("hrw-2016"))
try:
    Timeline("missing.yaml")
except DataError as error:
    lines: list[str] = error.lines()
"""


def test_a_users_script_type_checks_against_the_public_api(tmp_path: Path) -> None:
    script = tmp_path / "use_dprk.py"
    script.write_text(USER_SCRIPT, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(script)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout
    revealed = [line for line in result.stdout.splitlines() if "Revealed type" in line]
    assert len(revealed) == 2, result.stdout
    assert revealed[0].endswith('fallback=dprk_rights.model.dates.EventDate]"')  # a search hit's date
    assert revealed[1].endswith('fallback=dprk_rights.model.records.Source] | None"')  # a source, or None
    assert "Any" not in result.stdout


def test_a_type_error_against_the_api_is_caught(tmp_path: Path) -> None:
    """The check above can fail: misuse of the API is reported, so the API is not ``Any``."""
    script = tmp_path / "misuse.py"
    script.write_text("from dprk_rights import load_timeline\nn: int = load_timeline().select()\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(script)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert 'Incompatible types in assignment (expression has type "list[Event]"' in result.stdout
