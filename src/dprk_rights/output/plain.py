"""Plain text for pipes and files: one tab-separated line per record, data text shown literally.

Every piece of data text goes through :func:`~dprk_rights.text.visible`, so a field can never
add a row or a column, colour a terminal or reorder what is displayed.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING

from dprk_rights.model.records import Event, Source
from dprk_rights.text import visible

if TYPE_CHECKING:
    from pathlib import Path

    from dprk_rights.curate.extract import Draft
    from dprk_rights.curate.validate import QuoteCheck, Report
    from dprk_rights.query.search import Hit
    from dprk_rights.query.stats import Stats
    from dprk_rights.query.votes import VoteRow
    from dprk_rights.timeline import Timeline


def is_terminal(stream: IO[str]) -> bool:
    """Whether to draw rich output: a TTY, or forced with ``FORCE_COLOR`` / ``TTY_COMPATIBLE=1``."""
    if os.environ.get("FORCE_COLOR") or os.environ.get("TTY_COMPATIBLE") == "1":
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def plain_events(events: Sequence[Event]) -> str:
    """One tab-separated line per event: date, id, title, sources, ``disputed`` or empty."""
    return "".join(
        "\t".join(
            (
                visible(str(e.date)),
                visible(e.id),
                visible(e.title),
                visible(",".join(e.source_ids)),
                "disputed" if e.disputed else "",
            )
        )
        + "\n"
        for e in events
    )


def plain_event(event: Event, timeline: Timeline) -> str:
    """One event as a YAML document holding exactly what ``show --json`` prints: ``yaml.safe_load``
    gives the same data. Text that YAML would read otherwise is double-quoted, and every control,
    line-separator and bidi character in it is written as an escape, so the text stays one line."""
    from dprk_rights.model.shapes import event_to_dict

    from .yaml_text import yaml_document  # its patterns take milliseconds to compile: only for show

    return yaml_document(event_to_dict(event, timeline.source))


def plain_sources(sources: Sequence[Source], timeline: Timeline) -> str:
    """One tab-separated line per source: id, publisher, published, kind, events citing it, title, url."""
    return "".join(
        "\t".join(
            (
                visible(s.id),
                visible(s.publisher),
                str(s.published or ""),
                visible(s.kind),
                str(timeline.citing_count(s.id)),
                visible(s.title),
                visible(s.url or ""),
            )
        )
        + "\n"
        for s in sources
    )


def plain_source(source: Source, timeline: Timeline) -> str:
    """One source's fields as ``key: value`` lines, then the events citing it."""
    lines = [
        f"id: {source.id}",
        f"title: {visible(source.title)}",
        f"publisher: {visible(source.publisher)}",
        f"published: {source.published or ''}",
        f"kind: {visible(source.kind)}",
        f"url: {visible(source.url or '')}",
        f"symbol: {visible(source.symbol or '')}",
        f"accessed: {source.accessed or ''}",
    ]
    if source.note:
        lines.append(f"note: {visible(source.note)}")
    events = timeline.events_citing(source.id)
    lines.append(f"events: {len(events)}")
    for event in events:
        lines.append(f"  {visible(str(event.date))}\t{visible(event.id)}\t{visible(event.title)}")
    return "\n".join(lines) + "\n"


def plain_report(report: Report, target: object, sources_dir: Path | None) -> str:
    """Each problem as ``file:line:column: error|warning: field: message``, then a summary line."""
    lines = [visible(p.located()) for p in report.problems]
    lines.append(visible(report_summary(report, target, sources_dir)))
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
        lines.append(f"{'found' if r.found else 'MISSING'}\t{visible(r.event.id)}\t{visible(quote)}")
        if not r.found:
            lines.append(f"\tclosest in {visible(path.name)}:\t{visible(r.closest)}")
    found = sum(r.found for r in results)
    lines.append(visible(f"{found} of {len(results)} quotes found verbatim in {path}"))
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
        lines += [f"{kind}\t{visible(str(name))}\t{count}" for name, count in pairs]
    return "\n".join(lines) + "\n"


def plain_counts(pairs: Sequence[tuple[str, int]]) -> str:
    """One tab-separated line per name (a tag, an actor): the name, then how many events have it."""
    return "".join(f"{visible(name)}\t{count}\n" for name, count in pairs)


def plain_votes(rows: Sequence[VoteRow]) -> str:
    """One tab-separated line per vote: date, body, symbol (empty when none), the vote as
    ``for-against-abstain`` or ``without a vote``, event id, title."""
    return "".join(
        "\t".join(
            (
                visible(str(r.event.date)),
                visible(r.body),
                visible(r.event.symbol or ""),
                visible(str(r.vote)),
                visible(r.event.id),
                visible(r.event.title),
            )
        )
        + "\n"
        for r in rows
    )


def plain_drafts(drafts: Sequence[Draft]) -> str:
    """One tab-separated line per draft: line, date, precision, status (with the matching event id), quote."""
    lines = []
    for d in drafts:
        status = f"{d.status}:{d.event.id}" if d.event else d.status
        date = visible(str(d.date)) if d.date else "?"
        precision = (d.date.precision if d.date else "?") + (" inferred" if d.inferred else "")
        lines.append(f"{d.line}\t{date}\t{precision}\t{status}\t{visible(d.quote)}")
    return "".join(line + "\n" for line in lines)


def source_line(source: Source | None) -> str:
    if source is None:
        return "unknown source"
    published = f", {source.published}" if source.published else ""
    return visible(f"{source.publisher}{published}")


def plain_hits(hits: Sequence[Hit], corrections: dict[str, str] | None = None) -> str:
    """Search results as :func:`plain_events` lines with two more columns: ``full`` or ``partial``
    (the event matches only part of the query), and the corrections applied to the query as
    ``typed→searched`` (comma-separated; empty when none)."""
    corrected = visible(",".join(f"{typed}→{used}" for typed, used in (corrections or {}).items()))
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
