"""The ranking statement bounded by the hits shown ranks exactly as the plain one it replaced.

``reference_ranked`` below is the statement `SearchIndex.ranked` ran before the ranking was bounded
by ``LIMIT``: every matching event scored, tested for every clause and sorted whole. Each query
is run through the command line twice, once with the real ranking and once with the reference
patched in, on a generated timeline whose few words occur in most events and whose repeated
texts and dates make ties in BM25 score and in date; the outputs must be identical, ties included.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dprk_rights.store import index
from dprk_rights.store.index import _DATED, SearchIndex, _candidates, _excluding

#: A small vocabulary: any two of these words occur together in many events. "labour"/"labor"
#: are equivalents (a query for one also matches the other, "as typed" breaking ties);
#: "security council" is a thesaurus entry (a phrase, or its words near each other).
WORDS = ["council", "report", "labour", "labor", "camp", "prison", "food", "security", "2014", "session"]
TITLES = ["Council report on food", "Prison camp report", "Security council session", "Labour camp 2014"]
TAGS = ["food", "detention", "security-council", "forced-labour", "sanctions"]


def generated_timeline(count: int = 400, seed: int = 7) -> str:
    """Events with texts from WORDS: titles from four, summaries from a pool of twelve (so scores tie)."""
    rng = random.Random(seed)
    summaries = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12))) for _ in range(12)]
    dates = ["2013", "2014", "2014-05", "2014-05-02", "2015-11", "2016", "2013/2014"]
    lines = [
        "sources:",
        "  - id: src",
        "    title: Source",
        "    publisher: Publisher",
        "    published: 2016",
        "    kind: report",
        "    url: null",
        "events:",
    ]
    for i in range(count):
        summary = rng.choice(summaries)
        if i % 97 == 5:
            summary += " zebra"  # a rare word
        lines += [
            f"  - id: event-{i:04d}",
            f"    date: {json.dumps(rng.choice(dates))}",
            f"    title: {json.dumps(rng.choice(TITLES))}",
            f"    summary: {json.dumps(summary)}",
            f"    tags: [{', '.join(rng.sample(TAGS, rng.randint(1, 2)))}]",
            f"    actors: [{json.dumps(rng.choice(['UN Security Council', 'DPRK']))}]",
            "    citations:",
            "      - source: src",
            f"        quote: {json.dumps(' '.join(rng.choice(WORDS) for _ in range(rng.randint(3, 8))))}",
        ]
    return "\n".join(lines) + "\n"


def reference_ranked(
    self: SearchIndex,
    clauses: list[index.Test],
    typed: list[index.Test],
    excluded: list[index.Test],
    *,
    by_date: bool = False,
    limit: int | None = None,  # the reference ranks every match, whatever is read
) -> Iterator[tuple[int, float, tuple[bool, ...], bool]]:
    """The ranking as one unbounded statement (dprk-rights before the bounded ranking)."""
    tests = list(dict.fromkeys([*clauses, *typed]))
    years = list(dict.fromkeys(t.days for t in clauses if t.days is not None))
    columns, params = [], []
    for i, test in enumerate(tests):
        condition, values = test.sql()
        columns.append(f"({condition}) AS t{i}")
        params += values
    for i, days in enumerate(years):
        columns.append(f"(rowid IN {_DATED}) AS y{i}")
        params += days
    matched = " + ".join(f"t{tests.index(c)}" for c in clauses)
    exact = " + ".join(f"t{tests.index(c)}" for c in typed)
    by_dated = "".join(f"y{i} + " for i in range(len(years)))
    full = f"({matched}) = {len(clauses)} DESC"
    by_relevance = f"{full}, ({by_dated}{matched}) DESC, ({exact}) DESC, f.score DESC, o.sort DESC, f.rowid DESC"
    candidates, candidate_params = _candidates(clauses)
    where, where_params = _excluding(excluded, "f.rowid")
    sql = (
        f"WITH m AS ({candidates}),"
        f" f AS MATERIALIZED (SELECT m.rowid, m.score, {', '.join(columns)} FROM m)"
        f" SELECT f.rowid, f.score, {by_dated}0, {', '.join(f't{tests.index(c)}' for c in clauses)}"
        f" FROM f JOIN ordering o ON o.position = f.rowid {where}"
        f" ORDER BY {f'{full}, o.sort, f.rowid' if by_date else by_relevance}"
    )
    rows = self.connection.execute(sql, [*candidate_params, *params, *where_params])
    for rowid, score, dated_in, *matched_flags in rows:
        yield rowid, score, tuple(bool(flag) for flag in matched_flags), bool(dated_in)


def reference_count(self: SearchIndex, clauses: list[index.Test], excluded: list[index.Test]) -> int:
    """How many events match every clause and no exclusion: the clauses tested on every event."""
    conditions, params = [], []
    for test in clauses:
        condition, values = test.sql("+position")
        conditions.append(condition)
        params += values
    for test in excluded:
        condition, values = test.sql("+position")
        conditions.append(f"NOT {condition}")
        params += values
    sql = f"SELECT count(*) FROM ordering WHERE {' AND '.join(conditions)}"
    return int(self.connection.execute(sql, params).fetchone()[0])


@pytest.fixture(scope="module")
def timeline_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ranking") / "small-vocabulary.yaml"
    path.write_text(generated_timeline(), encoding="utf-8")
    return path


QUERIES = [
    "council report",  # two common words: most events match both
    "report council",
    "council zebra",  # a common and a rare word: few full matches, many partial
    "zebra",
    '"prison camp"',  # a phrase
    '"camp report" food',
    "food OR session report",  # an OR
    "food OR session OR zebra",
    "council -camp",  # exclusions
    "report -labour -2014",
    "labour camp",  # "labour" also matches "labor": as typed ranks first
    "labor report",
    "security council report",  # a thesaurus entry: the phrase, or its words near each other
    "council 2014",  # a year: events dated in it, then events only mentioning it
    "2014",
    "2013 OR 2016 food",
    "council 2014 -zebra",
]
OPTIONS = [
    [],
    ["--sort", "date"],
    ["--since", "2014"],
    ["--tag", "food"],
    ["--until", "2013", "--sort", "date"],
    ["--since", "2016", "--tag", "sanctions"],  # a filter few matches pass: rows past the first page are read
]
LIMITS = [["--limit", "1"], ["--limit", "20"], []]


def _both(invoke, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> tuple[Any, Any]:
    new = invoke(*args)
    with monkeypatch.context() as patch:
        patch.setattr(index.SearchIndex, "ranked", reference_ranked)
        patch.setattr(index.SearchIndex, "count", reference_count)
        old = invoke(*args)
    return new, old


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("options", OPTIONS, ids=" ".join)
def test_bounded_ranking_equals_the_reference(invoke, monkeypatch, timeline_path, query, options) -> None:
    for limit in LIMITS:
        args = ["--data", str(timeline_path), "search", query, "--json", *options, *limit]
        new, old = _both(invoke, monkeypatch, args)
        assert (new.exit_code, new.stdout, new.stderr) == (old.exit_code, old.stdout, old.stderr), args


@pytest.mark.parametrize("query", ["council report", "council zebra", "council 2014", "report -labour"])
def test_plain_output_equals_the_reference(invoke, monkeypatch, timeline_path, query) -> None:
    args = ["--data", str(timeline_path), "search", query, "--limit", "20"]
    new, old = _both(invoke, monkeypatch, args)
    assert (new.exit_code, new.stdout, new.stderr) == (old.exit_code, old.stdout, old.stderr)
    assert new.stdout.count("\n") == 20


def test_the_generated_timeline_has_ties_and_partial_matches(invoke, timeline_path) -> None:
    """The comparison above is not vacuous: shown hits tie on score, and partial hits follow full ones."""
    hits = json.loads(invoke("--data", str(timeline_path), "search", "council report", "--json").stdout)
    scores = [hit["score"] for hit in hits]
    assert len(hits) > 200
    assert len(set(scores)) < len(scores) / 4  # many events share a score: date and position decide
    rare = json.loads(invoke("--data", str(timeline_path), "search", "council zebra", "--json").stdout)
    partial = [hit["partial"] for hit in rare]
    assert 0 < partial.count(False) < 10 < partial.count(True)
    assert partial == sorted(partial)  # every full match first
    typed = json.loads(invoke("--data", str(timeline_path), "search", "labour camp", "--json").stdout)
    assert {"labour", "labor"} <= {word for hit in typed for word in hit["summary"].split()}


@pytest.mark.parametrize("query", ["council zebra", "report -labour", "report -labour -2014", "council 2014", "2014"])
def test_filtered_count_is_exact(invoke, timeline_path, query) -> None:
    """ "N match without them" counts every full match (exclusions and years included), however few are shown."""
    result = invoke("--data", str(timeline_path), "search", query, "--since", "2099", "--limit", "1")
    hits = json.loads(invoke("--data", str(timeline_path), "search", query, "--json").stdout)
    expected = sum(not hit["partial"] for hit in hits)
    assert expected > 0
    assert result.exit_code == 1
    assert result.stderr == f"No events match {query!r} with these filters ({expected} match without them).\n"
