"""The full-text index of a store: SQLite FTS5 rows of events, and the words used to correct typos.

Each event is one row of the ``doc`` table, with a column per field so BM25 can weight a match in
a title above one in a quote or a note; the ``porter unicode61 remove_diacritics 2`` tokenizer
makes matching insensitive to case, accents and common endings. The index keeps no copy of the
text (``content=''``): highlights are computed for the few events shown, in a small table of
their own. A second table of unstemmed words feeds the vocabulary that spelling correction
compares against.

A failing query is told apart from a damaged index: when SQLite refuses a query but a probe of
the same tables succeeds, :class:`QueryError` (a usage error) is raised, so the caller never
discards a sound cache for a query's fault.
"""

from __future__ import annotations

import itertools
import re
import sqlite3
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from dprk_rights.errors import UsageError
from dprk_rights.model.records import Event

from .schema import DOC_COLUMNS as COLUMNS
from .schema import INSERT_DOC, doc_table, event_columns

if TYPE_CHECKING:
    from dprk_rights.model.records import TimelineData

    from .cache import Store

#: BM25 weight of a match in each column, in COLUMNS order: notes and disputes count least.
WEIGHTS = (4.0, 2.0, 2.0, 2.0, 1.0, 0.75, 0.75, 1.0, 4.0)
#: A highlighted text: its pieces in order, each with whether it matched the query.
Marked = tuple[tuple[str, bool], ...]


class QueryError(UsageError):
    """A query SQLite refused while the index itself is sound (the query's fault, not the cache's)."""


class Test(NamedTuple):
    """What one clause of a query requires: an FTS5 expression, or (for a year) a date range too."""

    expression: str
    #: First and last day ordinal of a year the clause names: an event dated in it also matches.
    days: tuple[int, int] | None = None

    def sql(self, rowid: str = "rowid") -> tuple[str, list[Any]]:
        """A condition on the column ``rowid`` (an event's position) and its parameters."""
        fts = f"{rowid} IN (SELECT rowid FROM doc WHERE doc MATCH ?)"
        if self.days is None:
            return fts, [self.expression]
        return f"({fts} OR {rowid} IN {_DATED})", [self.expression, *self.days]


#: Words of the SQLite errors that mean a query exceeded a limit.
_LIMITS = ("too large", "too many", "too big", "too complex", "stack overflow", "depth")
#: Rows a ranking statement reads at least in its first run (the caller reads them in chunks of 50).
_PAGE = 50
_DATED = "(SELECT position FROM events WHERE last_day >= ? AND first_day <= ?)"


class SearchIndex:
    """Full-text search over a store's events; a row's rowid is the event's position in the store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.connection = store.connection
        self._vocabulary: dict[str, int] | None = None

    @classmethod
    def build(cls, timeline: TimelineData) -> SearchIndex:
        """Index a timeline in memory (for library use; the command line uses its cache)."""
        from .cache import Store

        return cls(Store.from_timeline(timeline))

    def ranked(
        self,
        clauses: list[Test],
        typed: list[Test],
        excluded: list[Test],
        *,
        by_date: bool = False,
        limit: int | None = None,
    ) -> Iterator[tuple[int, float, tuple[bool, ...], bool]]:
        """(rowid, BM25 score, which clauses matched, whether its date is in a year the query names) of
        every event matching some clause and no exclusion.

        Events matching every clause come first. Then, best first: events matching more clauses,
        then more year clauses by their date (not only by mentioning the year), then more of them
        as typed, then higher BM25, then newer; or in date order with ``by_date``.

        The cost follows the rows read, not the rows matching: ``limit`` (how many rows the caller
        expects to read) is passed to SQLite as ``LIMIT``, so its sorter keeps only the best rows
        in a bounded heap; reading past it runs the statement again for the rest. Without a year
        clause, the events matching every clause are found first by one FTS5 ``AND`` query, which
        needs no per-clause membership test; the partial matches are ranked only if read.
        """
        if any(test.days is not None for test in clauses):
            sql, params = self._ranking(clauses, typed, excluded, by_date=by_date)
            yield from _flagged(self._paged(sql, params, limit))
            return
        full = tuple(True for _ in clauses)
        sql, params = self._full_ranking(clauses, typed, excluded, by_date=by_date)
        for rowid, score in self._paged(sql, params, limit):
            yield rowid, score, full, False
        sql, params = self._ranking(clauses, typed, excluded, by_date=by_date, partial_only=True)
        yield from _flagged(self._paged(sql, params, limit))

    def _paged(self, sql: str, params: list[Any], limit: int | None) -> Iterator[tuple[Any, ...]]:
        """The rows of a ranking statement: the first ``limit`` (at least a chunk), then, if read, more."""
        first = max(limit or 0, _PAGE)
        # A filter may pass few of the rows: read eight times as many, then the rest.
        pages = [(first, 0), (8 * first, first), (-1, 9 * first)] if limit is not None else [(-1, 0)]
        for size, offset in pages:
            rows = self._execute(f"{sql} LIMIT ? OFFSET ?", [*params, size, offset]).fetchall()
            yield from rows
            if size < 0 or len(rows) < size:
                return

    def _full_ranking(
        self, clauses: list[Test], typed: list[Test], excluded: list[Test], *, by_date: bool
    ) -> tuple[str, list[Any]]:
        """SQL ranking the events that match every clause (none naming a year), and its parameters.

        The score is BM25 of the clauses joined by ``AND``: the same phrases in the same order as
        the ``OR`` of :func:`_candidates`, each with the same instances in an event matching all
        of them, so the same value. A typed test that is not also a clause is a membership test.
        """
        weights = ", ".join(str(w) for w in WEIGHTS)
        where, where_params = _excluding(excluded, "m.rowid")
        order_params: list[Any] = []
        if by_date:
            order = "o.sort, m.rowid"
        else:
            exact: list[str] = []
            for test in dict.fromkeys(t for t in typed if t not in clauses):
                condition, values = test.sql("m.rowid")
                exact.append(f"({condition}) * {typed.count(test)}")
                order_params += values
            by_exact = f"({' + '.join(exact)}) DESC, " if exact else ""
            order = f"{by_exact}m.score DESC, o.sort DESC, m.rowid DESC"
        sql = (
            f"SELECT m.rowid, m.score FROM (SELECT rowid, -bm25(doc, {weights}) AS score FROM doc WHERE doc MATCH ?) m"
            f" JOIN ordering o ON o.position = m.rowid {where} ORDER BY {order}"
        )
        return sql, [_every(clauses), *where_params, *order_params]

    def _ranking(
        self,
        clauses: list[Test],
        typed: list[Test],
        excluded: list[Test],
        *,
        by_date: bool,
        partial_only: bool = False,
    ) -> tuple[str, list[Any]]:
        """SQL ranking every event matching some clause (or, ``partial_only``, not all), and its parameters."""
        # One membership test per distinct clause, computed once (MATERIALIZED): a clause typed
        # without equivalents reuses its own test as its "as typed" test.
        tests = list(dict.fromkeys([*clauses, *typed]))
        years = list(dict.fromkeys(t.days for t in clauses if t.days is not None))
        columns, params = [], []
        for i, test in enumerate(tests):
            condition, values = test.sql()
            columns.append(f"({condition}) AS t{i}")
            params += values
        for i, days in enumerate(years):
            columns.append(f"(rowid IN {_DATED}) AS y{i}")
            params += days
        matched = " + ".join(f"t{tests.index(c)}" for c in clauses)
        exact = " + ".join(f"t{tests.index(c)}" for c in typed)
        by_dated = "".join(f"y{i} + " for i in range(len(years)))
        full = f"({matched}) = {len(clauses)} DESC"
        by_relevance = f"{full}, ({by_dated}{matched}) DESC, ({exact}) DESC, f.score DESC, o.sort DESC, f.rowid DESC"
        candidates, candidate_params = _candidates(clauses)
        where, where_params = _excluding(excluded, "f.rowid")
        if partial_only:
            where = f"{where} AND " if where else "WHERE "
            where += f"({matched}) < {len(clauses)}"
        sql = (
            f"WITH m AS ({candidates}),"
            f" f AS MATERIALIZED (SELECT m.rowid, m.score, {', '.join(columns)} FROM m)"
            f" SELECT f.rowid, f.score, {by_dated}0, {', '.join(f't{tests.index(c)}' for c in clauses)}"
            f" FROM f JOIN ordering o ON o.position = f.rowid {where}"
            f" ORDER BY {f'{full}, o.sort, f.rowid' if by_date else by_relevance}"
        )
        return sql, [*candidate_params, *params, *where_params]

    def count(self, clauses: list[Test], excluded: list[Test]) -> int:
        """How many events match every clause and none of the exclusions.

        The clauses without a year are one FTS5 ``AND`` query; a year clause or an exclusion is a
        membership test on ``+rowid`` (the ``+`` keeps SQLite from handing a list of rowids to FTS5,
        which would run the MATCH once per rowid).
        """
        texts = [c for c in clauses if c.days is None]
        if texts:
            source, params = "SELECT rowid FROM doc WHERE doc MATCH ?", [_every(texts)]
        else:
            source, params = "SELECT position AS rowid FROM ordering", []
        conditions = []
        for test in clauses:
            if test.days is not None:
                condition, values = test.sql("+m.rowid")
                conditions.append(condition)
                params += values
        for test in excluded:
            condition, values = test.sql("+m.rowid")
            conditions.append(f"NOT {condition}")
            params += values
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        sql = f"SELECT count(*) FROM ({source}) AS m {where}"
        return int(self._execute(sql, params).fetchone()[0])

    def matches_any(self, test: Test | str) -> bool:
        """True when some event matches (for a year, by its text or its date)."""
        test = Test(test) if isinstance(test, str) else test
        params: list[str | int] = [test.expression]
        if test.days is None:
            sql = "SELECT 1 FROM doc WHERE doc MATCH ? LIMIT 1"
        else:
            sql = (
                "SELECT 1 WHERE EXISTS (SELECT 1 FROM doc WHERE doc MATCH ?)"
                " OR EXISTS (SELECT 1 FROM events WHERE last_day >= ? AND first_day <= ?)"
            )
            params += test.days
        return self._execute(sql, params).fetchone() is not None

    def knows(self, word: str) -> bool:
        """True when the (folded, unstemmed) word occurs in some event."""
        return self._execute("SELECT 1 FROM vocabulary WHERE term = ?", [word]).fetchone() is not None

    def vocabulary(self) -> dict[str, int]:
        """Every folded word in the indexed text, with the number of events using it."""
        if self._vocabulary is None:
            self._vocabulary = dict(self._execute("SELECT term, doc FROM vocabulary", []))
        return self._vocabulary

    def events(self, rowids: Iterable[int]) -> dict[int, Event]:
        """The events at these rowids."""
        return self.store.events_at(rowids)

    def _execute(self, sql: str, params: list[Any]) -> sqlite3.Cursor:
        """Run a query; QueryError when SQLite refuses it for its size although the index is sound.

        Any other failure on a sound index is a bug here (RuntimeError), not a damaged cache:
        only a failure the probe repeats leaves the sqlite3 error to the caller's cache recovery.
        """
        try:
            return self.connection.execute(sql, params)
        except sqlite3.OperationalError as error:
            if not self._sound():
                raise
            if any(limit in str(error).lower() for limit in _LIMITS):
                raise QueryError(f"the search query is too complex ({error}); use fewer words") from None
            raise RuntimeError(f"search failed on a sound index: {error}") from error

    def _sound(self) -> bool:
        """Whether the index and the tables a search reads answer a simple query."""
        try:
            self.connection.execute("SELECT rowid FROM doc WHERE doc MATCH '\"a\"' LIMIT 1").fetchall()
            self.connection.execute("SELECT position, first_day, last_day FROM events LIMIT 1").fetchall()
            self.connection.execute("SELECT position, sort FROM ordering LIMIT 1").fetchall()
            self.connection.execute("SELECT term, doc FROM vocabulary LIMIT 1").fetchall()
        except sqlite3.Error:
            return False
        return True


def _candidates(clauses: list[Test]) -> tuple[str, list[Any]]:
    """SQL selecting (rowid, score) of every event matching some clause, and its parameters."""
    weights = ", ".join(str(w) for w in WEIGHTS)
    any_clause = " OR ".join(f"({c.expression})" for c in clauses)
    sql = f"SELECT rowid, -bm25(doc, {weights}) AS score FROM doc WHERE doc MATCH ?"
    params: list[Any] = [any_clause]
    years = list(dict.fromkeys(t.days for t in clauses if t.days is not None))
    if years:
        # Events dated in a year the query names, whether or not their text mentions it.
        dated = " OR ".join("(last_day >= ? AND first_day <= ?)" for _ in years)
        sql = (
            f"SELECT rowid, max(score) AS score FROM ({sql}"
            f" UNION ALL SELECT position AS rowid, 0.0 AS score FROM events WHERE {dated}) GROUP BY rowid"
        )
        params += [day for days in years for day in days]
    return sql, params


def _flagged(rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[int, float, tuple[bool, ...], bool]]:
    """Rows of :meth:`SearchIndex._ranking` as (rowid, score, which clauses matched, dated)."""
    for rowid, score, dated_in, *matched in rows:
        yield rowid, score, tuple(bool(flag) for flag in matched), bool(dated_in)


def _every(clauses: list[Test]) -> str:
    """An FTS5 expression matching the events whose text matches every clause."""
    return " AND ".join(f"({c.expression})" for c in clauses)


def _excluding(excluded: list[Test], rowid: str) -> tuple[str, list[Any]]:
    """A WHERE clause leaving out events that match any exclusion, and its parameters."""
    conditions, params = [], []
    for test in excluded:
        condition, values = test.sql(rowid)
        conditions.append("NOT " + condition)
        params += values
    return ("WHERE " + " AND ".join(conditions), params) if conditions else ("", [])


def highlight(events: dict[int, Event], expression: str) -> dict[int, dict[str, Marked]]:
    """For each event (by rowid), the columns where ``expression`` matches, split into matched pieces.

    Runs the expression against a small in-memory index of just these events, so the main index
    need not keep a copy of every text. The markers FTS5 puts around matches are chosen among
    characters that occur in none of these texts, so data can never forge a highlight.
    """
    columns = {rowid: event_columns(event) for rowid, event in events.items()}
    rows = [(rowid, *texts) for rowid, texts in columns.items()]
    start, end = _unused_markers(text for texts in columns.values() for text in texts)
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute(doc_table(contentless=False))
        connection.executemany(INSERT_DOC, rows)
        calls = ", ".join(f"highlight(doc, {i}, ?, ?)" for i in range(len(COLUMNS)))
        marked = connection.execute(
            f"SELECT rowid, {calls} FROM doc WHERE doc MATCH ?", (*[start, end] * len(COLUMNS), expression)
        ).fetchall()
    finally:
        connection.close()
    return {
        rowid: {name: _pieces(text, start, end) for name, text in zip(COLUMNS, texts, strict=True) if start in text}
        for rowid, *texts in marked
    }


def _unused_markers(texts: Iterable[str]) -> tuple[str, str]:
    """Two private-use characters that occur in none of the texts."""
    used = {char for text in texts for char in _PRIVATE.findall(text)}
    areas = itertools.chain(range(0xE000, 0xF900), range(0xF0000, 0xFFFFE), range(0x100000, 0x10FFFE))
    # 137,000 private-use characters: texts using every one of them are not a timeline's.
    start, end = itertools.islice((chr(code) for code in areas if chr(code) not in used), 2)
    return start, end


#: A private-use character (the markers are chosen among them); a regex, since texts are scanned whole.
_PRIVATE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")


def _pieces(text: str, start: str, end: str) -> Marked:
    """A text with FTS5 markers as (piece, matched) pairs, the markers removed."""
    pieces: list[tuple[str, bool]] = []
    for i, part in enumerate(text.split(start)):
        matched, _, rest = part.partition(end) if i else ("", "", part)
        if matched:
            pieces.append((matched, True))
        if rest:
            pieces.append((rest, False))
    return tuple(pieces)


def split_marked(marked: Marked, separator: str) -> list[Marked]:
    """A highlighted text cut at each separator (which never lies inside a matched piece)."""
    parts: list[list[tuple[str, bool]]] = [[]]
    for piece, matched in marked:
        first, *rest = piece.split(separator)
        if first:
            parts[-1].append((first, matched))
        for chunk in rest:
            parts.append([(chunk, matched)] if chunk else [])
    return [tuple(part) for part in parts]
