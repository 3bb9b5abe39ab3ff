"""The timeline as a SQLite database: the derived cache behind the command line.

One schema serves two uses. :func:`open_store` keeps a database per timeline file in the user's
cache directory (``$XDG_CACHE_HOME/dprk-rights``), keyed by the file's size, modification time
and content hash, so a warm command reads only the rows it prints and never parses YAML; with
``no_cache`` (and for library use through :meth:`Store.from_timeline`) the same database is
built in memory. The YAML file stays the single source of truth:

- a cache is used only when its recorded size and modification time match the file and it was
  built well after that modification (otherwise the content hash decides), and only when it was
  written by this version of dprk with the same search thesaurus;
- it is built in a temporary file and renamed into place, so readers never see half a cache
  and two processes building at once each produce a whole one (the last rename wins);
- a cache that fails any check (schema, size against its page count, a query error) is
  rebuilt, never trusted.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dprk_rights.errors import DataError

from .schema import INSERT_DOC, SCHEMA, SCHEMA_SQL, event_columns

if TYPE_CHECKING:
    from dprk_rights.model.filters import EventFilter
    from dprk_rights.model.records import Event, Source, TimelineData
    from dprk_rights.reading.terms import Thesaurus

#: A file modified this close to the cache's build time may have changed again within the same tick.
RACY_SECONDS = 2.0
_OPEN_START, _OPEN_END = -1, 10**8  # day ordinals standing in for no --since / no --until
_CHUNK = 500
_COLLECT_EVERY = 1000


def cache_dir() -> Path | None:
    """Where caches live: ``$XDG_CACHE_HOME/dprk-rights``, by default ``~/.cache/dprk-rights``.

    None when there is no such place: ``XDG_CACHE_HOME`` unset or relative (the XDG rule) and no
    existing home directory. Then nothing is cached and nothing is created.
    """
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        home = os.path.expanduser("~")
        if not os.path.isabs(home) or not os.path.isdir(home):
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "dprk-rights"


class Store:
    """Read access to a timeline database, answering what :class:`dprk_rights.Timeline` asks.

    JSON, the model and the serializer are imported only by the methods that need them: a warm
    ``timeline --json`` passes the stored text of its events straight through.
    """

    def __init__(self, connection: sqlite3.Connection, path: str, meta: dict[str, str] | None = None) -> None:
        self.connection = connection
        self.path = path
        self._meta = meta if meta is not None else dict(connection.execute("SELECT key, value FROM meta"))
        self._sources: tuple[Source, ...] | None = None
        self._by_id: dict[str, Source] = {}
        self._counts: dict[str, int] = {}

    @classmethod
    def from_timeline(cls, timeline: TimelineData) -> Store:
        """A store in memory holding ``timeline``."""
        connection = sqlite3.connect(":memory:")
        writer = StoreWriter(connection)
        writer.set_sources(timeline.sources)
        for event in timeline.events:
            writer.add_event(event)
        writer.finish(timeline.sources, {})
        return cls(connection, timeline.path)

    # -- lookups -----------------------------------------------------------------------------

    @property
    def sources(self) -> tuple[Source, ...]:
        """The sources, in file order."""
        if self._sources is None:
            from dprk_rights.model.shapes import source_from_dict

            rows = self.connection.execute("SELECT data, crc, events FROM sources ORDER BY position").fetchall()
            self._sources = tuple(source_from_dict(_loads(_checked(data, crc))) for data, crc, _ in rows)
            self._counts = {s.id: count for s, (_, _, count) in zip(self._sources, rows, strict=True)}
            self._by_id = {s.id: s for s in self._sources}
        return self._sources

    def source(self, source_id: str) -> Source | None:
        """The source with this id, or None; reads only its own row (an event's JSON needs a few of them)."""
        if self._sources is None and source_id not in self._by_id:
            from dprk_rights.model.shapes import source_from_dict

            row = self.connection.execute("SELECT data, crc FROM sources WHERE id = ?", (source_id,)).fetchone()
            if row is None:
                return None
            self._by_id[source_id] = source_from_dict(_loads(_checked(*row)))
        return self._by_id.get(source_id)

    def event(self, event_id: str) -> Event | None:
        """The event with this id, or None."""
        row = self.connection.execute("SELECT data, crc FROM events WHERE id = ?", (event_id,)).fetchone()
        return _event(_checked(*row)) if row else None

    def event_count(self) -> int:
        """How many events the timeline has."""
        return int(self.connection.execute("SELECT count(*) FROM events").fetchone()[0])

    def digest(self) -> str:
        """The BLAKE2b digest (hex) of the timeline file this store was built from ("" when unknown)."""
        return self._meta.get("digest", "")

    def event_ids(self) -> list[str]:
        """Every event id, in date order."""
        return [i for (i,) in self.connection.execute("SELECT id FROM events ORDER BY sort, position")]

    def events_citing(self, source_id: str) -> list[Event]:
        """Events citing the source, in date order."""
        rows = self.connection.execute(
            "SELECT e.data, e.crc FROM citing c JOIN events e ON e.position = c.position WHERE c.source = ?"
            " ORDER BY e.sort, e.position",
            (source_id,),
        )
        return [_event(_checked(data, crc)) for data, crc in rows]

    def citing_count(self, source_id: str) -> int:
        """How many events cite the source."""
        self.sources  # noqa: B018 - loads the counts with the sources
        return self._counts.get(source_id, 0)

    def tags(self) -> list[str]:
        """Every tag used, sorted."""
        return list(_loads(self._meta["tags"]))

    def actors(self) -> list[str]:
        """Every actor named, sorted."""
        return list(_loads(self._meta["actors"]))

    # -- queries -----------------------------------------------------------------------------

    def select(self, event_filter: EventFilter, *, reverse: bool = False, limit: int | None = None) -> list[Event]:
        """Events passing the filter in date order (newest first with ``reverse``), at most ``limit``.

        The date range is applied in SQL, so only events in range are read and rebuilt.
        """
        selected: list[Event] = []
        for data in self._in_range(event_filter, reverse):
            if limit is not None and len(selected) >= limit:
                break
            event = _event(data)
            if event_filter.matches(event):
                selected.append(event)
        return selected

    def select_json(self, event_filter: EventFilter, *, reverse: bool = False, limit: int | None = None) -> str:
        """What ``select`` gives, as the text of its ``--json`` output, for a filter of dates only.

        The stored text of each event is passed through, so nothing is parsed or serialized.
        """
        assert event_filter.dates_only
        rows = self._in_range(event_filter, reverse)
        items = [data for data, _ in zip(rows, range(limit), strict=False)] if limit is not None else list(rows)
        return "[\n" + ",\n".join(items) + "\n]\n" if items else "[]\n"

    def _in_range(self, event_filter: EventFilter, reverse: bool) -> Iterator[str]:
        low = event_filter.since.start.toordinal() if event_filter.since else _OPEN_START
        high = event_filter.until.end.toordinal() if event_filter.until else _OPEN_END
        order = "DESC" if reverse else "ASC"
        rows = self.connection.execute(
            "SELECT data, crc FROM events WHERE last_day >= ? AND first_day <= ?"
            f" ORDER BY sort {order}, position {order}",
            (low, high),
        )
        return (_checked(data, crc) for data, crc in rows)

    def voted(self) -> list[Event]:
        """Events that record a vote (or adoption without one), in date order; only those are rebuilt."""
        query = "SELECT data, crc FROM events {} ORDER BY sort, position"
        try:
            rows = self.connection.execute(query.format("WHERE json_extract(data, '$.vote') IS NOT NULL")).fetchall()
        except sqlite3.OperationalError as error:
            if "no such function" not in str(error):
                raise  # a damaged cache: left to the caller's recovery
            rows = self.connection.execute(query.format("")).fetchall()  # an SQLite without JSON functions
        events = (_event(_checked(data, crc)) for data, crc in rows)
        return [event for event in events if event.vote]

    def events_at(self, positions: Iterable[int]) -> dict[int, Event]:
        """The events at these positions (their rowids in the search index)."""
        wanted = list(positions)
        found: dict[int, Event] = {}
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            rows = self.connection.execute(f"SELECT position, data, crc FROM events WHERE position IN ({marks})", chunk)
            found.update((position, _event(_checked(data, crc))) for position, data, crc in rows)
        return found

    def stored_json(self, positions: Sequence[int]) -> dict[int, str]:
        """The stored ``--json`` text of the events at these positions (see ``select_json``), unparsed."""
        found: dict[int, str] = {}
        for start in range(0, len(positions), _CHUNK):
            chunk = positions[start : start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            rows = self.connection.execute(f"SELECT position, data, crc FROM events WHERE position IN ({marks})", chunk)
            found.update((position, _checked(data, crc)) for position, data, crc in rows)
        return found

    def timeline(self) -> TimelineData:
        """Everything, as plain data (for exports)."""
        from dprk_rights.model.records import TimelineData

        rows = self.connection.execute("SELECT data, crc FROM events ORDER BY sort, position")
        return TimelineData(self.sources, tuple(_event(_checked(data, crc)) for data, crc in rows), path=self.path)

    def thesaurus(self) -> Thesaurus:
        """The search thesaurus stored with the cache (loaded from its YAML file when absent)."""
        from dprk_rights.reading.terms import Thesaurus, load_thesaurus

        stored = self._meta.get("thesaurus")
        if stored is None:
            return load_thesaurus()
        groups, stopwords, names = _loads(stored)
        return Thesaurus(tuple(tuple(tuple(p) for p in g) for g in groups), frozenset(stopwords), frozenset(names))

    def close(self) -> None:
        self.connection.close()


class StoreWriter:
    """Fills a new store one event at a time, so a large timeline is never held in memory whole."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        import json

        from dprk_rights.model.shapes import event_to_dict

        self.connection = connection
        self._cursor = connection.cursor()
        self._columns = event_columns
        self._to_dict = event_to_dict
        self._dumps = json.dumps
        connection.executescript(SCHEMA_SQL)
        self._position = 0
        self._tags: set[str] = set()
        self._actors: set[str] = set()
        self._citing: dict[str, int] = {}
        # Each citation's JSON carries its source's title and url, and an open end is bounded by its
        # sources' publication dates: events stored before the sources were read (a file may list
        # its events first) are written again in finish().
        self._sources: dict[str, Source] = {}
        self._sources_known = False
        self._early = 0

    def set_sources(self, sources: Sequence[Source]) -> None:
        """The timeline's sources, as soon as they are read."""
        self._sources = {s.id: s for s in sources}
        self._sources_known = True

    def add_event(self, event: Event) -> None:
        """Store one event and index it for search."""
        position = self._position
        self._position += 1
        if not self._sources_known:
            self._early = self._position
        if position % _COLLECT_EVERY == _COLLECT_EVERY - 1:
            # The loader pauses garbage collection while it reads; json.dumps(indent=...) leaves a small
            # reference cycle per call, which on a large timeline would otherwise add up to hundreds of MB.
            gc.collect(0)
        event = self._reported(event)
        first, last = event.date.span()  # the documented span (see EventDate.span)
        year, month, day = event.date.sort_key
        sort = year * 10000 + month * 100 + day
        data = self._data(event)
        execute = self._cursor.execute
        execute(
            "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                position,
                event.id,
                sort,
                first.toordinal(),
                last.toordinal(),
                data,
                _crc(data),
            ),
        )
        execute("INSERT INTO ordering VALUES (?, ?)", (position, sort))
        columns = self._columns(event)
        execute(INSERT_DOC, (position, *columns))
        execute("INSERT INTO words (rowid, text) VALUES (?, ?)", (position, "\n".join(columns)))
        for source in event.source_ids:
            execute("INSERT INTO citing VALUES (?, ?)", (source, position))
            self._citing[source] = self._citing.get(source, 0) + 1
        self._tags.update(event.tags)
        self._actors.update(event.actors)

    def finish(self, sources: Sequence[Source], meta: dict[str, str]) -> None:
        """Store the sources and the metadata, then commit."""
        from dprk_rights.model.shapes import source_fields

        self.set_sources(sources)
        self._rewrite_early_events()
        dumps = self._dumps
        rows = [(i, s.id, dumps(source_fields(s)), self._citing.get(s.id, 0)) for i, s in enumerate(sources)]
        self.connection.executemany(
            "INSERT INTO sources VALUES (?, ?, ?, ?, ?)", [(*row, _crc(row[2])) for row in rows]
        )
        meta = meta | {"schema": SCHEMA, "tags": dumps(sorted(self._tags)), "actors": dumps(sorted(self._actors))}
        self.connection.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        self.connection.commit()

    def _data(self, event: Event) -> str:
        """The event's JSON, indented as an element of the `--json` list (JSON strings never hold a raw newline)."""
        data = self._to_dict(event, self._sources.get)
        return "  " + self._dumps(data, ensure_ascii=False, indent=2).replace("\n", "\n  ")

    def _reported(self, event: Event) -> Event:
        """The event with an open end bounded by its sources' publication dates, once they are known."""
        if event.date.last is not None or not self._sources_known:
            return event
        date = event.date.reported(s.published if (s := self._sources.get(i)) else None for i in event.source_ids)
        return event if date is event.date else event._replace(date=date)

    def _rewrite_early_events(self) -> None:
        """Write again the events stored before the sources were known, now that their titles, urls and
        publication dates are."""
        for start in range(0, self._early, _CHUNK):
            rows = self.connection.execute(
                "SELECT position, data FROM events WHERE position >= ? AND position < ?",
                (start, min(start + _CHUNK, self._early)),
            ).fetchall()
            updates = []
            for position, stored in rows:
                event = self._reported(_event(stored))
                data = self._data(event)
                updates.append((event.date.span()[1].toordinal(), data, _crc(data), position))
            self.connection.executemany("UPDATE events SET last_day = ?, data = ?, crc = ? WHERE position = ?", updates)
        self._early = 0


def open_store(path: Path, *, no_cache: bool = False, warn: Callable[[str], None] | None = None) -> Store:
    """The store for a timeline file: a fresh cache when there is one, otherwise built (and cached).

    Nothing is cached with ``no_cache`` (the cache folder is not even looked up), when there is no
    cache folder, or for a file that is not a regular file (``/dev/stdin``, a pipe, a ``/proc``
    file): those are answered from a database in memory. When the cache cannot be written (a
    full disk, a read-only folder) the answer comes from memory too, and ``warn`` is told why.
    Raises DataError when the timeline cannot be read or does not validate.
    """
    from dprk_rights.files import is_regular_file, read_bytes, stat_file

    path = Path(path)
    stat = stat_file(path, "timeline file")
    terms = _thesaurus_key()
    resolved = str(path.resolve()) if not no_cache and is_regular_file(stat) else ""
    cache = _cache_file(path, resolved) if resolved else None
    if cache is not None:
        store = _fresh_cache(cache, path, resolved, stat, terms)
        if store is not None:
            return store
    data = read_bytes(path, "timeline file")
    digest = _digest(data)
    if cache is not None:
        # Touched, or changed too recently to trust its modification time: the content hash decides.
        store = _fresh_cache(cache, path, resolved, stat, terms, digest=digest)
        if store is not None:
            _remember(cache, store.connection, stat)
            return store
    meta = {
        "path": _text(resolved),
        "file": _file_key(stat),
        "digest": digest,
        "built_at": repr(time.time()),
        "terms": terms,
    }
    if cache is not None:
        try:
            return Store(_build_file(cache, data, str(path), meta), str(path))
        except (OSError, sqlite3.Error, UnicodeError) as exc:
            if warn is not None:
                reason = getattr(exc, "strerror", None) or exc
                warn(f"cannot write the cache in {_text(str(cache.parent))} ({reason}); answering without it")
    return Store(_build(":memory:", data, str(path), meta), str(path))


def _fresh_cache(
    cache: Path, path: Path, resolved: str, stat: os.stat_result, terms: str, *, digest: str | None = None
) -> Store | None:
    """The cached store when it is whole, current and matches the file; None otherwise.

    A journal beside the cache means a writer died in the middle of changing it (no cache this
    version writes has one): the cache is rebuilt, and the rebuild removes the journal.
    """
    try:
        size = cache.stat().st_size
        if any(os.path.lexists(f"{cache}{suffix}") for suffix in ("-journal", "-wal")):
            return None
        connection = _open_cache(cache)
    except (OSError, sqlite3.Error):
        return None
    try:
        page_size, pages = (connection.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_size", "page_count"))
        meta = dict(connection.execute("SELECT key, value FROM meta"))
        whole = size == page_size * pages and meta.get("schema") == SCHEMA and meta.get("terms") == terms
        same_path = meta.get("path") == _text(resolved)
        if digest is not None:
            current = same_path and meta.get("digest") == digest
        else:
            changed = max(stat.st_mtime, stat.st_ctime)
            settled = float(meta.get("built_at", "0")) - changed > RACY_SECONDS
            current = same_path and meta.get("file") == _file_key(stat) and settled
        if whole and current:
            return Store(connection, str(path), meta)
    except (sqlite3.Error, ValueError, KeyError, TypeError):
        pass
    connection.close()
    return None


def _open_cache(cache: Path) -> sqlite3.Connection:
    """A read-only connection to a cache file.

    ``immutable``: a cache file is never changed in place (every write is a new file renamed over
    it), so SQLite need not lock it nor look for a journal; a journal left beside it by an older
    dprk killed mid-write is then harmless. The path is %-escaped, since ``#``, ``?`` and ``%`` in
    a folder or file name would otherwise end the path part of the URI.
    """
    return sqlite3.connect(_uri(cache) + "?mode=ro&immutable=1", uri=True)


#: Bytes that stand for themselves in the path of a ``file:`` URI; every other byte is %-escaped.
_URI_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/-._~")


def _uri(path: Path) -> str:
    return "file:" + "".join(chr(b) if b in _URI_SAFE else f"%{b:02X}" for b in os.fsencode(path))


def _text(path: str) -> str:
    """A path as text SQLite can store (a name that is not UTF-8 keeps its bytes as escapes)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _file_key(stat: os.stat_result) -> str:
    """Size, modification and change times, and inode: a change to any means the content may differ.

    The change time (ctime) cannot be set back by tools that restore modification times, so a
    same-size edit with its old mtime is still noticed.
    """
    return f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}:{stat.st_ino}"


class CorruptCache(Exception):
    """A cache row whose checksum does not match: the cache is discarded and rebuilt."""


def is_damage(error: Exception) -> bool:
    """Whether only a damaged cache explains ``error`` (the YAML was validated when the cache was built)."""
    import json

    # JSONDecodeError: the metadata rows (tags, actors, thesaurus) are not checksummed.
    return isinstance(error, sqlite3.DatabaseError | CorruptCache | json.JSONDecodeError)


def _crc(text: str) -> int:
    return zlib.crc32(text.encode())


def _checked(data: str, crc: int) -> str:
    if _crc(data) != crc:
        raise CorruptCache("a cached row does not match its checksum")
    return data


def discard_cache(path: Path) -> str | None:
    """Remove the cache of a timeline file (after it failed a query: it is rebuilt on next use).

    Returns None when done (or there was none), otherwise why it could not be removed.
    """
    path = Path(path)
    try:
        cache = _cache_file(path, str(path.resolve()))
        if cache is not None:
            cache.unlink(missing_ok=True)
    except OSError as exc:
        return str(exc.strerror or exc)
    return None


def _remember(cache: Path, connection: sqlite3.Connection, stat: os.stat_result) -> None:
    """Record a verified file's modification time so the next run need not hash it again.

    The verified cache is copied with the time recorded and renamed over the old one: a cache
    file is never written in place (see :func:`_open_cache`).
    """
    try:
        _remove_leftovers(cache.parent)
        temporary = _temporary(cache)
    except OSError:
        return  # a read-only cache still works; it is only hashed again next time
    try:
        copy = sqlite3.connect(temporary)
        try:
            copy.execute("PRAGMA journal_mode = OFF")
            connection.backup(copy)
            copy.executemany(
                "UPDATE meta SET value = ? WHERE key = ?",
                [(_file_key(stat), "file"), (repr(time.time()), "built_at")],
            )
            copy.commit()
        finally:
            copy.close()
        os.replace(temporary, cache)
    except (OSError, sqlite3.Error):
        Path(temporary).unlink(missing_ok=True)


def _build_file(cache: Path, data: bytes, name: str, meta: dict[str, str]) -> sqlite3.Connection:
    """Build the store in a temporary file beside ``cache`` and rename it into place."""
    cache.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(cache.parent)
    temporary = _temporary(cache)
    try:
        _build(temporary, data, name, meta).close()
        os.replace(temporary, cache)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return _open_cache(cache)


#: A temporary file older than this is a leftover even when its process cannot be checked.
STALE_SECONDS = 3600.0
_HOST = "".join(c if c.isalnum() or c == "-" else "_" for c in os.uname().nodename)[:40] or "host"


def _temporary(cache: Path) -> str:
    """A new empty file beside ``cache``, named after this host and process so leftovers can be told."""
    import tempfile

    handle, temporary = tempfile.mkstemp(prefix=f"{cache.name}.{_HOST}.{os.getpid()}.", suffix=".tmp", dir=cache.parent)
    os.close(handle)
    return temporary


def _remove_leftovers(folder: Path) -> None:
    """Remove what killed processes left in the cache folder: temporary files of processes no longer
    running on this host (or older than STALE_SECONDS), and journals, which no cache uses."""
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if name.endswith(".tmp") and ".sqlite." in name:
            parts = name.rsplit(".", 4)  # NAME.sqlite, HOST, PID, RANDOM, tmp
            try:
                stale = now - entry.stat().st_mtime > STALE_SECONDS
            except OSError:
                continue
            if not stale and len(parts) == 5 and parts[1] == _HOST and parts[2].isdigit():
                stale = not _running(int(parts[2]))
        else:
            stale = name.endswith((".sqlite-journal", ".sqlite-wal", ".sqlite-shm"))
        if stale:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process
    return True


def _build(target: str, data: bytes, name: str, meta: dict[str, str]) -> sqlite3.Connection:
    """Read the timeline into a new database at ``target``; DataError when it does not validate."""
    from dprk_rights.reading.loader import stream_timeline

    connection = sqlite3.connect(target)
    connection.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
    writer = StoreWriter(connection)
    sources, problems = stream_timeline(data, name, writer.add_event, writer.set_sources)
    if problems:
        connection.close()
        raise DataError(problems)
    writer.finish(sources, meta | {"thesaurus": _thesaurus_json()})
    return connection


def _cache_file(path: Path, resolved: str) -> Path | None:
    """The cache's file name: the timeline's name and a checksum of its full path; None without a cache folder.

    Only letters, digits, ``-`` and ``_`` of the name are kept. (zlib rather than hashlib: loading
    OpenSSL would cost every warm command 4 ms. A clash between two paths only makes them
    rebuild each other's cache: the path is checked inside.)
    """
    folder = cache_dir()
    if folder is None:
        return None
    key = zlib.crc32(os.fsencode(resolved))
    stem = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "_" for c in path.stem[:40])
    return folder / f"{stem}-{key:08x}.sqlite"


def _digest(data: bytes) -> str:
    import hashlib

    return hashlib.blake2b(data, digest_size=20).hexdigest()


def _thesaurus_key() -> str:
    """Identifies the thesaurus file's version without reading it (size and modification time)."""
    from dprk_rights.files import packaged_data_path

    stat = packaged_data_path("search_terms.yaml").stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def _thesaurus_json() -> str:
    from dprk_rights.reading.terms import load_thesaurus

    thesaurus = load_thesaurus()
    import json

    return json.dumps([[list(g) for g in thesaurus.groups], sorted(thesaurus.stopwords), sorted(thesaurus.names)])


def _loads(text: str) -> Any:
    import json

    return json.loads(text)


def _event(data: str) -> Event:
    from dprk_rights.model.shapes import event_from_dict

    return event_from_dict(_loads(data))
