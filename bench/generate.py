"""Generate a synthetic timeline of N events in dprk-rights' format, deterministically.

    python bench/generate.py N OUT [--seed S]

Field lengths follow the shipped timeline: titles of 6 to 12 words, summaries of 25 to 60,
1 to 3 citations with quotes of 8 to 25 words, tags from the vocabulary, actors from the
shipped data; 5 to 50 sources; dates from 1950 to 2026 at year, month and day precision, with
a few intervals and qualified dates. Words are drawn from the shipped timeline's own text, so
searches such as "forced labour" or "ICC referral" find realistic numbers of matches.

With ``--vocabulary K`` titles, summaries and quotes are drawn instead from the K most frequent
words of the shipped text (four letters or more, no stopwords), each word independently: with
K = 50 any two of them occur together in about half the events, the worst case for ranking
(see :func:`small_vocabulary`; ``bench/run.py`` searches its first two words).
"""

from __future__ import annotations

import argparse
import calendar
import json
import random
import re
from collections import Counter
from pathlib import Path

from dprk_rights import load_timeline
from dprk_rights.curate.validate import load_tag_vocabulary
from dprk_rights.reading.terms import load_thesaurus

FIRST_YEAR, LAST_YEAR = 1950, 2026


def _text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _date(rng: random.Random) -> str:
    year = rng.randint(FIRST_YEAR, LAST_YEAR - 1)
    roll = rng.random()
    if roll < 0.3:
        text = str(year)
    elif roll < 0.7:
        text = f"{year}-{rng.randint(1, 12):02d}"
    else:
        month = rng.randint(1, 12)
        text = f"{year}-{month:02d}-{rng.randint(1, calendar.monthrange(year, month)[1]):02d}"
    extra = rng.random()
    if extra < 0.04:
        return f"{text}/{year + rng.randint(1, 3)}"
    if extra < 0.06:
        return f"{text}/.."
    if extra < 0.09:
        return text + rng.choice("?~")
    return text


def _shipped_text() -> str:
    shipped = load_timeline()
    return " ".join(f"{e.title} {e.summary} " + " ".join(c.quote for c in e.citations) for e in shipped.events)


def small_vocabulary(size: int) -> list[str]:
    """The ``size`` most frequent words of the shipped text (lower case, 4+ letters, no stopwords), commonest first."""
    stopwords = load_thesaurus().stopwords
    counts = Counter(w.lower() for w in re.findall(r"[A-Za-z]{4,}", _shipped_text()) if w.lower() not in stopwords)
    return [word for word, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:size]]


def generate(count: int, seed: int = 1, vocabulary: int | None = None) -> str:
    """The YAML text of a synthetic timeline with ``count`` events (texts from ``vocabulary`` words if given)."""
    rng = random.Random(seed)
    shipped = load_timeline()
    corpus = re.findall(r"[\w\u2019'-]+", _shipped_text())
    if vocabulary is not None:
        pool = small_vocabulary(vocabulary)
        corpus = [rng.choice(pool) for _ in range(100_000)]
    tags = sorted(load_tag_vocabulary())
    actors = shipped.actors()
    publishers = [*sorted({s.publisher for s in shipped.sources}), "Amnesty International", "Daily NK", "NK News"]
    kinds = ["NGO country brief", "dispatch", "regional outlook", "editorial", "UN report", "news article"]

    def words(low: int, high: int) -> str:
        start = rng.randrange(len(corpus) - high)
        return " ".join(corpus[start : start + rng.randint(low, high)])

    source_ids = [f"source-{k:02d}" for k in range(rng.randint(5, 50))]
    out = ["sources:"]
    for source_id in source_ids:
        out += [
            f"  - id: {source_id}",
            f"    title: {_text(words(4, 10).capitalize())}",
            f"    publisher: {_text(rng.choice(publishers))}",
            f"    published: {rng.randint(FIRST_YEAR, LAST_YEAR)}-{rng.randint(1, 12):02d}",
            f"    kind: {_text(rng.choice(kinds))}",
            "    url: null",
        ]
    out.append("events:")
    for i in range(count):
        summary = words(25, 60)
        if rng.random() < 0.02:
            summary += " Forced labour was reported."
        out += [
            f"  - id: event-{i:06d}",
            f"    date: {_text(_date(rng))}",
            f"    title: {_text(words(6, 12).capitalize())}",
            f"    summary: {_text(summary)}",
            f"    tags: [{', '.join(rng.sample(tags, rng.randint(1, 4)))}]",
            f"    actors: [{', '.join(_text(a) for a in rng.sample(actors, rng.randint(1, 3)))}]",
            "    citations:",
        ]
        for _ in range(rng.randint(1, 3)):
            out += [f"      - source: {rng.choice(source_ids)}", f"        quote: {_text(words(8, 25))}"]
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="number of events")
    parser.add_argument("out", type=Path, help="file to write")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--vocabulary", type=int, metavar="K", help="draw texts from only K words")
    args = parser.parse_args()
    args.out.write_text(generate(args.count, args.seed, args.vocabulary), encoding="utf-8")
    print(f"{args.out}: {args.count} events, {args.out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
