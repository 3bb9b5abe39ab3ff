"""The ``dprk`` command line: a thin Typer layer over the library API.

Each command parses its options, calls the library once, and hands the result
to :func:`_output`, which writes JSON, plain text or Rich output. Errors from
the library end in :func:`_reports_errors`: one ``Error:`` line, exit status 2.
"""

import functools
import io
import os
import sys
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO, NoReturn, TypeVar, cast

import typer
from typer.core import TyperCommand, TyperOption

from dprk_rights import __version__
from dprk_rights.errors import DataError, DprkError, NotFoundError, UsageError
from dprk_rights.text import visible


class _Lazy:
    """A module imported when one of its names is first used: the output modules, so a command
    loads only the output it writes (Rich only for a terminal), while mypy checks every call."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        from importlib import import_module

        return getattr(import_module(self._name), attribute)


if TYPE_CHECKING:
    from rich.console import RenderableType
    from typer._click import Context as ClickContext  # the type Typer's own command classes take

    from dprk_rights.cli.json_fields import JsonRequest
    from dprk_rights.model.filters import EventFilter
    from dprk_rights.output import as_json, plain, rich_view, styled
    from dprk_rights.output.styled import Line
    from dprk_rights.query.search import SearchResult
    from dprk_rights.timeline import Timeline
else:
    as_json, plain, rich_view, styled = (
        _Lazy(f"dprk_rights.output.{m}") for m in ("as_json", "plain", "rich_view", "styled")
    )

HELP = """\
What happened, when, and who says so: a cited timeline of human rights in
North Korea (DPRK). Every event quotes the sources that report it; where
sources disagree, the event is marked disputed.

\b
Examples:
  dprk timeline --since 2014
  dprk search "ICC referral"
  dprk show unsc-agenda-2014
  dprk sources
  dprk timeline --tag icc --json | jq '.[].title'
"""

SEARCH_SYNTAX = """\
\b
Query syntax:
  ICC referral          events about both words rank first, then either
  "forced labour"       the exact phrase (spelling variants included)
  sanctions OR embargo  either word counts as the same clause
  -china                leave out events that mention China
  2014                  events dated in 2014 first, then those mentioning it
  A/RES/60/173, 60/173  the resolution with that symbol first (a phrase, never a year)
Acronyms and their expansions (ICC, CoI, UNSC, HRC, UPR, SGBV...), British and
American spellings, word forms (refer/referral) and name variants are
matched both ways. A lower-case word that matches nothing is corrected only
when it is clearly a slip of one word in the data (comission, inquery), and
every output says so; names and other words are searched as typed. Events
matching only part of the query are marked partial. At most 1000
characters and 40 words, phrases and exclusions."""

F = TypeVar("F", bound=Callable[..., Any])

#: Where a command keeps what ``--json FIELDS`` and ``--jq EXPR`` asked of it (its context's meta).
_JSON_REQUEST = "dprk_rights.json_request"


class _Command(TyperCommand):
    """A ``dprk`` command: it also takes the global options after its name (``dprk timeline --data
    x.yaml``, as gh's ``-R`` goes anywhere), and, with ``--json``, ``--json FIELDS`` and ``--jq EXPR``.

    Its output is held back only when it must be: to filter the JSON (FIELDS, EXPR), or to send a
    long answer on a terminal through the pager (:mod:`dprk_rights.cli.pager`).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.extend(_command_options(with_json="--json" in _option_names(self)))

    def parse_args(self, ctx: "ClickContext", args: list[str]) -> list[str]:
        if "--json" in _option_names(self):
            args = _take_json_request(ctx, self, args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: "ClickContext") -> Any:
        request: JsonRequest | None = ctx.meta.get(_JSON_REQUEST)
        pager = _pager_command(ctx)
        if request is None and pager is None:
            return super().invoke(ctx)
        real = sys.stdout
        held = _HeldStdout(real)
        sys.stdout = held
        try:
            return super().invoke(ctx)
        finally:
            sys.stdout = real
            _write_held(held, request, pager)


class _Typer(typer.Typer):
    """The app: every command it registers is a :class:`_Command` (new commands included)."""

    def command(self, *args: Any, **kwargs: Any) -> Callable[[F], F]:
        kwargs["cls"] = kwargs.get("cls") or _Command
        return super().command(*args, **kwargs)


app = _Typer(
    name="dprk",
    help=HELP,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


#: A completion offers at most this many choices with their help (an event's date and title):
#: beyond it, the ids alone, so a first <TAB> over a large timeline stays quick.
_COMPLETION_HELP_MAX = 40

Completion = list[str | tuple[str, str]]


def _complete_from(
    values: "Callable[[Timeline, str], Iterable[str | tuple[str, str]]]",
) -> Callable[[typer.Context, str], Completion]:
    """A shell-completion callback offering ``values(timeline, incomplete)`` that start with what is typed.

    The timeline is the one the command line names (``--data``, ``DPRK_TIMELINE``), read through
    its cache. Completion never prints and never fails: a file that cannot be read offers nothing,
    and a value the shell cannot take as one word (a control or line-separator character) is left out.
    """

    def complete(ctx: typer.Context, incomplete: str) -> Completion:
        from dprk_rights.timeline import Timeline

        root = ctx.find_root().params
        data = root.get("data") or os.environ.get("DPRK_TIMELINE") or None
        try:
            with Timeline(data, cache=not root.get("no_cache", False)) as loaded:
                offered = list(values(loaded, incomplete))
        except Exception:  # a broken file, a cache that cannot be read: complete nothing
            return []
        return [item for item in offered if _completable(item if isinstance(item, str) else item[0], incomplete)]

    return complete


def _completable(value: str, incomplete: str) -> bool:
    return value.startswith(incomplete) and value.isprintable()


def _completion_help(text: str) -> str:
    """Help shown beside a choice (zsh, fish): data text reduced to words and plain punctuation, since
    each shell re-reads it (zsh evaluates it) and Typer renders it as Rich markup."""
    kept = "".join(c if c.isalnum() or c in " .,;()-/" else " " for c in text)
    words = " ".join(kept.split())
    return words if len(words) <= 70 else words[:69] + "…"


def _event_ids(loaded: "Timeline", incomplete: str) -> Completion:
    ids = [i for i in loaded.event_ids() if i.startswith(incomplete)]
    if len(ids) > _COMPLETION_HELP_MAX:
        return list(ids)
    events = [(i, loaded.event(i)) for i in ids]
    return [(i, _completion_help(f"{e.date} {e.title}")) if e else i for i, e in events]


def _source_ids(loaded: "Timeline", incomplete: str) -> Completion:
    return [
        (s.id, _completion_help(f"{s.publisher} {s.published or ''}"))
        for s in loaded.sources
        if s.id.startswith(incomplete)
    ]


def _fixed_choices(choices: "Callable[[], dict[str, str]]") -> Callable[[str], Completion]:
    """A completion callback offering fixed names (formats, bodies) with their help; no data read."""

    def complete(incomplete: str) -> Completion:
        try:
            return [(name, about) for name, about in choices().items() if name.startswith(incomplete)]
        except Exception:
            return []

    return complete


def _export_formats() -> dict[str, str]:
    from dprk_rights.output.formats import FORMATS

    return {name: ", ".join(f.extensions) for name, f in FORMATS.items()}


def _vote_bodies() -> dict[str, str]:
    from dprk_rights.query.votes import BODIES

    return {**BODIES, "all": "every body"}


complete_event_ids = _complete_from(_event_ids)
complete_source_ids = _complete_from(_source_ids)
complete_tags = _complete_from(lambda loaded, incomplete: loaded.tags())
complete_actors = _complete_from(lambda loaded, incomplete: loaded.actors())
complete_export_formats = _fixed_choices(_export_formats)
complete_extract_formats = _fixed_choices(lambda: {"yaml": "drafts to edit", "json": "drafts as JSON"})
complete_vote_bodies = _fixed_choices(_vote_bodies)
complete_search_sorts = _fixed_choices(lambda: {"relevance": "best first", "date": "oldest first"})

JsonOption = Annotated[
    bool,
    typer.Option(
        "--json",
        help="Write JSON to stdout (shape in the README). --json id,title keeps only those fields; "
        "--json= lists the fields.",
    ),
]
SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since", metavar="DATE", help="Only events on or after DATE: 2014, 2014-03, 2014-03-17 or 'March 2014'."
    ),
]
UntilOption = Annotated[
    str | None, typer.Option("--until", metavar="DATE", help="Only events on or before DATE (same forms as --since).")
]
TagOption = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        "-t",
        metavar="TAG",
        help="Only events with this tag (repeat for any of several); `dprk tags` lists them.",
        autocompletion=complete_tags,
    ),
]
ActorOption = Annotated[
    list[str] | None,
    typer.Option(
        "--actor",
        "-a",
        metavar="ACTOR",
        help="Only events naming this actor, e.g. 'Security Council' (repeatable); `dprk actors` lists them.",
        autocompletion=complete_actors,
    ),
]
SourceOption = Annotated[
    list[str] | None,
    typer.Option(
        "--source",
        "-s",
        metavar="ID",
        help="Only events citing this source id (repeatable).",
        autocompletion=complete_source_ids,
    ),
]
DisputedOption = Annotated[
    bool, typer.Option("--disputed", help="Only events that some source disputes (marked ⚠ on a terminal).")
]
SourcesDirOption = Annotated[
    Path | None,
    typer.Option(
        "--sources-dir",
        metavar="DIR",
        envvar="DPRK_SOURCES_DIR",
        show_envvar=True,
        help="Folder of source texts named <source-id>.txt, to check quotes against.",
    ),
]
LimitOption = Annotated[int | None, typer.Option("--limit", "-n", metavar="N", help="Print at most N events.")]


def _reports_errors(command: F) -> F:
    """Turn a DprkError into one ``Error:`` line per problem on stderr and its exit status.

    (A damaged cache never gets here: :class:`~dprk_rights.timeline.Timeline` answers from the
    YAML instead and removes it.)
    """

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DprkError as error:
            for line in error.lines():
                typer.echo(f"Error: {line}", err=True)
            raise typer.Exit(error.exit_code) from None

    return wrapper  # type: ignore[return-value]  # functools.wraps keeps the signature Typer reads


class _State:
    """Global options, shared with every command through the Typer context."""

    def __init__(self, data: Path | None = None, no_cache: bool = False, no_pager: bool = False) -> None:
        self.data = data
        self.no_cache = no_cache
        self.no_pager = no_pager

    def timeline_path(self) -> Path:
        from dprk_rights.files import default_timeline_path

        return self.data or default_timeline_path()


def _state(ctx: "ClickContext") -> _State:
    """The global options of this command line (given before or after the command)."""
    root = ctx.find_root()
    if not isinstance(root.obj, _State):
        root.obj = _State()
    return root.obj


def _print_version(ctx: typer.Context, value: bool) -> None:
    """``dprk 0.1.0 (data: 165 events, 1a2b3c4d5e6f)``: the tool's version and the data's, to cite both.

    The data is the timeline ``--data`` (given before ``--version``) or ``DPRK_TIMELINE`` names, else
    the shipped one; a file that cannot be read still gets the tool's version, and the reason.
    """
    if not value:
        return
    from dprk_rights.timeline import Timeline

    state = _state(ctx)
    data = ctx.params.get("data") or state.data or os.environ.get("DPRK_TIMELINE") or None
    no_cache = ctx.params.get("no_cache", False) or state.no_cache
    try:
        with Timeline(data, cache=not no_cache, warn=_note) as timeline:
            about = f"data: {timeline.version()}"
    except DprkError as error:
        about = f"data: cannot be read: {visible(error.lines()[0])}"
    typer.echo(f"dprk {__version__} ({about})")
    raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            metavar="PATH",
            envvar="DPRK_TIMELINE",
            show_envvar=True,
            is_eager=True,  # read before --version, which names the data's version
            help="Read this timeline YAML file instead of the one shipped with dprk.",
        ),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Read the YAML afresh and keep nothing (by default a cache in $XDG_CACHE_HOME is used).",
            is_eager=True,
        ),
    ] = False,
    no_pager: Annotated[
        bool,
        typer.Option("--no-pager", help="Never page long output on a terminal (also DPRK_PAGER= or PAGER=cat)."),
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    ctx.obj = _State(data, no_cache, no_pager)


def _load(ctx: typer.Context) -> "Timeline":
    """The timeline the user asked for (``--data``, ``--no-cache``), answered from its cache when fresh."""
    from dprk_rights.timeline import Timeline

    state = _state(ctx)
    return Timeline(state.timeline_path(), cache=not state.no_cache, warn=_note)


def _note(message: str) -> None:
    """One ``Note:`` line on stderr; control and bidi characters (from a path) shown as escapes, as in errors."""
    typer.echo(f"Note: {visible(message)}", err=True)


def _output(
    as_json_: bool,
    data: Callable[[], object],
    plain_text: Callable[[], str],
    rich: "Callable[[], RenderableType] | None" = None,
    lines: "Callable[[int], list[Line]] | None" = None,
) -> None:
    """Write a result as JSON, for a terminal, or as plain text when piped.

    ``data`` gives what ``--json`` prints, ``plain_text`` the piped text, ``rich`` the terminal view
    (Rich), or ``lines`` the terminal view as styled lines for a width (drawn without Rich). The
    output modules they call are imported when first used (see :class:`_Lazy`).
    """
    if as_json_:
        sys.stdout.write(as_json.dumps(data()) + "\n")
        return
    terminal = plain.is_terminal(sys.stdout)
    if terminal and lines is not None:
        sys.stdout.write(styled.ansi(lines(styled.terminal_width())))
    elif terminal and rich is not None:
        rich_view.console().print(rich())
    else:
        sys.stdout.write(plain_text())


#: A --limit beyond this is no limit (SQLite's integers stop at 2**63).
_MAX_LIMIT = 2**62


def _filter(
    loaded: "Timeline",
    since: str | None,
    until: str | None,
    tags: list[str] | None,
    actors: list[str] | None,
    sources: list[str] | None,
    disputed: bool,
) -> "EventFilter":
    """The shared filter options of timeline, search, export and stats, checked against the data."""
    return loaded.filter(
        since=since, until=until, tags=tags or (), actors=actors or (), sources=sources or (), disputed=disputed
    )


def _check_limit(limit: int | None, json_: bool) -> int | None:
    """The --limit to apply (None: no limit). ``-n 0`` asks for no events: the command ends here
    with none (``[]`` with --json) and exit status 0, the same for every command with -n."""
    if limit is None or limit > _MAX_LIMIT:
        return None
    if limit < 0:
        raise UsageError(f"--limit must be 0 or more, got {limit}")
    if limit == 0:
        if json_:
            sys.stdout.write("[]\n")
        raise typer.Exit(0)
    return limit


@app.command()
@_reports_errors
def timeline(
    ctx: typer.Context,
    since: SinceOption = None,
    until: UntilOption = None,
    tag: TagOption = None,
    actor: ActorOption = None,
    source: SourceOption = None,
    disputed: DisputedOption = False,
    limit: LimitOption = None,
    reverse: Annotated[bool, typer.Option("--reverse", "-r", help="Newest first.")] = False,
    json_: JsonOption = False,
) -> None:
    """List events in date order, oldest first.

    An event is in range when any part of its date is: --since 2014 keeps an
    event dated only "2014". Piped output is one tab-separated line per event:
    date, id, title, sources, "disputed" or empty.

    \b
    Examples:
      dprk timeline --since 2014
      dprk timeline --since 'March 2014' --until 2016-12 --tag security-council
      dprk timeline --actor Russia --reverse --limit 5 --json
      dprk timeline --disputed
    """
    limit = _check_limit(limit, json_)
    loaded = _load(ctx)
    event_filter = loaded.filter(
        since=since, until=until, tags=tag or (), actors=actor or (), sources=source or (), disputed=disputed
    )
    if json_:
        sys.stdout.write(loaded.select_json(event_filter, reverse=reverse, limit=limit))
        return
    events = loaded.select(event_filter, reverse=reverse, limit=limit)
    if not events and not json_:
        typer.echo("No events match these filters.", err=True)
        return
    _output(
        json_,
        lambda: [as_json.event_to_dict(e, loaded.source) for e in events],
        lambda: plain.plain_events(events),
        lines=lambda width: styled.event_lines(events, width, caption=plain.events_caption(events)),
    )


@app.command(epilog=SEARCH_SYNTAX)
@_reports_errors
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(metavar="QUERY", help="What to look for; see the query syntax below.")],
    since: SinceOption = None,
    until: UntilOption = None,
    tag: TagOption = None,
    actor: ActorOption = None,
    source: SourceOption = None,
    disputed: DisputedOption = False,
    limit: LimitOption = None,
    sort: Annotated[
        str,
        typer.Option(
            "--sort",
            metavar="ORDER",
            help="relevance (best first, newer on a tie) or date (oldest first).",
            autocompletion=complete_search_sorts,
        ),
    ] = "relevance",
    json_: JsonOption = False,
) -> None:
    """Find events by what they are about, best match first.

    Searches titles, summaries, tags, actors, quotes, notes and disputes,
    ignoring case and accents. Events matching the whole query come first;
    the rest are marked partial (a "partial" column when piped, "partial":
    true in JSON). On a terminal the matched words are highlighted; with
    --json each event carries a "score", what "matched" and was "missed",
    and the spelling corrections applied ("corrected"). Exit status is 1
    when no event matches the whole query, like grep.

    \b
    Examples:
      dprk search "ICC referral"
      dprk search '"forced labour"' --since 2020
      dprk search 'sanctions OR embargo -russia' --sort date
      dprk search 'comission of inquery' --json
    """
    from dprk_rights.query.search import SORTS, correction_note

    limit = _check_limit(limit, json_)
    if sort not in SORTS:
        raise UsageError(f"--sort must be one of {', '.join(SORTS)}, got {sort!r}")
    loaded = _load(ctx)
    event_filter = loaded.filter(
        since=since, until=until, tags=tag or (), actors=actor or (), sources=source or (), disputed=disputed
    )
    result = loaded.search(query, event_filter, sort=sort, limit=limit, stored_json=json_)
    if result.corrections:
        typer.echo(correction_note(result.corrections), err=True)
    if not result.complete:
        typer.echo(_no_hits_message(query, result), err=True)
    hits, corrections = result.hits, result.corrections
    if json_:
        # Each event's stored JSON is passed through, as by timeline --json: nothing re-serialized, no source read.
        sys.stdout.write(as_json.hits_json(hits, corrections, result.stored))
    elif hits:
        events = [hit.event for hit in hits]
        _output(
            json_,
            lambda: [as_json.hit_to_dict(h, corrections, loaded.source) for h in hits],
            lambda: plain.plain_hits(hits, corrections),
            lambda: rich_view.rich_hits(hits, caption=plain.events_caption(events), corrections=corrections),
        )
    if not result.complete:
        raise typer.Exit(1)


def _no_hits_message(query: str, result: "SearchResult") -> str:
    """Why a search has no full match: filters, partial matches, parts matching nothing, suggestions."""
    shown = visible(repr(query))
    filtered = " with these filters" if result.unfiltered else ""
    if result.hits:
        count = len(result.hits)
        noun = "event matches" if count == 1 else "events match"
        message = f"No event matches all of {shown}{filtered}; {count} {noun} part of it (marked partial)."
    else:
        message = f"No events match {shown}{filtered}."
    if result.unfiltered:
        return message[:-1] + f" ({result.unfiltered} match without them)."
    if result.hits and result.missing:
        message += f" Nothing matches {', '.join(visible(repr(m)) for m in result.missing)}."
    if result.suggestions:
        return message + f" Did you mean: {', '.join(result.suggestions)}?"
    return message if result.hits else message + " Try fewer or other words."


@app.command()
@_reports_errors
def sources(
    ctx: typer.Context,
    source_id: Annotated[
        str | None,
        typer.Argument(metavar="[ID]", help="Show one source in full.", autocompletion=complete_source_ids),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="With ID: show which of its quotes appear verbatim in its passage file "
            "(sources/ID.txt beside the timeline) or its text in --sources-dir.",
        ),
    ] = False,
    sources_dir: SourcesDirOption = None,
    json_: JsonOption = False,
) -> None:
    """List the sources, or show one source and the events citing it.

    Piped output is one tab-separated line per source: id, publisher,
    published, kind, number of events citing it.

    \b
    Examples:
      dprk sources
      dprk sources gcr2p-2017
      dprk sources gcr2p-2017 --check --sources-dir ../shared/sources
      dprk sources --json
    """

    if check and source_id is None:
        raise UsageError("--check needs a source ID: dprk sources ID --check")
    loaded = _load(ctx)
    if source_id is None:
        _output(
            json_,
            lambda: [as_json.source_to_dict(source, loaded) for source in loaded.sources],
            lambda: plain.plain_sources(loaded.sources, loaded),
            lambda: rich_view.rich_sources(loaded.sources, loaded),
        )
        return
    found = loaded.source(source_id)
    if found is None:
        raise NotFoundError(_not_found("source", source_id, [s.id for s in loaded.sources]))
    if check:
        _check_source_quotes(loaded, source_id, sources_dir, json_)
        return
    _output(
        json_,
        lambda: as_json.source_detail_to_dict(found, loaded),
        lambda: plain.plain_source(found, loaded),
        lambda: rich_view.rich_source(found, loaded),
    )


@app.command()
@_reports_errors
def show(
    ctx: typer.Context,
    event_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="An event id, as listed by timeline or search.", autocompletion=complete_event_ids
        ),
    ],
    json_: JsonOption = False,
) -> None:
    """Show one event in full: date, summary, every quote with its source, disputes.

    \b
    Examples:
      dprk show unsc-agenda-2014
      dprk show coi-report-2014 --json
    """

    loaded = _load(ctx)
    event = loaded.event(event_id)
    if event is None:
        raise NotFoundError(_not_found("event", event_id, loaded.event_ids()))
    _output(
        json_,
        lambda: as_json.event_to_dict(event, loaded.source),
        lambda: plain.plain_event(event, loaded),
        lambda: rich_view.rich_event(event, loaded),
    )


@app.command()
@_reports_errors
def tags(ctx: typer.Context, json_: JsonOption = False) -> None:
    """List the tags in use, each with how many events have it, most used first.

    The values --tag takes (completed by the shell after `dprk --install-completion`).
    Piped output is one tab-separated line per tag: tag, events; ties in
    alphabetical order.

    \b
    Examples:
      dprk tags
      dprk tags --json | jq -r '.[] | select(.events > 10) | .tag'
    """
    counts = _load(ctx).stats().by_tag
    _output(
        json_,
        lambda: [{"tag": name, "events": n} for name, n in counts],
        lambda: plain.plain_counts(counts),
    )


@app.command()
@_reports_errors
def actors(ctx: typer.Context, json_: JsonOption = False) -> None:
    """List the actors named, each with how many events name it, most named first.

    The values --actor takes (which also matches part of a name: --actor
    'Security Council'). Piped output is one tab-separated line per actor:
    actor, events; ties in alphabetical order.

    \b
    Examples:
      dprk actors
      dprk actors --json | jq -r '.[0].actor'
    """
    counts = _load(ctx).stats().by_actor
    _output(
        json_,
        lambda: [{"actor": name, "events": n} for name, n in counts],
        lambda: plain.plain_counts(counts),
    )


def _check_source_quotes(loaded: "Timeline", source_id: str, sources_dir: Path | None, json_: bool) -> None:
    """``sources ID --check``: each quote of the source, found in its text or not (exit 1 when one is not)."""
    from dprk_rights.curate.validate import check_source

    path, results = check_source(loaded, source_id, sources_dir)
    _output(
        json_,
        lambda: [as_json.quote_check_to_dict(r) for r in results],
        lambda: plain.plain_quote_checks(results, path),
        lambda: rich_view.rich_quote_checks(results, path),
    )
    if not all(r.found for r in results):
        raise typer.Exit(1)


@app.command()
@_reports_errors
def validate(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(metavar="[PATH]", help="Timeline file to check (default: --data, or the shipped one)."),
    ] = None,
    sources_dir: SourcesDirOption = None,
    json_: JsonOption = False,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="plain (file:line:column: error|warning: field: message) or github (GitHub Actions annotations).",
        ),
    ] = None,
) -> None:
    """Check a timeline file and report every problem at once.

    Prints each problem as file:line:column: error|warning: field: message,
    in file order, then a summary. Beyond what loading requires, it checks tags against the
    vocabulary (data/tags.yaml), date order, citations published before their
    event, missing published dates, near-duplicate events, unused sources and
    summaries that copy a quote. Every quote must appear verbatim in its
    source's passage file, sources/<source-id>.txt beside the timeline file
    (whose "# url:" header must be the source's url), or else in
    --sources-dir DIR/<source-id>.txt; a cited source with neither is a
    warning. Exit status: 0 clean, 1 problems found, 2 the file cannot be
    read at all, 70 validate itself failed (a bug). --format github prints
    each problem as a GitHub Actions annotation (::error file=F,line=L,...::message).

    \b
    Examples:
      dprk validate
      dprk validate my-timeline.yaml --sources-dir ../shared/sources
      dprk validate --json | jq '.[] | select(.severity == "error")'
      dprk validate data/timeline.yaml --format github
    """
    from dprk_rights.curate.validate import (
        EXIT_INTERNAL,
        REPORT_FORMATS,
        checked_sources_dir,
        github_annotation,
        github_report,
        validate_file,
    )

    if format_ is not None and format_ not in REPORT_FORMATS:
        raise UsageError(f"--format must be one of {', '.join(REPORT_FORMATS)}, got {format_!r}")
    if format_ is not None and json_:
        raise UsageError(f"--json and --format {format_} ask for two outputs; give one")
    target = path or _state(ctx).timeline_path()
    checked_dir = checked_sources_dir(sources_dir) if sources_dir is not None else None
    try:
        report = validate_file(target, sources_dir=checked_dir)
    except DataError as error:  # the file cannot be read at all (exit 2); CI still gets its annotations
        if format_ == "github":
            sys.stdout.write("".join(github_annotation(p) + "\n" for p in error.problems))
        raise
    except DprkError:
        raise
    except Exception as error:  # a bug: never let it pass for "problems found" (exit 1)
        last = traceback.extract_tb(error.__traceback__)[-1]  # where it was raised
        place = f"{Path(last.filename).name}:{last.lineno}"
        message = f"validate failed on {target} ({type(error).__name__} at {place}: {error}); this is a bug in dprk"
        typer.echo(f"Error: {visible(message)}", err=True)
        raise typer.Exit(EXIT_INTERNAL) from None
    if format_ == "github":
        sys.stdout.write(github_report(report.problems, plain.report_summary(report, target, checked_dir)))
    elif format_ == "plain":
        sys.stdout.write(plain.plain_report(report, target, checked_dir))
    else:
        _output(
            json_,
            lambda: [p.to_dict() for p in report.problems],
            lambda: plain.plain_report(report, target, checked_dir),
            lambda: rich_view.rich_report(report, target, checked_dir),
        )
    if report.problems:
        raise typer.Exit(1)


@app.command()
@_reports_errors
def export(
    ctx: typer.Context,
    query: Annotated[
        str | None, typer.Argument(metavar="[QUERY]", help="Only events matching this search (same syntax as search).")
    ] = None,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=(
                "json, jsonl, csv, markdown, bibtex, csl-json, ris, ics, timelinejs, timelinejs-csv, html or sqlite;"
                " default: -o's extension, else json."
            ),
            autocompletion=complete_export_formats,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write to FILE (atomically) instead of stdout; - is stdout."
        ),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    tag: TagOption = None,
    actor: ActorOption = None,
    source: SourceOption = None,
    disputed: DisputedOption = False,
) -> None:
    """Export events, with their citations, in a format other tools read.

    Takes the timeline filters and an optional search query; events come in
    date order. json and jsonl have the shape of --json; csv is one row per
    event (UTF-8, for spreadsheets); markdown is a dated list with footnoted
    citations; bibtex, csl-json (Zotero, pandoc) and ris list the cited
    sources, one reference each; ics is an iCalendar file with one
    all-day entry per event; timelinejs is Knight Lab TimelineJS's JSON and
    timelinejs-csv its Google Sheets template; html is one self-contained
    page with search and filters; sqlite is a database (events, sources,
    citations, tags, actors, disputes, full-text search) for Datasette or
    sqlite3. With -o the file is replaced only when the export is complete.

    \b
    Examples:
      dprk export --format csv -o timeline.csv
      dprk export "ICC referral" --format markdown
      dprk export --format ics --since 2014 -o dprk.ics
      dprk export --since 2014 -o refs.csl.json
      dprk export --format html --tag security-council -o council.html
      dprk export --tag icc -o icc.db
    """
    from dprk_rights.output.formats import FORMATS, ExportInfo, choose_format, generated_at
    from dprk_rights.output.formats import export as export_events

    chosen = choose_format(format_, output)
    if (output is None or str(output) == "-") and FORMATS[chosen].binary and sys.stdout.isatty():
        raise UsageError(f"--format {chosen} writes a binary file, not text for a terminal: give -o FILE, or pipe it")
    info = ExportInfo(f"dprk {__version__}", "", generated_at())
    loaded = _load(ctx)
    event_filter = loaded.filter(
        since=since, until=until, tags=tag or (), actors=actor or (), sources=source or (), disputed=disputed
    )
    if query is None:
        events = loaded.select(event_filter)
    else:
        events = [hit.event for hit in loaded.search(query, event_filter, sort="date").hits]
    text = export_events(chosen, events, loaded, info._replace(data_version=str(loaded.version())))
    if output is None or str(output) == "-":
        if isinstance(text, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
        else:
            sys.stdout.write(text)
        return
    _write(output, text, ctx)
    noun = "event" if len(events) == 1 else "events"
    typer.echo(f"Wrote {len(events)} {noun} to {visible(str(output))} ({chosen}).", err=True)


@app.command()
@_reports_errors
def stats(
    ctx: typer.Context,
    since: SinceOption = None,
    until: UntilOption = None,
    tag: TagOption = None,
    actor: ActorOption = None,
    source: SourceOption = None,
    disputed: DisputedOption = False,
    json_: JsonOption = False,
) -> None:
    """Count events by year, tag, actor and source, and how many are disputed.

    On a terminal the years are a bar chart. Piped output is tab-separated:
    "events N", "disputed N", then "year|tag|actor|source NAME COUNT".

    \b
    Examples:
      dprk stats
      dprk stats --since 2014 --json
      dprk stats --tag forced-labour
    """
    loaded = _load(ctx)
    event_filter = loaded.filter(
        since=since, until=until, tags=tag or (), actors=actor or (), sources=source or (), disputed=disputed
    )
    counts = loaded.stats(event_filter)
    _output(json_, lambda: counts.to_dict(), lambda: plain.plain_stats(counts), lambda: rich_view.rich_stats(counts))


@app.command()
@_reports_errors
def votes(
    ctx: typer.Context,
    body: Annotated[
        str,
        typer.Option(
            "--body",
            "-b",
            metavar="BODY",
            help="ga (General Assembly), hrc (Human Rights Council), chr (Commission on Human Rights), "
            "sc (Security Council) or all.",
            autocompletion=complete_vote_bodies,
        ),
    ] = "all",
    json_: JsonOption = False,
) -> None:
    """Show how each resolution and meeting was voted, in date order.

    Every event recording a vote: date, body, UN document symbol, and the
    vote for-against-abstain, drawn on a terminal as a stacked bar (scaled
    within each body), or "without a vote". The body comes from the symbol
    (A/RES and A/C.3: ga; A/HRC: hrc; E/CN.4 or a number like 2004/13: chr;
    S/: sc), else from the first UN body among its actors (ECOSOC: other),
    else from its tags. Piped output is one tab-separated
    line per vote: date, body, symbol, for-against-abstain or "without a
    vote", id, title.

    \b
    Examples:
      dprk votes
      dprk votes --body ga
      dprk votes --body hrc --json | jq '.[] | select(.vote != "without a vote")'
    """
    from dprk_rights.query.votes import BODIES

    chosen = body.strip().lower()
    if chosen not in (*BODIES, "all"):
        raise UsageError(f"--body must be one of {', '.join(BODIES)} or all, got {body!r}")
    loaded = _load(ctx)
    rows = loaded.votes(chosen)
    if not rows and not json_:
        typer.echo("No event records a vote" + ("." if chosen == "all" else f" of {BODIES[chosen]}."), err=True)
        return
    _output(
        json_,
        lambda: [as_json.vote_row_to_dict(row) for row in rows],
        lambda: plain.plain_votes(rows),
        lambda: rich_view.rich_votes(rows),
    )


@app.command()
@_reports_errors
def extract(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A plain-text source document (UTF-8); - reads standard input.")
    ],
    source_id: Annotated[
        str | None,
        typer.Option(
            "--source-id",
            metavar="ID",
            help="The source's id (default: the file name without .txt; needed with -).",
            autocompletion=complete_source_ids,
        ),
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            metavar="DATE",
            help="When the document was published, to resolve 'last month' or 'On 28 April' "
            "(default: the source's date in the timeline).",
        ),
    ] = None,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="yaml (drafts to edit) or json.",
            autocompletion=complete_extract_formats,
        ),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write to FILE.")] = None,
    json_: JsonOption = False,
) -> None:
    """Draft cited events from a source text: every sentence that states a date.

    Finds full dates ("the 9th of March, 2019"), months, years, seasons (as
    their year), ranges ("between 2013 and 2015", "from 3 to 8 May 2017",
    "since August 2023", "prior to 2015") and dates relative to the document
    ("last September", "On 28 April", "on Tuesday", "last month", "two years
    ago"), resolved against --published or the source's date in the timeline
    and marked inferred; a year the publication date cannot settle is marked
    uncertain ("2020-06-14?"). Each draft has
    the date at exactly the precision the text gives, a verbatim quote of at
    most 25 words, suggested tags and actors, and a status: new, already in
    the timeline (with its id), or a possible dispute (the timeline dates the
    same thing differently). --format yaml writes the new drafts and disputes
    as timeline entries with empty titles and summaries to fill in. FILE -
    reads the text from standard input (with --source-id): pdftotext
    report.pdf - | dprk extract - --source-id ngo-2026.

    \b
    Examples:
      dprk extract ../shared/sources/hrw-2016.txt
      dprk extract report.txt --source-id ngo-2026 --published 2026-03 --format yaml -o drafts.yaml
      dprk extract ../shared/sources/gcr2p-2025.txt --json | jq '.[] | select(.status == "new")'
      dprk extract - --source-id ngo-2026
    """
    from dprk_rights.curate.extract import drafts_to_yaml, read_source_text
    from dprk_rights.curate.extract import extract as draft_events
    from dprk_rights.curate.validate import load_tag_vocabulary
    from dprk_rights.query.filtering import date_option

    if format_ not in (None, "yaml", "json"):
        raise UsageError(f"--format must be yaml or json, got {format_!r}")
    from_stdin = str(file) == "-"
    if from_stdin and not source_id:
        raise UsageError("extract - reads the text from standard input, which has no file name: give --source-id ID")
    text = _read_standard_input() if from_stdin else read_source_text(file)
    name = "standard input" if from_stdin else file.name
    loaded = _load(ctx)
    source_id = source_id or file.stem
    known = loaded.source(source_id)
    publication = date_option("--published", published) or (known.published if known else None)
    drafts = draft_events(
        text,
        source_id=source_id,
        published=publication,
        timeline=loaded.data(),
        thesaurus=loaded.thesaurus(),
        tags=load_tag_vocabulary(),
    )
    if format_ == "yaml":
        result = drafts_to_yaml(drafts, source_id=source_id, file_name=name, timeline=loaded, published=publication)
    elif format_ == "json" or json_:
        from dprk_rights.curate.extract import draft_to_dict
        from dprk_rights.model.shapes import dumps

        result = dumps([draft_to_dict(d) for d in drafts]) + "\n"
    elif plain.is_terminal(sys.stdout) and output is None:
        rich_view.console().print(rich_view.rich_drafts(drafts, name))
        return
    else:
        result = plain.plain_drafts(drafts)
    if output is None:
        sys.stdout.write(result)  # --json FIELDS and --jq apply as the command ends (_Command.invoke)
        return
    request: JsonRequest | None = ctx.meta.get(_JSON_REQUEST)
    if request is not None and format_ != "yaml":
        result = request.apply(result)
    _write(output, result, ctx, *([] if from_stdin else [file]))
    typer.echo(f"Wrote {len(drafts)} drafts to {visible(str(output))}.", err=True)


def _read_standard_input() -> str:
    """The source text piped to ``extract -``, read as a source file is: at most the size of a source
    text, not binary, UTF-8, not empty (DataError naming "standard input" otherwise)."""
    from dprk_rights.curate.extract import without_passage_header
    from dprk_rights.errors import DataError, Problem
    from dprk_rights.files import file_error, max_bytes

    name, limit = "standard input", max_bytes("text file")
    stream = getattr(sys.stdin, "buffer", None)
    chunks: list[bytes] = []
    size = 0
    try:
        while stream is not None and size <= limit and (chunk := stream.read(min(2**20, limit + 1 - size))):
            if b"\x00" in chunk:
                raise file_error(name, "is binary, not a text file")
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise file_error(name, f"cannot be read ({exc.strerror or exc})") from None
    if size > limit:
        raise file_error(name, f"is larger than {limit // 2**20} MiB, the most read as a text file")
    data = b"".join(chunks)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataError([Problem(name, line, None, "", "is not UTF-8 text (save it as UTF-8)")]) from None
    if not text.strip():
        raise file_error(name, "is empty; there is nothing to extract")
    return without_passage_header(text)


def _write(output: Path, text: str | bytes, ctx: typer.Context, *also_read: Path) -> None:
    """Write an export or drafts file atomically; a file that cannot be written is a usage error.

    Never over a file the command reads (the timeline, ``also_read``, the packaged data files).
    """
    from dprk_rights.files import packaged_data_path, write_atomically

    inputs = [_state(ctx).timeline_path(), *also_read]
    inputs += [packaged_data_path(name) for name in ("search_terms.yaml", "tags.yaml")]
    try:
        write_atomically(output, text, inputs=inputs)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None


def _not_found(kind: str, wanted: str, ids: list[str]) -> str:
    from dprk_rights.query.filtering import suggest_ids

    close = suggest_ids(wanted, ids)
    hint = (
        f"; did you mean {' or '.join(close)}?"
        if close
        else f"; `dprk {'sources' if kind == 'source' else 'timeline'}` lists them"
    )
    shown = wanted if len(wanted) <= 80 else f"{wanted[:60]}... ({len(wanted)} characters)"
    return f"no {kind} with id {shown!r}{hint}"


#: Exit status when a broken pipe ends the output (``dprk timeline | head``): 128 + SIGPIPE, as
#: the shell reports for a program the signal stops.
EXIT_BROKEN_PIPE = 141


class _OutputFailed(Exception):
    """Standard output cannot take what is written (closed, full, or an encoding without the text)."""

    def __init__(self, cause: Exception) -> None:
        super().__init__(str(cause))
        self.cause = cause


class _GuardedStdout(io.TextIOWrapper):
    """Standard output whose failures are told apart from every other error."""

    def write(self, text: str) -> int:
        try:
            return super().write(text)
        except (OSError, UnicodeEncodeError) as exc:
            raise _OutputFailed(exc) from None

    def flush(self) -> None:
        try:
            super().flush()
        except OSError as exc:
            raise _OutputFailed(exc) from None


def _guard_standard_streams() -> None:
    """Hold file descriptors 0-2 open (a closed one would otherwise be reused by the next file
    opened, a cache database included) and route stdout through :class:`_GuardedStdout`.

    A closed stdout is held by a read-only /dev/null, so writing to it fails as it should.
    """
    for fd, flags in ((0, os.O_RDONLY), (1, os.O_RDONLY), (2, os.O_WRONLY)):
        try:
            os.fstat(fd)
        except OSError:
            held = os.open(os.devnull, flags)
            if held != fd:
                os.dup2(held, fd)
                os.close(held)
    stdout = sys.stdout
    encoding = stdout.encoding if stdout is not None else "utf-8"
    errors = stdout.errors if stdout is not None else "strict"
    raw = stdout.buffer if stdout is not None else open(1, "wb", closefd=False)  # noqa: SIM115 - as long as the process
    # PYTHONUNBUFFERED: a text stream over the raw file drops what a short write leaves over, silently.
    buffered = raw if isinstance(raw, io.BufferedIOBase) else io.BufferedWriter(cast(io.RawIOBase, raw))
    sys.stdout = _GuardedStdout(cast(BinaryIO, buffered), encoding=encoding, errors=errors, line_buffering=raw.isatty())


# -- what every command takes: the global options, --json FIELDS, --jq, the pager ------------------


def _option_names(command: TyperCommand) -> set[str]:
    return {name for param in command.params for name in getattr(param, "opts", ())}


def _set_data(ctx: typer.Context, _param: object, value: str | None) -> None:
    if value is not None:
        _state(ctx).data = Path(value)


def _set_no_cache(ctx: typer.Context, _param: object, value: bool) -> None:
    if value:
        _state(ctx).no_cache = True


def _set_no_pager(ctx: typer.Context, _param: object, value: bool) -> None:
    if value:
        _state(ctx).no_pager = True


def _print_version_option(ctx: typer.Context, _param: object, value: bool) -> None:
    _print_version(ctx, value)


def _command_options(*, with_json: bool) -> list[TyperOption]:
    """The global options as a command's own (what they set is the global state), and ``--jq``
    for a command with ``--json`` (read before parsing, see :func:`_take_json_request`)."""
    options = [
        TyperOption(
            param_decls=["--data"],
            metavar="PATH",
            expose_value=False,
            is_eager=True,  # read before a --version that follows it
            callback=_set_data,
            help="Read this timeline YAML file (a global option: also before the command).",
        ),
        TyperOption(
            param_decls=["--no-cache"],
            is_flag=True,
            expose_value=False,
            is_eager=True,
            callback=_set_no_cache,
            help="Read the YAML afresh and keep nothing (a global option).",
        ),
        TyperOption(
            param_decls=["--no-pager"],
            is_flag=True,
            expose_value=False,
            callback=_set_no_pager,
            help="Never page long output on a terminal (a global option).",
        ),
        TyperOption(
            param_decls=["--version"],
            is_flag=True,
            is_eager=True,
            expose_value=False,
            callback=_print_version_option,
            help="Print the version and the data's, and exit (a global option).",
        ),
    ]
    if with_json:
        options[0:0] = [
            TyperOption(
                param_decls=["--nl"],
                is_flag=True,
                expose_value=False,
                help="Newline-delimited JSON: one object per line (implies --json; as sqlite-utils' --nl).",
            ),
            TyperOption(
                param_decls=["--csv"],
                is_flag=True,
                expose_value=False,
                help="CSV of the JSON's objects, a column per field; lists and objects in a cell as JSON "
                "(implies --json; combine with --json FIELDS).",
            ),
        ]
        options.insert(
            0,
            TyperOption(
                param_decls=["--jq"],
                metavar="EXPR",
                expose_value=False,
                help="Filter the JSON through this jq program (implies --json; needs the jq package): "
                "strings print raw, other values as compact JSON, one per line.",
            ),
        )
    return options


def _take_json_request(ctx: "ClickContext", command: TyperCommand, args: list[str]) -> list[str]:
    """The command line with ``--json FIELDS``, ``--json=FIELDS`` and ``--jq EXPR`` turned into
    ``--json``, what they asked kept in ``ctx.meta`` for :meth:`_Command.invoke`.

    After ``--json`` a word is a field list when the command takes no argument; otherwise only when
    it looks like one (``id,title``, or a field the command has), so ``show --json coi-report-2014``
    and ``search --json 'forced labour'`` read as before. ``--json=`` (no field) lists the fields.
    """
    name = ctx.info_name or command.name or ""
    takes_value = {
        opt
        for param in command.params
        if param.param_type_name == "option" and not getattr(param, "is_flag", False)
        for opt in getattr(param, "opts", ())
    }
    has_arguments = any(param.param_type_name == "argument" for param in command.params)
    out: list[str] = []
    specs: list[str] = []
    jq: str | None = None
    style = "json"
    index = 0
    while index < len(args):
        arg = args[index]
        following = args[index + 1] if index + 1 < len(args) else None
        if arg == "--":
            out += args[index:]
            break
        if arg.startswith("--json="):
            specs.append(arg.partition("=")[2])
            arg = "--json"
        elif arg == "--json" and following is not None and _is_field_list(following, name, has_arguments):
            specs.append(following)
            index += 1
        elif arg.startswith("--jq=") or (arg == "--jq" and following is not None):
            jq = arg.partition("=")[2] if arg.startswith("--jq=") else following
            index += 0 if arg.startswith("--jq=") else 1
            arg = "--json"
        elif arg in ("--nl", "--csv"):
            style = arg[2:]
            arg = "--json"
        elif arg in takes_value and following is not None:
            out.append(arg)
            arg = following
            index += 1
        out.append(arg)
        index += 1
    if not specs and jq is None and style == "json":
        return out
    from dprk_rights.cli.json_fields import JsonRequest, check_fields, fields_of, split_fields

    fields = [field for spec in specs for field in split_fields(spec)] if specs else None
    if jq is not None and style != "json":
        _report(UsageError(f"--jq and --{style} both shape the output; give one"))
    request = JsonRequest(name, fields, jq, style)
    if request.lists_fields and fields_of(name) is not None and not ctx.resilient_parsing:
        sys.stdout.write("".join(f"{field}\n" for field in fields_of(name) or ()))
        raise typer.Exit(0)
    if fields and not ctx.resilient_parsing:
        try:
            check_fields(name, fields)
        except DprkError as error:
            _report(error)
    ctx.meta[_JSON_REQUEST] = request
    return out


def _is_field_list(word: str, command: str, has_arguments: bool) -> bool:
    """Whether the word after ``--json`` is its field list rather than the command's next word."""
    if word.startswith("-") and word != "-":
        return False  # an option: --json alone
    if not has_arguments or word == "":
        return True
    from dprk_rights.cli.json_fields import FIELD_LIST, fields_of

    if not FIELD_LIST.fullmatch(word):
        return False
    return "," in word or word.strip() in (fields_of(command) or ())


def _report(error: DprkError) -> NoReturn:
    """Report an error found outside a command's body (as :func:`_reports_errors` does) and exit."""
    for line in error.lines():
        typer.echo(f"Error: {line}", err=True)
    raise typer.Exit(error.exit_code)


def _pager_command(ctx: "ClickContext") -> list[str] | None:
    """The pager to send this command's output through: only on a real terminal (never when piped,
    even with FORCE_COLOR), unless --no-pager, ``DPRK_PAGER=`` or ``PAGER=cat`` turn it off."""
    isatty = getattr(sys.stdout, "isatty", None)
    if _state(ctx).no_pager or not (isatty and isatty()):
        return None
    from dprk_rights.cli.pager import pager_command

    return pager_command(os.environ)


class _HeldStdout(_GuardedStdout):
    """Standard output held back in memory (to filter or page it), a terminal if the real one is."""

    def __init__(self, real: Any) -> None:
        self.held = io.BytesIO()
        encoding, errors = getattr(real, "encoding", None) or "utf-8", getattr(real, "errors", None) or "strict"
        super().__init__(self.held, encoding=encoding, errors=errors)
        self._terminal = bool(getattr(real, "isatty", None) and real.isatty())

    def isatty(self) -> bool:
        return self._terminal

    def value(self) -> bytes:
        self.flush()
        return self.held.getvalue()


def _write_held(held: _HeldStdout, request: "JsonRequest | None", pager: list[str] | None) -> None:
    """Write what a command wrote, its JSON filtered as asked, through the pager when it is long."""
    data = held.value()
    if request is not None:
        try:
            text = request.apply(data.decode(held.encoding, held.errors or "strict"))
        except DprkError as error:
            _report(error)
        if pager is None:
            sys.stdout.write(text)
            return
        try:
            data = text.encode(held.encoding, held.errors or "strict")
        except UnicodeEncodeError as exc:
            raise _OutputFailed(exc) from None
    if pager is not None:
        from dprk_rights.cli.pager import is_long, page

        if is_long(data, held.encoding) and page(data, pager):
            return
    sys.stdout.flush()
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    except OSError as exc:
        raise _OutputFailed(exc) from None


def _output_failed(error: _OutputFailed) -> int:
    """Report a failed standard output in one line (a broken pipe quietly); the exit status."""
    # Whatever is still buffered goes nowhere, so the interpreter's last flush cannot fail again.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    cause = error.cause
    if isinstance(cause, BrokenPipeError):
        return EXIT_BROKEN_PIPE
    if isinstance(cause, UnicodeEncodeError):
        text = cause.object[cause.start : cause.end]
        message = (
            f"standard output ({cause.encoding}) cannot show {text!r}; set PYTHONIOENCODING=utf-8 or use a UTF-8 locale"
        )
    else:
        message = f"cannot write to standard output ({getattr(cause, 'strerror', None) or cause})"
    typer.echo(f"Error: {message}", err=True)
    return 2


def run() -> int:
    """Run the command line in ``sys.argv`` as the ``dprk`` program does; its exit status.

    Standard output is flushed before returning, and a failure to write it is reported here.
    """
    _guard_standard_streams()
    _register_only(_requested_command(sys.argv[1:]))
    try:
        try:
            app(prog_name="dprk")
            status: int = 0
        except SystemExit as stop:
            status = _exit_status(stop.code)
        finally:
            sys.stdout.flush()
    except _OutputFailed as error:
        return _output_failed(error)
    return status


def _exit_status(code: object) -> int:
    """The exit status ``sys.exit(code)`` gives, printing a message code as the interpreter would."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    typer.echo(str(code), err=True)
    return 1


def main() -> None:
    """Run the command line in ``sys.argv`` and exit with its status (for in-process callers; the
    installed ``dprk`` script starts at :func:`dprk_rights.__main__.main`)."""
    sys.exit(run())


#: Global options that take a value, so the word after them is not the command.
_VALUE_OPTIONS = {"--data"}


def _requested_command(args: list[str]) -> str | None:
    """The command a command line asks for; "" for ``--version`` (which needs none); None for help,
    completion or anything unclear."""
    if any(name.endswith("_COMPLETE") for name in os.environ):
        return None
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in _VALUE_OPTIONS:
            skip = True
        elif arg == "--version":
            return ""
        elif not arg.startswith("-"):
            return arg
        elif arg in ("-h", "--help") or arg.startswith("--install") or arg.startswith("--show"):
            return None
    return None


def _register_only(name: str | None) -> None:
    """Keep only the requested command, so Typer builds its options and no others.

    Typer builds every command's options on each run; for one command that is a fifth of
    the cost, measurable in start-up (README, "Design"). Help, completion, unknown names and
    the test runner (which calls ``app`` directly) still see every command.
    """
    names = {(c.name or c.callback.__name__).replace("_", "-") for c in app.registered_commands if c.callback}
    if name in names or name == "":
        app.registered_commands = [
            c for c in app.registered_commands if c.callback and (c.name or c.callback.__name__) == name
        ]
