"""Every query in tests/search_queries.yaml finds its expected events in the top 3."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dprk_rights import load_timeline
from dprk_rights.index import SearchIndex
from dprk_rights.search import search
from dprk_rights.terms import load_thesaurus

CASES = yaml.safe_load((Path(__file__).with_name("search_queries.yaml")).read_text(encoding="utf-8"))
TIMELINE = load_timeline()
INDEX = SearchIndex.build(TIMELINE)
THESAURUS = load_thesaurus()


def test_there_are_at_least_forty_queries_and_their_ids_exist() -> None:
    assert len(CASES) >= 40
    for case in CASES:
        assert 1 <= len(case["expect"]) <= 3, case["query"]
        assert all(TIMELINE.event(event_id) for event_id in case["expect"]), case["query"]


@pytest.mark.parametrize("case", CASES, ids=[c["query"] for c in CASES])
def test_expected_events_are_in_the_top_three(case: dict) -> None:
    top = [hit.event.id for hit in search(INDEX, THESAURUS, case["query"]).hits[:3]]
    missing = [event_id for event_id in case["expect"] if event_id not in top]
    assert not missing, f"{case['query']!r} ({case['why']}): top 3 is {top}"
