"""The timeline as one self-contained HTML page: inline CSS and script, no network requests.

Pure functions, standard library only. Every piece of data text goes through
:func:`text.visible_lines` (control and bidi characters shown as escapes such as
``\\x1b`` and ``\\u202e``) and :func:`html.escape` (quotes included, so it is safe in
attributes too). No data ever appears inside the script, so it cannot end it
early; a Content-Security-Policy that allows only this page's own style and
script (by hash) backs that up and forbids every fetch.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from dprk_rights.model.records import Citation, Dispute, Event, Source, vote_text
from dprk_rights.text import visible_lines

if TYPE_CHECKING:
    from dprk_rights.timeline import Timeline

    from . import ExportInfo

_CSS = """
:root { color-scheme: light; --ink: #1b1b1b; --muted: #5b5b5b; --line: #d6d6d6; --warn: #c99700; --warn-bg: #fff8dc; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 46rem; padding: 1rem; font: 1.0625rem/1.55 system-ui, -apple-system, "Segoe UI",
  Roboto, "Noto Sans", sans-serif; color: var(--ink); background: #fff; overflow-wrap: anywhere; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.5rem 0 0.25rem; }
h2 { font-size: 1.2rem; line-height: 1.3; margin: 0.15rem 0 0.5rem; }
h3 { font-size: 0.8rem; letter-spacing: 0.06em; text-transform: uppercase; color: var(--muted); margin: 1rem 0 0.4rem; }
p { margin: 0.4rem 0; }
a { color: #0b57a4; }
.lede, .meta, .event-id, .source-line, .count, footer { color: var(--muted); }
.lede { margin-bottom: 1rem; }
.controls { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: end; padding: 0.75rem 0;
  border-bottom: 1px solid var(--line); position: sticky; top: 0; background: #fff; z-index: 1; }
.controls label { display: flex; flex-direction: column; font-size: 0.85rem; color: var(--muted); min-width: 0; }
.controls .grow { flex: 1 1 14rem; }
input, select { font: inherit; font-size: 1rem; color: var(--ink); height: 2.6rem; padding: 0 0.55rem; max-width: 100%;
  border: 1px solid #999; border-radius: 0.35rem; background: #fff; }
input[type="search"] { width: 100%; }
.count { margin: 0.75rem 0 0; font-size: 0.9rem; }
.empty { padding: 1rem 0; font-style: italic; }
.event { border-bottom: 1px solid var(--line); padding: 1.25rem 0; scroll-margin-top: 6rem; }
.meta { margin: 0; font-size: 0.9rem; }
.meta time { font-weight: 600; color: var(--ink); }
.event-id { font: 0.8rem/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.event-id a { color: inherit; text-decoration: none; }
.mark { display: inline-block; font-size: 0.8rem; font-weight: 600; padding: 0 0.4rem; margin-left: 0.3rem;
  border: 1px solid var(--warn); border-radius: 0.3rem; background: var(--warn-bg); color: #6b5100;
  vertical-align: 0.15em; white-space: nowrap; }
.facts { display: grid; grid-template-columns: auto 1fr; gap: 0.15rem 0.75rem; margin: 0.6rem 0; font-size: 0.95rem; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; min-width: 0; }
.tags { display: flex; flex-wrap: wrap; gap: 0.3rem; list-style: none; margin: 0; padding: 0; }
.tags li { font-size: 0.8rem; padding: 0 0.45rem; border-radius: 1rem; background: #eef1f5; }
.note { font-size: 0.95rem; }
.citations { list-style: none; margin: 0; padding: 0; }
.citation { margin: 0 0 0.75rem; }
.source-line { margin: 0; font-size: 0.9rem; }
.source-line cite { font-style: normal; }
.source-id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: #23663a; }
blockquote { margin: 0.25rem 0 0; padding: 0.1rem 0 0.1rem 0.8rem; border-left: 3px solid var(--line);
  font-style: italic; }
blockquote::before { content: "\\201C"; }
blockquote::after { content: "\\201D"; }
.disputes { margin: 1rem 0 0.25rem; padding: 0.5rem 0.9rem; border: 2px solid var(--warn); border-radius: 0.4rem;
  background: var(--warn-bg); }
.disputes h3 { color: #6b5100; margin-top: 0.25rem; }
.disputes ul { margin: 0; padding: 0; list-style: none; }
.disputes li { margin: 0 0 0.5rem; }
.dispute-note { font-size: 0.95rem; padding-left: 1rem; }
footer { margin: 1.5rem 0 0.5rem; font-size: 0.85rem; }
@media (max-width: 30rem) { body { padding: 0.75rem; } h1 { font-size: 1.35rem; } }
@media print {
  * { color: #000 !important; background: #fff !important; box-shadow: none !important; }
  body { max-width: none; padding: 0; font-size: 11pt; }
  .controls, .count, .empty { display: none !important; }
  .event, .event[hidden] { display: block !important; break-inside: avoid; page-break-inside: avoid; }
  .mark, .disputes, blockquote { border-color: #000 !important; }
  a { text-decoration: none; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.85em; }
}
"""

_SCRIPT = """
(() => {
  "use strict";
  const fold = (text) => text.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "").toLowerCase();
  const events = Array.from(document.querySelectorAll("article.event"));
  const texts = events.map((el) => fold(el.dataset.text || ""));
  const search = document.getElementById("search");
  const year = document.getElementById("year");
  const count = document.getElementById("count");
  const empty = document.getElementById("empty");
  const noun = events.length === 1 ? "event" : "events";
  function apply() {
    const words = fold(search.value).split(/\\s+/).filter(Boolean);
    const wantedYear = year.value;
    let shown = 0;
    events.forEach((el, i) => {
      const visible = (!wantedYear || el.dataset.year === wantedYear) && words.every((w) => texts[i].includes(w));
      el.hidden = !visible;
      shown += visible ? 1 : 0;
    });
    count.textContent = `${shown} of ${events.length} ${noun}`;
    empty.hidden = shown !== 0;
  }
  for (const name of ["input", "change", "search"]) search.addEventListener(name, apply);
  year.addEventListener("change", apply);
  document.getElementById("controls").hidden = false;
  apply();
})();
"""


def render_html(events: Sequence[Event], timeline: Timeline, *, title: str, generated: str) -> str:
    """One self-contained HTML page showing `events` (already filtered and ordered by the caller).

    The page has a search box, a year filter and a live count (plain inline JavaScript; without
    it every event is shown), reads well on a phone and prints every event. ``timeline`` supplies
    the cited sources' details; ``generated`` (e.g. ``"dprk 0.1.0, 38 events"``) goes in the footer.
    """
    noun = "event" if len(events) == 1 else "events"
    parts = [
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{_content_security_policy()}">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_esc(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_esc(title)}</h1>",
        '<p class="lede">What happened, when, and who says so. Every event quotes the documents that report it;'
        " where sources disagree, the event is marked disputed.</p>",
        _controls(events),
        f'<p class="count" id="count" role="status" aria-live="polite">{len(events)} {noun}</p>',
        "</header>",
        "<main>",
        *(_event_html(event, timeline) for event in events),
        '<p class="empty" id="empty" hidden>No events match. Try fewer words or another year.</p>',
        "</main>",
        f"<footer><p>Generated by {_esc(generated)}.</p></footer>",
        f"<script>{_SCRIPT}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _searchable_text(event: Event) -> str:
    """The text the page's search box looks in: title, summary, tags, actors, note, quotes, disputes."""
    fields = [event.title, event.summary, *event.tags, *event.actors, event.note or ""]
    fields += [citation.quote for citation in event.citations]
    fields += [f"{d.claim} {d.note or ''}" for d in event.disputes]
    return "\n".join(field for field in fields if field)


def _controls(events: Sequence[Event]) -> str:
    """The search box and year filter, hidden until the script shows them (they do nothing without it)."""
    years = sorted({event.date.year for event in events})
    options = "".join(f'<option value="{year}">{year}</option>' for year in years)
    return (
        '<div class="controls" id="controls" role="search" hidden>'
        '<label class="grow">Search<input type="search" id="search" placeholder="words, e.g. ICC referral"'
        ' autocomplete="off" spellcheck="false"></label>'
        f'<label>Year<select id="year"><option value="">All years</option>{options}</select></label>'
        "</div>"
    )


def _event_html(event: Event, timeline: Timeline) -> str:
    """One event: date, title (with a marker when disputed), summary, facts, citations, disputes."""
    mark = ' <span class="mark" title="Some source disputes this event">⚠ disputed</span>' if event.disputed else ""
    parts = [
        f'<article class="event" id="{_esc(event.id)}" data-year="{event.date.year}"'
        f' data-text="{_esc(_searchable_text(event))}">',
        f'<p class="meta"><time datetime="{event.date.iso}">{_esc(event.date.human())}</time>'
        f' · <span class="event-id"><a href="#{_esc(event.id)}">{_esc(event.id)}</a></span></p>',
        f'<h2 class="title">{_esc(event.title)}{mark}</h2>',
        f'<p class="summary">{_esc(event.summary)}</p>',
        _facts(event),
    ]
    if event.note:
        parts.append(f'<p class="note"><strong>Note:</strong> {_esc(event.note)}</p>')
    parts.append("<h3>Sources</h3>")
    parts.append('<ol class="citations">')
    parts += [_citation_html(citation, timeline.source(citation.source)) for citation in event.citations]
    parts.append("</ol>")
    if event.disputes:
        parts.append(_disputes_html(event.disputes))
    parts.append("</article>")
    return "\n".join(parts)


def _facts(event: Event) -> str:
    """Symbol, vote, tags and actors as a small definition list; empty when the event has none of them."""
    rows = []
    if event.symbol:
        rows.append(f"<dt>Symbol</dt><dd>{_esc(event.symbol)}</dd>")
    if event.vote:
        rows.append(f"<dt>Vote</dt><dd>{_esc(vote_text(event.vote))}</dd>")
    if event.tags:
        tags = "".join(f"<li>{_esc(tag)}</li>" for tag in event.tags)
        rows.append(f'<dt>Tags</dt><dd><ul class="tags">{tags}</ul></dd>')
    if event.actors:
        rows.append(f"<dt>Actors</dt><dd>{_esc(', '.join(event.actors))}</dd>")
    return f'<dl class="facts">{"".join(rows)}</dl>' if rows else ""


def _citation_html(citation: Citation, source: Source | None) -> str:
    """A citation: source id, publisher, title and date (linked when the source has a web address), the quote."""
    return (
        '<li class="citation">'
        f'<p class="source-line"><span class="source-id">{_esc(citation.source)}</span> · {_source_details(source)}</p>'
        f"<blockquote>{_esc(citation.quote)}</blockquote>"
        "</li>"
    )


def _source_details(source: Source | None) -> str:
    """``Publisher, <cite>Title</cite>, Nov 2023``; the title a link when the source has an http(s) URL."""
    if source is None:
        return "unknown source"
    cited = f"<cite>{_esc(source.title)}</cite>"
    if source.url and source.url.lower().startswith(("https://", "http://")):
        cited = f'<a href="{_esc(source.url)}" rel="noreferrer">{cited}</a>'
    published = (
        f'<time datetime="{source.published}">{_esc(source.published.human())}</time>'
        if source.published
        else "undated"
    )
    return f"{_esc(source.publisher)}, {cited}, {published}"


def _disputes_html(disputes: Sequence[Dispute]) -> str:
    """The disputes box: what each source claims against the record, and our note."""
    heading = "⚠ Disputed" if len(disputes) == 1 else f"⚠ Disputed ({len(disputes)})"
    items = []
    for dispute in disputes:
        note = f'<p class="dispute-note">Our note: {_esc(dispute.note)}</p>' if dispute.note else ""
        items.append(
            f'<li><p><strong><span class="source-id">{_esc(dispute.source)}</span> says:</strong>'
            f" {_esc(dispute.claim)}</p>{note}</li>"
        )
    return f'<aside class="disputes" aria-label="Disputed"><h3>{heading}</h3><ul>{"".join(items)}</ul></aside>'


def _content_security_policy() -> str:
    """Only this page's own style and script may run (by hash); nothing may be fetched or submitted."""
    return (
        f"default-src 'none'; style-src {_sha256(_CSS)}; script-src {_sha256(_SCRIPT)}; "
        "base-uri 'none'; form-action 'none'"
    )


def _sha256(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


def _esc(text: str) -> str:
    """Data text made literal in HTML: control and bidi characters shown as ``\\x1b`` or ``\\u202e``
    (line breaks stay, as HTML shows them as spaces), markup characters escaped."""
    return html.escape(visible_lines(text), quote=True)


def to_html(events: Sequence[Event], timeline: Timeline, *, generator: str) -> str:
    """One self-contained page of the events, titled, naming the generator and the count."""
    noun = "event" if len(events) == 1 else "events"
    return render_html(
        events, timeline, title="DPRK human rights timeline", generated=f"{generator}, {len(events)} {noun}"
    )


def export(events: Sequence[Event], timeline: Timeline, info: ExportInfo, *, fmt: str = "html") -> str:
    """``--format html``."""
    return to_html(events, timeline, generator=info.generator)
