"""Shell completion: ids, tags, actors, sources, formats and bodies complete from the data, quietly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from dprk_rights.cli import app
from dprk_rights.output.formats import FORMATS


def complete(runner, words: str, *, shell: str = "bash", env: dict[str, str] | None = None):
    """What ``dprk`` offers for the command line ``words`` (the cursor at its end): the click result."""
    split = words.split()
    cword = len(split) if words.endswith(" ") else len(split) - 1
    variables = {
        "_DPRK_COMPLETE": f"complete_{shell}",
        "COMP_WORDS": words,
        "COMP_CWORD": str(cword),
        "_TYPER_COMPLETE_ARGS": words,
        **(env or {}),
    }
    return runner.invoke(app, [], env=variables, prog_name="dprk", catch_exceptions=False)


def offered(runner, words: str, **kwargs) -> list[str]:
    result = complete(runner, words, **kwargs)
    assert result.exit_code == 0
    assert result.stderr == ""
    return [line for line in result.stdout.splitlines() if line]  # nothing to offer is an empty line


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("dprk show ", ["first-event", "second-event", "third-event"]),
        ("dprk show s", ["second-event"]),
        ("dprk show zz", []),
        ("dprk sources ", ["alpha", "beta"]),
        ("dprk sources b", ["beta"]),
        ("dprk timeline --tag ", ["accountability", "commission-of-inquiry", "icc", "security-council"]),
        ("dprk timeline -t s", ["security-council"]),
        ("dprk search court --tag a", ["accountability"]),
        ("dprk stats --actor UN", ["UN Human Rights Council", "UN Security Council"]),
        ("dprk export --actor Co", ["Commission of Inquiry"]),
        ("dprk timeline --source ", ["alpha", "beta"]),
        ("dprk search x -s a", ["alpha"]),
        ("dprk extract f.txt --source-id b", ["beta"]),
    ],
)
def test_values_complete_from_the_data(runner, mini_path: Path, words: str, expected: list[str]) -> None:
    assert offered(runner, words) == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("dprk export --format ", list(FORMATS)),
        ("dprk export -f j", ["json", "jsonl"]),
        ("dprk extract f.txt --format ", ["yaml", "json"]),
        ("dprk votes --body ", ["ga", "hrc", "chr", "sc", "all"]),
        ("dprk votes -b h", ["hrc"]),
        ("dprk search x --sort ", ["relevance", "date"]),
    ],
)
def test_fixed_choices_complete(runner, mini_path: Path, words: str, expected: list[str]) -> None:
    assert offered(runner, words)[: len(expected)] == expected
    assert len(offered(runner, words)) == len(expected)


def test_every_export_format_is_offered(runner, mini_path: Path) -> None:
    from dprk_rights.output.formats import FORMATS

    assert offered(runner, "dprk export --format ") == list(FORMATS)


def test_completion_reads_the_timeline_given_by_data(runner, mini_path: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    data = yaml.safe_load(mini_path.read_text(encoding="utf-8"))
    data["events"][0]["id"] = "only-here"
    other.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert offered(runner, f"dprk --data {other} show o") == ["only-here"]
    assert offered(runner, f"dprk --no-cache --data {other} show o") == ["only-here"]
    assert offered(runner, "dprk show o") == []  # DPRK_TIMELINE: the mini timeline


@pytest.mark.parametrize(
    "content",
    [None, "", "events: [", "sources: 3\n", "\x00\x01binary", "events:\n  - id: Bad Id\n"],
    ids=["missing", "empty", "syntax", "wrong-type", "binary", "invalid"],
)
@pytest.mark.parametrize("words", ["dprk show ", "dprk timeline --tag ", "dprk timeline --actor ", "dprk sources "])
def test_a_broken_data_file_completes_nothing_and_says_nothing(
    runner, tmp_path: Path, content: str | None, words: str
) -> None:
    path = tmp_path / "broken.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = complete(runner, words, env={"DPRK_TIMELINE": str(path)})
    assert (result.exit_code, result.stdout.strip(), result.stderr) == (0, "", "")


def test_a_damaged_cache_completes_from_the_yaml(runner, mini_path: Path, tmp_path: Path) -> None:
    assert offered(runner, "dprk show f") == ["first-event"]
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "dprk-rights"
    damaged = [p for p in cache.rglob("*") if p.is_file()]
    assert damaged
    for path in damaged:
        path.write_bytes(b"not a database" * 100)
    assert offered(runner, "dprk show f") == ["first-event"]


def test_values_a_shell_cannot_take_as_one_word_are_left_out(runner, tmp_path: Path) -> None:
    data = {
        "sources": [{"id": "s", "title": "T", "publisher": "P", "published": "2020", "kind": "k", "url": None}],
        "events": [
            {
                "id": "e",
                "date": "2014",
                "title": "T",
                "summary": "S",
                "tags": ["icc"],
                "actors": ["Line\nbreak", "Tab\there", "Sep\u2028arator", "Bidi\u202eevil", "Plain actor"],
                "citations": [{"source": "s", "quote": "q"}],
            }
        ],
    }
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert offered(runner, "dprk timeline --actor ", env={"DPRK_TIMELINE": str(path)}) == ["Plain actor"]


def test_zsh_shows_each_events_date_and_title_as_help(runner, mini_path: Path) -> None:
    result = complete(runner, "dprk show t", shell="zsh")
    assert result.exit_code == 0
    # The title's markup brackets are not passed on: zsh evaluates this text and Typer renders Rich markup.
    help_text = "2014-12-22 Markup bold red stays literal /bold red here"
    assert result.stdout == f'_arguments \'*: :(("third-event":"{help_text}"))\'\n'


def test_zsh_help_carries_no_shell_syntax_from_the_data(runner, tmp_path: Path) -> None:
    data = {
        "sources": [{"id": "s", "title": "T", "publisher": "P", "published": "2020", "kind": "k", "url": None}],
        "events": [
            {
                "id": "evil",
                "date": "2014",
                "title": "$(touch pwned) `id` 'single' \"double\" [bold]x[/] \\ ; done",
                "summary": "S",
                "citations": [{"source": "s", "quote": "q"}],
            }
        ],
    }
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = complete(runner, "dprk show e", shell="zsh", env={"DPRK_TIMELINE": str(path)})
    assert result.stdout == '_arguments \'*: :(("evil":"2014 (touch pwned) id single double bold x / ; done"))\'\n'


def test_fish_offers_sources_with_their_publisher(runner, mini_path: Path) -> None:
    result = complete(runner, "dprk sources a", shell="fish", env={"_TYPER_COMPLETE_FISH_ACTION": "get-args"})
    assert result.stdout.splitlines() == ["alpha\tAlpha Watch 2015-06"]


def test_the_installed_program_completes_every_command(mini_path: Path, tmp_path: Path) -> None:
    """``main()`` builds only the command asked for; a completion request must still see them all."""
    env = {k: v for k, v in os.environ.items() if not k.endswith("_COMPLETE")}
    env.update(_DPRK_COMPLETE="complete_bash", DPRK_TIMELINE=str(mini_path))
    for words, expected in [
        ("dprk show sec", "second-event\n"),
        ("dprk timeline --tag ic", "icc\n"),
        ("dprk export --format bib", "bibtex\n"),
        ("dprk ta", "tags\n"),
    ]:
        env.update(COMP_WORDS=words, COMP_CWORD=str(len(words.split()) - 1))
        result = subprocess.run(
            [sys.executable, "-m", "dprk_rights"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert (result.returncode, result.stdout, result.stderr) == (0, expected, ""), words
