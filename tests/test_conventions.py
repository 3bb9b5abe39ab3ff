"""Scripting conventions users bring from gh, git and jq: global options anywhere, ``--json FIELDS``,
``--jq EXPR``, a pager on a terminal only, and a start-up that imports nothing new on the common path."""

from __future__ import annotations

import fcntl
import json
import os
import select
import struct
import subprocess
import sys
import termios
import textwrap
from pathlib import Path
from typing import Any, get_type_hints

import pytest
import typer

from dprk_rights.cli import app
from dprk_rights.cli.app import _requested_command
from dprk_rights.cli.json_fields import SHAPES
from dprk_rights.model import json_types as as_json

from .conftest import MINI_TIMELINE

GROUP = typer.main.get_command(app)
COMMANDS: dict[str, Any] = getattr(GROUP, "commands", {})
JSON_COMMANDS = [name for name, command in COMMANDS.items() if "--json" in {o for p in command.params for o in p.opts}]
EVENT_FIELDS = list(get_type_hints(as_json.EventJSON))
SCRIPT = Path(sys.executable).with_name("dprk")


def test_the_loops_below_cover_the_commands_with_json() -> None:
    assert {"timeline", "search", "show", "sources", "stats", "votes", "validate", "extract"} <= set(JSON_COMMANDS)


# -- global options anywhere (gh -R style) -----------------------------------------------------------


@pytest.fixture
def other_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The mini timeline in a file that only --data names; DPRK_TIMELINE names a missing file."""
    path = tmp_path / "other.yaml"
    path.write_text(MINI_TIMELINE, encoding="utf-8")
    monkeypatch.setenv("DPRK_TIMELINE", str(tmp_path / "missing.yaml"))
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["--data", "{data}", "timeline", "--json", "id"],
        ["timeline", "--data", "{data}", "--json", "id"],
        ["timeline", "--json", "id", "--data={data}"],
        ["timeline", "-n", "5", "--data", "{data}", "--no-cache", "--json", "id"],
        ["--no-cache", "timeline", "--no-pager", "--data", "{data}", "--json", "id"],
        ["--data", "/elsewhere/ignored.yaml", "timeline", "--data", "{data}", "--json", "id"],
    ],
)
def test_global_options_work_before_or_after_the_command(invoke, other_data: Path, args: list[str]) -> None:
    result = invoke(*(a.replace("{data}", str(other_data)) for a in args))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"id": "first-event"}, {"id": "second-event"}, {"id": "third-event"}]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["search", "referral", "--data", "{data}", "--json", "id"], [{"id": "second-event"}]),
        (["search", "--json", "referral", "--data", "{data}"], None),  # the word after --json is the query
        (["show", "first-event", "--data", "{data}", "--json", "title"], {"title": "A commission is created"}),
        (
            ["sources", "--data", "{data}", "--json", "id,events"],
            [{"id": "alpha", "events": 2}, {"id": "beta", "events": 2}],
        ),
        (["stats", "--no-cache", "--data", "{data}", "--json", "events,disputed"], {"events": 3, "disputed": 1}),
    ],
)
def test_each_command_reads_the_data_named_after_it(invoke, other_data: Path, args: list[str], expected: Any) -> None:
    result = invoke(*(a.replace("{data}", str(other_data)) for a in args))
    assert result.exit_code == 0, result.output
    value = json.loads(result.stdout)
    if expected is None:
        assert [hit["id"] for hit in value] == ["second-event"]
    else:
        assert value == expected


def test_validate_checks_the_file_named_after_the_command(invoke, other_data: Path) -> None:
    result = invoke("validate", "--data", str(other_data), "--json", "severity")
    assert result.exit_code in (0, 1), result.output
    assert str(other_data.name) in invoke("validate", "--data", str(other_data)).stdout


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_takes_the_global_options_after_its_name(invoke, tmp_path: Path, name: str) -> None:
    """Parsed, not merely listed: an unknown option would fail before --help is acted on."""
    result = invoke(name, "--data", str(tmp_path / "x.yaml"), "--no-cache", "--no-pager", "--help")
    assert result.exit_code == 0, result.output
    for option in ("--data PATH", "--no-cache", "--no-pager"):
        assert option in result.stdout


def test_no_cache_after_the_command_keeps_no_cache(invoke, other_data: Path) -> None:
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "dprk-rights"
    assert invoke("timeline", "--data", str(other_data), "--no-cache").exit_code == 0
    assert not cache.exists() or not any(cache.iterdir())
    assert invoke("timeline", "--data", str(other_data)).exit_code == 0
    assert any(cache.iterdir())  # the check above can fail: without --no-cache a cache is kept


def test_an_option_value_or_a_word_after_double_dash_is_never_taken_for_a_global_option(
    invoke, other_data: Path
) -> None:
    result = invoke("search", "--data", str(other_data), "--json", "id", "--", "--no-cache")
    assert result.exit_code == 2  # the query "--no-cache" excludes a word and asks for none
    assert result.stderr == "Error: search needs at least one word to look for, got '--no-cache'\n"
    result = invoke("search", "--json", "id", "--tag", "--data", "referral", "--data", str(other_data))
    assert result.exit_code == 2  # "--data" is the value of --tag: an unknown tag
    assert result.stderr.startswith("Error: --tag: ")


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["timeline", "--data", "x.yaml"], "timeline"),
        (["--data", "timeline", "show", "x"], "show"),  # the value of --data is not the command
        (["--no-pager", "--no-cache", "search", "--data", "x.yaml", "q"], "search"),
        (["show", "--no-pager", "id", "--json", "title"], "show"),
        (["--version"], ""),
        (["timeline", "--help"], "timeline"),
        (["--help"], None),
    ],
)
def test_the_requested_command_is_found_with_options_anywhere(args: list[str], command: str | None) -> None:
    assert _requested_command(args) == command


@pytest.mark.parametrize(
    "args",
    [
        ["timeline", "--data", "{data}", "--no-cache", "--json", "id"],
        ["show", "first-event", "--no-pager", "--data={data}", "--json", "id"],
        ["--no-pager", "search", "referral", "--data", "{data}", "--jq", ".[].id"],
    ],
)
def test_the_script_builds_the_command_and_reads_options_after_it(tmp_path: Path, args: list[str]) -> None:
    data = tmp_path / "mini.yaml"
    data.write_text(MINI_TIMELINE, encoding="utf-8")
    env = {**_clean_env(tmp_path), "DPRK_TIMELINE": str(tmp_path / "missing.yaml")}
    result = subprocess.run(
        [str(SCRIPT), *(a.replace("{data}", str(data)) for a in args)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "first-event" in result.stdout or "second-event" in result.stdout


# -- --json FIELDS ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "keys"),
    [
        (["--json", "id,title,date"], ["id", "title", "date"]),
        (["--json", "date,id"], ["date", "id"]),  # in the order asked
        (["--json=title"], ["title"]),
        (["--json", " id , tags,"], ["id", "tags"]),  # spaces and a trailing comma are forgiven
        (["--json", "id,id,note"], ["id", "note"]),
        (["--json", "id", "--json", "vote"], ["id", "vote"]),
    ],
)
def test_json_fields_keep_those_keys_in_that_order(invoke, mini_path: Path, fields: list[str], keys: list[str]) -> None:
    result = invoke("timeline", *fields)
    assert result.exit_code == 0, result.output
    events = json.loads(result.stdout)
    assert [e["id"] for e in json.loads(invoke("timeline", "--json").stdout)] == [
        "first-event",
        "second-event",
        "third-event",
    ]
    assert len(events) == 3
    assert all(list(event) == keys for event in events)


def test_bare_json_still_prints_every_field(invoke, mini_path: Path) -> None:
    events = json.loads(invoke("timeline", "--json").stdout)
    assert all(list(event) == EVENT_FIELDS for event in events)
    assert list(json.loads(invoke("show", "--json", "first-event").stdout)) == EVENT_FIELDS  # id after --json


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["show", "first-event", "--json", "id,date"], {"id": "first-event", "date": "2013-03"}),
        (["search", "referral", "--json", "id,partial"], [{"id": "second-event", "partial": False}]),
        (["search", "--json", "id", "referral"], [{"id": "second-event"}]),  # a field, then the query
        (["sources", "alpha", "--json", "id,citations"], None),
        (["timeline", "-n", "0", "--json", "id"], []),
        (["timeline", "--tag", "no-such-tag-anywhere", "--json", "id"], None),
    ],
)
def test_json_fields_on_each_shape(invoke, mini_path: Path, args: list[str], expected: Any) -> None:
    result = invoke(*args)
    if args[1] == "--tag":
        assert result.exit_code == 2  # an unknown tag is refused: fields do not hide the error
        return
    assert result.exit_code == 0, result.output
    value = json.loads(result.stdout)
    if expected is None:
        assert list(value) == ["id", "citations"]
        assert [c["event"] for c in value["citations"]] == ["first-event", "second-event"]
    else:
        assert value == expected


@pytest.mark.parametrize(
    ("args", "unknown"),
    [
        (["timeline", "--json", "titel"], "'titel'"),
        (["timeline", "--json", "id,nope,zilch"], "'nope', 'zilch'"),
        (["timeline", "--json=score"], "'score'"),  # a search field, not a timeline one
        (["show", "first-event", "--json", "id,titel"], "'titel'"),
        (["search", "x", "--json=titel"], "'titel'"),
        (["votes", "--json", "tally"], "'tally'"),
        (["timeline", "--json", "coi-report-2014"], "'coi-report-2014'"),
    ],
)
def test_an_unknown_field_is_refused_with_the_list_of_fields(
    invoke, mini_path: Path, args: list[str], unknown: str
) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"Error: --json: unknown field{'s' if ',' in unknown else ''} {unknown} ")
    command = args[0]
    assert result.stderr.rstrip().endswith("fields: " + ", ".join(_declared(command)))


def _declared(command: str) -> list[str]:
    names: dict[str, None] = {}
    for shape in SHAPES[command]:
        names.update(dict.fromkeys(get_type_hints(shape)))
    return list(names)


@pytest.mark.parametrize("name", JSON_COMMANDS)
def test_json_with_no_field_lists_the_fields_one_per_line(invoke, name: str) -> None:
    """Even for a command whose argument is missing: the list needs no data."""
    result = invoke(name, "--json=")
    assert result.exit_code == 0, result.output
    fields = result.stdout.splitlines()
    assert fields and len(fields) == len(set(fields))
    assert fields == _declared(name)
    assert invoke(name, "--json", "").stdout == result.stdout


def test_timeline_and_search_fields_are_the_typeddicts_keys(invoke) -> None:
    assert invoke("timeline", "--json=").stdout.splitlines() == EVENT_FIELDS
    hit = invoke("search", "--json=").stdout.splitlines()
    assert hit == [*EVENT_FIELDS, "score", "partial", "matched", "corrected"]


@pytest.mark.parametrize("name", JSON_COMMANDS)
def test_every_command_with_json_declares_its_shape(name: str) -> None:
    """A command's --json fields come from its TypedDicts (json_fields.SHAPES), not from its output."""
    assert name in SHAPES, f"dprk {name} has --json but no shape in dprk_rights.cli.json_fields.SHAPES"


@pytest.fixture
def quote_text(tmp_path: Path) -> Path:
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "alpha.txt").write_text(
        "Report. In March 2013 the council created a commission. Later the commission urged a referral.\n",
        encoding="utf-8",
    )
    return folder


def _real_shapes(invoke, mini_path: Path, quote_text: Path, tmp_path: Path) -> dict[str, list[Any]]:
    """What each command really prints with --json, on data where every shape has items."""
    broken = tmp_path / "broken.yaml"
    broken.write_text(MINI_TIMELINE.replace("tags: [icc, accountability]", "tags: [icc, no-such-tag]"), "utf-8")
    source = tmp_path / "source.txt"
    source.write_text("On 12 March 2019 the council met again. In 2020 it adopted a text.\n", encoding="utf-8")

    def run(*args: str) -> Any:
        result = invoke(*args)
        assert result.exit_code in (0, 1), result.output
        return json.loads(result.stdout)

    return {
        "timeline": run("timeline", "--json"),
        "search": run("search", "referral", "--json"),
        "show": [run("show", "first-event", "--json")],
        "sources": [
            *run("sources", "--json"),
            run("sources", "alpha", "--json"),
            *run("sources", "alpha", "--check", "--sources-dir", str(quote_text), "--json"),
        ],
        "stats": [run("stats", "--json")],
        "votes": run("--data", str(_shipped()), "votes", "--json"),
        "validate": run("validate", str(broken), "--json"),
        "extract": run("extract", str(source), "--source-id", "alpha", "--json"),
    }


def _shipped() -> Path:
    from dprk_rights.files import default_timeline_path

    return default_timeline_path()


def test_declared_shapes_are_what_the_commands_print(invoke, mini_path: Path, quote_text: Path, tmp_path) -> None:
    """The TypedDicts mirrored in output/as_json.py (validate, stats, extract, --check) cannot drift."""
    for command, items in _real_shapes(invoke, mini_path, quote_text, tmp_path).items():
        assert items, f"{command}: nothing to compare"
        printed: dict[str, None] = {}
        for item in items:
            printed.update(dict.fromkeys(item))
        assert list(printed) == _declared(command), command
        for item in items:
            assert list(item) == [k for k in _declared(command) if k in item], f"{command}: keys out of order"


def test_extract_json_fields_apply_to_the_file_it_writes(invoke, mini_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "source.txt"
    source.write_text("On 12 March 2019 the council met again.\n", encoding="utf-8")
    out = tmp_path / "drafts.json"
    result = invoke("extract", str(source), "--source-id", "alpha", "--json", "date,quote", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8")) == [
        {"date": "2019-03-12", "quote": "On 12 March 2019 the council met again."}
    ]


# -- --jq --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["timeline", "--jq", ".[].id"], "first-event\nsecond-event\nthird-event\n"),  # strings raw
        (["timeline", "--jq=length"], "3\n"),
        (["timeline", "--jq", ".[0] | {id, date}"], '{"id":"first-event","date":"2013-03"}\n'),  # compact
        (["timeline", "--json", "id", "--jq", ".[1]"], '{"id":"second-event"}\n'),  # fields first, then jq
        (["show", "second-event", "--jq", ".disputes[].claim"], "This happened in 2015.\n"),
        (["timeline", "-n", "0", "--jq", "length"], "0\n"),
        (
            ["timeline", "--jq", "[.[].tags[]] | unique"],
            '["accountability","commission-of-inquiry","icc","security-council"]\n',
        ),
        (["timeline", "--jq", '.[] | select(.id == "none")'], ""),
        (["sources", "--jq", ".[] | [.id, .events] | @tsv"], "alpha\t2\nbeta\t2\n"),
    ],
)
def test_jq_filters_the_json(invoke, mini_path: Path, args: list[str], expected: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    assert result.stdout == expected


def test_jq_strings_never_span_lines_or_drive_the_terminal(invoke, mini_path: Path) -> None:
    mini_path.write_text(
        MINI_TIMELINE.replace("title: A commission is created", 'title: "Two\\nlines\\tand \\u202eback\\x1b[31m"'),
        encoding="utf-8",
    )
    result = invoke("timeline", "--jq", ".[0].title")
    assert (result.exit_code, result.stdout) == (0, "Two\\nlines\tand \\u202eback\\x1b[31m\n")
    tsv = invoke("timeline", "--jq", ".[0] | [.id, .title] | @tsv")
    assert tsv.stdout == "first-event\tTwo\\nlines\\tand \\u202eback\\x1b[31m\n"  # @tsv's own escapes
    exact = invoke("timeline", "--jq", ".[0].title | tojson").stdout  # the way to the exact text
    assert json.loads(exact) == "Two\nlines\tand \u202eback\x1b[31m"


def test_jq_keeps_the_commands_exit_status(invoke, mini_path: Path) -> None:
    result = invoke("search", "referral zzqxv", "--jq", "map(.partial)")
    assert (result.exit_code, result.stdout) == (1, "[true]\n")  # partial matches only: grep's 1


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        (".[", "Error: --jq: syntax error, unexpected end of file"),
        (".[0].tags.x", "Error: --jq: Cannot index array with"),
        ("nosuchfunction(1)", "Error: --jq: nosuchfunction/1 is not defined"),
    ],
)
def test_a_bad_jq_program_is_one_error_line(invoke, mini_path: Path, expression: str, message: str) -> None:
    result = invoke("timeline", "--jq", expression)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1


def test_jq_without_the_package_says_how_to_install_it(invoke, mini_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "jq", None)  # import jq now raises ImportError
    result = invoke("timeline", "--jq", ".[].id")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "Error: --jq needs the jq package: pip install 'dprk-rights[jq]'\n"
    assert invoke("timeline", "--json", "id").exit_code == 0  # fields need no jq


@pytest.mark.parametrize("args", [["export", "--jq", "."], ["timeline", "--jq"]])
def test_jq_where_it_cannot_apply_is_a_usage_error(invoke, mini_path: Path, args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert "--jq" in result.stderr


# -- the pager ---------------------------------------------------------------------------------------


FAKE_PAGER = """\
#!{python}
import os, sys
{read}
with open(os.environ["PAGER_RECORD"], "wb") as out:
    out.write(data)
with open(os.environ["PAGER_RECORD"] + ".less", "w") as out:
    out.write(os.environ.get("LESS", "<unset>"))
"""


def _clean_env(tmp_path: Path) -> dict[str, str]:
    drop = {"PAGER", "DPRK_PAGER", "LESS", "FORCE_COLOR", "TTY_COMPATIBLE", "NO_COLOR", "COLUMNS", "LINES", "TERM"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["XDG_CACHE_HOME"] = os.environ["XDG_CACHE_HOME"]
    return env


@pytest.fixture
def pager(tmp_path: Path) -> Path:
    """A pager script that records what it was given (and LESS) in $PAGER_RECORD."""
    path = tmp_path / "fake-pager"
    path.write_text(FAKE_PAGER.format(python=sys.executable, read="data = sys.stdin.buffer.read()"), "utf-8")
    path.chmod(0o755)
    return path


def run_on_terminal(args: list[str], env: dict[str, str], rows: int = 24) -> tuple[int, bytes, str]:
    """Run the dprk script with its stdout on a pseudo-terminal of 80 columns by ``rows``; its exit
    status, what reached the terminal, and its stderr."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, 80, 0, 0))
    with subprocess.Popen(
        [str(SCRIPT), *args], stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.PIPE, env=env
    ) as process:
        os.close(slave)
        shown = b""
        while True:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the terminal's last writer has gone
                    break
                if not chunk:
                    break
                shown += chunk
            elif process.poll() is not None:
                break
        assert process.stderr is not None
        stderr = process.stderr.read().decode()
        status = process.wait(timeout=120)
    os.close(master)
    return status, shown, stderr


@pytest.fixture
def terminal_env(tmp_path: Path, pager: Path) -> dict[str, str]:
    env = _clean_env(tmp_path)
    env.update(DPRK_PAGER=str(pager), PAGER_RECORD=str(tmp_path / "record"), TERM="xterm")
    return env


def test_long_output_on_a_terminal_goes_through_the_pager(terminal_env: dict[str, str], tmp_path: Path) -> None:
    status, shown, stderr = run_on_terminal(["timeline"], terminal_env)
    assert (status, stderr) == (0, "")
    record = (tmp_path / "record").read_bytes()
    assert b"coi-report-2014" in record and b"\x1b[" in record  # the terminal view, colours kept
    assert b"coi-report-2014" not in shown
    assert (tmp_path / "record.less").read_text() == "FRX"  # LESS default, as git and gh


def test_json_on_a_terminal_is_paged_too_and_less_keeps_the_users_less(
    terminal_env: dict[str, str], tmp_path: Path
) -> None:
    status, _, _ = run_on_terminal(["timeline", "--json", "id"], {**terminal_env, "LESS": "-i"})
    assert status == 0
    assert json.loads((tmp_path / "record").read_bytes())[0] == {"id": "korean-war-1950"}
    assert (tmp_path / "record.less").read_text() == "-i"


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["timeline", "--no-pager"], {}),
        (["--no-pager", "timeline"], {}),
        (["timeline"], {"DPRK_PAGER": ""}),
        (["timeline"], {"DPRK_PAGER": None, "PAGER": "cat"}),
        (["timeline"], {"DPRK_PAGER": None, "PAGER": ""}),
        (["timeline", "-n", "3"], {}),  # short: fits the screen
        (["show", "coi-report-2014"], {"LINES": "200"}),  # LINES is the screen's height
    ],
)
def test_no_pager_when_turned_off_or_short(terminal_env, tmp_path: Path, args: list[str], env) -> None:
    environment = {**terminal_env, **{k: v for k, v in env.items() if v is not None}}
    for name in [k for k, v in env.items() if v is None]:
        environment.pop(name)
    status, shown, stderr = run_on_terminal(args, environment)
    assert (status, stderr) == (0, "")
    assert not (tmp_path / "record").exists()
    assert b"korean-war-1950" in shown or b"coi-report-2014" in shown


def test_pager_named_by_pager_when_dprk_pager_is_unset(terminal_env, tmp_path: Path) -> None:
    environment = {k: v for k, v in terminal_env.items() if k != "DPRK_PAGER"}
    environment["PAGER"] = terminal_env["DPRK_PAGER"]
    assert run_on_terminal(["timeline"], environment)[0] == 0
    assert b"korean-war-1950" in (tmp_path / "record").read_bytes()


@pytest.mark.parametrize("force", [{"FORCE_COLOR": "1"}, {"TTY_COMPATIBLE": "1"}, {}])
def test_never_paged_when_piped_even_with_forced_colour(terminal_env, tmp_path: Path, force: dict[str, str]) -> None:
    result = subprocess.run(
        [str(SCRIPT), "timeline"], env={**terminal_env, **force}, capture_output=True, timeout=120, check=False
    )
    assert result.returncode == 0
    assert not (tmp_path / "record").exists()
    assert b"korean-war-1950" in result.stdout
    assert (b"\x1b[" in result.stdout) == bool(force)


@pytest.mark.parametrize("command", ["/no/such/pager", "'unbalanced", "{tmp}/not-executable"])
def test_a_pager_that_cannot_start_falls_back_to_direct_output(terminal_env, tmp_path: Path, command: str) -> None:
    (tmp_path / "not-executable").write_text("nothing", encoding="utf-8")
    status, shown, stderr = run_on_terminal(["timeline"], {**terminal_env, "DPRK_PAGER": command.format(tmp=tmp_path)})
    assert (status, stderr) == (0, "")
    assert b"korean-war-1950" in shown and b"165 events" in shown  # the first event and the caption


@pytest.mark.parametrize("read", ["data = sys.stdin.buffer.readline()", "data = b''"])
def test_quitting_the_pager_early_is_not_an_error(terminal_env, pager: Path, tmp_path: Path, read: str) -> None:
    pager.write_text(FAKE_PAGER.format(python=sys.executable, read=read), encoding="utf-8")
    status, _, stderr = run_on_terminal(["timeline", "--json"], terminal_env)
    assert (status, stderr) == (0, "")
    assert (tmp_path / "record").exists()


# -- start-up: nothing new imported on the common path ------------------------------------------------

#: Beyond what ``import typer`` loads: what the common command lines may import (README, "Start-up").
ALLOWED = {
    "__future__",
    "_json",
    "_sqlite3",
    "gc",
    "json",
    "json.decoder",
    "json.encoder",
    "json.scanner",
    "sqlite3",
    "sqlite3.dbapi2",
    "typer._click.decorators",
    "unicodedata",
    "dprk_rights",
    "dprk_rights.__main__",
    "dprk_rights.cli",
    "dprk_rights.cli.app",
    "dprk_rights.errors",
    "dprk_rights.files",
    "dprk_rights.model",
    "dprk_rights.model.dates",
    "dprk_rights.model.filters",
    "dprk_rights.model.records",
    "dprk_rights.model.shapes",
    "dprk_rights.output",
    "dprk_rights.output.as_json",
    "dprk_rights.output.plain",
    "dprk_rights.output.yaml_text",  # plain `show` only: its YAML writer
    "dprk_rights.query",
    "dprk_rights.query.filtering",
    "dprk_rights.query.search",
    "dprk_rights.reading",
    "dprk_rights.reading.terms",
    "dprk_rights.store",
    "dprk_rights.store.cache",
    "dprk_rights.store.index",
    "dprk_rights.store.schema",
    "dprk_rights.text",
    "dprk_rights.timeline",
}
#: Never on the common path, even if typer one day loads them.
FORBIDDEN = {"rich", "yaml", "jq", "dateutil", "hashlib", "tempfile", "dprk_rights.cli.json_fields"}

#: Runs the real entry point and, as it ends (``os._exit``), writes ``sys.modules`` to a file.
MODULES_OF = textwrap.dedent(
    """\
    import json, os, sys
    record, sys.argv = sys.argv[1], ["dprk", *sys.argv[2:]]
    end = os._exit
    def _exit(status):
        with open(record, "w") as out:
            json.dump(sorted(sys.modules), out)
        end(status)
    os._exit = _exit
    from dprk_rights.__main__ import main
    main()
    """
)


def _modules(tmp_path: Path, env: dict[str, str], *args: str) -> set[str]:
    record = tmp_path / "modules.json"
    command = [sys.executable, "-c", MODULES_OF, str(record), *args]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return set(json.loads(record.read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    "args",
    [
        ["timeline", "--json"],
        ["timeline"],
        ["search", "ICC", "--json"],
        ["show", "coi-report-2014", "--json"],
        ["show", "coi-report-2014"],
        ["--version"],
    ],
)
def test_the_common_path_imports_nothing_new(tmp_path: Path, args: list[str]) -> None:
    env = _clean_env(tmp_path)
    subprocess.run([str(SCRIPT), "timeline"], env=env, capture_output=True, timeout=120, check=True)  # a warm cache
    baseline = _modules_of_typer(env)
    loaded = _modules(tmp_path, env, *args)
    assert "dprk_rights.cli.app" in loaded  # the check below looks at a real run
    assert sorted(loaded - baseline - ALLOWED) == []
    assert sorted(m for m in loaded if m.split(".")[0] in FORBIDDEN or m in FORBIDDEN) == []


def _modules_of_typer(env: dict[str, str]) -> set[str]:
    code = "import json, sys, typer; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return set(json.loads(result.stdout))


def test_the_import_check_catches_a_new_module_level_import(tmp_path: Path) -> None:
    """The check above can fail: a module-level ``import jq`` in the command line is seen."""
    env = _clean_env(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(
        "import dprk_rights.cli.app, jq, rich.console  # what a careless top-level import would do\n",
        encoding="utf-8",
    )
    loaded = _modules(tmp_path, {**env, "PYTHONPATH": str(site)}, "timeline", "--json")
    assert {"jq", "rich"} <= loaded - _modules_of_typer(env) - ALLOWED
