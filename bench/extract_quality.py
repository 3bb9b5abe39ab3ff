"""Extraction quality: `dprk extract` on two hand-labelled gold sets, scored separately.

    python bench/extract_quality.py [--verbose]

recall: labelled events found with the right date (and so precision); precision: drafts that are
labelled events; also how many drafts `dprk extract` found already in the timeline.

- seeds: the five source texts in ../shared/sources, labels in tests/extract_gold/ (see its
  README). Targets: recall >= 0.95, precision >= 0.8.
- unseen: six short texts in other styles (news, UN press release, NGO statement, resolution
  preamble, parliamentary record, interview), text and labels in tests/extract_gold2/, labelled
  before the extractor was tuned on them. Targets: recall >= 0.85, precision >= 0.8.

    python bench/extract_quality.py --scale

times `extract` on one long line holding 2,000 to 16,000 dates: the time per thousand dates
should stay flat (it grew with the length of the line before issue 10).
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from dprk_rights import load_timeline
from dprk_rights.curate.extract import IN_TIMELINE, Draft, extract
from dprk_rights.curate.validate import load_tag_vocabulary
from dprk_rights.model.dates import PartialDate
from dprk_rights.reading.terms import load_thesaurus
from dprk_rights.text import normalise_quote

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "extract_gold"
SOURCES = ROOT.parent / "shared" / "sources"
GOLD2 = ROOT / "tests" / "extract_gold2"
#: Each gold set: its label folder and where its texts are.
SETS = {"seeds": (GOLD, SOURCES), "unseen": (GOLD2, GOLD2)}


@dataclass(frozen=True)
class Score:
    source: str
    labelled: int
    found: int
    drafts: int
    true_drafts: int
    in_timeline: int
    misses: list[str]
    extra: list[str]


def matches(draft: Draft, label: dict) -> bool:
    """A draft finds a labelled event when the dates are equal and its quote holds the labelled text."""
    return str(draft.date) == str(label["date"]) and normalise_quote(label["text"]) in normalise_quote(draft.quote)


def score_source(gold_file: Path, texts: Path = SOURCES) -> Score:
    """Run the extractor on one source text and compare with its labels."""
    gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
    timeline = load_timeline()
    text = (texts / f"{gold['source']}.txt").read_text(encoding="utf-8")
    drafts = extract(
        text,
        source_id=gold["source"],
        published=PartialDate.parse(str(gold["published"])),
        timeline=timeline,
        thesaurus=load_thesaurus(),
        tags=load_tag_vocabulary(),
    )
    labels = gold["events"]
    found = [label for label in labels if any(matches(d, label) for d in drafts)]
    true_drafts = [d for d in drafts if any(matches(d, label) for label in labels)]
    return Score(
        source=gold["source"],
        labelled=len(labels),
        found=len(found),
        drafts=len(drafts),
        true_drafts=len(true_drafts),
        in_timeline=sum(d.status == IN_TIMELINE for d in drafts),
        misses=[f"{label['date']} {label['text']!r}" for label in labels if label not in found],
        extra=[f"{d.date} {d.quote!r}" for d in drafts if d not in true_drafts],
    )


def evaluate(name: str = "seeds") -> list[Score]:
    """Scores for every labelled source of one gold set (``seeds`` or ``unseen``)."""
    labels, texts = SETS[name]
    return [score_source(path, texts) for path in sorted(labels.glob("*.yaml"))]


def totals(scores: list[Score]) -> tuple[float, float]:
    """(recall, precision) over a gold set."""
    drafts = sum(s.drafts for s in scores)
    recall = sum(s.found for s in scores) / sum(s.labelled for s in scores)
    return recall, (sum(s.true_drafts for s in scores) / drafts if drafts else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list missed labels and drafts that are no event")
    parser.add_argument("--scale", action="store_true", help="time extract on one ever longer line instead")
    args = parser.parse_args()
    if args.scale:
        scale()
        return
    for name in SETS:
        print(f"== {name}")
        report(evaluate(name), verbose=args.verbose)


def scale() -> None:
    """Seconds for one line of n dates, and per thousand dates."""
    timeline, thesaurus, tags = load_timeline(), load_thesaurus(), load_tag_vocabulary()
    for n in (2000, 4000, 8000, 16000):
        line = " ".join(
            f"the council met on {1 + i % 28} March {1800 + i % 300} and on Tuesday it voted" for i in range(n)
        )
        start = time.perf_counter()
        drafts = extract(
            line,
            source_id="x",
            published=PartialDate(2019, 6, 12),
            timeline=timeline,
            thesaurus=thesaurus,
            tags=tags,
        )
        seconds = time.perf_counter() - start
        print(
            f"{n:6} dates  {len(line):8} characters  {len(drafts):5} drafts  {seconds:6.2f} s"
            f"  {seconds / n * 1000:.3f} s per 1000 dates"
        )


def report(scores: list[Score], *, verbose: bool) -> None:
    print(f"{'source':15} {'labelled':>8} {'found':>6} {'drafts':>7} {'true':>5} {'in timeline':>12}")
    for s in scores:
        print(f"{s.source:15} {s.labelled:8} {s.found:6} {s.drafts:7} {s.true_drafts:5} {s.in_timeline:12}")
        if verbose:
            for miss in s.misses:
                print(f"  missed: {miss}")
            for extra in s.extra:
                print(f"  not an event: {extra}")
    labelled = sum(s.labelled for s in scores)
    drafts = sum(s.drafts for s in scores)
    recall, precision = totals(scores)
    in_timeline = sum(s.in_timeline for s in scores)
    print(
        f"recall {recall:.3f}  precision {precision:.3f}  ({labelled} labelled events, {drafts} drafts, "
        f"{in_timeline} already in the timeline)"
    )


if __name__ == "__main__":
    main()
