"""The shipped timeline: it loads, every quote is verbatim in its source, and the headline queries answer."""

from __future__ import annotations

import json
import re

import pytest

from dprk_rights import load_timeline
from dprk_rights.model.records import MAX_QUOTE_WORDS
from dprk_rights.text import normalise_quote
from tests.conftest import REPO, SOURCES_DIR, needs_sources

TIMELINE = load_timeline()
# The seed sources' texts are in ../shared/sources; the passages quoted from every later
# source are kept in the repository, in data/sources/<id>.txt.
PASSAGES_DIR = REPO / "data" / "sources"


def source_text(source: str) -> str:
    kept = PASSAGES_DIR / f"{source}.txt"
    return (kept if kept.is_file() else SOURCES_DIR / f"{source}.txt").read_text(encoding="utf-8")


@needs_sources
def test_every_source_file_has_an_entry_and_no_entry_lacks_a_file() -> None:
    kept = {p.stem for p in PASSAGES_DIR.glob("*.txt")}
    seeds = {p.stem for p in SOURCES_DIR.glob("*.txt")}
    assert not kept & seeds
    assert {s.id for s in TIMELINE.sources} == kept | seeds


@needs_sources
@pytest.mark.parametrize(
    "citation",
    [(e.id, c.source, c.quote) for e in TIMELINE.events for c in e.citations],
    ids=lambda c: f"{c[0]}:{c[1]}",
)
def test_every_quote_appears_verbatim_in_its_source(citation: tuple[str, str, str]) -> None:
    _, source, quote = citation
    assert normalise_quote(quote) in normalise_quote(source_text(source))
    assert len(quote.split()) <= MAX_QUOTE_WORDS


def test_every_source_is_cited_and_every_event_cites() -> None:
    assert all(TIMELINE.events_citing(s.id) for s in TIMELINE.sources)
    assert all(e.citations for e in TIMELINE.events)


def test_coverage_reaches_every_year_from_2003() -> None:
    assert 100 <= len(TIMELINE.events) <= 400
    years = {e.date.sort_key[0] for e in TIMELINE.events}
    assert set(range(2003, 2026)) <= years


def test_days_appear_only_where_a_source_gives_the_day() -> None:
    """Never invent a day: each day-precision end of a date is quoted, or is its source's publication day."""
    for event in TIMELINE.events:
        for bound in {event.date.first, event.date.last} - {None}:
            if bound.precision != "day":
                continue
            # "22", "the 25th" or, in Chinese and Japanese, "22日"
            day = rf"(?<!\d){bound.day}(?:st|nd|rd|th|日)?(?![\w])|(?<!\d){bound.day}日"
            quoted = any(re.search(day, c.quote) for c in event.citations)
            published = any(TIMELINE.source(s).published == bound for s in event.source_ids)
            assert quoted or published, event.id


def test_security_council_agenda_disagreement_is_recorded() -> None:
    agenda = TIMELINE.event("unsc-agenda-2014")
    assert str(agenda.date) == "2014-12-22"  # the day from the UN's press release (SC/11720)
    assert [d.source for d in agenda.disputes] == ["gcr2p-2017"]
    assert "December 2015" in agenda.disputes[0].claim


def test_malformed_prison_figure_is_disputed_not_corrected() -> None:
    prisoners = TIMELINE.event("political-prisoners-2023")
    assert "200,0000" in prisoners.citations[0].quote
    assert prisoners.disputed


def test_timeline_since_2014_is_complete_and_cited(invoke) -> None:
    result = invoke("timeline", "--since", "2014", "--json")
    events = json.loads(result.stdout)
    expected = [e.id for e in TIMELINE.events if e.date.end is None or e.date.end.year >= 2014]
    assert [e["id"] for e in events] == expected
    assert all(e["citations"] for e in events)
    assert "coi-report-2014" in expected and "korean-war-1950" not in expected


def test_icc_referral_search_returns_the_referral_events_first(invoke) -> None:
    hits = json.loads(invoke("search", "ICC referral", "--json").stdout)
    referral_events = {
        "coi-urges-icc-referral-2014",
        "third-committee-icc-2016",
        "third-committee-2015",
        "unga-resolution-2015",
    }
    assert {h["id"] for h in hits[: len(referral_events)]} == referral_events


def test_sources_counts_match_citations(invoke) -> None:
    listed = {s["id"]: s["events"] for s in json.loads(invoke("sources", "--json").stdout)}
    assert listed == {s.id: len(TIMELINE.events_citing(s.id)) for s in TIMELINE.sources}
    assert sum(listed.values()) >= len(TIMELINE.events)


def test_intervals_keep_their_text_and_show_readably(invoke) -> None:
    shown = json.loads(invoke("show", "china-forced-returns-2025", "--json").stdout)
    assert (shown["date"], shown["precision"], shown["start"], shown["end"], shown["through"]) == (
        "2023-08-26/..",
        "day",
        "2023-08-26",
        None,
        "2025",  # its one source, gcr2p-2025, was published in 2025
    )
    appointed = json.loads(invoke("show", "salmon-appointed-2022", "--json").stdout)
    assert (appointed["date"], appointed["start"], appointed["end"]) == ("../2022-07-25", None, "2022-07-25")
    terminal = invoke("timeline", "--since", "1950", "--until", "1950", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    text = re.sub(r"\x1b\[[0-9;]*m", "", terminal.stdout)
    assert "1950 to 1953" in text and "until 25 Jul 2022" not in text  # an open start is placed at its end
    plain = invoke("timeline", "--since", "2023-08", "--until", "2023-08").stdout.splitlines()
    assert [line.split("\t")[1] for line in plain] == [
        "unsc-meeting-2023",
        "border-reopening-2023",
        "china-forced-returns-2025",
    ]
    assert plain[2].startswith("2023-08-26/..\tchina-forced-returns-2025\t")
