"""Rich output for a terminal: tables, panels and highlighted text.

The only module that imports Rich, at its top; the command line imports it only when it draws
for a terminal (Typer's own rule for ``typer.rich_utils``), so piped and ``--json`` output never
pay for it. Data text is handed to Rich as ``Text`` objects, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING

from rich import box
from rich.columns import Columns
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dprk_rights.model.records import Event, Source, vote_text
from dprk_rights.text import visible

from .plain import events_caption as events_caption  # for the command line
from .plain import report_summary, source_line
from .styled import DISPUTED, event_lines

if TYPE_CHECKING:
    from pathlib import Path

    from dprk_rights.curate.extract import Draft
    from dprk_rights.curate.validate import QuoteCheck, Report
    from dprk_rights.query.search import Hit
    from dprk_rights.query.stats import Stats
    from dprk_rights.query.votes import VoteRow
    from dprk_rights.timeline import Timeline


#: Style of matched words in search results: visible with and without colour.
HIGHLIGHT = "bold underline yellow"


def console(stream: IO[str] | None = None) -> Console:
    """A Rich console that never interprets markup or highlights data; honours ``NO_COLOR``."""

    return Console(file=stream, force_terminal=True, markup=False, highlight=False, emoji=False)


def rich_events(events: Sequence[Event], *, caption: str = "", width: int | None = None) -> RenderableType:
    """:func:`event_lines` as a Rich renderable, laid out when drawn at the width Rich gives it
    (the terminal's, or less inside a panel), or at ``width`` if given."""

    def build(most: int, console: Console) -> RenderableType:

        out = Text(no_wrap=True, overflow="fold")
        for number, line in enumerate(event_lines(events, min(width or most, most), caption=caption)):
            if number:
                out.append("\n")
            for text, style in line:
                out.append(text, style=style)
        return out

    return _Sized(build)


class _Sized:
    """A renderable built when drawn, for the width Rich gives it (the terminal's, or a panel's inside)."""

    def __init__(self, build: Callable[[int, Console], RenderableType]) -> None:
        self.build = build

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.build(options.max_width, console)


def rich_hits(hits: Sequence[Hit], *, caption: str = "", corrections: dict[str, str] | None = None) -> RenderableType:
    """Search results: rank, date, and the title, summary and matching quote with the matched words highlighted.

    A partial match (missing some part of the query) is labelled so, with what it lacks; a
    spelling correction applied to the query is stated above the table.
    """

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
            cell.append(DISPUTED, style="yellow")
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
        cell.append(visible(f"matched: {', '.join(hit.terms)} in {', '.join(hit.fields)}"), style="dim")
        if hit.partial:
            cell.append(visible(f"; not matched: {', '.join(hit.missed)}"), style="magenta")
        table.add_row(str(rank), event.date.human(), cell)
    return table


def rich_event(event: Event, timeline: Timeline) -> RenderableType:
    """One event in a panel: date and precision, summary, every citation's quote, disputes."""

    title = _text(event.title, "bold")
    header = _text(event.date.human(), "bold cyan")
    header.append(f"  ({event.date.precision} precision)   ", style="dim")
    header.append(event.id, style="dim")
    parts: list[RenderableType] = [title, header]
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
        facts.append(visible(", ".join(event.actors)))
        parts.append(facts)
    parts.append(Padding(_text(event.summary), (1, 0, 0, 0)))
    if event.note:
        parts.append(_labelled("Note: ", event.note))
    parts.append(Padding(_text("Sources", "bold"), (1, 0, 0, 0)))
    for citation in event.citations:
        source = timeline.source(citation.source)
        line = _text(citation.source, "green")
        line.append(f"  {source_line(source)}", style="dim")
        if source is not None:
            line.append("\n  ")
            line.append(visible(source.title))
            if source.url:
                line.append("\n  ")
                line.append(visible(source.url), style="blue underline")
        parts.append(line)
        parts.append(Padding(_text(f"“{citation.quote}”", "italic"), (0, 0, 0, 2)))
    if event.disputes:
        parts.append(Padding(rich_disputes(event), (1, 0, 0, 0)))
    # The title is the panel's first line, not its border title, which Rich would crop to one line.
    return Panel(Group(*parts), padding=(0, 1))


def rich_disputes(event: Event) -> RenderableType:
    """The disputes block: which source says what, and our note."""

    rows: list[RenderableType] = []
    for dispute in event.disputes:
        rows.append(_labelled(f"{dispute.source} says: ", dispute.claim, "bold yellow"))
        if dispute.note:
            rows.append(Padding(_labelled("Our note: ", dispute.note, "dim"), (0, 0, 0, 2)))
    title = "⚠ Disputed" if len(event.disputes) == 1 else f"⚠ Disputed ({len(event.disputes)})"
    return Panel(Group(*rows), title=title, title_align="left", border_style="yellow")


def rich_sources(sources: Sequence[Source], timeline: Timeline) -> RenderableType:
    """A table of sources: id, publisher, published date, kind, events citing each.

    Below 80 columns the date goes under the id and the kind under the publisher, so every column
    keeps room to be read; below 60 columns each source is a block of lines instead of a row."""
    return _Sized(
        lambda width, _: (
            _sources_table(sources, timeline, wide=width >= 80) if width >= 60 else _sources_blocks(sources, timeline)
        )
    )


def _sources_blocks(sources: Sequence[Source], timeline: Timeline) -> RenderableType:
    """Sources as blocks of lines (id, date and count; then title, publisher, kind, address), for narrow terminals."""

    blocks: list[RenderableType] = []
    for s in sources:
        count = timeline.citing_count(s.id)
        head = _text(s.id, "green")
        head.append(f"  {_published(s)}", style="cyan")
        head.append(f"  {count} event{'' if count == 1 else 's'}")
        blocks += [head, Padding(_described(s, kind=True), (0, 0, 1, 2))]
    return Group(*blocks)


def _sources_table(sources: Sequence[Source], timeline: Timeline, *, wide: bool) -> RenderableType:

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
    described.append("\n" + visible(s.publisher))
    if kind:
        described.append("\n" + visible(s.kind), style="dim")
    described.append("\n" + visible(s.url or "no address recorded"), style="blue" if s.url else "dim")
    return described


def _published(s: Source) -> str:
    return s.published.human() if s.published else "undated"


def rich_source(source: Source, timeline: Timeline) -> RenderableType:
    """One source in a panel: publisher, date and how it was inferred, and the events citing it."""

    published = _published(source)
    parts: list[RenderableType] = [
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


def rich_report(report: Report, target: object, sources_dir: Path | None) -> RenderableType:
    """Validation problems, each marked error (red) or warning (yellow), then the summary."""

    rows: list[RenderableType] = []
    for p in report.problems:
        colour = "red" if p.severity == "error" else "yellow"
        line = _text(f"{p.where()}: ", "dim")
        line.append(f"{visible(p.severity)}: ", style=f"bold {colour}")
        if p.field:
            line.append(visible(p.field) + ": ", style="cyan")
        line.append(visible(p.message), style=colour)
        rows.append(line)
    summary = report_summary(report, target, sources_dir)
    style = "bold red" if report.errors else "bold yellow" if report.problems else "bold green"
    rows.append(_text(summary, style))
    return Group(*rows)


def rich_quote_checks(results: Sequence[QuoteCheck], path: Path) -> RenderableType:
    """A table of a source's quotes: found or missing, with the closest passage for a missing one."""

    found = sum(r.found for r in results)
    caption = f"{found} of {len(results)} quotes found verbatim in {path}"
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, caption=visible(caption), caption_justify="left")
    table.add_column("", no_wrap=True)
    table.add_column("Event", style="dim", no_wrap=True)
    table.add_column("Quote", ratio=1)
    for r in results:
        quote = _text(f"“{r.event.citations[r.index].quote}”", "italic")
        if not r.found:
            quote.append("\nclosest: ", style="dim")
            quote.append(visible(r.closest), style="yellow")
        mark = _text("✓ found", "green") if r.found else _text("✗ missing", "bold red")
        table.add_row(mark, r.event.id, quote)
    return table


def rich_stats(stats: Stats) -> RenderableType:
    """A bar chart of events by year, then tables of the most frequent tags, actors and sources."""
    return _Sized(lambda width, _: _stats_view(stats, width))


def _stats_view(stats: Stats, width: int) -> RenderableType:

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


def rich_votes(rows: Sequence[VoteRow]) -> RenderableType:
    """Votes in date order: date, body, symbol, and the vote as a stacked bar (for, against, abstain)
    with its figures. Bars are scaled within each body, so its largest vote fills the bar."""
    return _Sized(lambda width, _: _votes_table(rows, width))


def _votes_table(rows: Sequence[VoteRow], width: int) -> RenderableType:

    from dprk_rights.model.records import Vote
    from dprk_rights.query.votes import BODIES

    largest: dict[str, int] = {}
    for r in rows:
        if isinstance(r.vote, Vote):
            largest[r.body] = max(largest.get(r.body, 0), r.vote.total)
    # Each row's text cells, made once: measured here, drawn below.
    cells = [(r.event.date.human(), r.body.upper(), visible(r.event.symbol or "-"), str(r.vote)) for r in rows]
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


def rich_drafts(drafts: Sequence[Draft], file_name: str) -> RenderableType:
    """Drafts as a table: line, date and precision, the quote with the date highlighted, status."""

    new = sum(d.status == "new" for d in drafts)
    disputes = sum(d.status == "possible-dispute" for d in drafts)
    caption = (
        f"{len(drafts)} dated passages in {file_name}: {new} new, {disputes} possible disputes, "
        f"{sum(d.status == 'in-timeline' for d in drafts)} already in the timeline. --format yaml drafts the new ones."
    )
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, caption=visible(caption), caption_justify="left")
    table.add_column("Line", justify="right", style="dim")
    table.add_column("Date", no_wrap=True)
    table.add_column("Quote", ratio=1)
    table.add_column("Status")
    styles = {"new": "bold green", "in-timeline": "dim", "possible-dispute": "bold yellow", "unresolved": "red"}
    for d in drafts:
        date = _text(d.date.human() if d.date else d.date_text, "cyan")
        date.append(f"\n{d.date.precision if d.date else '?'}{' (inferred)' if d.inferred else ''}", style="dim")
        quote = _text(d.quote)
        shown_date = visible(d.date_text)  # offsets in the text as shown, escapes included
        start = quote.plain.find(shown_date)
        if start >= 0:
            quote.stylize(HIGHLIGHT, start, start + len(shown_date))
        status = _text(d.status.replace("-", " "), styles.get(d.status, ""))
        if d.event:
            status.append(f"\n{d.event.id}\n({d.event.date})", style="dim")
        elif d.date is None and d.notes:  # why it has no date: no --published, or none that exists
            status.append(f"\n{visible(d.notes[-1])}", style="dim")
        table.add_row(str(d.line), date, quote, status)
    return table


def _count_table(title: str, pairs: list[tuple[str, int]]) -> RenderableType:

    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, show_header=False)
    table.add_column()
    table.add_column(justify="right")
    for name, count in pairs:
        table.add_row(_text(name), str(count))
    return table


def _text(value: str, style: str = "") -> Text:

    text = Text(overflow="fold")  # a word wider than its column is split, never cut with an ellipsis
    text.append(visible(value), style=style)  # a span, so later appends keep their own style
    return text


def _marked(pieces: Sequence[tuple[str, bool]], style: str = "") -> Text:
    """Text whose matched pieces (from a search highlight) are styled as highlighted."""
    text = _text("", style)
    for piece, matched in pieces:
        text.append(visible(piece), style=f"{style} {HIGHLIGHT}".strip() if matched else style)
    return text


def _labelled(label: str, value: str, label_style: str = "dim") -> Text:
    text = _text(label, label_style)
    text.append(visible(value))
    return text
