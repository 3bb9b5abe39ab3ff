"""Search as a user sees it: syntax, corrections, highlighting, JSON, filters and exit status."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dprk_rights import DataError
from dprk_rights.query.search import edit_distance, is_slip, parse_query
from dprk_rights.reading.terms import load_thesaurus

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
    assert "korean-war-1950" in words and "korean-war-1950" not in phrase
    assert set(phrase) <= set(words)
    assert ids(invoke, '"humanity crimes"') == []


def test_exclusion_removes_events(invoke) -> None:
    assert "msmt-established-2024" in ids(invoke, "sanctions")
    assert "msmt-established-2024" not in ids(invoke, "sanctions -russia")


def test_or_counts_alternatives_as_one_clause(invoke) -> None:
    either = invoke("search", "sanctions OR Darusman", "--json")
    assert either.exit_code == 0
    hits = json.loads(either.stdout)
    assert {h["id"] for h in hits} == set(ids(invoke, "sanctions")) | set(ids(invoke, "Darusman"))
    assert not any(h["partial"] for h in hits)  # one clause: either word is a full match
    assert ids(invoke, "embargo OR sanctions") == ids(invoke, "sanctions")  # an alternative in no event costs nothing


def test_no_match_exits_1_with_suggestions(invoke) -> None:
    result = invoke("search", "zzyzx")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "No events match 'zzyzx'. Try fewer or other words.\n"
    as_json = invoke("search", "zzyzx", "--json")
    assert (as_json.exit_code, as_json.stdout) == (1, "[]\n")


def test_filters_that_exclude_every_match_are_named(invoke) -> None:
    result = invoke("search", "Darusman", "--since", "2020")
    assert result.exit_code == 1
    assert result.stderr == "No events match 'Darusman' with these filters (12 match without them).\n"


def test_json_carries_score_and_what_matched(invoke) -> None:
    hits = json.loads(invoke("search", "ICC referral", "--json").stdout)
    assert hits[0]["matched"]["terms"] == ["ICC", "referral"]
    assert hits[0]["matched"]["missed"] == [] and hits[0]["partial"] is False and hits[0]["corrected"] == {}
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
        (
            ["--since", "2016", "--until", "2016"],
            {
                "third-committee-icc-2016",
                "hrw-icc-referral-priority-2016",
                "accountability-experts-designated-2016",
                "unga-resolution-2016",
            },
        ),
        (
            ["--tag", "general-assembly"],
            {
                "third-committee-2014",
                "third-committee-2015",
                "third-committee-2019",
                "third-committee-icc-2016",
                "unga-resolution-2014",
                "unga-resolution-2015",
                "unga-resolution-2016",
            },
        ),
        (["--actor", "Human Rights Watch"], {"hrw-icc-referral-priority-2016"}),
        (["--source", "gcr2p-2017", "--limit", "1"], {"third-committee-icc-2016"}),
    ],
)
def test_timeline_filters_combine_with_search(invoke, args: list[str], expected: set[str]) -> None:
    assert set(ids(invoke, "ICC referral", *args)) == expected


def test_sort_by_date(invoke) -> None:
    result = json.loads(invoke("search", "ICC referral", "--sort", "date", "--json").stdout)
    partial = [h["partial"] for h in result]
    assert partial == sorted(partial) and partial[0] is False  # full matches first, then the partial ones
    for group in (False, True):
        dates = [h["start"] for h in result if h["partial"] is group]
        assert dates and dates == sorted(dates)  # each oldest first
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


# -- never a different question: corrections only for clear slips, and always shown ---------------


@pytest.mark.parametrize(
    "query",
    ["Yodok", "Moon Jae-in", "Quintanna", "quintanna", "patrol", "deport", "Otto Warmbier", "Chongori", "refferal"],
)
def test_names_and_words_absent_from_the_data_are_not_replaced(invoke, query: str) -> None:
    result = invoke("search", query)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"No events match {query!r}.")
    assert "searched for" not in result.stderr
    as_json = invoke("search", query, "--json")
    assert (as_json.exit_code, as_json.stdout) == (1, "[]\n")


@pytest.mark.parametrize(
    ("query", "suggestion"),
    [("Quintanna", "quintana"), ("refferal", "referral, refer, refers"), ("Eliason", "eliasson, evasion")],
)
def test_no_match_suggests_the_word_the_data_holds(invoke, query: str, suggestion: str) -> None:
    result = invoke("search", query)
    assert result.exit_code == 1
    assert result.stderr == f"No events match {query!r}. Did you mean: {suggestion}?\n"


@pytest.mark.parametrize(
    ("query", "corrections"),
    [
        ("comission of inquery", {"comission": "commission", "inquery": "inquiry"}),
        ("sanctons", {"sanctons": "sanctions"}),
        ("commision", {"commision": "commission"}),
        ("malnutrtion", {"malnutrtion": "malnutrition"}),
    ],
)
def test_a_correction_is_shown_in_every_output(invoke, query: str, corrections: dict[str, str]) -> None:
    notes = "".join(f"No event contains {t!r}; searched for {u!r} instead.\n" for t, u in corrections.items())
    column = ",".join(f"{t}→{u}" for t, u in corrections.items())
    piped = invoke("search", query)
    assert (piped.exit_code, piped.stderr) == (0, notes)
    rows = [line.split("\t") for line in piped.stdout.splitlines()]
    assert rows and all(row[5:] == ["full", column] for row in rows)
    hits = json.loads(invoke("search", query, "--json").stdout)
    assert hits and all(hit["corrected"] == corrections for hit in hits)
    terminal = invoke("search", query, env={"FORCE_COLOR": "1", "COLUMNS": "200"})
    assert notes.splitlines()[0] in ANSI.sub("", terminal.stdout)


@pytest.mark.parametrize(
    ("typed", "word", "slip"),
    [
        ("comission", "commission", True),  # undoubled letter
        ("quintanna", "quintana", True),  # doubled letter
        ("refoulment", "refoulement", True),  # vowel dropped inside
        ("inquery", "inquiry", True),  # vowel changed, seven letters
        ("recieved", "received", True),  # neighbours swapped
        ("stray", "stay", False),  # a consonant dropped, and short
        ("public", "republic", False),  # letters added in front
        ("police", "policy", False),  # vowel changed in a six-letter word
        ("deport", "report", False),  # first letter
        ("prevented", "presented", False),  # consonant changed
        ("casual", "causal", False),  # swap in a six-letter word
        ("breathe", "breath", False),  # final vowel
    ],
)
def test_only_slips_that_rarely_make_another_word_count(typed: str, word: str, slip: bool) -> None:
    assert is_slip(typed, word) is slip


# -- partial matches are marked in every output ----------------------------------------------------


def test_partial_matches_are_marked_and_exit_1(invoke) -> None:
    result = invoke("search", "Kim Jong-il")
    assert result.exit_code == 1
    assert result.stderr == (
        "No event matches all of 'Kim Jong-il'; 9 events match part of it (marked partial). "
        "Nothing matches 'Jong-il'.\n"
    )
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert len(rows) == 9 and all(row[5] == "partial" for row in rows)
    hits = json.loads(invoke("search", "Kim Jong-il", "--json").stdout)
    assert all(h["partial"] and h["matched"]["terms"] == ["Kim"] for h in hits)
    assert all(h["matched"]["missed"] == ["Jong-il"] for h in hits)
    terminal = ANSI.sub("", invoke("search", "Kim Jong-il", env={"FORCE_COLOR": "1", "COLUMNS": "200"}).stdout)
    assert terminal.count("◐ partial match") == 9
    assert terminal.count("not matched: Jong-il") == 9


@pytest.mark.parametrize(
    ("query", "missing"),
    [("Eliasson Salmón", None), ("prison camp Yodok", "Yodok"), ("Kim Il-sung", "Il-sung")],
)
def test_no_full_match_is_said_whatever_the_words(invoke, query: str, missing: str | None) -> None:
    result = invoke("search", query)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"No event matches all of {query!r};")
    assert (f"Nothing matches {missing!r}." in result.stderr) == (missing is not None)
    assert {line.split("\t")[5] for line in result.stdout.splitlines()} == {"partial"}


@pytest.mark.parametrize("sort", ["relevance", "date"])
@pytest.mark.parametrize("query", ["ICC 2014", "Darusman accountability", "sanctions Russia veto"])
def test_full_matches_rank_before_partial_ones(invoke, query: str, sort: str) -> None:
    result = invoke("search", query, "--sort", sort)
    assert result.exit_code == 0
    kinds = [line.split("\t")[5] for line in result.stdout.splitlines()]
    assert kinds[0] == "full" and "partial" in kinds
    assert kinds == sorted(kinds)  # "full" < "partial"
    hits = json.loads(invoke("search", query, "--sort", sort, "--json").stdout)
    assert [h["partial"] for h in hits] == [kind == "partial" for kind in kinds]


def test_partial_with_filters_names_the_full_matches_outside_them(invoke) -> None:
    result = invoke("search", "Darusman accountability", "--since", "2020")
    assert result.exit_code == 1
    assert "with these filters" in result.stderr and "match without them" in result.stderr


def test_limit_zero_prints_nothing_and_a_huge_limit_is_fine(invoke) -> None:
    zero = invoke("search", "ICC", "-n", "0")
    assert (zero.exit_code, zero.stdout, zero.stderr) == (0, "", "")
    assert invoke("search", "ICC", "-n", "0", "--json").stdout == "[]\n"
    huge = invoke("search", "ICC", "-n", str(10**30))
    assert huge.exit_code == 0 and huge.stdout


# -- notes and disputes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "event_id", "field"),
    [
        ("belonging", "unga-high-level-meeting-2025", "note"),
        ('"when it was presented"', "high-commissioner-accountability-2021", "disputes"),
        ("stray zero", "political-prisoners-2023", "disputes"),
        ("misspells", "coi-established-2013", "note"),
    ],
)
def test_notes_and_disputes_are_searched(invoke, query: str, event_id: str, field: str) -> None:
    result = invoke("search", query, "--json")
    assert result.exit_code == 0
    hit = json.loads(result.stdout)[0]
    assert hit["id"] == event_id and not hit["partial"] and field in hit["matched"]["fields"]


@pytest.mark.parametrize("query", ["happened", "Alpha dates", "2015 happened"])
def test_dispute_claims_and_notes_are_searched_in_any_timeline(invoke, mini_path: Path, query: str) -> None:
    hits = json.loads(invoke("search", query, "--json").stdout)
    assert [(h["id"], h["partial"]) for h in hits][:1] == [("second-event", False)]
    assert "disputes" in hits[0]["matched"]["fields"]


# -- years -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("year", ["2014", "2016", "2023"])
def test_a_bare_year_lists_events_dated_in_it_first(invoke, year: str) -> None:
    rows = [line.split("\t") for line in invoke("search", year).stdout.splitlines()]
    dated = [row[0].startswith(year) for row in rows]
    assert dated[0] and dated.count(True) >= 2
    # Events of other (known) years that only mention it come after every event of that year.
    others = [i for i, (row, d) in enumerate(zip(rows, dated, strict=True)) if not d and row[0][:1].isdigit()]
    first_other = others[0] if others else len(rows)
    assert not any(dated[first_other:])


def test_a_year_in_a_mini_timeline_matches_by_date_alone(invoke, mini_path: Path) -> None:
    hits = json.loads(invoke("search", "2013", "--json").stdout)
    assert [(h["id"], h["matched"]["fields"]) for h in hits] == [("first-event", ["quotes", "dated"])]
    commission = json.loads(invoke("search", "commission 2014", "--json").stdout)
    assert [h["id"] for h in commission][:1] == ["second-event"] and not commission[0]["partial"]


def test_a_year_inside_a_longer_query_narrows_to_that_year(invoke) -> None:
    assert ids(invoke, "ICC 2014")[0] == "coi-urges-icc-referral-2014"
    assert ids(invoke, "Security Council 2015")[0] == "unsc-meeting-2015"
    assert "unsc-agenda-2014" not in ids(invoke, "Security Council -2014")


# -- bounded queries; a query's fault never discards the cache -------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("word " * 1000, "the search query is 5000 characters long; at most 1000 are allowed"),
        (
            " ".join(f"w{i}" for i in range(41)),
            "the search query has more than 40 words, phrases and exclusions; use fewer",
        ),
        (
            "icc " + " ".join(f"-x{i}" for i in range(200)),
            "the search query is 1093 characters long; at most 1000 are allowed",
        ),
        (
            "icc " + " ".join(f"-x{i}" for i in range(100)),
            "the search query has more than 40 words, phrases and exclusions; use fewer",
        ),
        (" OR ".join(["icc"] * 50), "the search query has more than 40 words, phrases and exclusions; use fewer"),
    ],
)
def test_oversized_queries_are_refused_in_one_line(invoke, query: str, message: str) -> None:
    result = invoke("search", "--", query)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"Error: {message}\n")


def cache_files() -> list[Path]:
    import os

    return sorted((Path(os.environ["XDG_CACHE_HOME"]) / "dprk-rights").glob("*.sqlite"))


def test_a_query_sqlite_refuses_never_discards_a_sound_cache(invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    from dprk_rights.query import search as search_module

    assert invoke("search", "ICC").exit_code == 0
    (cache,) = cache_files()
    before = cache.stat().st_ino, cache.stat().st_mtime_ns
    # Lift the bound: a thousand exclusions then exceed SQLite's expression depth.
    monkeypatch.setattr(search_module, "MAX_CLAUSES", 10**6)
    monkeypatch.setattr(search_module, "MAX_QUERY_CHARS", 10**6)
    result = invoke("search", "--", "icc " + " ".join(f"-x{i}" for i in range(1000)))
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: the search query is too complex (") and result.stderr.count("\n") == 1
    assert cache_files() == [cache] and (cache.stat().st_ino, cache.stat().st_mtime_ns) == before


@pytest.mark.parametrize("length", [41, 500, 990])
def test_a_very_long_word_is_neither_corrected_nor_slow_to_refuse(invoke, length: int) -> None:
    word = ("comission" * 200)[:length]
    result = invoke("search", word)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"No events match {word!r}. Try fewer or other words.\n"


# -- data text cannot forge highlights -------------------------------------------------------------


def test_private_use_characters_in_data_are_not_taken_for_highlights(invoke, tmp_path: Path) -> None:
    from tests.conftest import MINI_TIMELINE

    marked = MINI_TIMELINE.replace(
        "title: A commission is created", 'title: "A \\ue000commission\\ue001 is \\ue000created \\ue001x"'
    )
    path = tmp_path / "marked.yaml"
    path.write_text(marked, encoding="utf-8")
    result = invoke("--data", str(path), "search", "created", env={"FORCE_COLOR": "1", "COLUMNS": "200"})
    assert result.exit_code == 0
    text = ANSI.sub("", result.stdout)
    assert "A \ue000commission\ue001 is \ue000created \ue001x" in text
    underlined = re.findall(r"\x1b\[[0-9;]*4[0-9;]*m([^\x1b]+)", result.stdout)
    assert underlined == ["created", "created"]  # the title's word and the summary's, nothing else
    piped = invoke("--data", str(path), "search", "created")
    assert piped.stdout.split("\t")[2] == "A \ue000commission\ue001 is \ue000created \ue001x"
