"""Human-readable output: Rich on a terminal, plain tab-separated text when piped.

This is the only module that imports Rich, and only inside the functions that
draw for a terminal, so piped and ``--json`` output never pay for it. Every
piece of data text goes through :func:`safe` and is handed to Rich as a
``Text`` object, never parsed as markup.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, Any

from dprk_rights.model.records import Event, Source, TimelineLike, vote_text
from dprk_rights.text import visible

from .styled import Line, cell_width, wrap

if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console
    from rich.text import Text

    from dprk_rights.curate.extract import Draft
    from dprk_rights.curate.validate import QuoteCheck, Report
    from dprk_rights.query.search import Hit
    from dprk_rights.query.stats import Stats
    from dprk_rights.query.votes import VoteRow

#: Style of matched words in search results: visible with and without colour.
HIGHLIGHT = "bold underline yellow"


def safe(text: str) -> str:
    """Data text as one literal line: control, line-separator and bidi characters shown as escapes
    (``\\n``, ``\\t``, ``\\x1b``, ``\\u202e``). Every plain and Rich output passes data through it,
    so a field can never add a row or a column, colour the terminal or reorder the display."""
    return visible(text)


def is_terminal(stream: IO[str]) -> bool:
    """Whether to draw rich output: a TTY, or forced with ``FORCE_COLOR`` / ``TTY_COMPATIBLE=1``."""
    if os.environ.get("FORCE_COLOR") or os.environ.get("TTY_COMPATIBLE") == "1":
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


# -- plain text (piped) -------------------------------------------------------


def plain_events(events: Sequence[Event]) -> str:
    """One tab-separated line per event: date, id, title, sources, ``disputed`` or empty."""
    return "".join(
        "\t".join((str(e.date), e.id, safe(e.title), ",".join(e.source_ids), "disputed" if e.disputed else "")) + "\n"
        for e in events
    )


def plain_event(event: Event, timeline: TimelineLike) -> str:
    """Every field of one event as ``key: value`` lines, citations and disputes indented below."""
    lines = [
        f"id: {event.id}",
        f"date: {event.date} ({event.date.precision})",
        *([f"symbol: {safe(event.symbol)}"] if event.symbol else []),
        *([f"vote: {vote_text(event.vote)}"] if event.vote else []),
        f"title: {safe(event.title)}",
        f"tags: {', '.join(event.tags)}",
        f"actors: {safe(', '.join(event.actors))}",
        f"summary: {safe(event.summary)}",
    ]
    if event.note:
        lines.append(f"note: {safe(event.note)}")
    lines.append("citations:")
    for citation in event.citations:
        source = timeline.source(citation.source)
        lines.append(f"  - {citation.source} ({_source_line(source)})")
        if source is not None:
            lines.append(f"    title: {safe(source.title)}")
            if source.url:
                lines.append(f"    url: {safe(source.url)}")
        lines.append(f'    "{safe(citation.quote)}"')
    if event.disputes:
        lines.append("disputes:")
        for dispute in event.disputes:
            lines.append(f"  - {dispute.source} says: {safe(dispute.claim)}")
            if dispute.note:
                lines.append(f"    note: {safe(dispute.note)}")
    return "\n".join(lines) + "\n"


def plain_sources(sources: Sequence[Source], timeline: TimelineLike) -> str:
    """One tab-separated line per source: id, publisher, published, kind, events citing it, title, url."""
    return "".join(
        "\t".join(
            (
                s.id,
                safe(s.publisher),
                str(s.published or ""),
                safe(s.kind),
                str(timeline.citing_count(s.id)),
                safe(s.title),
                safe(s.url or ""),
            )
        )
        + "\n"
        for s in sources
    )


def plain_source(source: Source, timeline: TimelineLike) -> str:
    """One source's fields as ``key: value`` lines, then the events citing it."""
    lines = [
        f"id: {source.id}",
        f"title: {safe(source.title)}",
        f"publisher: {safe(source.publisher)}",
        f"published: {source.published or ''}",
        f"kind: {safe(source.kind)}",
        f"url: {safe(source.url or '')}",
        f"symbol: {safe(source.symbol or '')}",
        f"accessed: {source.accessed or ''}",
    ]
    if source.note:
        lines.append(f"note: {safe(source.note)}")
    events = timeline.events_citing(source.id)
    lines.append(f"events: {len(events)}")
    for event in events:
        lines.append(f"  {event.date}\t{event.id}\t{safe(event.title)}")
    return "\n".join(lines) + "\n"


def plain_report(report: Report, target: object, sources_dir: Path | None) -> str:
    """Each problem as ``file:line:column: error|warning: field: message``, then a summary line."""
    lines = [safe(p.located()) for p in report.problems]
    lines.append(safe(report_summary(report, target, sources_dir)))
    return "\n".join(lines) + "\n"


def report_summary(report: Report, target: object, sources_dir: Path | None) -> str:
    """``FILE: N events checked, S sources; E errors, W warnings``, with ``OK: `` when there is no problem,
    then how many quotes were checked against what (passage files, ``--sources-dir`` texts) and how many
    could not be."""
    checked = _quotes_summary(report, sources_dir)
    counts = (
        f"{_count(report.events, 'event')} checked, {_count(report.sources, 'source')}; "
        f"{_count(report.errors, 'error')}, {_count(report.warnings, 'warning')}{checked}"
    )
    return f"{target}: {'' if report.problems else 'OK: '}{counts}"


def _quotes_summary(report: Report, sources_dir: Path | None) -> str:
    """``; 40 quotes checked: 30 against passages in data/sources, 10 against texts in DIR; 2 unchecked (no text)``."""
    if report.passage_dir is None and sources_dir is None:
        return ""
    against = []
    if report.passage_dir is not None:
        against.append((report.quotes_in_passages, f"passages in {report.passage_dir}"))
    if sources_dir is not None:
        against.append((report.quotes_in_texts, f"texts in {sources_dir}"))
    total = _count(report.quotes_checked, "quote")
    if len(against) == 1:
        summary = f"; {total} checked against {against[0][1].removeprefix('texts in ')}"
    else:
        summary = f"; {total} checked: " + ", ".join(f"{n} against {what}" for n, what in against)
    if report.quotes_unchecked:
        summary += f"; {report.quotes_unchecked} unchecked (no text)"
    return summary


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def plain_quote_checks(results: Sequence[QuoteCheck], path: Path) -> str:
    """One line per quote (``found`` or ``MISSING``, event id, quote), the closest passage under a missing one."""
    lines = []
    for r in results:
        quote = r.event.citations[r.index].quote
        lines.append(f"{'found' if r.found else 'MISSING'}\t{r.event.id}\t{safe(quote)}")
        if not r.found:
            lines.append(f"\tclosest in {safe(path.name)}:\t{safe(r.closest)}")
    found = sum(r.found for r in results)
    lines.append(safe(f"{found} of {len(results)} quotes found verbatim in {path}"))
    return "\n".join(lines) + "\n"


def plain_stats(stats: Stats) -> str:
    """Tab-separated lines: ``events N``, ``disputed N``, then ``year|tag|actor|source NAME COUNT``."""
    lines = [f"events\t{stats.events}", f"disputed\t{stats.disputed}"]
    for kind, pairs in (
        ("year", stats.by_year),
        ("tag", stats.by_tag),
        ("actor", stats.by_actor),
        ("source", stats.by_source),
    ):
        lines += [f"{kind}\t{safe(str(name))}\t{count}" for name, count in pairs]
    return "\n".join(lines) + "\n"


def plain_votes(rows: Sequence[VoteRow]) -> str:
    """One tab-separated line per vote: date, body, symbol (empty when none), the vote as
    ``for-against-abstain`` or ``without a vote``, event id, title."""
    return "".join(
        "\t".join((str(r.event.date), r.body, safe(r.event.symbol or ""), str(r.vote), r.event.id, safe(r.event.title)))
        + "\n"
        for r in rows
    )


def plain_drafts(drafts: Sequence[Draft]) -> str:
    """One tab-separated line per draft: line, date, precision, status (with the matching event id), quote."""
    lines = []
    for d in drafts:
        status = f"{d.status}:{d.event.id}" if d.event else d.status
        date = str(d.date) if d.date else "?"
        precision = (d.date.precision if d.date else "?") + (" inferred" if d.inferred else "")
        lines.append(f"{d.line}\t{date}\t{precision}\t{status}\t{safe(d.quote)}")
    return "".join(line + "\n" for line in lines)


def _source_line(source: Source | None) -> str:
    if source is None:
        return "unknown source"
    published = f", {source.published}" if source.published else ""
    return safe(f"{source.publisher}{published}")


# -- Rich (terminal) ----------------------------------------------------------


def console(stream: IO[str] | None = None) -> Console:
    """A Rich console that never interprets markup or highlights data; honours ``NO_COLOR``."""
    from rich.console import Console

    return Console(file=stream, force_terminal=True, markup=False, highlight=False, emoji=False)


#: Width of the date column in a terminal timeline.
DATE_WIDTH = 13
_DISPUTED = "  ⚠ disputed"
#: Below this many columns for the title, the date gets a line of its own and the indent shrinks.
_MIN_TITLE_WIDTH = 24


def event_lines(events: Sequence[Event], width: int, *, caption: str = "") -> list[Line]:
    """Events for a terminal, as styled lines of at most ``width`` columns: date, title (and a
    dispute marker), then id and sources, dimmed, wrapped with a hanging indent; then ``caption``.

    Plain lines rather than a Rich table: the same reading, drawn by :func:`styled.ansi` without
    importing Rich (the terminal timeline), or by Rich inside a panel (:func:`rich_events`).
    """
    wide = width - DATE_WIDTH >= _MIN_TITLE_WIDTH
    indent = " " * (DATE_WIDTH if wide else 2)
    column = max(1, width - len(indent))
    header = f"{'Date':<{DATE_WIDTH}}Event" if wide else "Date / Event"
    lines: list[Line] = [[(text, "bold")] for text in wrap(header, max(1, width))]
    lines.append([("─" * min(width, 100), "dim")])
    for event in events:
        title: list[Line] = [[(text, "bold")] for text in wrap(safe(event.title), column)]
        if event.disputed:
            if cell_width(title[-1][0][0]) + len(_DISPUTED) <= column:
                title[-1].append((_DISPUTED, "bold yellow"))
            else:
                title.append([(_DISPUTED.strip(), "yellow")])
        ids = wrap(safe(f"{event.id} · {', '.join(event.source_ids)}"), column)
        date = event.date.human()
        if wide and len(date) < DATE_WIDTH:
            lines.append([(f"{date:<{DATE_WIDTH}}", "cyan"), *title[0]])
        else:
            lines.extend([(text, "cyan")] for text in wrap(date, max(1, width)))
            lines.append([(indent, ""), *title[0]])
        lines.extend([(indent, ""), *line] for line in title[1:])
        lines.extend([(indent, ""), (text, "dim")] for text in ids)
    if caption:
        lines.append([])
        lines.extend([(text, "dim italic")] for text in wrap(safe(caption), max(1, width)))
    return lines


def rich_events(events: Sequence[Event], *, caption: str = "", width: int | None = None) -> Any:
    """:func:`event_lines` as a Rich renderable, laid out when drawn at the width Rich gives it
    (the terminal's, or less inside a panel), or at ``width`` if given."""

    def build(most: int, console: Console) -> Any:
        from rich.text import Text

        out = Text(no_wrap=True, overflow="fold")
        for number, line in enumerate(event_lines(events, min(width or most, most), caption=caption)):
            if number:
                out.append("\n")
            for text, style in line:
                out.append(text, style=style)
        return out

    return _Sized(build)


class _Sized:
    """A renderable built when drawn, for the width Rich gives it (the terminal's, or a panel's inside).
    Rich's console protocol, so this module need not import Rich to define it."""

    def __init__(self, build: Callable[[int, Console], Any]) -> None:
        self.build = build

    def __rich_console__(self, console: Console, options: Any) -> Any:
        yield self.build(options.max_width, console)


def rich_hits(hits: Sequence[Hit], *, caption: str = "", corrections: dict[str, str] | None = None) -> Any:
    """Search results: rank, date, and the title, summary and matching quote with the matched words highlighted.

    A partial match (missing some part of the query) is labelled so, with what it lacks; a
    spelling correction applied to the query is stated above the table.
    """
    from rich import box
    from rich.table import Table
    from rich.text import Text

    # One note a line: each made safe alone, so the breaks between them are not escaped as data.
    from dprk_rights.query.search import correction_note  # already loaded: only search results are drawn here

    notes = correction_note(corrections).split("\n") if corrections else []
    title = Text("\n").join(_text(note, "bold yellow") for note in notes) if notes else None
    table = Table(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        title=title,
        title_justify="left",
        caption=caption or None,
        caption_justify="left",
    )
    table.add_column("#", justify="right", style="dim")
    table.add_column("Date", style="cyan", no_wrap=True)
    table.add_column("Event", ratio=1)
    for rank, hit in enumerate(hits, 1):
        event = hit.event
        cell = _marked(hit.marked("title", event.title), "bold")
        cell.append("\n")
        cell.append(event.id, style="dim")
        if event.disputed:
            cell.append(_DISPUTED, style="yellow")
        if hit.partial:
            cell.append("  ◐ partial match", style="bold magenta")
        cell.append("\n")
        cell.append_text(_marked(hit.marked("summary", event.summary)))
        for i, quote in hit.highlighted_quotes()[:1]:
            cell.append("\n")
            cell.append(event.citations[i].source, style="green")
            cell.append(": “")
            cell.append_text(_marked(quote, "italic"))
            cell.append("”")
        cell.append("\n")
        cell.append(safe(f"matched: {', '.join(hit.terms)} in {', '.join(hit.fields)}"), style="dim")
        if hit.partial:
            cell.append(safe(f"; not matched: {', '.join(hit.missed)}"), style="magenta")
        table.add_row(str(rank), event.date.human(), cell)
    return table


def plain_hits(hits: Sequence[Hit], corrections: dict[str, str] | None = None) -> str:
    """Search results as :func:`plain_events` lines with two more columns: ``full`` or ``partial``
    (the event matches only part of the query), and the corrections applied to the query as
    ``typed→searched`` (comma-separated; empty when none)."""
    corrected = ",".join(f"{typed}→{used}" for typed, used in (corrections or {}).items())
    return "".join(
        plain_events([hit.event]).removesuffix("\n") + f"\t{'partial' if hit.partial else 'full'}\t{corrected}\n"
        for hit in hits
    )


def events_caption(events: Sequence[Event]) -> str:
    """``36 events, 4 disputed (⚠)`` and where to read more."""
    disputed = sum(e.disputed for e in events)
    noun = "event" if len(events) == 1 else "events"
    marker = f", {disputed} disputed (⚠)" if disputed else ""
    return f"{len(events)} {noun}{marker}. `dprk show ID` prints quotes and disputes."


def rich_event(event: Event, timeline: TimelineLike) -> Any:
    """One event in a panel: date and precision, summary, every citation's quote, disputes."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.panel import Panel

    title = _text(event.title, "bold")
    header = _text(event.date.human(), "bold cyan")
    header.append(f"  ({event.date.precision} precision)   ", style="dim")
    header.append(event.id, style="dim")
    parts: list[Any] = [title, header]
    if event.symbol or event.vote:
        act = _text("")
        if event.symbol:
            act.append_text(_labelled("Symbol: ", event.symbol))
        if event.vote:
            act.append("   " if event.symbol else "")
            act.append_text(_labelled("Vote: ", vote_text(event.vote)))
        parts.append(act)
    if event.tags or event.actors:
        facts = _text("Tags: ", "dim")
        facts.append(", ".join(event.tags))
        facts.append("\nActors: ", style="dim")
        facts.append(safe(", ".join(event.actors)))
        parts.append(facts)
    parts.append(Padding(_text(event.summary), (1, 0, 0, 0)))
    if event.note:
        parts.append(_labelled("Note: ", event.note))
    parts.append(Padding(_text("Sources", "bold"), (1, 0, 0, 0)))
    for citation in event.citations:
        source = timeline.source(citation.source)
        line = _text(citation.source, "green")
        line.append(f"  {_source_line(source)}", style="dim")
        if source is not None:
            line.append("\n  ")
            line.append(safe(source.title))
            if source.url:
                line.append("\n  ")
                line.append(safe(source.url), style="blue underline")
        parts.append(line)
        parts.append(Padding(_text(f"“{citation.quote}”", "italic"), (0, 0, 0, 2)))
    if event.disputes:
        parts.append(Padding(rich_disputes(event), (1, 0, 0, 0)))
    # The title is the panel's first line, not its border title, which Rich would crop to one line.
    return Panel(Group(*parts), padding=(0, 1))


def rich_disputes(event: Event) -> Any:
    """The disputes block: which source says what, and our note."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.panel import Panel

    rows: list[Any] = []
    for dispute in event.disputes:
        rows.append(_labelled(f"{dispute.source} says: ", dispute.claim, "bold yellow"))
        if dispute.note:
            rows.append(Padding(_labelled("Our note: ", dispute.note, "dim"), (0, 0, 0, 2)))
    title = "⚠ Disputed" if len(event.disputes) == 1 else f"⚠ Disputed ({len(event.disputes)})"
    return Panel(Group(*rows), title=title, title_align="left", border_style="yellow")


def rich_sources(sources: Sequence[Source], timeline: TimelineLike) -> Any:
    """A table of sources: id, publisher, published date, kind, events citing each.

    Below 80 columns the date goes under the id and the kind under the publisher, so every column
    keeps room to be read; below 60 columns each source is a block of lines instead of a row."""
    return _Sized(
        lambda width, _: (
            _sources_table(sources, timeline, wide=width >= 80) if width >= 60 else _sources_blocks(sources, timeline)
        )
    )


def _sources_blocks(sources: Sequence[Source], timeline: TimelineLike) -> Any:
    """Sources as blocks of lines (id, date and count; then title, publisher, kind, address), for narrow terminals."""
    from rich.console import Group
    from rich.padding import Padding

    blocks: list[Any] = []
    for s in sources:
        count = timeline.citing_count(s.id)
        head = _text(s.id, "green")
        head.append(f"  {_published(s)}", style="cyan")
        head.append(f"  {count} event{'' if count == 1 else 's'}")
        blocks += [head, Padding(_described(s, kind=True), (0, 0, 1, 2))]
    return Group(*blocks)


def _sources_table(sources: Sequence[Source], timeline: TimelineLike, *, wide: bool) -> Any:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Source", style="green", no_wrap=True)
    table.add_column("Title, publisher, address" if wide else "Title, publisher, kind, address", ratio=1)
    if wide:
        table.add_column("Published", style="cyan", no_wrap=True)
        table.add_column("Kind")
    table.add_column("Events", justify="right")
    for s in sources:
        published, count = _published(s), str(timeline.citing_count(s.id))
        described = _described(s, kind=not wide)
        if wide:
            table.add_row(s.id, described, published, _text(s.kind), count)
        else:
            source = _text(s.id)
            source.append(f"\n{published}", style="cyan")
            table.add_row(source, described, count)
    return table


def _described(s: Source, *, kind: bool) -> Text:
    """A source's title (bold), publisher, kind (dim, if asked) and address, one to a line."""
    described = _text(s.title, "bold")
    described.append("\n" + safe(s.publisher))
    if kind:
        described.append("\n" + safe(s.kind), style="dim")
    described.append("\n" + safe(s.url or "no address recorded"), style="blue" if s.url else "dim")
    return described


def _published(s: Source) -> str:
    return s.published.human() if s.published else "undated"


def rich_source(source: Source, timeline: TimelineLike) -> Any:
    """One source in a panel: publisher, date and how it was inferred, and the events citing it."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.panel import Panel

    published = _published(source)
    parts: list[Any] = [
        _text(f"{source.id}: {source.title}", "bold"),
        _labelled("Publisher: ", source.publisher),
        _labelled("Published: ", published),
        _labelled("Kind: ", source.kind),
        _labelled("URL: ", source.url or "unknown"),
    ]
    if source.symbol:
        parts.append(_labelled("Symbol: ", source.symbol))
    if source.accessed:
        parts.append(_labelled("Read: ", source.accessed.human()))
    if source.note:
        parts.append(_labelled("Note: ", source.note))
    events = timeline.events_citing(source.id)
    parts.append(Padding(_text(f"Cited by {len(events)} events", "bold"), (1, 0, 0, 0)))
    parts.append(rich_events(events))
    # The title is the panel's first line, not its border title, which Rich would crop to one line.
    return Panel(Group(*parts))


def rich_report(report: Report, target: object, sources_dir: Path | None) -> Any:
    """Validation problems, each marked error (red) or warning (yellow), then the summary."""
    from rich.console import Group

    rows: list[Any] = []
    for p in report.problems:
        colour = "red" if p.severity == "error" else "yellow"
        line = _text(f"{p.where()}: ", "dim")
        line.append(f"{safe(p.severity)}: ", style=f"bold {colour}")
        if p.field:
            line.append(safe(p.field) + ": ", style="cyan")
        line.append(safe(p.message), style=colour)
        rows.append(line)
    summary = report_summary(report, target, sources_dir)
    style = "bold red" if report.errors else "bold yellow" if report.problems else "bold green"
    rows.append(_text(summary, style))
    return Group(*rows)


def rich_quote_checks(results: Sequence[QuoteCheck], path: Path) -> Any:
    """A table of a source's quotes: found or missing, with the closest passage for a missing one."""
    from rich import box
    from rich.table import Table

    found = sum(r.found for r in results)
    caption = f"{found} of {len(results)} quotes found verbatim in {path}"
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, caption=safe(caption), caption_justify="left")
    table.add_column("", no_wrap=True)
    table.add_column("Event", style="dim", no_wrap=True)
    table.add_column("Quote", ratio=1)
    for r in results:
        quote = _text(f"“{r.event.citations[r.index].quote}”", "italic")
        if not r.found:
            quote.append("\nclosest: ", style="dim")
            quote.append(safe(r.closest), style="yellow")
        mark = _text("✓ found", "green") if r.found else _text("✗ missing", "bold red")
        table.add_row(mark, r.event.id, quote)
    return table


def rich_stats(stats: Stats) -> Any:
    """A bar chart of events by year, then tables of the most frequent tags, actors and sources."""
    return _Sized(lambda width, _: _stats_view(stats, width))


def _stats_view(stats: Stats, width: int) -> Any:
    from rich.columns import Columns
    from rich.console import Group
    from rich.table import Table

    peak = max((count for _, count in stats.by_year), default=0)
    # Bars of at most 40 cells, shorter when the year and count columns leave less room.
    label_width = max((len(str(year)) for year, _ in stats.by_year), default=4) + len(str(peak)) + 4
    longest = max(1, min(40, width - label_width))
    years = Table(title="Events by year", title_justify="left", show_header=False, box=None, pad_edge=False)
    years.add_column(style="cyan", justify="right")
    years.add_column(justify="right")
    years.add_column()
    for year, count in stats.by_year:
        bar = "█" * round(longest * count / peak) if peak else ""
        years.add_row(str(year), str(count) if count else "", _text(bar, "magenta"))
    tables = [
        _count_table(title, pairs)
        for title, pairs in (("Tags", stats.by_tag), ("Actors", stats.by_actor), ("Sources", stats.by_source))
    ]
    summary = _text(f"{stats.events} events, {stats.disputed} disputed (⚠)", "bold")
    return Group(summary, _text(""), years, _text(""), Columns(tables, padding=(0, 4)))


#: How each part of a vote is drawn: distinct characters, so the bar reads without colour too.
VOTE_PARTS = (("for", "█", "green"), ("against", "▒", "red"), ("abstain", "░", "yellow"))


def vote_bar(counts: Sequence[int], width: int) -> list[int]:
    """Cells for each count, proportional to it, summing to ``width`` (largest remainders round up)."""
    total = sum(counts)
    if total <= 0 or width <= 0:
        return [0 for _ in counts]
    exact = [width * count / total for count in counts]
    cells = [int(x) for x in exact]
    by_remainder = sorted(range(len(counts)), key=lambda i: exact[i] - cells[i], reverse=True)
    for i in by_remainder[: width - sum(cells)]:
        cells[i] += 1
    return cells


def rich_votes(rows: Sequence[VoteRow]) -> Any:
    """Votes in date order: date, body, symbol, and the vote as a stacked bar (for, against, abstain)
    with its figures. Bars are scaled within each body, so its largest vote fills the bar."""
    return _Sized(lambda width, _: _votes_table(rows, width))


def _votes_table(rows: Sequence[VoteRow], width: int) -> Any:
    from rich import box
    from rich.table import Table

    from dprk_rights.model.records import Vote
    from dprk_rights.query.votes import BODIES

    largest: dict[str, int] = {}
    for r in rows:
        if isinstance(r.vote, Vote):
            largest[r.body] = max(largest.get(r.body, 0), r.vote.total)
    # Each row's text cells, made once: measured here, drawn below.
    cells = [(r.event.date.human(), r.body.upper(), safe(r.event.symbol or "-"), str(r.vote)) for r in rows]
    # Bars get what the other columns leave, 10 to 50 cells: the columns' widths (header or widest cell),
    # three cells between columns (padding and rule) and one at each edge.
    headers = ("Date", "Body", "Symbol", "Vote")
    others = sum(max([len(header), *(len(row[i]) for row in cells)]) for i, header in enumerate(headers))
    longest = min(50, width - others - 3 * 4 - 2)
    if longest < 5:  # too narrow for a bar to mean anything: the figures alone
        longest = 0
    legend = _text("")
    legend.append("Vote: for-against-abstain  ")
    for name, char, colour in VOTE_PARTS:
        legend.append(char * 2, style=colour)
        legend.append(f" {name}  ")
    order = list(BODIES)
    bodies = sorted({r.body for r in rows}, key=lambda b: order.index(b) if b in order else len(order))
    legend.append("· " + ", ".join(f"{b.upper()} {BODIES.get(b, 'other bodies')}" for b in bodies), style="dim")
    legend.append(
        "\nBars are scaled within each body: its largest recorded vote fills the bar."
        " `dprk search SYMBOL` finds the event.",
        style="dim",
    )
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, caption=legend, caption_justify="left")
    table.add_column("Date", style="cyan", no_wrap=True)
    table.add_column("Body", no_wrap=True)
    table.add_column("Symbol", no_wrap=True)
    table.add_column("Vote", no_wrap=True)
    if longest:
        table.add_column("", no_wrap=True)
    for r, (date, body, symbol, vote) in zip(rows, cells, strict=True):
        if isinstance(r.vote, Vote):
            counts = (r.vote.in_favour, r.vote.against, r.vote.abstaining)
            size = round(longest * r.vote.total / largest[r.body]) if largest[r.body] else 0
            bar = _text("")
            for (_, char, colour), n in zip(VOTE_PARTS, vote_bar(counts, size), strict=True):
                bar.append(char * n, style=colour)
            figures = _text(vote)
        else:
            bar, figures = _text(""), _text(vote, "italic")  # without a vote
        table.add_row(date, body, _text(symbol), figures, *([bar] if longest else []))
    return table


def rich_drafts(drafts: Sequence[Draft], file_name: str) -> Any:
    """Drafts as a table: line, date and precision, the quote with the date highlighted, status."""
    from rich import box
    from rich.table import Table

    new = sum(d.status == "new" for d in drafts)
    disputes = sum(d.status == "possible-dispute" for d in drafts)
    caption = (
        f"{len(drafts)} dated passages in {file_name}: {new} new, {disputes} possible disputes, "
        f"{sum(d.status == 'in-timeline' for d in drafts)} already in the timeline. --format yaml drafts the new ones."
    )
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, caption=safe(caption), caption_justify="left")
    table.add_column("Line", justify="right", style="dim")
    table.add_column("Date", no_wrap=True)
    table.add_column("Quote", ratio=1)
    table.add_column("Status")
    styles = {"new": "bold green", "in-timeline": "dim", "possible-dispute": "bold yellow", "unresolved": "red"}
    for d in drafts:
        date = _text(d.date.human() if d.date else d.date_text, "cyan")
        date.append(f"\n{d.date.precision if d.date else '?'}{' (inferred)' if d.inferred else ''}", style="dim")
        quote = _text(d.quote)
        shown_date = safe(d.date_text)  # offsets in the text as shown, escapes included
        start = quote.plain.find(shown_date)
        if start >= 0:
            quote.stylize(HIGHLIGHT, start, start + len(shown_date))
        status = _text(d.status.replace("-", " "), styles.get(d.status, ""))
        if d.event:
            status.append(f"\n{d.event.id}\n({d.event.date})", style="dim")
        elif d.date is None and d.notes:  # why it has no date: no --published, or none that exists
            status.append(f"\n{safe(d.notes[-1])}", style="dim")
        table.add_row(str(d.line), date, quote, status)
    return table


def _count_table(title: str, pairs: list[tuple[str, int]]) -> Any:
    from rich import box
    from rich.table import Table

    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, show_header=False)
    table.add_column()
    table.add_column(justify="right")
    for name, count in pairs:
        table.add_row(_text(name), str(count))
    return table


def _text(value: str, style: str = "") -> Text:
    from rich.text import Text

    text = Text(overflow="fold")  # a word wider than its column is split, never cut with an ellipsis
    text.append(safe(value), style=style)  # a span, so later appends keep their own style
    return text


def _marked(pieces: Sequence[tuple[str, bool]], style: str = "") -> Text:
    """Text whose matched pieces (from a search highlight) are styled as highlighted."""
    text = _text("", style)
    for piece, matched in pieces:
        text.append(safe(piece), style=f"{style} {HIGHLIGHT}".strip() if matched else style)
    return text


def _labelled(label: str, value: str, label_style: str = "dim") -> Text:
    text = _text(label, label_style)
    text.append(safe(value))
    return text
