"""`dprk validate`, `dprk sources ID --check` and `--disputed`: located problems, all at once."""

from __future__ import annotations

import difflib as _difflib
import json
import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MINI_TIMELINE, REPO, SOURCES_DIR, needs_sources

# Each problem below is planted on purpose; the comment names the check that finds it.
FLAWED = textwrap.dedent(
    """\
    sources:
      - id: alpha
        title: Alpha report
        publisher: Alpha Watch
        published: 2015-06
        kind: NGO country brief
      - id: beta
        title: Beta dispatch
        publisher: Beta News
        kind: dispatch
      - id: unused
        title: Nobody cites this
        publisher: Gamma
        published: 2020
        kind: editorial
    events:
      - id: later
        date: 2014-12
        title: The council meets on the situation
        summary: The council met.
        tags: [security-council]
        citations:
          - source: beta
            quote: the council met in December 2014
      - id: earlier
        date: 2013-03
        title: A commission is created
        summary: In March 2013 the council created a commission of inquiry to investigate.
        tags: [commision-of-inquiry]
        citations:
          - source: alpha
            quote: in March 2013 the council created a commission of inquiry to investigate
      - id: future
        date: 2016
        title: Something alpha could not know
        summary: An event after alpha was published.
        citations:
          - source: alpha
            quote: this sentence is not in the alpha text
      - id: future-twin
        date: 2016
        title: Something alpha could not know!
        summary: A near copy of the previous title.
        citations:
          - source: beta
            quote: the council met in December 2014
      - id: bad-date
        date: 2016-02-30
        title: Impossible
        summary: No such day.
        citations:
          - source: beta
            quote: the council met in December 2014
    """
)


@pytest.fixture
def flawed(tmp_path: Path) -> tuple[Path, Path]:
    """The flawed timeline and a folder of its source texts."""
    path = tmp_path / "flawed.yaml"
    path.write_text(FLAWED, encoding="utf-8")
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "alpha.txt").write_text(
        "Report. In March 2013 the council created a commission of inquiry to investigate abuses.\n", encoding="utf-8"
    )
    (texts / "beta.txt").write_text("News: the council met in\nDecember 2014 \u2013 at last.\n", encoding="utf-8")
    return path, texts


def line_of(fragment: str, occurrence: int = 1) -> int:
    lines = FLAWED.splitlines()
    found = [i for i, line in enumerate(lines, 1) if fragment in line]
    return found[occurrence - 1]


def test_validate_reports_every_problem_located_and_in_order(invoke, flawed: tuple[Path, Path]) -> None:
    path, texts = flawed
    result = invoke("validate", str(path), "--sources-dir", str(texts))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    expected = [
        f"{path}:7:9: warning: sources[1].published: no published date",
        f"{path}:11:9: warning: sources[2].id: source 'unused' is not cited by any event",
        f"{path}:26:11: warning: events[1].date: dated 2013-03, after an event dated 2014-12 (line 18)",
        f"{path}:28:14: warning: events[1].summary: copies the alpha quote word for word",
        f"{path}:29:12: error: events[1].tags[0]: tag 'commision-of-inquiry' is not in the vocabulary "
        "(did you mean 'commission-of-inquiry'?)",
        f"{path}:34:11: error: events[2].date: dated 2016, but every citing source was published earlier "
        "(latest 2015-06)",
        f"{path}:39:16: error: events[2].citations[0].quote: quote not found in alpha.txt; closest passage: '",
        f"{path}:42:12: warning: events[3].title: looks like a duplicate of 'future': same date, 98% similar title",
        f"{path}:48:11: error: events[4].date: '2016-02-30' is not a real day (February 2016 has 29 days)",
    ]
    assert len(lines) == len(expected) + 1
    for line, start in zip(lines, expected, strict=False):
        assert line.startswith(start), f"{line!r} does not start with {start!r}"
    # The event with the impossible date is counted, and its quote checked, like the others.
    assert lines[-1] == f"{path}: 5 events checked, 3 sources; 4 errors, 5 warnings; 5 quotes checked against {texts}"


def test_validate_json_lists_problem_objects(invoke, flawed: tuple[Path, Path]) -> None:
    path, texts = flawed
    result = invoke("validate", str(path), "--sources-dir", str(texts), "--json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    assert set(problems[0]) == {"file", "line", "column", "field", "message", "severity"}
    assert {p["severity"] for p in problems} == {"error", "warning"}
    assert [p["line"] for p in problems] == sorted(p["line"] for p in problems)
    bad_day = next(p for p in problems if p["field"] == "events[4].date")
    assert (bad_day["file"], bad_day["line"], bad_day["column"], bad_day["severity"]) == (str(path), 48, 11, "error")


def test_validate_uses_data_option_and_exit_2_when_unreadable(invoke, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("events: [\n", encoding="utf-8")
    result = invoke("--data", str(broken), "validate")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {broken}:2: YAML syntax error")
    missing = invoke("validate", str(tmp_path / "nope.yaml"))
    assert (missing.exit_code, missing.stderr) == (2, f"Error: {tmp_path / 'nope.yaml'}: no such file\n")


def test_validate_reads_the_data_option_and_counts_warnings(invoke, mini_path: Path) -> None:
    result = invoke("validate")
    assert result.exit_code == 1, result.stderr
    assert result.stdout.splitlines() == [
        f"{mini_path}:28:14: warning: events[1].summary: copies the alpha quote word for word ('the commission urged a "
        "referral'); use our own words",
        f"{mini_path}: 3 events checked, 2 sources; 0 errors, 1 warning",
    ]


@needs_sources
def test_shipped_timeline_validates_clean_against_the_sources(invoke) -> None:
    result = invoke("validate", str(REPO / "data" / "timeline.yaml"), "--sources-dir", str(SOURCES_DIR))
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith(f"{REPO / 'data' / 'timeline.yaml'}: OK: ")
    assert " quotes checked: " in result.stdout and "against passages in" in result.stdout


def test_shipped_timeline_validates_clean_without_sources(invoke) -> None:
    """Without --sources-dir, only the seed sources (whose texts live outside the repository, with no
    passage file) go unchecked, each a warning; nothing else is wrong."""
    result = invoke("validate")
    *problems, summary = result.stdout.splitlines()
    assert all(": warning: " in p and ".id: no text of source " in p for p in problems), problems
    assert result.exit_code == (1 if problems else 0), result.stdout
    assert " 0 errors, " in summary


def test_sources_check_shows_found_and_missing_quotes(invoke, flawed: tuple[Path, Path]) -> None:
    path, texts = flawed
    path.write_text(FLAWED.split("  - id: bad-date")[0], encoding="utf-8")  # loadable: only the data is doubtful
    result = invoke("--data", str(path), "sources", "alpha", "--check", "--sources-dir", str(texts))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "found\tearlier\tin March 2013 the council created a commission of inquiry to investigate",
        "MISSING\tfuture\tthis sentence is not in the alpha text",
        "\tclosest in alpha.txt:\tReport. In March 2013 the council created a",
        f"1 of 2 quotes found verbatim in {texts / 'alpha.txt'}",
    ]
    as_json = json.loads(
        invoke("--data", str(path), "sources", "beta", "--check", "--sources-dir", str(texts), "--json").stdout
    )
    assert {r["found"] for r in as_json} == {True}  # line break and dash in the text are normalised


def test_sources_check_needs_the_texts(invoke, mini_path: Path, tmp_path: Path) -> None:
    result = invoke("sources", "alpha", "--check")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: checking quotes needs the source texts: pass --sources-dir DIR or set DPRK_SOURCES_DIR\n",
    )
    no_id = invoke("sources", "--check")
    assert (no_id.exit_code, no_id.stderr) == (2, "Error: --check needs a source ID: dprk sources ID --check\n")
    empty = invoke("sources", "alpha", "--check", "--sources-dir", str(tmp_path))
    assert empty.exit_code == 2
    assert empty.stderr.startswith(f"Error: cannot read the text of alpha: {tmp_path / 'alpha.txt'}")


def test_disputed_filter(invoke, mini_path: Path) -> None:
    assert [e["id"] for e in json.loads(invoke("timeline", "--disputed", "--json").stdout)] == ["second-event"]
    assert [e["id"] for e in json.loads(invoke("search", "council", "--disputed", "--json").stdout)] == ["second-event"]


def test_show_prints_a_disputes_block_on_a_terminal(invoke, mini_path: Path) -> None:
    result = invoke("show", "second-event", env={"FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": "100"})
    text = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    assert "⚠ Disputed" in text
    assert "beta says: This happened in 2015." in text
    assert "Our note: Alpha dates it to 2014." in text


# -- dangling references, masking, severities, bounded work ------------------------------------


def write(tmp_path: Path, text: str, name: str = "t.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_in(text: str, fragment: str) -> int:
    """The line (from 1) where ``fragment`` starts in ``text``."""
    assert fragment in text, fragment
    return text[: text.index(fragment)].count("\n") + 1


def assert_clean_run(result, code: int = 1) -> None:
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    for line in result.stdout.splitlines()[:-1]:
        assert re.match(r"^.+:\d+:\d+: (error|warning): ", line), line


# (id, old text of the fixture, new text, field, message): each makes a reference dangle.
DANGLING = [
    (
        "citation",
        "- source: beta\n        quote: on 22",
        "- source: betta\n        quote: on 22",
        "events[2].citations[0].source",
        "unknown source 'betta' (did you mean 'beta'?)",
    ),
    (
        "second citation",
        "- source: beta\n        quote: referral",
        "- source: alpah\n        quote: referral",
        "events[1].citations[1].source",
        "unknown source 'alpah' (did you mean 'alpha'?)",
    ),
    (
        "dispute",
        "- source: beta\n        claim:",
        "- source: gamma\n        claim:",
        "events[1].disputes[0].source",
        "unknown source 'gamma'",
    ),
    (
        "every citation",
        "- source: alpha\n        quote: in March",
        "- source: nowhere\n        quote: in March",
        "events[0].citations[0].source",
        "unknown source 'nowhere'",
    ),
]


@pytest.mark.parametrize("extra", [[], ["--json"], ["--sources-dir", "TEXTS"]], ids=["plain", "json", "texts"])
@pytest.mark.parametrize(("old", "new", "field", "message"), [d[1:] for d in DANGLING], ids=[d[0] for d in DANGLING])
def test_unknown_source_is_a_located_error_never_a_crash(invoke, tmp_path, old, new, field, message, extra) -> None:
    text = MINI_TIMELINE.replace(old, new, 1)
    path = write(tmp_path, text)
    texts = tmp_path / "texts"
    texts.mkdir()
    for source in ("alpha", "beta"):
        (texts / f"{source}.txt").write_text("in March 2013 the council created a commission\n", encoding="utf-8")
    result = invoke("validate", str(path), *[str(texts) if a == "TEXTS" else a for a in extra])
    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr and result.stderr == ""
    line = line_in(text, new.split("\n")[0])
    if "--json" in extra:
        problem = next(p for p in json.loads(result.stdout) if p["field"] == field)
        assert (problem["line"], problem["severity"], problem["message"]) == (line, "error", message)
        return
    assert re.search(
        rf"^{re.escape(str(path))}:{line}:\d+: error: {re.escape(field)}: {re.escape(message)}$",
        result.stdout,
        re.MULTILINE,
    ), result.stdout
    assert re.search(r": 3 events checked, 2 sources; [1-9]\d* errors?, \d+ warnings?", result.stdout.splitlines()[-1])


def test_sources_listed_after_events_are_resolved_and_unknown_ones_located(invoke, tmp_path: Path) -> None:
    sources, events = MINI_TIMELINE.split("events:\n")
    text = "events:\n" + events.replace("source: beta\n    claim", "source: betta\n    claim") + sources
    text = text.replace("- source: beta\n        claim:", "- source: betta\n        claim:")
    path = write(tmp_path, text)
    result = invoke("validate", str(path))
    assert_clean_run(result)
    line = line_in(text, "- source: betta")
    assert f"{path}:{line}:17: error: events[1].disputes[0].source: unknown source 'betta' (did you mean 'beta'?)" in (
        result.stdout
    )
    assert "unknown source 'alpha'" not in result.stdout
    assert result.stdout.splitlines()[-1] == f"{path}: 3 events checked, 2 sources; 1 error, 1 warning"


def test_a_defined_but_invalid_source_is_not_unknown(invoke, tmp_path: Path) -> None:
    text = MINI_TIMELINE.replace("    title: Beta dispatch\n", "")
    path = write(tmp_path, text)
    result = invoke("validate", str(path))
    assert_clean_run(result)
    assert "sources[1].title: is required but missing" in result.stdout
    assert "unknown source" not in result.stdout
    # Its citing events are still checked: the copied summary of events[1] is reported.
    assert "warning: events[1].summary: copies the alpha quote" in result.stdout


def test_internal_failure_is_not_problems_found(invoke, mini_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dprk_rights.curate import validate as validate

    def broken(check):
        raise AttributeError("'NoneType' object has no attribute 'published'")

    monkeypatch.setattr(validate, "near_duplicates", broken)
    result = invoke("validate")
    assert result.exit_code == 70  # not 1, which means "problems found"
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"Error: validate failed on {mini_path} (AttributeError at ")
    assert result.stderr.rstrip().endswith("this is a bug in dprk")


# (id, replacements, fields expected among the problems): each event has more than one problem.
MASKED = [
    (
        "empty citations and a bad date",
        [
            ("date: 2014-12-22", "date: 2014-13-01"),
            ("citations:\n      - source: beta\n        quote: on 22 December 2014 the council met", "citations: []"),
        ],
        ["events[2].date", "events[2].citations"],
    ),
    (
        "missing title and empty citations",
        [
            ('    title: "Markup [bold red]stays literal[/bold red] here"\n', ""),
            ("citations:\n      - source: beta\n        quote: on 22 December 2014 the council met", "citations: []"),
        ],
        ["events[2].title", "events[2].citations"],
    ),
    (
        "empty citations and an unknown source in a dispute",
        [
            (
                "citations:\n      - source: alpha\n        quote: the commission urged a referral\n"
                "      - source: beta\n        quote: referral to the court was urged",
                "citations: []",
            ),
            ("- source: beta\n        claim:", "- source: gamma\n        claim:"),
        ],
        ["events[1].citations", "events[1].disputes[0].source"],
    ),
    (
        "bad date and a tag outside the vocabulary",
        [("date: 2013-03", "date: 2013-02-30"), ("tags: [commission-of-inquiry]", "tags: [comission-of-inquiry]")],
        ["events[0].date", "events[0].tags[0]"],
    ),
    (
        "unknown source and a near-duplicate title",
        [
            ("- source: beta\n        quote: on 22", "- source: betta\n        quote: on 22"),
            ('title: "Markup [bold red]stays literal[/bold red] here"', 'title: "A commission is created!"'),
            ("date: 2014-12-22", "date: 2013-03"),
        ],
        ["events[2].citations[0].source", "events[2].title"],
    ),
    (
        "duplicate source id with a missing field",
        [("  - id: beta\n    title: Beta dispatch\n", "  - id: alpha\n")],
        ["sources[1].id", "sources[1].title"],
    ),
    (
        "invalid event citing the only citation of a source",
        [("date: 2014-12-22", "date: someday")],
        ["events[2].date"],
    ),
]


@pytest.mark.parametrize(("replacements", "fields"), [m[1:] for m in MASKED], ids=[m[0] for m in MASKED])
def test_every_problem_of_an_event_is_reported_at_once(invoke, tmp_path: Path, replacements, fields) -> None:
    text = MINI_TIMELINE
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = write(tmp_path, text)
    result = invoke("validate", str(path))
    assert_clean_run(result)
    reported = [p["field"] for p in json.loads(invoke("validate", str(path), "--json").stdout)]
    for field in fields:
        assert field in reported, (field, result.stdout)
        assert re.search(rf": (error|warning): {re.escape(field)}: ", result.stdout), field
    # A source cited only by an invalid event is still cited.
    assert "is not cited by any event" not in result.stdout
    errors = sum(": error: " in line for line in result.stdout.splitlines())
    warnings = sum(": warning: " in line for line in result.stdout.splitlines())
    sources = text.split("events:")[0].count("  - id:")
    noun = {1: ""}
    assert result.stdout.splitlines()[-1] == (
        f"{path}: 3 events checked, {sources} sources; {errors} error{noun.get(errors, 's')}, "
        f"{warnings} warning{noun.get(warnings, 's')}"
    )


def test_summary_counts_events_that_are_not_even_mappings(invoke, tmp_path: Path) -> None:
    path = write(tmp_path, MINI_TIMELINE + "  - just text\n  - 42\n")
    result = invoke("validate", str(path))
    assert_clean_run(result)
    assert result.stdout.splitlines()[-1].startswith(f"{path}: 5 events checked, 2 sources; 2 errors, ")


def test_terminal_output_marks_errors_and_warnings(invoke, tmp_path: Path) -> None:
    path = write(tmp_path, MINI_TIMELINE.replace("date: 2014-12-22", "date: 2014-13-22"))
    result = invoke("validate", str(path), env={"FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": "300"})
    assert result.exit_code == 1
    text = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    assert f"{path}:28:14: warning: events[1].summary: copies the alpha quote" in text
    assert re.search(rf"{re.escape(str(path))}:\d+:11: error: events\[2\]\.date: '2014-13-22' has no month 13", text)
    assert text.splitlines()[-1] == f"{path}: 3 events checked, 2 sources; 1 error, 1 warning"


def test_clean_file_says_ok_with_counts(invoke, tmp_path: Path) -> None:
    text = MINI_TIMELINE.replace("summary: The commission urged a referral", "summary: A referral was urged")
    path = write(tmp_path, text)
    result = invoke("validate", str(path))
    assert (result.exit_code, result.stdout) == (0, f"{path}: OK: 3 events checked, 2 sources; 0 errors, 0 warnings\n")


def crowded_timeline(titles: list[str], date: str = "2014") -> str:
    """One source and one event per title, all on the same date."""
    lines = ["sources:", "  - id: alpha", "    title: Alpha", "    publisher: A", "    published: 2020", "    kind: k"]
    lines.append("events:")
    for i, title in enumerate(titles):
        lines += [
            f"  - id: event-{i}",
            f"    date: {date}",
            f"    title: {json.dumps(title)}",
            f"    summary: Summary {i}.",
            "    citations:",
            "      - source: alpha",
            f"        quote: quote number {i}",
        ]
    return "\n".join(lines) + "\n"


class CountingMatcher:
    """difflib.SequenceMatcher, counting the pairs it is asked to compare."""

    pairs = 0

    def __new__(cls, *args, **kwargs):
        matcher = ORIGINAL_MATCHER(*args, **kwargs)
        original = matcher.set_seq1

        def set_seq1(a):
            CountingMatcher.pairs += 1
            original(a)

        matcher.set_seq1 = set_seq1
        return matcher


ORIGINAL_MATCHER = _difflib.SequenceMatcher


def test_near_duplicates_in_a_crowded_date_are_found_without_comparing_every_pair(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import random

    rng = random.Random(7)
    titles = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(50)) for _ in range(600)]
    titles[10] = "Security Council holds first meeting on the situation"
    titles[590] = "security council holds first meeting on the situation!"  # same beginning, far apart
    titles[20] = "Xavier reports on executions in the northern provinces"
    titles[580] = "Javier reports on executions in the northern provinces"  # same end only
    path = write(tmp_path, crowded_timeline(titles))
    CountingMatcher.pairs = 0
    monkeypatch.setattr(_difflib, "SequenceMatcher", CountingMatcher)
    result = invoke("validate", str(path), "--json")
    duplicates = {p["field"]: p["message"] for p in json.loads(result.stdout) if "duplicate" in p["message"]}
    assert duplicates == {
        "events[590].title": "looks like a duplicate of 'event-10': same date, 99% similar title",
        "events[580].title": "looks like a duplicate of 'event-20': same date, 98% similar title",
    }
    assert CountingMatcher.pairs < 600 * 600 // 10  # all pairs would be 179,700


def test_closest_passage_in_a_long_text_is_found_without_scanning_every_window(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import random

    rng = random.Random(3)
    filler = [
        "the",
        "of",
        "and",
        "a",
        "to",
        "in",
        "is",
        "was",
        "that",
        "for",
        "on",
        "are",
        "with",
        "as",
        "by",
        "at",
        "from",
    ]
    words = [rng.choice(filler) for _ in range(60_000)]
    words[41_000:41_009] = ["prisoners", "were", "moved", "to", "the", "mountain", "camp", "last", "winter"]
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "alpha.txt").write_text(" ".join(words), encoding="utf-8")
    text = crowded_timeline(["One event"]).replace(
        "quote number 0", "prisoners were moved to a mountain camp last winter"
    )
    path = write(tmp_path, text)
    CountingMatcher.pairs = 0
    monkeypatch.setattr(_difflib, "SequenceMatcher", CountingMatcher)
    result = invoke("validate", str(path), "--sources-dir", str(texts))
    assert result.exit_code == 1
    assert (
        "error: events[0].citations[0].quote: quote not found in alpha.txt; closest passage: "
        "'prisoners were moved to the mountain camp last winter'" in result.stdout
    )
    assert CountingMatcher.pairs < 1000  # every window would be 59,992


def test_unknown_source_suggestions_among_many_sources_and_for_a_huge_id(invoke, tmp_path: Path) -> None:
    sources = "".join(
        f"  - id: report-{i:05d}\n    title: T\n    publisher: P\n    published: 2020\n    kind: k\n"
        for i in range(3000)
    )
    events = "".join(
        f"  - id: e-{i}\n    date: 2014\n    title: Event {i}\n    summary: S.\n    citations:\n"
        f"      - source: {source}\n        quote: q\n"
        for i, source in enumerate(["report-01234", "reprot-02345", "x" * 5000])
    )
    path = write(tmp_path, f"sources:\n{sources}events:\n{events}")
    result = invoke("validate", str(path))
    assert_clean_run(result)
    assert "error: events[1].citations[0].source: unknown source 'reprot-02345' (did you mean 'report-02345'?)" in (
        result.stdout
    )
    huge = next(line for line in result.stdout.splitlines() if "events[2].citations[0].source" in line)
    assert huge.endswith("unknown source 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'")


REPLACEMENTS = ["beta", "gamma", "[]", "", "2014-13", "../2014", "null", "[alpha]", "{a: b}", "x" * 300, "42"]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    base=st.sampled_from(["mini", "flawed"]),
    edits=st.lists(
        st.tuples(st.sampled_from(["delete", "duplicate", "value"]), st.integers(0, 60), st.sampled_from(REPLACEMENTS)),
        min_size=1,
        max_size=4,
    ),
)
def test_validate_on_mutated_timelines_never_crashes(invoke, tmp_path_factory, base, edits) -> None:
    lines = (MINI_TIMELINE if base == "mini" else FLAWED).splitlines()
    for action, index, value in edits:
        i = index % len(lines)
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif ":" in lines[i]:
            lines[i] = lines[i].split(":", 1)[0] + ": " + value
    path = tmp_path_factory.mktemp("mutated") / "t.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke("validate", str(path))  # an exception here fails the test (catch_exceptions=False)
    assert result.exit_code in (0, 1, 2), result.stderr
    if result.exit_code == 2:
        assert result.stdout == "" and result.stderr.startswith(f"Error: {path}")
        return
    *problems, summary = result.stdout.splitlines()
    assert re.fullmatch(rf"{re.escape(str(path))}: (OK: )?\d+ events? checked, \d+ sources?; .*", summary)
    assert all(re.match(rf"^{re.escape(str(path))}:\d+:\d+: (error|warning): ", p) for p in problems), problems
    assert bool(problems) == (result.exit_code == 1)


# -- every problem kind in the compiler convention, and as GitHub Actions annotations ------------------

#: Changes to the small test timeline, each making a different kind of problem (loader errors, validate's
#: own errors and warnings, problems outside any event, a second document).
PROBLEM_KINDS = [
    ("sources:", "extra: 1\nsources:"),  # unknown top-level field
    ("    kind: dispatch\n", ""),  # a required field missing
    ("    title: Beta dispatch\n", "    title: Beta dispatch\n    title: again\n"),  # duplicate field
    ("  - id: first-event", "  - id: First_Event"),  # not a slug
    ("date: 2013-03", "date: 2013-02-30"),  # not a real day
    ("date: 2014-12-22", "date: 2012"),  # out of order (warning)
    ("tags: [commission-of-inquiry]", "tags: [commision-of-inquiry]"),  # not in the vocabulary
    ("- source: alpha\n        quote: in March", "- source: alpah\n        quote: in March"),  # unknown source
    ("published: 2020", "published: null"),  # undated source (warning)
    ("  - id: beta\n", "  - just text\n  - id: beta\n"),  # an entry that is not a mapping
    ("title: A commission is created", "title: 1984"),  # a number for text
    (  # no citation, and an unknown field
        "    citations:\n      - source: beta\n        quote: on 22",
        "    citations: []\n    cited:\n      - source: beta\n        quote: on 22",
    ),
    ("", "---\nsecond: document\n"),  # a second YAML document (appended)
]


def problem_kind_file(tmp_path: Path, old: str, new: str) -> Path:
    text = MINI_TIMELINE + new if old == "" else MINI_TIMELINE.replace(old, new, 1)
    assert old == "" or text != MINI_TIMELINE, old
    path = tmp_path / "kinds.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new"), PROBLEM_KINDS, ids=[(n or "removed " + o).strip()[:30] for o, n in PROBLEM_KINDS]
)
def test_every_problem_kind_is_located_in_plain_and_github_output(invoke, tmp_path: Path, old: str, new: str) -> None:
    path = problem_kind_file(tmp_path, old, new)
    plain_result = invoke("validate", str(path))
    github_result = invoke("validate", str(path), "--format", "github")
    explicit_plain = invoke("validate", str(path), "--format", "plain")
    assert plain_result.exit_code == github_result.exit_code == explicit_plain.exit_code == 1, plain_result.output
    assert explicit_plain.stdout == plain_result.stdout
    *problems, summary = plain_result.stdout.splitlines()
    assert problems and summary.startswith(f"{path}: ")
    located = re.compile(rf"^{re.escape(str(path))}:(\d+):(\d+): (error|warning): \S")
    assert all(located.match(line) for line in problems), problems
    *annotations, github_summary = github_result.stdout.splitlines()
    assert github_summary == summary
    assert len(annotations) == len(problems)
    for line, annotation in zip(problems, annotations, strict=True):
        match = located.match(line)
        assert match is not None
        number, column, severity = match.groups()
        prefix = f"::{severity} file={str(path).replace(':', '%3A')},line={number},col={column},title="
        assert annotation.startswith(prefix), (annotation, line)
        assert line.endswith(annotation.partition("::")[2].partition("::")[2].replace("%25", "%"))


def test_github_annotations_escape_data_per_the_workflow_commands_spec(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``%``, CR and LF in a message; those and ``:`` and ``,`` in a property: no data ends or adds a command."""
    path = problem_kind_file(tmp_path, "  - id: alpha\n", "  - id: alpha\n    'odd, key: 100%': 1\n")
    monkeypatch.chdir(tmp_path)
    result = invoke("validate", str(path), "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "::error file=kinds.yaml,line=3,col=5,title=sources[0].odd%2C key%3A 100%25::unknown field 'odd, key: 100%25'"
    )
    from dprk_rights.curate.validate import github_annotation
    from dprk_rights.errors import Problem

    raw = Problem("/elsewhere/t.yaml", 3, None, "", "two\r\nlines 50%", "warning")
    assert github_annotation(raw, relative_to=str(tmp_path)) == (
        "::warning file=/elsewhere/t.yaml,line=3,title=dprk validate::two\\r\\nlines 50%25"
    )
    from dprk_rights.curate import validate as module

    assert module._escape_data("a\r\nb%") == "a%0D%0Ab%25"
    assert module._escape_property("C:\\x,y\n") == "C%3A\\x%2Cy%0A"


def test_github_format_keeps_the_exit_status(invoke, tmp_path: Path, mini_path: Path) -> None:
    clean = tmp_path / "clean.yaml"
    clean.write_text(MINI_TIMELINE.replace("urged a referral of the situation to the ICC", "asked for a court"))
    ok = invoke("validate", str(clean), "--format", "github")
    assert (ok.exit_code, ok.stdout) == (0, f"{clean}: OK: 3 events checked, 2 sources; 0 errors, 0 warnings\n")
    broken = tmp_path / "broken.yaml"
    broken.write_text("sources: []\nevents: [\n", encoding="utf-8")
    unreadable = invoke("validate", str(broken), "--format", "github")
    assert unreadable.exit_code == 2
    annotation = r"::error file=[^,]+,line=3,col=1,title=dprk validate::YAML syntax error: .+\n"
    assert re.fullmatch(annotation, unreadable.stdout)
    assert unreadable.stderr.startswith(f"Error: {broken}:3: YAML syntax error")
    missing = invoke("validate", str(tmp_path / "nope.yaml"), "--format", "github")
    assert missing.exit_code == 2 and missing.stdout.endswith("title=dprk validate::no such file\n")
    for args, message in (
        (("--format", "sarif"), "Error: --format must be one of plain, github, got 'sarif'\n"),
        (("--format", "github", "--json"), "Error: --json and --format github ask for two outputs; give one\n"),
    ):
        refused = invoke("validate", str(clean), *args)
        assert (refused.exit_code, refused.stderr, refused.stdout) == (2, message, "")
