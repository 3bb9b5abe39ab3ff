"""Loading and validation: every kind of bad input is one located error line and exit status 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from dprk_rights import DataError, load_timeline
from tests.conftest import MINI_TIMELINE


def test_library_loads_a_valid_file(mini_path: Path) -> None:
    timeline = load_timeline(mini_path)
    assert [e.id for e in timeline.events] == ["first-event", "second-event", "third-event"]
    assert timeline.event("second-event").disputed
    assert timeline.source("alpha").published.precision == "month"


# (description, old text, new text, field, message part). The fixture's text is replaced
# verbatim; the error is expected on the line where the new text starts, or for a repeated
# field on the line of the repeat.
MUTATIONS = [
    (
        "unknown source",
        "source: beta\n        quote: on 22",
        "source: betta\n        quote: on 22",
        "events[2].citations[0].source",
        "unknown source 'betta' (did you mean 'beta'?)",
    ),
    (
        "duplicate event id",
        "id: third-event",
        "id: first-event",
        "events[2].id",
        "duplicate event id 'first-event' (first at line 16)",
    ),
    (
        "badly formatted date",
        "date: 2014-12-22",
        "date: 22/12/2014",
        "events[2].date",
        "'22/12/2014' is not a date interval of the form START/END (e.g. 2013/2015, 2023-08/.. or ../2024-10)",
    ),
    (
        "interval ending before it starts",
        "date: 2014-12-22",
        "date: 2015/2013",
        "events[2].date",
        "'2015/2013' ends before it starts",
    ),
    (
        "impossible date",
        "date: 2014-12-22",
        "date: 2014-02-30",
        "events[2].date",
        "'2014-02-30' is not a real day (February 2014 has 28 days)",
    ),
    (
        "empty citations",
        "citations:\n      - source: beta\n        quote: on 22 December 2014 the council met",
        "citations: []",
        "events[2].citations",
        "an event needs at least one citation",
    ),
    (
        "missing citations",
        "    citations:\n      - source: beta\n        quote: on 22 December 2014 the council met\n",
        "",
        "events[2].citations",
        "is required but missing",
    ),
    (
        "quote too long",
        "quote: the commission urged a referral",
        "quote: " + " ".join(["word"] * 26),
        "events[1].citations[0].quote",
        "quote has 26 words; at most 25 allowed",
    ),
    (
        "unknown field",
        "summary: The council",
        "sumary: The council",
        "events[0].sumary",
        "unknown field 'sumary' (did you mean 'summary'?)",
    ),
    (
        "duplicate field",
        "title: A commission is created",
        "title: A commission is created\n    title: Again",
        "events[0].title",
        "duplicate field (a later value would silently replace the first)",
    ),
    (
        "number for text",
        "title: A commission is created",
        "title: 1984",
        "events[0].title",
        "expected text, got a number ('1984'); put the value in quotes",
    ),
    (
        "list for a mapping",
        "actors: [UN Human Rights Council]",
        "actors: {name: UN Human Rights Council}",
        "events[0].actors",
        "expected a list, got a mapping",
    ),
    ("bad slug", "id: first-event", "id: First Event", "events[0].id", "'First Event' is not a slug"),
    (
        "object-constructing tag",
        "title: A commission is created",
        "title: !!python/object/apply:os.system [echo hi]",
        "events[0].title",
        "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
    ),
]


@pytest.mark.parametrize(("old", "new", "field", "message"), [m[1:] for m in MUTATIONS], ids=[m[0] for m in MUTATIONS])
def test_bad_field_is_one_located_error_and_exit_2(tmp_path: Path, invoke, old, new, field, message) -> None:
    assert old in MINI_TIMELINE
    text = MINI_TIMELINE.replace(old, new, 1)
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    result = invoke("--data", str(path), "timeline")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    located = [e for e in result.stderr.splitlines() if f": {field}: {message}" in e]
    assert located, result.stderr
    if new:
        marker = new.splitlines()[-1 if "duplicate" in message else 0]
        expected_line = text[: text.rindex(marker)].count("\n") + 1
        assert located[0].startswith(f"Error: {path}:{expected_line}: "), located[0]


def test_library_reports_every_problem_at_once(tmp_path: Path) -> None:
    text = MINI_TIMELINE.replace("date: 2013-03", "date: 2013-13").replace("source: beta\n", "source: gamma\n")
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_timeline(path)
    fields = [p.field for p in caught.value.problems]
    assert "events[0].date" in fields
    assert "events[1].citations[1].source" in fields
    assert [p.line for p in caught.value.problems] == sorted(p.line for p in caught.value.problems)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty; a timeline needs 'sources' and 'events'"),
        (b"# only a comment\n", "holds no YAML document"),
        ("sources: []\nevents: [\n  caf\xe9".encode("latin-1"), "3: is not UTF-8 text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is a binary file, not a timeline file"),
        (b"sources: []\nevents:\n  - id: x\n   date: 2014\n", "YAML syntax error"),
        (b"- just\n- a list\n", "the top level must be a mapping with 'sources' and 'events', got a list"),
        (b"sources: []\nevents: nope\n", "2: events: expected a list, got text ('nope')"),
        (b"sources: []\n", "1: events: is required but missing"),
    ],
    ids=[
        "empty",
        "comment only",
        "not utf-8",
        "binary",
        "yaml syntax",
        "top-level list",
        "events not a list",
        "no events",
    ],
)
def test_unreadable_files_are_one_error_and_exit_2(tmp_path: Path, invoke, content: bytes, message: str) -> None:
    path = tmp_path / "timeline.yaml"
    path.write_bytes(content)
    result = invoke("--data", str(path), "timeline")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {path}")
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_missing_file_and_directory(tmp_path: Path, invoke) -> None:
    missing = invoke("--data", str(tmp_path / "nope.yaml"), "timeline")
    assert (missing.exit_code, missing.stderr) == (2, f"Error: {tmp_path / 'nope.yaml'}: no such file\n")
    folder = invoke("--data", str(tmp_path), "sources")
    assert (folder.exit_code, folder.stderr) == (2, f"Error: {tmp_path}: is a directory, not a timeline file\n")


def test_environment_variable_selects_the_file(tmp_path: Path, invoke) -> None:
    result = invoke("timeline", env={"DPRK_TIMELINE": str(tmp_path / "env.yaml")})
    assert result.exit_code == 2
    assert "env.yaml: no such file" in result.stderr


@pytest.mark.parametrize("sources_last", [False, True], ids=["sources first", "sources last"])
@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (
            "- source: beta\n        quote: on 22",
            "- source: betta\n        quote: on 22",
            "events[2].citations[0].source",
            "unknown source 'betta' (did you mean 'beta'?)",
        ),
        (
            "- source: beta\n        claim:",
            "- source: gamma\n        claim:",
            "events[1].disputes[0].source",
            "unknown source 'gamma'",
        ),
    ],
    ids=["citation", "dispute"],
)
def test_unknown_source_is_one_located_error_for_every_reader(
    tmp_path: Path, invoke, old, new, field, message, sources_last
) -> None:
    text = MINI_TIMELINE.replace(old, new, 1)
    if sources_last:
        sources, events = text.split("events:\n")
        text = "events:\n" + events + sources
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    line = text[: text.index(new)].count("\n") + 1
    for args in (["timeline"], ["--no-cache", "timeline"], ["sources"], ["export", "--format", "json"]):
        result = invoke("--data", str(path), *args)
        assert (result.exit_code, result.stdout) == (2, ""), args
        assert result.stderr == f"Error: {path}:{line}: {field}: {message}\n", args


def test_library_check_keeps_no_event_with_a_dangling_reference(tmp_path: Path) -> None:
    from dprk_rights.reading.loader import check_timeline

    text = MINI_TIMELINE.replace("- source: beta\n        claim:", "- source: gamma\n        claim:")
    sources, events = text.split("events:\n")
    for ordered in (text, "events:\n" + events + sources):
        check = check_timeline(ordered, "t.yaml", positions=True)
        assert [p.field for p in check.problems] == ["events[1].disputes[0].source"]
        assert [e.id for e in check.timeline.events] == ["first-event", "third-event"]
        assert "second-event" not in check.event_fields
        assert [e.id for e in check.event_entries] == ["first-event", "second-event", "third-event"]
        for event in check.timeline.events:
            assert all(check.timeline.source(s) is not None for s in event.source_ids)
