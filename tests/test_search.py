"""Search as a user sees it: syntax, corrections, highlighting, JSON, filters and exit status."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dprk_rights import DataError
from dprk_rights.search import edit_distance, parse_query
from dprk_rights.terms import load_thesaurus

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def ids(invoke, *args: str) -> list[str]:
    result = invoke("search", "--json", *args)
    return [hit["id"] for hit in json.loads(result.stdout)]


def test_parse_query_syntax() -> None:
    clauses = parse_query('"forced labour" sanctions OR embargo -china Jong-un')
    assert [(c.text, c.phrases, c.negated, c.quoted) for c in clauses] == [
        ('"forced labour"', (("forced", "labour"),), False, True),
        ("sanctions OR embargo", (("sanctions",), ("embargo",)), False, False),
        ("-china", (("china",),), True, False),
        ("Jong-un", (("jong", "un"),), False, False),
    ]


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("quintana", "quintanna", 1),
        ("inquery", "inquiry", 1),
        ("comission", "commission", 1),
        ("form", "from", 1),
        ("abc", "xyz", 3),
    ],
)
def test_edit_distance(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b, 3) == distance


def test_acronym_and_expansion_find_the_same_events(invoke) -> None:
    assert set(ids(invoke, "ICC")) == set(ids(invoke, "International Criminal Court"))
    assert "ohchr-findings-2023" in ids(invoke, "SGBV")


def test_phrase_matches_the_phrase_not_the_words_anywhere(invoke) -> None:
    phrase = ids(invoke, '"crimes against humanity"')
    words = ids(invoke, "crimes against humanity")
    assert "korean-war-1950" not in phrase
    assert set(phrase) <= set(words)
    assert ids(invoke, '"humanity crimes"') == []


def test_exclusion_removes_events(invoke) -> None:
    assert "msmt-established-2024" in ids(invoke, "sanctions")
    assert "msmt-established-2024" not in ids(invoke, "sanctions -russia")


def test_or_counts_alternatives_as_one_clause(invoke) -> None:
    assert ids(invoke, "embargo OR sanctions") == ids(invoke, "sanctions")


def test_typo_is_corrected_and_reported_on_stderr(invoke) -> None:
    result = invoke("search", "Quintanna")
    assert result.exit_code == 0
    assert result.stderr == "Note: no match for 'quintanna'; searched for 'quintana' instead.\n"
    assert result.stdout.startswith("2017-02-19\tquintana-report-2017\t")


def test_no_match_exits_1_with_suggestions(invoke) -> None:
    result = invoke("search", "zzyzx")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "No events match 'zzyzx'. Try fewer or other words.\n"
    as_json = invoke("search", "zzyzx", "--json")
    assert (as_json.exit_code, as_json.stdout) == (1, "[]\n")


def test_filters_that_exclude_every_match_are_named(invoke) -> None:
    result = invoke("search", "Darusman", "--since", "2020")
    assert result.exit_code == 1
    assert result.stderr == "No events match 'Darusman' with these filters (2 match without them).\n"


def test_json_carries_score_and_what_matched(invoke) -> None:
    hits = json.loads(invoke("search", "ICC referral", "--json").stdout)
    assert hits[0]["matched"]["terms"] == ["ICC", "referral"]
    assert "title" in hits[0]["matched"]["fields"]
    scores = [h["score"] for h in hits if len(h["matched"]["terms"]) == 2]
    assert all(isinstance(s, float) and s > 0 for s in scores)


def test_events_matching_every_word_rank_first(invoke) -> None:
    hits = json.loads(invoke("search", "Darusman accountability", "--json").stdout)
    matched = [len(h["matched"]["terms"]) for h in hits]
    assert matched == sorted(matched, reverse=True)
    assert matched[0] == 2 and matched[-1] == 1


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--since", "2016", "--until", "2016"], {"third-committee-icc-2016", "hrw-icc-referral-priority-2016"}),
        (["--tag", "general-assembly"], {"third-committee-icc-2016"}),
        (["--actor", "Human Rights Watch"], {"hrw-icc-referral-priority-2016"}),
        (["--source", "gcr2p-2017", "--limit", "1"], {"third-committee-icc-2016"}),
    ],
)
def test_timeline_filters_combine_with_search(invoke, args: list[str], expected: set[str]) -> None:
    assert set(ids(invoke, "ICC referral", *args)) == expected


def test_sort_by_date(invoke) -> None:
    result = json.loads(invoke("search", "ICC referral", "--sort", "date", "--json").stdout)
    dates = [h["start"] for h in result]
    assert dates == sorted(dates)
    bad = invoke("search", "ICC", "--sort", "newest")
    assert (bad.exit_code, bad.stderr) == (2, "Error: --sort must be one of relevance, date, got 'newest'\n")


def test_only_exclusions_is_an_error(invoke) -> None:
    result = invoke("search", "--", "-china")
    assert (result.exit_code, result.stderr) == (2, "Error: search needs at least one word to look for, got '-china'\n")


def test_terminal_highlights_matched_words_in_title_summary_and_quote(invoke) -> None:
    result = invoke("search", "Eliasson", env={"FORCE_COLOR": "1", "COLUMNS": "140"})
    assert result.exit_code == 0
    highlighted = re.findall(r"\x1b\[[0-9;]*4[0-9;]*m([^\x1b]+)", result.stdout)  # underlined spans
    assert "Eliasson" in highlighted
    text = ANSI.sub("", result.stdout)
    assert "gcr2p-2017: “Deputy Secretary-General Jan Eliasson reminded" in text
    assert "matched: Eliasson in summary, actors, quotes" in text


def test_search_help_documents_the_syntax(invoke) -> None:
    result = invoke("search", "--help")
    assert '"forced labour"' in result.stdout
    assert "sanctions OR embargo" in result.stdout
    assert "-china" in result.stdout


def test_thesaurus_file_errors_are_located(tmp_path: Path) -> None:
    path = tmp_path / "terms.yaml"
    path.write_text("acronyms:\n  - [ICC]\nspelling:\n  - [labour, labor]\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_thesaurus(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:2: acronyms[0]: a group needs at least two equivalent entries",
        f"{path}:3: spelling: unknown field 'spelling' (did you mean 'spellings'?)",
    ]
