"""The README tells the truth: its quick start has two commands, and every console example runs as shown."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.conftest import SOURCES_DIR

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def console_examples() -> list[tuple[str, str]]:
    """(command, expected output) for each ``$ dprk ...`` line in a ```console block."""
    examples = []
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.DOTALL):
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, _, output = chunk.partition("\n")
            examples.append((command, output))
    return examples


def test_readme_starts_with_a_two_command_quick_start() -> None:
    assert README.split("\n## ")[1].startswith("Quick start\n")
    block = re.search(r"## Quick start\n+```sh\n(.*?)```", README, flags=re.DOTALL)
    assert block is not None
    commands = block.group(1).strip().splitlines()
    assert len(commands) == 2
    assert "pip install ." in commands[0] and "dprk timeline" in commands[0]
    assert "pytest" in commands[1]


def test_readme_has_console_examples_to_run() -> None:
    """The parametrized test below runs something: an empty list would pass it vacuously."""
    commands = {shlex.split(command)[1] for command, _ in console_examples()}
    assert {"timeline", "search", "show", "sources"} <= commands


@pytest.mark.parametrize(("command", "expected"), console_examples(), ids=[c for c, _ in console_examples()])
def test_console_example_output_is_real(invoke, command: str, expected: str) -> None:
    if "../shared/sources" in command and not SOURCES_DIR.is_dir():
        pytest.skip(f"source texts not found at {SOURCES_DIR}")
    args = shlex.split(command)
    assert args[0] == "dprk"
    assert invoke(*args[1:]).output == expected
