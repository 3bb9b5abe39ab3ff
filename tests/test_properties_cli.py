"""Property tests: every command, on generated and mutated timelines, ends with a documented status.

Whatever the file holds, a command either answers (0), finds nothing or finds problems (1, where
documented) or refuses with one ``Error:`` line (2). It never ends in a traceback.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dprk_rights.cli import app
from dprk_rights.output.formats import FORMATS

from .conftest import MINI_TIMELINE

EXPORT_FORMATS = [name for name, f in FORMATS.items() if not f.binary]  # every text format, as registered

# (arguments, the exit statuses the README documents for them)
COMMANDS: list[tuple[list[str], set[int]]] = [
    (["timeline"], {0, 2}),
    (["timeline", "--json"], {0, 2}),
    (["timeline", "--since", "2014", "--until", "2020", "-r"], {0, 2}),
    (["timeline", "--disputed", "-n", "2"], {0, 2}),
    (["search", "council"], {0, 1, 2}),
    (["search", "--json", "referral OR commission -china"], {0, 1, 2}),
    (["search", "2014"], {0, 1, 2}),
    (["sources"], {0, 2}),
    (["sources", "--json"], {0, 2}),
    (["sources", "alpha"], {0, 2}),
    (["show", "missing-id"], {2}),
    (["show", "first-event"], {0, 2}),
    (["show", "first-event", "--json"], {0, 2}),
    (["stats"], {0, 2}),
    (["stats", "--json"], {0, 2}),
    (["votes"], {0, 2}),
    (["votes", "--json", "--body", "ga"], {0, 2}),
    (["validate"], {0, 1, 2}),
    (["validate", "--json"], {0, 1, 2}),
    *[(["export", "--format", fmt], {0, 2}) for fmt in EXPORT_FORMATS],
]

# Text that has broken tools like this one: markup, escapes, separators, bidi, private use, long words.
hostile_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "[bold red]markup[/bold red]",
            "\x1b[31mred\x1b[0m",
            "tab\there",
            "line\nbreak",
            "\u202eevil\u202c",
            "\ue000private\ue001",
            "{brace} \\ % # & _",
            "# heading",
            "- item",
            "=cmd|' /C calc'!A0",
            "x" * 300,
            "",
            " ",
        ]
    ),
)
date_text = st.one_of(
    st.sampled_from(
        [
            "2014",
            "2014-12",
            "2014-12-22",
            "2013/2015",
            "2023-08/..",
            "../2024-10",
            "2014?",
            "2014~",
            "0001",
            "9999-12-31",
            "2014-13",
            "2014-02-30",
            "03/04/2014",
            "١٩٩٩",
            "-0100",
            "",
        ]
    ),
    st.dates().map(lambda d: d.isoformat()),
)
slug = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,5}){0,2}", fullmatch=True)
tags = st.lists(
    st.sampled_from(["icc", "accountability", "security-council", "detention", "not-a-tag", ""]), max_size=3
)


filled_text = hostile_text.filter(lambda text: any(c.isalnum() for c in text))
good_date = st.one_of(
    st.sampled_from(
        ["2014", "2014-12", "2014-12-22", "2013/2015", "2023-08/..", "../2024-10", "2014?", "0001", "9999-12-31"]
    ),
    st.dates().map(lambda d: d.isoformat()),
)
good_tags = st.lists(st.sampled_from(["icc", "accountability", "security-council", "detention"]), max_size=3)


@st.composite
def timelines(draw: st.DrawFn) -> dict[str, object]:
    """A timeline-shaped document with hostile text; valid in most examples, with a fault in some.

    Valid files exercise every command's output path; the faulty ones (a dangling source, a bad
    date, an empty field...) its error path.
    """
    faulty = draw(st.integers(min_value=0, max_value=3)) == 0
    text = hostile_text if faulty else filled_text
    dates = date_text if faulty else good_date
    source_ids = draw(st.lists(slug, min_size=1, max_size=3, unique=True))
    sources = [
        {
            "id": sid,
            "title": draw(text),
            "publisher": draw(text),
            "published": draw(st.one_of(st.none(), dates if faulty else st.dates().map(lambda d: d.isoformat()))),
            "kind": draw(text),
            "url": draw(st.one_of(st.none(), filled_text)),
        }
        for sid in source_ids
    ]
    cited = st.one_of(st.sampled_from(source_ids), slug) if faulty else st.sampled_from(source_ids)
    events = []
    ids = draw(st.lists(slug, max_size=5, unique=not faulty))
    for event_id in ids:
        event: dict[str, object] = {
            "id": event_id,
            "date": draw(dates),
            "title": draw(text),
            "summary": draw(text),
            "tags": draw(tags if faulty else good_tags),
            "actors": draw(st.lists(text, max_size=2)),
            "citations": [
                {"source": draw(cited), "quote": draw(text)}
                for _ in range(draw(st.integers(min_value=0 if faulty else 1, max_value=2)))
            ],
        }
        if draw(st.booleans()):
            event["disputes"] = [{"source": draw(cited), "claim": draw(text), "note": draw(text)}]
        if draw(st.booleans()):
            event["note"] = draw(text)
        events.append(event)
    return {"sources": sources, "events": events}


_counter = itertools.count()


def _run_everything(tmp_path: Path, text: str) -> None:
    """Run every command on ``text`` as the timeline; each ends with a documented status, never a traceback."""
    path = tmp_path / f"timeline-{next(_counter)}.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    runner = CliRunner()
    for args, statuses in COMMANDS:
        full = [*args, str(path)] if args[0] == "validate" else ["--data", str(path), *args]
        result = runner.invoke(app, full, env={"XDG_CACHE_HOME": str(tmp_path / "cache")})
        context = f"dprk {' '.join(full)}\n--- file ---\n{text[:2000]}\n--- output ---\n{result.output[-2000:]}"
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            f"{context}\n--- exception ---\n{result.exception!r}"
        )
        assert result.exit_code in statuses, f"exit {result.exit_code}: {context}"
        assert "Traceback" not in result.output, context
        if result.exit_code == 2 and args[0] != "validate":
            errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
            assert errors, f"exit 2 without an Error: line: {context}"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(timelines())
def test_every_command_on_generated_timelines(tmp_path_factory, document: dict[str, object]) -> None:
    tmp_path = tmp_path_factory.mktemp("generated")
    _run_everything(tmp_path, yaml.safe_dump(document, allow_unicode=True, sort_keys=False))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["delete", "duplicate", "insert", "replace"]),
            st.integers(min_value=0, max_value=len(MINI_TIMELINE) - 1),
            st.text(alphabet="abc:- []{}'\"\n#&*!|>0123456789/.", max_size=8),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_every_command_on_mutated_timelines(tmp_path_factory, edits: list[tuple[str, int, str]]) -> None:
    text = MINI_TIMELINE
    for action, position, snippet in edits:
        at = min(position, len(text))
        if action == "delete":
            text = text[:at] + text[at + len(snippet) + 1 :]
        elif action == "duplicate":
            line_start = text.rfind("\n", 0, at) + 1
            line_end = text.find("\n", at)
            line_end = len(text) if line_end < 0 else line_end + 1
            text = text[:line_end] + text[line_start:line_end] + text[line_end:]
        elif action == "insert":
            text = text[:at] + snippet + text[at:]
        else:
            text = text[:at] + snippet + text[at + len(snippet) :]
    _run_everything(tmp_path_factory.mktemp("mutated"), text)
