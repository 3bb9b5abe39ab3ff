"""The library's one entry point: a :class:`Timeline` opened from its YAML file and answered from its cache.

Shaped like sqlite-utils' ``Database``: open it once (from a path, or the packaged data), cached or
not, and ask it questions::

    from dprk_rights import Timeline
    timeline = Timeline()                                   # the timeline shipped with dprk
    for event in timeline.select(timeline.filter(since="2014", tags=["security-council"])):
        print(event.date, event.title)
    result = timeline.search("ICC referral", limit=5)

It owns its cache (:mod:`dprk_rights.store`): freshness, the atomic build and recovery. When a
question meets a damaged cache (a failed checksum, a database SQLite cannot read), the question
is answered again from the YAML, in memory, and only then is the damaged cache removed; a
question's own fault (an unknown tag, a query SQLite refuses) never costs a sound cache.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from dprk_rights.files import default_timeline_path
from dprk_rights.model.filters import EventFilter
from dprk_rights.store.cache import Store, discard_cache, is_damage, open_store

if TYPE_CHECKING:
    from dprk_rights.model.records import Event, Source, TimelineData
    from dprk_rights.query.search import SearchResult
    from dprk_rights.query.stats import Stats
    from dprk_rights.query.votes import VoteRow
    from dprk_rights.reading.terms import Thesaurus

T = TypeVar("T")
_EVERYTHING = EventFilter()


class DataVersion(NamedTuple):
    """Which data answered: the number of events and a digest of the timeline file's bytes."""

    events: int
    #: The first 12 hex digits of the file's BLAKE2b digest: two files share it only if they are the same.
    digest: str

    def __str__(self) -> str:
        return f"{self.events} events, {self.digest}"


class Timeline:
    """A timeline file opened for questions: lookups, filtered selections, search, statistics and votes.

    ``path`` is a timeline YAML file (the packaged one when None). With ``cache`` (the default)
    answers come from a SQLite cache in ``$XDG_CACHE_HOME/dprk-rights``, built when missing or
    stale; without it, from a database in memory, and nothing is written. ``warn`` is told, in one
    line, when the cache cannot be written or a damaged one cannot be removed.

    Raises DataError (with file, line and field) when the file cannot be read or does not validate.
    """

    def __init__(
        self, path: str | Path | None = None, *, cache: bool = True, warn: Callable[[str], None] | None = None
    ) -> None:
        self.path = Path(path) if path is not None else default_timeline_path()
        self._warn = warn
        self._store = open_store(self.path, no_cache=not cache, warn=warn)
        self._cached = cache

    def __repr__(self) -> str:
        return f"Timeline({str(self.path)!r})"

    def __enter__(self) -> Timeline:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the database (the cache file stays for the next time)."""
        self._store.close()

    def _ask(self, question: Callable[[Store], T]) -> T:
        """``question`` answered by the store, or, when only a damaged cache explains its failure,
        by a store rebuilt in memory from the YAML (the damaged cache is then removed)."""
        try:
            return question(self._store)
        except Exception as error:
            if not self._cached or not is_damage(error):
                raise
        self._store.close()
        self._store = open_store(self.path, no_cache=True, warn=self._warn)
        self._cached = False
        answer = question(self._store)
        problem = discard_cache(self.path)
        if problem is not None and self._warn is not None:
            self._warn(f"the cache of {self.path} is damaged and cannot be removed ({problem}).")
        return answer

    # -- lookups -------------------------------------------------------------------------------

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every source, in file order."""
        return self._ask(lambda store: store.sources)

    @property
    def events(self) -> tuple[Event, ...]:
        """Every event, in date order (the whole timeline rebuilt: prefer :meth:`select` for a part)."""
        return self.data().events

    def source(self, source_id: str) -> Source | None:
        """The source with this id, or None."""
        return self._ask(lambda store: store.source(source_id))

    def event(self, event_id: str) -> Event | None:
        """The event with this id, or None."""
        return self._ask(lambda store: store.event(event_id))

    def event_ids(self) -> list[str]:
        """Every event id, in date order."""
        return self._ask(Store.event_ids)

    def events_citing(self, source_id: str) -> list[Event]:
        """Events citing the source, in date order."""
        return self._ask(lambda store: store.events_citing(source_id))

    def citing_count(self, source_id: str) -> int:
        """How many events cite the source."""
        return self._ask(lambda store: store.citing_count(source_id))

    def tags(self) -> list[str]:
        """Every tag used, sorted."""
        return self._ask(Store.tags)

    def actors(self) -> list[str]:
        """Every actor named, sorted."""
        return self._ask(Store.actors)

    def thesaurus(self) -> Thesaurus:
        """The search thesaurus the cache was built with."""
        return self._ask(Store.thesaurus)

    def version(self) -> DataVersion:
        """The data version to cite: event count and content digest (``dprk --version``, export headers)."""
        return self._ask(lambda store: DataVersion(store.event_count(), store.digest()[:12]))

    def data(self) -> TimelineData:
        """The whole timeline as plain data (sources and events in date order), e.g. for an export."""
        return self._ask(Store.timeline)

    # -- questions -----------------------------------------------------------------------------

    def filter(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        tags: Sequence[str] = (),
        actors: Sequence[str] = (),
        sources: Sequence[str] = (),
        disputed: bool = False,
    ) -> EventFilter:
        """A filter from typed values (``since="March 2014"``), checked against this timeline:
        UsageError names an unparsable date or an unknown tag, actor or source, with suggestions."""
        from dprk_rights.query.filtering import build_filter

        return self._ask(
            lambda store: build_filter(
                store, since=since, until=until, tags=tags, actors=actors, sources=sources, disputed=disputed
            )
        )

    def select(
        self, event_filter: EventFilter = _EVERYTHING, *, reverse: bool = False, limit: int | None = None
    ) -> list[Event]:
        """Events passing the filter, in date order (newest first with ``reverse``), at most ``limit``."""
        return self._ask(lambda store: store.select(event_filter, reverse=reverse, limit=limit))

    def select_json(
        self, event_filter: EventFilter = _EVERYTHING, *, reverse: bool = False, limit: int | None = None
    ) -> str:
        """What :meth:`select` gives, as the text of ``timeline --json``: for a filter of dates only,
        the stored JSON of each event passed through unparsed."""
        if event_filter.dates_only:
            return self._ask(lambda store: store.select_json(event_filter, reverse=reverse, limit=limit))
        from dprk_rights.model.shapes import dumps, event_to_dict

        events = self.select(event_filter, reverse=reverse, limit=limit)
        return dumps([event_to_dict(event, self.source) for event in events]) + "\n"

    def search(
        self,
        query: str,
        event_filter: EventFilter | None = None,
        *,
        sort: str = "relevance",
        limit: int | None = None,
        stored_json: bool = False,
    ) -> SearchResult:
        """Ranked events matching ``query`` (see :mod:`dprk_rights.query.search` for the syntax).

        With ``stored_json`` the result also carries each hit's stored JSON text (``result.stored``,
        by the hit's rowid), read in the same question so it always matches the hits.
        """
        from dprk_rights.query.search import search
        from dprk_rights.store.index import SearchIndex

        def ask(store: Store) -> SearchResult:
            result = search(SearchIndex(store), store.thesaurus(), query, event_filter, sort=sort, limit=limit)
            if stored_json:
                result.stored = store.stored_json([hit.rowid for hit in result.hits])
            return result

        return self._ask(ask)

    def stats(self, event_filter: EventFilter = _EVERYTHING) -> Stats:
        """Counts of the events passing the filter: by year, tag, actor and source."""
        from dprk_rights.query.stats import compute_stats

        return compute_stats(self.select(event_filter), since=event_filter.since)

    def votes(self, body: str = "all") -> list[VoteRow]:
        """The recorded votes on resolutions, in date order, of one body (``all`` for every body)."""
        from dprk_rights.query.votes import vote_rows

        return vote_rows(self._ask(Store.voted), body)


def load_timeline(path: str | Path | None = None, *, cache: bool = False) -> Timeline:
    """Open a timeline file (the packaged one when ``path`` is None), by default without writing a
    cache: ``Timeline(path, cache=cache)``.

    Raises DataError listing every problem found, each with file, line and field.
    """
    return Timeline(path, cache=cache)
