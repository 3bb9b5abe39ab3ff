"""Ranked search that understands what a researcher means, and says when it had to guess.

A query is parsed into clauses (words, "quoted phrases", ``-exclusions``, ``OR`` alternatives
and years); a word matching nothing is corrected only when it is clearly a slip of one word the
data holds (see :func:`typo_target`); acronyms, spellings, word forms and names are expanded from
the thesaurus; then SQLite FTS5 finds and BM25-scores the events. Events matching every clause
come first; a hit that misses some clause is *partial* and says which. A year ("2014") matches
events dated in that year, which rank above events that only mention it.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Iterable
from typing import NamedTuple

from dprk_rights.errors import UsageError
from dprk_rights.model.filters import EventFilter
from dprk_rights.model.records import Event
from dprk_rights.reading.terms import Phrase, Thesaurus, words
from dprk_rights.store.index import Marked, SearchIndex, Test, highlight, split_marked
from dprk_rights.store.schema import QUOTE_SEPARATOR

SORTS = ("relevance", "date")
#: Bounds on a query, so its cost (and SQLite's expression depth) stays small.
MAX_QUERY_CHARS = 1000
MAX_CLAUSES = 40  # words, phrases, exclusions and OR alternatives together
#: Words longer than this are never corrected or given suggestions (edit distance is quadratic).
MAX_WORD = 40
#: A typed word shorter than this is never corrected: short words are too often other real words.
MIN_TYPO = 6
_VOWELS = frozenset("aeiouy")
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_YEAR = re.compile(r"[1-9][0-9]{3}")
#: A typed UN document symbol, whole (``A/RES/60/173``, ``A/HRC/RES/55/21``, ``S/PV.7353``) or its number
#: (``60/173``, ``55/21``, ``2004/13``): searched as a phrase, the event with that symbol first.
_SYMBOL = re.compile(r"[0-9]+/[0-9]+|(?=[^/]*[A-Za-z])[A-Za-z0-9.()-]+(?:/[A-Za-z0-9.()-]+)+")
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
    #: For each phrase: typed as one lower-case word outside quotes (the only kind ever corrected).
    plain: tuple[bool, ...] = ()
    #: The year a bare four-digit number names: events dated in it match too.
    year: int | None = None
    #: The phrases typed as a UN document symbol (or its number): an event with that symbol matches "as typed".
    symbols: tuple[Phrase, ...] = ()

    def expression(self) -> str:
        """The clause as an FTS5 query expression."""
        if len(self.near) > 1:
            near = "NEAR(" + " ".join(f'"{word}"' for word in self.near) + f", {_NEAR})"
            return f"{_any_phrase(self.phrases)} OR {near}"
        return _any_phrase(self.phrases)

    def test(self) -> Test:
        """What an event must satisfy to match the clause."""
        return Test(self.expression(), _days(self.year))

    def typed_test(self) -> Test:
        """The clause as typed, without equivalents; for a symbol, the events whose symbol it is."""
        typed = self.typed or self.phrases
        if not self.symbols:
            return Test(_any_phrase(typed), _days(self.year))
        others = [phrase for phrase in typed if phrase not in self.symbols]
        expression = f"symbol : ({_any_phrase(self.symbols)})"
        return Test(expression + (f" OR {_any_phrase(others)}" if others else ""), _days(self.year))


def _days(year: int | None) -> tuple[int, int] | None:
    if year is None:
        return None
    return datetime.date(year, 1, 1).toordinal(), datetime.date(year, 12, 31).toordinal()


def _any_phrase(phrases: Iterable[Phrase]) -> str:
    """An FTS5 expression matching any of the phrases."""
    return " OR ".join('"' + " ".join(phrase) + '"' for phrase in sorted(phrases))


class Hit(NamedTuple):
    """One matching event: its relevance, which clauses matched or were missed, and highlighted text."""

    event: Event
    score: float
    terms: tuple[str, ...]
    fields: tuple[str, ...]
    highlights: dict[str, Marked] = {}  # noqa: RUF012 - never mutated
    rowid: int = -1
    #: The clauses (as typed) this event does not match: a partial match when not empty.
    missed: tuple[str, ...] = ()

    @property
    def partial(self) -> bool:
        """True when the event matches only some of the query's clauses."""
        return bool(self.missed)

    def marked(self, field: str, text: str) -> Marked:
        """The field's text with its matched pieces marked (``text`` unmarked when nothing matched)."""
        return self.highlights.get(field) or ((text, False),)

    def highlighted_quotes(self) -> list[tuple[int, Marked]]:
        """(citation index, highlighted quote) for each quote that matched."""
        quotes = split_marked(self.highlights.get("quotes", ()), QUOTE_SEPARATOR)
        return [(i, quote) for i, quote in enumerate(quotes) if any(matched for _, matched in quote)]


class SearchResult:
    """Ranked hits and what the user should know about them: the corrections applied to the query,
    whether some hit matches the whole query, the clauses nothing matches (with suggestions), and how
    many events match the whole query before the filters."""

    __slots__ = ("complete", "corrections", "hits", "missing", "stored", "suggestions", "unfiltered")

    def __init__(
        self,
        hits: list[Hit],
        corrections: dict[str, str],
        suggestions: list[str],
        unfiltered: int,
        *,
        complete: bool = True,
        missing: list[str] | None = None,
    ) -> None:
        self.hits = hits
        self.corrections = corrections
        self.suggestions = suggestions
        self.unfiltered = unfiltered
        self.complete = complete
        self.missing = missing or []
        #: Each hit's stored JSON text by rowid, when asked for (``Timeline.search(stored_json=True)``).
        self.stored: dict[int, str] = {}


def search(
    index: SearchIndex,
    thesaurus: Thesaurus,
    query: str,
    event_filter: EventFilter | None = None,
    *,
    sort: str = "relevance",
    limit: int | None = None,
) -> SearchResult:
    """Search the index, keeping at most ``limit`` hits; UsageError when the query has nothing to
    look for or is too long.

    Only the events that end up in the result are read from the store.
    """
    clauses = parse_query(query)
    clauses, corrections = correct_spelling(clauses, index, thesaurus)
    clauses = expand(clauses, thesaurus)
    positive = [c for c in clauses if not c.negated]
    if not positive:
        raise UsageError(f"search needs at least one word to look for, got {query!r}")
    tests = [c.test() for c in positive]
    excluded = [c.test() for c in clauses if c.negated]
    # At least one hit is read even for a limit of 0, to know whether anything matches.
    wanted = max(limit, 1) if limit is not None else None
    ranked = index.ranked(
        tests,
        # Matching a clause as typed (not only through an equivalent) breaks ties between equal clause counts.
        [c.typed_test() for c in positive],
        excluded,
        by_date=sort == "date",
        limit=wanted,
    )
    hits = _collect(index, ranked, [c.text for c in positive], event_filter, wanted)
    complete = bool(hits) and not hits[0].partial  # full matches always come first
    hits = _highlighted(hits[:limit] if limit is not None else hits, positive)
    # Without a filter, no full match is hidden by one: only a filter makes the count worth its cost.
    filtered = event_filter is not None and event_filter != EventFilter()
    unfiltered = index.count(tests, excluded) if filtered and not complete else 0
    missing = [] if complete else [c for c in positive if not index.matches_any(c.test())]
    suggestions = suggest(missing, index, thesaurus)
    return SearchResult(
        hits, corrections, suggestions, unfiltered, complete=complete, missing=[c.text for c in missing]
    )


def parse_query(query: str) -> list[Clause]:
    """Split a query into clauses: words, "phrases", -exclusions, years, and ``OR`` between alternatives.

    UsageError when the query is longer than MAX_QUERY_CHARS or has more than MAX_CLAUSES parts.
    """
    if len(query) > MAX_QUERY_CHARS:
        raise UsageError(f"the search query is {len(query)} characters long; at most {MAX_QUERY_CHARS} are allowed")
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
        plain = quoted is None and not minus and len(phrase) == 1 and text.isalpha() and text.islower()
        year = int(text) if quoted is None and _YEAR.fullmatch(text) else None
        clause = Clause(
            match.group(0),
            (phrase,),
            negated=bool(minus),
            quoted=quoted is not None,
            plain=(plain,),
            year=year,
            symbols=(phrase,) if _SYMBOL.fullmatch(text.strip()) else (),
        )
        previous = clauses[-1] if clauses else None
        if join_next and previous and not previous.negated and not clause.negated:
            if previous.year is not None or clause.year is not None:
                clauses.append(clause)  # a year is its own clause: "2014 OR 2015" asks for either, separately
            else:
                clauses[-1] = Clause(
                    f"{previous.text} OR {clause.text}",
                    previous.phrases + clause.phrases,
                    plain=previous.plain + clause.plain,
                    symbols=previous.symbols + clause.symbols,
                )
        else:
            clauses.append(clause)
        join_next = False
        parts = sum(len(c.phrases) for c in clauses)
        if parts > MAX_CLAUSES:
            raise UsageError(f"the search query has more than {MAX_CLAUSES} words, phrases and exclusions; use fewer")
    return clauses


def correct_spelling(
    clauses: list[Clause], index: SearchIndex, thesaurus: Thesaurus
) -> tuple[list[Clause], dict[str, str]]:
    """Replace each word that matches nothing by the one indexed word it is clearly a slip of.

    Only words typed in lower case, alone (not in a hyphenated or quoted group) and outside an
    exclusion are considered; :func:`typo_target` decides. Every other word is searched as typed.
    """
    corrections: dict[str, str] = {}
    known = thesaurus.vocabulary() | thesaurus.stopwords

    def fix(word: str) -> str:
        if word in known or index.knows(word) or index.matches_any(f'"{word}"'):
            return word
        if word not in corrections and MIN_TYPO <= len(word) <= MAX_WORD:  # else typo_target needs no vocabulary
            target = typo_target(word, index.vocabulary(), thesaurus)
            if target is not None:
                corrections[word] = target
        return corrections.get(word, word)

    fixed = []
    for clause in clauses:
        if not any(clause.plain):
            fixed.append(clause)
            continue
        phrases = tuple(
            (fix(phrase[0]),) if plain else phrase for phrase, plain in zip(clause.phrases, clause.plain, strict=True)
        )
        text = clause.text
        for typed, used in corrections.items():
            text = re.sub(rf"\b{re.escape(typed)}\b", used, text)
        fixed.append(clause._replace(phrases=phrases, text=text))
    return fixed, corrections


def typo_target(word: str, vocabulary: Iterable[str], thesaurus: Thesaurus) -> str | None:
    """The one known word that ``word`` is a slip of, or None when there is not exactly one.

    A slip is one edit of a kind that rarely turns an English word into another: a letter doubled
    or undoubled ("comission"), a vowel added or dropped inside the word ("refoulment"), and, in
    words of seven letters or more, a vowel changed ("inquery") or two neighbouring letters swapped.
    The first letter is never part of a slip. Words shorter than MIN_TYPO or longer than MAX_WORD,
    and targets that are names in the thesaurus or stopwords, are never considered.
    """
    if not MIN_TYPO <= len(word) <= MAX_WORD:
        return None
    excluded = thesaurus.names | thesaurus.stopwords
    targets = {
        candidate
        for candidate in itertools.chain(vocabulary, thesaurus.vocabulary())
        if abs(len(candidate) - len(word)) <= 1
        and candidate[:1] == word[:1]
        and candidate not in excluded
        and is_slip(word, candidate)
    }
    return targets.pop() if len(targets) == 1 else None


def is_slip(typed: str, word: str) -> bool:
    """Whether ``typed`` is ``word`` with one slip (see :func:`typo_target`)."""
    if typed == word or not typed or typed[0] != word[0]:
        return False
    if len(typed) != len(word):
        longer, shorter = (typed, word) if len(typed) > len(word) else (word, typed)
        if len(longer) != len(shorter) + 1:
            return False
        i = next((i for i, (a, b) in enumerate(zip(longer, shorter, strict=False)) if a != b), len(shorter))
        if longer[:i] + longer[i + 1 :] != shorter:
            return False
        # Where a doubled letter can be removed, any copy gives the same result: look at the run.
        char = longer[i]
        doubled = longer[i - 1] == char or longer[i + 1 : i + 2] == char
        inner_vowel = char in _VOWELS and 0 < i < len(longer) - 1 and len(typed) > MIN_TYPO
        return doubled or inner_vowel
    if len(typed) <= MIN_TYPO:
        return False
    differ = [i for i, (a, b) in enumerate(zip(typed, word, strict=True)) if a != b]
    if len(differ) == 1:
        return typed[differ[0]] in _VOWELS and word[differ[0]] in _VOWELS
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and typed[differ[0]] == word[differ[1]]
        and (typed[differ[1]] == word[differ[0]])
    )


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
    # A symbol is searched exactly as typed: no equivalents for its parts ("HRC" in "A/HRC/RES/55/21").
    return [
        c._replace(
            phrases=thesaurus.expand(tuple(p for p in c.phrases if p not in c.symbols)) + c.symbols, typed=c.phrases
        )
        for c in merged
    ]


def suggest(clauses: Iterable[Clause], index: SearchIndex, thesaurus: Thesaurus | None = None) -> list[str]:
    """Looser spelling suggestions (never stopwords) for the words of clauses that match nothing."""
    stopwords = thesaurus.stopwords if thesaurus is not None else frozenset()
    suggestions: list[str] = []
    for clause in clauses:
        for phrase in clause.typed or clause.phrases:
            for word in phrase:
                if len(word) <= MAX_WORD and not index.matches_any(f'"{word}"'):
                    close = closest_words(word, index.vocabulary(), set(), loose=True)
                    suggestions += [w for w in close if w not in stopwords][:3]
    return list(dict.fromkeys(suggestions))


def closest_words(word: str, vocabulary: dict[str, int], extra: set[str], *, loose: bool = False) -> list[str]:
    """Known words within a small edit distance of ``word``, closest and most used first.

    The distance allowed grows with the word's length (one edit up to four letters, two above,
    one more with ``loose`` for words of five letters or more); words longer than MAX_WORD get
    none, so the cost stays bounded however long the word typed.
    """
    if not 3 <= len(word) <= MAX_WORD:
        return []
    limit = (1 if len(word) <= 4 else 2) + (1 if loose and len(word) > 4 else 0)
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
    ranked: Iterable[tuple[int, float, tuple[bool, ...], bool]],
    clause_texts: list[str],
    event_filter: EventFilter | None,
    limit: int | None,
) -> list[Hit]:
    """Read the ranked events a chunk at a time, keeping those the filter passes, at most ``limit``."""
    hits: list[Hit] = []
    chunk_size = min(max(limit or 0, 50), 1000)
    rows = iter(ranked)
    while chunk := list(itertools.islice(rows, chunk_size)):
        events = index.events(rowid for rowid, _, _, _ in chunk)
        for rowid, score, matched, dated in chunk:
            event = events[rowid]
            if event_filter is None or event_filter.matches(event):
                pairs = list(zip(clause_texts, matched, strict=True))
                terms = tuple(text for text, hit in pairs if hit)
                missed = tuple(text for text, hit in pairs if not hit)
                fields = ("dated",) if dated else ()
                hits.append(Hit(event, round(score, 4), terms, fields, {}, rowid, missed))
                if limit is not None and len(hits) >= limit:
                    return hits
    return hits


def _highlighted(hits: list[Hit], clauses: list[Clause]) -> list[Hit]:
    """The hits with the matched words marked in each field, and the fields that matched.

    A year clause can match by the event's date alone: such a hit already names the field ``dated``.
    """
    expression = " OR ".join(f"({c.expression()})" for c in clauses)
    marked = highlight({h.rowid: h.event for h in hits}, expression)
    result = []
    for hit in hits:
        highlights = marked.get(hit.rowid, {})
        fields = tuple(dict.fromkeys([*highlights, *hit.fields]))
        result.append(hit._replace(fields=fields, highlights=highlights))
    return result


def _longest_entry(clauses: list[Clause], start: int, thesaurus: Thesaurus) -> int:
    """How many plain one-phrase clauses from ``start`` on together form a thesaurus entry (0 if none)."""
    phrase: Phrase = ()
    best = 0
    for offset, clause in enumerate(clauses[start:], 1):
        if clause.negated or clause.quoted or clause.symbols or len(clause.phrases) != 1:
            break
        phrase += clause.phrases[0]
        if len(phrase) > thesaurus.longest:
            break
        if thesaurus.equivalents(phrase):
            best = offset
    return best


def _is_stopword(clause: Clause, thesaurus: Thesaurus) -> bool:
    return not clause.quoted and all(len(p) == 1 and p[0] in thesaurus.stopwords for p in clause.phrases)


def correction_note(corrections: dict[str, str] | None) -> str:
    """One line per correction: ``No event contains 'comission'; searched for 'commission' instead.``"""
    return "\n".join(
        f"No event contains {typed!r}; searched for {used!r} instead." for typed, used in (corrections or {}).items()
    )
