"""Hostile and broken input: every command that reads a timeline answers with one located line and
exit status 2 (validate: 2 when the file cannot be read, 1 when it reads but has problems), never a
traceback, never executing or expanding anything."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dprk_rights import DataError
from dprk_rights.reading.loader import check_timeline
from tests.conftest import MINI_TIMELINE, REPO

LOADING_COMMANDS = [
    ["timeline"],
    ["search", "council"],
    ["sources"],
    ["show", "first-event"],
    ["sources", "alpha"],
    ["votes"],
]
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def bomb() -> str:
    """A "billion laughs" document: nine levels of nine aliases each."""
    lines = ["sources: []", 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    lines.append("events: [*i]")
    return "\n".join(lines) + "\n"


# (id, file content, message part) for files that cannot be read as a timeline at all.
UNREADABLE = [
    ("empty", b"", "is empty"),
    ("not utf-8", "events: [caf\xe9]\n".encode("latin-1"), ":1: is not UTF-8 text"),
    ("binary", bytes(range(256)) * 4, "is a binary file"),
    ("yaml syntax", b"sources: [\nevents: {\n", "YAML syntax error"),
    ("billion laughs", bomb().encode(), ":3: YAML aliases (*a) are not allowed"),
    ("deep nesting", b"sources: []\nevents: " + b"[" * 50_000 + b"]" * 50_000 + b"\n", "maximum nesting depth"),
]

# (id, file content, message part) for files that read as YAML but are not a timeline.
MALFORMED = [
    ("top level a list", "- sources\n- events\n", ":1: the top level must be a mapping"),
    ("top level text", "just some text\n", ":1: the top level must be a mapping with 'sources' and 'events', got text"),
    ("events not a list", "sources: []\nevents: {a: 1}\n", ":2: events: expected a list, got a mapping"),
    ("sources not a list", "sources: 5\nevents: []\n", ":1: sources: expected a list, got a number ('5')"),
    ("second document", "sources: []\nevents: []\n---\nmore: 1\n", ":3: a second YAML document"),
    (
        "python object tag",
        "sources: []\nevents: !!python/object/apply:os.system ['echo pwned']\n",
        "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
    ),
]


def run_case(invoke, tmp_path: Path, content: bytes, args: list[str], via_env: bool):
    path = tmp_path / "hostile.yaml"
    path.write_bytes(content)
    if via_env:
        return path, invoke(*args, env={"DPRK_TIMELINE": str(path)})
    return path, invoke("--data", str(path), *args)


@pytest.mark.parametrize("via_env", [False, True], ids=["--data", "DPRK_TIMELINE"])
@pytest.mark.parametrize("args", [*LOADING_COMMANDS, ["validate"]], ids=lambda a: " ".join(a))
@pytest.mark.parametrize(("content", "message"), [c[1:] for c in UNREADABLE], ids=[c[0] for c in UNREADABLE])
def test_unreadable_file_is_one_line_exit_2(invoke, tmp_path, content, message, args, via_env) -> None:
    path, result = run_case(invoke, tmp_path, content, args, via_env)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {path}")
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("via_env", [False, True], ids=["--data", "DPRK_TIMELINE"])
@pytest.mark.parametrize("args", LOADING_COMMANDS, ids=lambda a: " ".join(a))
@pytest.mark.parametrize(("content", "message"), [c[1:] for c in MALFORMED], ids=[c[0] for c in MALFORMED])
def test_malformed_timeline_is_one_line_exit_2(invoke, tmp_path, content, message, args, via_env) -> None:
    path, result = run_case(invoke, tmp_path, content.encode(), args, via_env)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {path}:")
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(("content", "message"), [c[1:] for c in MALFORMED], ids=[c[0] for c in MALFORMED])
def test_validate_lists_malformed_structure_as_problems(invoke, tmp_path, content, message) -> None:
    _, result = run_case(invoke, tmp_path, content.encode(), ["validate"], via_env=False)
    assert result.exit_code == 1
    located = re.sub(r"^:(\d+):", r":\1:\\d+: error:", re.escape(message))  # validate adds column and severity
    assert re.search(located, result.stdout), result.stdout


def test_missing_file_and_directory_for_every_command(invoke, tmp_path: Path) -> None:
    for args in [*LOADING_COMMANDS, ["validate"]]:
        missing = invoke("--data", str(tmp_path / "absent.yaml"), *args)
        assert (missing.exit_code, missing.stderr) == (2, f"Error: {tmp_path / 'absent.yaml'}: no such file\n")
        folder = invoke(*args, env={"DPRK_TIMELINE": str(tmp_path)})
        assert (folder.exit_code, folder.stderr) == (2, f"Error: {tmp_path}: is a directory, not a timeline file\n")


def test_object_constructing_tags_are_never_executed(invoke, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    for tag in ("python/object/apply:os.system", "python/object/new:os.system"):
        text = MINI_TIMELINE.replace("title: A commission is created", f"title: !!{tag} ['touch {marker}']")
        path = tmp_path / "tagged.yaml"
        path.write_text(text, encoding="utf-8")
        result = invoke("--data", str(path), "timeline")
        assert result.exit_code == 2
        assert f"events[0].title: YAML tag 'tag:yaml.org,2002:{tag}' is not allowed here" in result.stderr
    assert not marker.exists()


# Wrong types: (id, text in the fixture, replacement, field, message part).
WRONG_TYPES = [
    ("source id a number", "  - id: alpha", "  - id: 42", "sources[0].id", "expected text, got a number ('42')"),
    ("published a list", "published: 2015-06", "published: [2015]", "sources[0].published", "expected a date"),
    (
        "url a mapping",
        "url: https://example.org/alpha",
        "url: {a: b}",
        "sources[0].url",
        "expected text, got a mapping",
    ),
    ("source a list", "  - id: beta\n", "  - [beta]\n  - id: beta\n", "sources[1]", "expected a mapping of fields"),
    ("date a list", "date: 2013-03", "date: [2013]", "events[0].date", "expected a date"),
    ("date a bool", "date: 2013-03", "date: yes", "events[0].date", "got a yes/no value ('yes')"),
    ("title a number", "title: A commission is created", "title: 3.5", "events[0].title", "got a number ('3.5')"),
    (
        "summary a list",
        "summary: The council created a commission of inquiry.",
        "summary: [The council created a commission of inquiry.]",
        "events[0].summary",
        "got a list",
    ),
    ("tags text", "tags: [commission-of-inquiry]", "tags: commission-of-inquiry", "events[0].tags", "expected a list"),
    ("tag a number", "tags: [commission-of-inquiry]", "tags: [7]", "events[0].tags[0]", "got a number ('7')"),
    ("actors a mapping", "actors: [UN Human Rights Council]", "actors: {a: b}", "events[0].actors", "got a mapping"),
    (
        "citations text",
        "citations:\n      - source: alpha\n        quote: in March",
        "citations: alpha\n    x:\n      - source: alpha\n        quote: in March",
        "events[0].citations",
        "expected a list",
    ),
    (
        "citation a list",
        "      - source: alpha\n        quote: in March 2013 the council created a commission",
        "      - [alpha, in March 2013 the council created a commission]",
        "events[0].citations[0]",
        "expected a mapping",
    ),
    (
        "quote a number",
        "quote: the commission urged a referral",
        "quote: 12",
        "events[1].citations[0].quote",
        "got a number",
    ),
    (
        "disputes a mapping",
        "disputes:\n      - source: beta",
        "disputes:\n        source: beta",
        "events[1].disputes",
        "expected a list",
    ),
    ("claim a list", "claim: This happened in 2015.", "claim: [2015]", "events[1].disputes[0].claim", "got a list"),
    ("note null", "note: Alpha dates it to 2014.", "note: ~", "", ""),  # an empty optional field is fine
]


@pytest.mark.parametrize(
    ("old", "new", "field", "message"), [w[1:] for w in WRONG_TYPES], ids=[w[0] for w in WRONG_TYPES]
)
def test_wrong_types_are_located_errors(invoke, tmp_path: Path, old: str, new: str, field: str, message: str) -> None:
    assert old in MINI_TIMELINE
    path = tmp_path / "typed.yaml"
    path.write_text(MINI_TIMELINE.replace(old, new, 1), encoding="utf-8")
    result = invoke("--data", str(path), "timeline", "--json")
    if not field:
        assert result.exit_code == 0
        return
    assert result.exit_code == 2, result.stdout
    assert "Traceback" not in result.stderr
    assert re.search(
        rf"^Error: {re.escape(str(path))}:\d+: {re.escape(field)}: .*{re.escape(message)}", result.stderr, re.M
    )


HOSTILE_TEXT = textwrap.dedent(
    """\
    sources:
      - id: evil
        title: "[bold red]Source[/bold red] \\e[31mtitle"
        publisher: "[link=https://evil.example]Publisher[/link]"
        published: 2020
        kind: "\\e]8;;https://evil.example\\e\\\\kind"
        note: "[blink]note[/blink]"
    events:
      - id: markup
        date: 2020
        title: "[bold red]Title[/bold red] \\e[2J"
        summary: "Summary [link=https://evil.example]click[/link] \\e[31mred"
        tags: [border]
        actors: ["[red]Actor[/red]"]
        note: "[i]note[/i]"
        citations:
          - source: evil
            quote: "quote [sic] \\e[5mblink"
        disputes:
          - source: evil
            claim: "[bold]claim[/bold]"
            note: "\\e[1mnote"
    """
)


@pytest.mark.parametrize(
    "args",
    [["timeline"], ["show", "markup"], ["sources"], ["sources", "evil"], ["search", "title"], ["validate"]],
    ids=lambda a: " ".join(a),
)
def test_markup_and_escape_sequences_print_literally(invoke, tmp_path: Path, args: list[str]) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE_TEXT, encoding="utf-8")
    for env in ({"FORCE_COLOR": "1", "COLUMNS": "200"}, {}):
        result = invoke("--data", str(path), *args, env=env)
        assert result.exit_code in (0, 1)
        raw = result.stdout
        # Every escape sequence left is one of Rich's own SGR styles: no cursor moves, links, blinks or clears.
        leftovers = re.sub(r"\x1b\[[0-9;]*m", "", raw)
        assert "\x1b" not in leftovers
        for code in re.findall(r"\x1b\[([0-9;]*)m", raw):
            assert not {"5", "6"} & set(code.split(";")), "blink from data"
        text = ANSI.sub("", raw)
        expected = {
            "timeline": ["[bold red]Title[/bold red] \\x1b[2J"],
            "show": [
                "[bold red]Title[/bold red]",
                "[link=https://evil.example]click[/link]",
                "[sic] \\x1b[5mblink",
                "[red]Actor[/red]",
                "[bold]claim[/bold]",
                "[i]note[/i]",
            ],
            "sources": ["[link=https://evil.example]Publisher[/link]"],
            "search": ["[bold red]Title[/bold red]"],
            "validate": ["OK"],
        }[args[0]]
        if args == ["sources", "evil"]:
            expected = [
                "[bold red]Source[/bold red] \\x1b[31mtitle",
                "\\x1b]8;;https://evil.example\\x1b\\kind",
                "[blink]note[/blink]",
            ]
        for fragment in expected:
            assert fragment in text, (fragment, text)


#: Peak memory the cached load may add per MB of timeline file. The file is read whole (1 MB per MB)
#: and each event's id is kept for the duplicate check: about 1.8 MB per MB with libyaml, 2.9 with
#: PyYAML's pure-Python parser (which also decodes the text). Keeping every event as a model object
#: costs about 5.3 MB per MB, keeping every YAML node about 18: both fail.
MAX_MB_PER_FILE_MB = 4.0
_PEAK_PROBE = (
    "import resource, subprocess, sys\n"
    "result = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"  # KiB on Linux, of the one child
    "print(result.returncode, peak, result.stdout.count('event-'), result.stderr[:200], sep='|')\n"
)


def _peak_kib_loading(path: Path, megabytes: float) -> tuple[int, int]:
    """Write a timeline of about ``megabytes`` MB at ``path``; (events written, peak RSS in KiB of
    ``dprk timeline --limit 3 --json`` on it, which builds its cache), measured in a child process."""
    head, events = MINI_TIMELINE.split("events:\n")
    template = events.split("  - id: second-event")[0]
    with path.open("w", encoding="utf-8") as out:
        out.write(head + "events:\n")
        n = 0
        while out.tell() < megabytes * 1_000_000:
            out.write(template.replace("first-event", f"event-{n}"))
            n += 1
    command = [sys.executable, "-c", _PEAK_PROBE, sys.executable, "-m", "dprk_rights", "--data", str(path)]
    output = subprocess.run(
        [*command, "timeline", "--limit", "3", "--json"], capture_output=True, text=True, timeout=600, check=True
    )
    returncode, peak_kib, shown, stderr = output.stdout.strip().split("|", 3)
    assert (returncode, shown, stderr) == ("0", "3", ""), f"loading {n} events"
    return n, int(peak_kib)


def test_memory_does_not_grow_with_the_file_beyond_its_own_size(tmp_path: Path) -> None:
    """Loading streams the events into the cache: peak memory grows with the file by about the file's
    own size, not by what its events or YAML nodes would take in memory. The growth is measured
    between a 1 MB and a 6 MB file (their difference cancels the start-up and fixed buffers)."""
    small_events, small_peak = _peak_kib_loading(tmp_path / "small.yaml", 1)
    large_events, large_peak = _peak_kib_loading(tmp_path / "large.yaml", 6)
    per_mb = (large_peak - small_peak) / 1024 / 5
    assert per_mb < MAX_MB_PER_FILE_MB, (
        f"peak RSS grew {per_mb:.1f} MB per MB of file ({small_peak // 1024} MB for {small_events} events, "
        f"{large_peak // 1024} MB for {large_events})"
    )


# -- property-based: random documents and random mutations of the real timeline -----------------

yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=30,
)
timeline_keys = st.sampled_from(["sources", "events", "id", "date", "title", "summary", "citations", "quote", "source"])
timeline_like = st.recursive(
    st.none() | st.integers() | st.text(max_size=20) | st.sampled_from(["2014", "2014-13", "alpha", "x" * 200]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(timeline_keys, children, max_size=5),
    max_leaves=40,
)
REAL_TEXT = (REPO / "data" / "timeline.yaml").read_text(encoding="utf-8")


def model_or_clean_error(data: bytes | str) -> None:
    try:
        check = check_timeline(data, "random.yaml")
    except DataError as error:
        assert error.problems and all(str(p).startswith("random.yaml") for p in error.problems)
        return
    assert all(p.file == "random.yaml" and p.message for p in check.problems)
    if not check.problems:  # a clean read: every event kept, and every source it cites is in the model
        assert list(check.event_fields) == [e.id for e in check.timeline.events]
        known = {s.id for s in check.timeline.sources}
        assert all(set(e.source_ids) <= known for e in check.timeline.events)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(yaml_values, timeline_like))
def test_random_yaml_documents_give_a_model_or_a_clean_error(document: object) -> None:
    model_or_clean_error(yaml.safe_dump(document, allow_unicode=True))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_random_text_gives_a_model_or_a_clean_error(text: str) -> None:
    model_or_clean_error(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["delete", "duplicate", "insert", "replace", "swap"]),
            st.integers(min_value=0, max_value=len(REAL_TEXT) - 1),
            st.text(alphabet="abc:- []{}'\"\n#&*!|>0123456789", max_size=8),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_mutations_of_the_real_timeline_give_a_model_or_a_clean_error(edits: list[tuple[str, int, str]]) -> None:
    text = REAL_TEXT
    for operation, position, fragment in edits:
        position %= max(len(text), 1)
        if operation == "delete":
            text = text[:position] + text[position + len(fragment) + 1 :]
        elif operation == "duplicate":
            text = text[:position] + text[position : position + 40] + text[position:]
        elif operation == "insert":
            text = text[:position] + fragment + text[position:]
        elif operation == "replace":
            text = text[:position] + fragment + text[position + len(fragment) :]
        else:
            lines = text.splitlines(keepends=True)
            i = position % len(lines)
            j = (i + 1) % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
            text = "".join(lines)
    model_or_clean_error(text)


def test_json_output_is_valid_even_with_hostile_text(invoke, tmp_path: Path) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE_TEXT, encoding="utf-8")
    events = json.loads(invoke("--data", str(path), "timeline", "--json").stdout)
    assert events[0]["title"] == "[bold red]Title[/bold red] \x1b[2J"  # JSON keeps the data exactly
    assert events[0]["summary"] == "Summary [link=https://evil.example]click[/link] \x1b[31mred"
    assert events[0]["citations"][0]["quote"] == "quote [sic] \x1b[5mblink"
