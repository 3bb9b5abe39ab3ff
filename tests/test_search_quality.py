"""Every query in tests/search_queries.yaml finds its expected events in the top 3, and says what it did.

Besides ranking, each case fixes the answer's honesty: which corrections were applied (none unless
listed), whether some event matches the whole query, nothing at all for words absent from the
data, and events dated in a typed year before the rest.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml

from dprk_rights import load_timeline
from dprk_rights.model.records import Event
from dprk_rights.query.search import search
from dprk_rights.reading.terms import load_thesaurus
from dprk_rights.store.index import SearchIndex

CASES = yaml.safe_load((Path(__file__).with_name("search_queries.yaml")).read_text(encoding="utf-8"))
TIMELINE = load_timeline()
INDEX = SearchIndex.build(TIMELINE)
THESAURUS = load_thesaurus()


def test_there_are_enough_queries_of_each_kind_and_their_ids_exist() -> None:
    assert len(CASES) >= 40
    assert sum(c["expect"] == [] for c in CASES) >= 5
    assert sum(c.get("complete") is False for c in CASES) >= 3
    assert sum("year" in c for c in CASES) >= 2
    for case in CASES:
        assert len(case["expect"]) <= 3, case["query"]
        assert all(TIMELINE.event(event_id) for event_id in case["expect"]), case["query"]


@pytest.mark.parametrize("case", CASES, ids=[c["query"] for c in CASES])
def test_expected_events_are_in_the_top_three(case: dict) -> None:
    result = search(INDEX, THESAURUS, case["query"])
    top = [hit.event.id for hit in result.hits[:3]]
    missing = [event_id for event_id in case["expect"] if event_id not in top]
    assert not missing, f"{case['query']!r} ({case['why']}): top 3 is {top}"
    assert result.corrections == case.get("corrected", {}), case["why"]
    if not case["expect"]:
        assert result.hits == [], f"{case['query']!r} ({case['why']}): found {top}"
    else:
        assert result.complete == case.get("complete", True), case["why"]
        assert all(hit.partial for hit in result.hits) == (not result.complete)


@pytest.mark.parametrize("case", [c for c in CASES if "year" in c], ids=lambda c: c["query"])
def test_events_dated_in_a_typed_year_come_first(case: dict) -> None:
    """Events known to lie in the year rank above events known to lie outside it (open ends aside)."""
    year = case["year"]

    def inside(event: Event) -> bool | None:
        start, end = event.date.start, event.date.end
        if start is None or end is None:
            return None
        return start <= datetime.date(year, 12, 31) and end >= datetime.date(year, 1, 1)

    places = [inside(hit.event) for hit in search(INDEX, THESAURUS, case["query"]).hits]
    assert places.count(True) >= 2
    last_inside = max(i for i, p in enumerate(places) if p is True)
    first_outside = min((i for i, p in enumerate(places) if p is False), default=len(places))
    assert last_inside < first_outside, places
