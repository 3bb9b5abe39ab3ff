"""The JSON shapes, declared once as ``TypedDict`` s (documented in README.md, "JSON output").

An event, citation, dispute, source and vote as the cache stores them and ``--json`` and the JSON
exports print them; and what commands add around them: search hits, sources with their counts and
citations, vote rows, quote checks, validate's problems, stats, extract's drafts, tag and actor
counts. The modules that build these shapes import this one for type checking only (defining
TypedDicts costs a few milliseconds at start-up); ``--json FIELDS`` reads the fields from here.
"""

from __future__ import annotations

from typing import TypedDict

VoteJSON = TypedDict("VoteJSON", {"for": int, "against": int, "abstain": int})


class CitationJSON(TypedDict):
    """A citation, with what a reader needs to cite it without this tool."""

    source: str
    quote: str
    title: str | None
    publisher: str | None
    url: str | None


class DisputeJSON(TypedDict):
    """What a source claims against the event's date or facts, and the curators' note."""

    source: str
    claim: str
    note: str | None


class EventJSON(TypedDict):
    """An event: ``timeline --json``, ``show --json``, a cache row, a JSON export's item."""

    id: str
    date: str
    precision: str
    start: str | None
    end: str | None
    through: str | None
    title: str
    summary: str
    tags: list[str]
    actors: list[str]
    symbol: str | None
    vote: VoteJSON | str | None
    citations: list[CitationJSON]
    disputes: list[DisputeJSON]
    note: str | None


class SourceJSON(TypedDict):
    """A source's own fields (``sources --json`` adds ``events``, the count of events citing it)."""

    id: str
    title: str
    publisher: str
    published: str | None
    kind: str
    url: str | None
    symbol: str | None
    accessed: str | None
    note: str | None


class MatchedJSON(TypedDict):
    """Which query terms a hit matched and missed, and in which fields."""

    terms: list[str]
    missed: list[str]
    fields: list[str]


class HitExtraJSON(TypedDict):
    """The keys a search hit adds after its event's own."""

    score: float
    partial: bool
    matched: MatchedJSON
    corrected: dict[str, str]


class HitJSON(EventJSON, HitExtraJSON):
    """A search hit: ``search --json``."""


class SourceCountJSON(SourceJSON):
    """A source with the number of events citing it: ``sources --json``."""

    events: int


class CitingJSON(TypedDict):
    """One quote of a source, in the event that cites it."""

    event: str
    date: str
    title: str
    quote: str


class SourceDetailJSON(SourceCountJSON):
    """A source with every quote of it: ``sources ID --json``."""

    citations: list[CitingJSON]


class VoteRowJSON(TypedDict):
    """A row of ``votes --json``."""

    id: str
    date: str
    body: str
    symbol: str | None
    title: str
    vote: VoteJSON | str | None


class QuoteCheckJSON(TypedDict):
    """One quote of ``sources ID --check --json``: found verbatim in the source's text, or the closest passage."""

    event: str
    quote: str
    found: bool
    closest: str | None


class ProblemJSON(TypedDict):
    """A row of ``validate --json`` (``errors.Problem.to_dict``)."""

    file: str
    line: int | None
    column: int | None
    field: str
    message: str
    severity: str


class StatsJSON(TypedDict):
    """``stats --json`` (``query.stats.Stats.to_dict``): counts, each ``by_*`` a name-to-count object."""

    events: int
    disputed: int
    by_year: dict[str, int]
    by_tag: dict[str, int]
    by_actor: dict[str, int]
    by_source: dict[str, int]


class DraftJSON(TypedDict):
    """A row of ``extract --json`` (``curate.extract.draft_to_dict``)."""

    date: str | None
    precision: str | None
    start: str | None
    end: str | None
    date_text: str
    inferred: bool
    line: int
    quote: str
    tags: list[str]
    actors: list[str]
    status: str
    event: str | None
    event_date: str | None
    notes: list[str]


class TagCountJSON(TypedDict):
    tag: str
    events: int


class ActorCountJSON(TypedDict):
    actor: str
    events: int
