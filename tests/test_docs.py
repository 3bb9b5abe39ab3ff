"""Every command a newcomer registers is documented: its --help has a summary, examples and help for
each option, ``dprk --help`` lists it and the README has a section for it (sqlite-utils'
tests/test_docs.py pattern). The commands come from the Typer app itself, never from a list here,
so a command added without help or docs fails."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import typer

from dprk_rights.cli import app

GROUP = typer.main.get_command(app)
COMMANDS: dict[str, Any] = getattr(GROUP, "commands", {})
README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
COMMANDS_SECTION = README.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]


def test_the_app_has_its_commands() -> None:
    """The loop below is over something: the registered commands include the documented core ones."""
    assert {"timeline", "search", "sources", "show", "validate"} <= set(COMMANDS)


def summary_of(help_text: str | None) -> str:
    """The first paragraph of a docstring, as written."""
    return (help_text or "").strip().split("\n\n", 1)[0]


def examples_in(help_output: str) -> list[str]:
    """The lines of the ``Examples:`` block of a --help output (empty when there is none)."""
    block = re.search(r"^  Examples:\n((?:    \S.*\n)+)", help_output, flags=re.MULTILINE)
    return [line.strip() for line in block.group(1).splitlines()] if block else []


def listed_commands(help_output: str) -> dict[str, str]:
    """The ``Commands:`` section of ``dprk --help``: name -> its short help as shown."""
    section = help_output.split("\nCommands:\n", 1)[1]
    return {name: short for name, short in re.findall(r"^  (\S+)(?: +(.*))?$", section, flags=re.MULTILINE)}


def option_names(command: Any) -> set[str]:
    return {name for param in command.params for name in getattr(param, "opts", [])}


def parse_example(command: Any, example: str) -> dict[str, Any]:
    """The parameters an example line gives the command (the shell pipe after it cut off)."""
    words = shlex.split(example)
    if "|" in words:
        words = words[: words.index("|")]
    with command.make_context(words[1], words[2:]) as ctx:
        return dict(ctx.params)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_command_help_has_a_summary_and_examples_of_itself(invoke, name: str) -> None:
    command = COMMANDS[name]
    summary = summary_of(command.help)
    assert summary and "\n" not in summary, f"{name}: the docstring must open with a one-line summary"
    assert summary.endswith("."), f"{name}: summary {summary!r} is not a sentence"
    result = invoke(name, "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: dprk {name} ")
    shown = " ".join(result.stdout.split("\n\n")[1].split())
    assert shown == summary, "the summary is the first thing --help says"
    examples = examples_in(result.stdout)
    assert examples, f"{name} --help has no 'Examples:' block"
    for example in examples:
        assert example == f"dprk {name}" or example.startswith(f"dprk {name} "), example
    if "--json" in option_names(command):
        assert any("--json" in shlex.split(example) for example in examples), f"no example of {name} --json"


@pytest.mark.parametrize("name", list(COMMANDS))
def test_command_examples_use_only_real_options(name: str) -> None:
    """Each example parses: no option that does not exist, no value of the wrong type, no missing argument."""
    command = COMMANDS[name]
    for example in examples_in(command.get_help(command.make_context(name, [], resilient_parsing=True))):
        parse_example(command, example)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_option_and_argument_has_help(name: str) -> None:
    command = COMMANDS[name]
    undocumented = [param.name for param in command.params if not getattr(param, "hidden", False) and not param.help]
    assert undocumented == [], f"{name}: parameters without help text"


def test_global_options_have_help_and_the_top_help_examples_run_commands(invoke) -> None:
    assert [param.name for param in GROUP.params if not param.help] == []
    result = invoke("--help")
    assert result.exit_code == 0
    examples = examples_in(result.stdout)
    assert examples
    for example in examples:
        name = shlex.split(example)[1]
        assert name in COMMANDS, example
        parse_example(COMMANDS[name], example)


def test_dprk_help_lists_exactly_the_visible_commands(invoke) -> None:
    listed = listed_commands(invoke("--help").stdout)
    assert list(listed) == [name for name, command in COMMANDS.items() if not command.hidden]


@pytest.mark.parametrize("name", [name for name, command in COMMANDS.items() if not command.hidden])
def test_dprk_help_lists_the_command_with_its_summary(invoke, name: str) -> None:
    short = listed_commands(invoke("--help").stdout)[name]
    assert short, f"{name} is listed without a summary"
    assert summary_of(COMMANDS[name].help).startswith(short.removesuffix("...").rstrip())


@pytest.mark.parametrize("name", list(COMMANDS))
def test_readme_has_a_section_for_the_command(name: str) -> None:
    section = re.search(rf"^### {re.escape(name)}\n(.*?)(?=^### |\Z)", COMMANDS_SECTION, flags=re.MULTILINE | re.DOTALL)
    assert section, f"README.md has no '### {name}' under '## Commands'"
    assert f"dprk {name}" in section.group(1), f"README's '### {name}' shows no example of it"


def test_readme_command_sections_are_registered_commands() -> None:
    """A one-word section under "## Commands" names a command that exists (none left behind by a removal)."""
    headings = re.findall(r"^### (\S+)$", COMMANDS_SECTION, flags=re.MULTILINE)
    assert headings
    assert [h for h in headings if h not in COMMANDS] == []
