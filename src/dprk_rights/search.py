"""Ranked search that understands what a researcher means.

A query is parsed into clauses (words, "quoted phrases", ``-exclusions`` and
``OR`` alternatives); unknown words are corrected against the indexed words;
acronyms, spellings, word forms and names are expanded from the thesaurus;
then SQLite FTS5 finds and BM25-scores the events. Events matching more of
the clauses rank first, BM25 orders events matching as many, and the newer
event wins a tie.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from typing import NamedTuple

from .errors import UsageError
from .index import QUOTE_SEPARATOR, SearchIndex, highlight
from .model import Event
from .query import EventFilter
from .terms import Phrase, Thesaurus, words

#: Highlight markers put around matched words by FTS5 (private-use characters, never in data).
MARK_START, MARK_END = "\ue000", "\ue001"
SORTS = ("relevance", "date")
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_NEAR = 4  # words allowed between the words of an unquoted multi-word entry


class Clause(NamedTuple):
    """One thing the user asked for: alternative phrases, any of which counts."""

    text: str
    phrases: tuple[Phrase, ...]
    negated: bool = False
    quoted: bool = False
    #: The phrases as typed (after spelling correction), before thesaurus expansion.
    typed: tuple[Phrase, ...] = ()
    #: Words that may also match near each other rather than as one phrase.
    near: Phrase = ()

    def expression(self) -> str:
        """The clause as an FTS5 query expression."""
        if len(self.near) > 1:
            near = "NEAR(" + " ".join(f'"{word}"' for word in self.near) + f", {_NEAR})"
            return f"{_any_phrase(self.phrases)} OR {near}"
        return _any_phrase(self.phrases)

    def typed_expression(self) -> str:
        """The FTS5 expression of the clause as typed, without equivalents."""
        return _any_phrase(self.typed or self.phrases)


def _any_phrase(phrases: Iterable[Phrase]) -> str:
    """An FTS5 expression matching any of the phrases."""
    return " OR ".join('"' + " ".join(phrase) + '"' for phrase in sorted(phrases))


class Hit(NamedTuple):
    """One matching event: its relevance, which clauses and fields matched, and highlighted text."""

    event: Event
    score: float
    terms: tuple[str, ...]
    fields: tuple[str, ...]
    highlights: dict[str, str] = {}  # noqa: RUF012 - never mutated
    rowid: int = -1

    def highlighted_quotes(self) -> list[tuple[int, str]]:
        """(citation index, highlighted quote) for each quote that matched."""
        quotes = self.highlights.get("quotes", "").split(QUOTE_SEPARATOR)
        return [(i, quote) for i, quote in enumerate(quotes) if MARK_START in quote]


class SearchResult:
    """Ranked hits, the corrections applied to the query, suggestions when nothing matched, and how
    many events matched before the filters."""

    __slots__ = ("corrections", "hits", "suggestions", "unfiltered")

    def __init__(self, hits: list[Hit], corrections: dict[str, str], suggestions: list[str], unfiltered: int) -> None:
        self.hits = hits
        self.corrections = corrections
        self.suggestions = suggestions
        self.unfiltered = unfiltered


def search(
    index: SearchIndex,
    thesaurus: Thesaurus,
    query: str,
    event_filter: EventFilter | None = None,
    *,
    sort: str = "relevance",
    limit: int | None = None,
) -> SearchResult:
    """Search the index, keeping at most ``limit`` hits; UsageError when the query has nothing to look for.

    Only the events that end up in the result are read from the store.
    """
    clauses = parse_query(query)
    clauses, corrections = correct_spelling(clauses, index, thesaurus)
    clauses = expand(clauses, thesaurus)
    positive = [c for c in clauses if not c.negated]
    if not positive:
        raise UsageError(f"search needs at least one word to look for, got {query!r}")
    negative = [c for c in clauses if c.negated]
    ranked = index.ranked(
        [c.expression() for c in positive],
        # Matching a clause as typed (not only through an equivalent) breaks ties between equal clause counts.
        [c.typed_expression() for c in positive],
        [c.expression() for c in negative],
        by_date=sort == "date",
    )
    hits = _collect(index, ranked, [c.text for c in positive], event_filter, limit)
    expression = " OR ".join(f"({c.expression()})" for c in positive)
    hits = _highlighted(hits, expression)
    unfiltered = (
        len(hits) if hits and event_filter is None else index.count(expression, [c.expression() for c in negative])
    )
    suggestions = [] if unfiltered else suggest(positive, index)
    return SearchResult(hits, corrections, suggestions, unfiltered)


def parse_query(query: str) -> list[Clause]:
    """Split a query into clauses: words, "phrases", -exclusions, and ``OR`` between alternatives."""
    clauses: list[Clause] = []
    join_next = False
    for match in _TOKEN.finditer(query):
        minus, quoted, bare = match.groups()
        if bare == "OR":
            join_next = bool(clauses)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            minus, bare = "-", bare[1:]
        text = quoted if quoted is not None else bare
        phrase = words(text)
        if not phrase:
            continue
        clause = Clause(match.group(0), (phrase,), negated=bool(minus), quoted=quoted is not None)
        previous = clauses[-1] if clauses else None
        if join_next and previous and not previous.negated and not clause.negated:
            clauses[-1] = Clause(f"{previous.text} OR {clause.text}", previous.phrases + clause.phrases)
        else:
            clauses.append(clause)
        join_next = False
    return clauses


def correct_spelling(
    clauses: list[Clause], index: SearchIndex, thesaurus: Thesaurus
) -> tuple[list[Clause], dict[str, str]]:
    """Replace words found nowhere (even after stemming) by the closest indexed word."""
    corrections: dict[str, str] = {}
    known = thesaurus.vocabulary() | thesaurus.stopwords

    def fix(word: str) -> str:
        if word in known or word.isdigit() or index.knows(word) or index.matches_any(f'"{word}"'):
            return word
        if word not in corrections:
            candidates = closest_words(word, index.vocabulary(), thesaurus.vocabulary())
            if candidates:
                corrections[word] = candidates[0]
        return corrections.get(word, word)

    fixed = []
    for clause in clauses:
        phrases = tuple(tuple(fix(w) for w in phrase) for phrase in clause.phrases)
        text = clause.text
        for typed, used in corrections.items():
            text = re.sub(rf"(?i)\b{re.escape(typed)}\b", used, text)
        fixed.append(clause._replace(phrases=phrases, text=text))
    return fixed, corrections


def expand(clauses: list[Clause], thesaurus: Thesaurus) -> list[Clause]:
    """Merge consecutive words that form a thesaurus entry, add equivalents, drop stopwords."""
    merged: list[Clause] = []
    i = 0
    while i < len(clauses):
        span = _longest_entry(clauses, i, thesaurus)
        if span > 1:
            group = clauses[i : i + span]
            phrase = tuple(w for c in group for w in c.phrases[0])
            content = tuple(w for w in phrase if w not in thesaurus.stopwords)
            merged.append(Clause(" ".join(c.text for c in group), (phrase,), near=content))
            i += span
        else:
            merged.append(clauses[i])
            i += 1
    positive = [c for c in merged if not c.negated]
    if any(not _is_stopword(c, thesaurus) for c in positive):
        merged = [c for c in merged if not _is_stopword(c, thesaurus)]
    return [c._replace(phrases=thesaurus.expand(c.phrases), typed=c.phrases) for c in merged]


def suggest(clauses: Iterable[Clause], index: SearchIndex) -> list[str]:
    """Looser spelling suggestions for the words of clauses that match nothing."""
    suggestions: list[str] = []
    for clause in clauses:
        for phrase in clause.phrases:
            for word in phrase:
                if not index.matches_any(f'"{word}"'):
                    suggestions += closest_words(word, index.vocabulary(), set(), loose=True)[:3]
    return list(dict.fromkeys(suggestions))


def closest_words(word: str, vocabulary: dict[str, int], extra: set[str], *, loose: bool = False) -> list[str]:
    """Known words within a small edit distance of ``word``, closest and most used first."""
    if len(word) < 3:
        return []
    limit = (1 if len(word) <= 4 else 2) + (1 if loose else 0)
    letters = set(word)
    scored = []
    for candidate in itertools.chain(vocabulary, extra - vocabulary.keys()):
        if abs(len(candidate) - len(word)) > limit or len(letters.symmetric_difference(candidate)) > 2 * limit:
            continue
        if loose and candidate[0] != word[0]:  # a looser distance needs another sign of the same word
            continue
        distance = edit_distance(word, candidate, limit)
        if distance <= limit:
            scored.append((distance, -vocabulary.get(candidate, 0), candidate))
    return [candidate for _, _, candidate in sorted(scored)]


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a transposition counts as one edit), capped at ``limit + 1``."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _collect(
    index: SearchIndex,
    ranked: Iterable[tuple[int, float, tuple[bool, ...]]],
    clause_texts: list[str],
    event_filter: EventFilter | None,
    limit: int | None,
) -> list[Hit]:
    """Read the ranked events a chunk at a time, keeping those the filter passes, at most ``limit``."""
    hits: list[Hit] = []
    chunk_size = max(limit or 0, 50)
    rows = iter(ranked)
    while chunk := list(itertools.islice(rows, chunk_size)):
        events = index.events(rowid for rowid, _, _ in chunk)
        for rowid, score, matched in chunk:
            event = events[rowid]
            if event_filter is None or event_filter.matches(event):
                terms = tuple(text for text, hit in zip(clause_texts, matched, strict=True) if hit)
                hits.append(Hit(event, round(score, 4), terms, (), {}, rowid))
                if limit is not None and len(hits) >= limit:
                    return hits
    return hits


def _highlighted(hits: list[Hit], expression: str) -> list[Hit]:
    """The hits with the matched words marked in each field, and the fields that matched."""
    marked = highlight({h.rowid: h.event for h in hits}, expression, MARK_START, MARK_END)
    return [h._replace(fields=tuple(marked.get(h.rowid, {})), highlights=marked.get(h.rowid, {})) for h in hits]


def _longest_entry(clauses: list[Clause], start: int, thesaurus: Thesaurus) -> int:
    """How many plain one-phrase clauses from ``start`` on together form a thesaurus entry (0 if none)."""
    phrase: Phrase = ()
    best = 0
    for offset, clause in enumerate(clauses[start:], 1):
        if clause.negated or clause.quoted or len(clause.phrases) != 1:
            break
        phrase += clause.phrases[0]
        if len(phrase) > thesaurus.longest:
            break
        if thesaurus.equivalents(phrase):
            best = offset
    return best


def _is_stopword(clause: Clause, thesaurus: Thesaurus) -> bool:
    return not clause.quoted and all(len(p) == 1 and p[0] in thesaurus.stopwords for p in clause.phrases)
