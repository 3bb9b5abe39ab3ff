"""Search quality: recall@3 and mean reciprocal rank over tests/search_queries.yaml.

    python bench/search_quality.py [--verbose]

recall@3 is the share of expected events found in the top 3 results, averaged over the
queries that expect events; MRR averages 1/rank of the first expected event (0 when none is
found). "honest" counts the queries whose answer also says the right thing: the corrections
applied (none unless the case lists them), no hits at all for words absent from the data,
and partial matches marked as partial.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from dprk_rights import load_timeline
from dprk_rights.query.search import search
from dprk_rights.reading.terms import load_thesaurus
from dprk_rights.store.index import SearchIndex

QUERIES = Path(__file__).resolve().parents[1] / "tests" / "search_queries.yaml"


def evaluate(verbose: bool = False) -> tuple[float, float, int, int, int]:
    """Return (recall@3, MRR, queries ranked, queries answered honestly, queries)."""
    timeline = load_timeline()
    index = SearchIndex.build(timeline)
    thesaurus = load_thesaurus()
    cases = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    recall_sum = reciprocal_sum = 0.0
    ranked_cases = honest = 0
    for case in cases:
        result = search(index, thesaurus, case["query"])
        ranked = [hit.event.id for hit in result.hits]
        expected = case["expect"]
        partial = [bool(getattr(hit, "partial", False)) for hit in result.hits]
        right = result.corrections == case.get("corrected", {}) and (
            ranked == [] if not expected else all(partial) == (case.get("complete", True) is False)
        )
        honest += right
        if verbose and not right:
            print(f"WRONG {case['query']!r}: corrected {result.corrections}, hits {ranked[:3]}, partial {partial[:3]}")
        if not expected:
            continue
        ranked_cases += 1
        found = [e for e in expected if e in ranked[:3]]
        ranks = [ranked.index(e) + 1 for e in expected if e in ranked]
        recall_sum += len(found) / len(expected)
        reciprocal_sum += 1 / min(ranks) if ranks else 0.0
        if verbose and len(found) < len(expected):
            print(f"MISS {case['query']!r}: expected {expected}, top 3 {ranked[:3]}")
    return recall_sum / ranked_cases, reciprocal_sum / ranked_cases, ranked_cases, honest, len(cases)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print the queries that miss")
    args = parser.parse_args()
    recall, mrr, ranked, honest, count = evaluate(args.verbose)
    print(f"queries: {count} ({ranked} ranked)  recall@3: {recall:.3f}  MRR: {mrr:.3f}  honest: {honest}/{count}")


if __name__ == "__main__":
    main()
