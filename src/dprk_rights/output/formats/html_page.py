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
from collections.abc import Iterable, Sequence
from datetime import UTC
from typing import TYPE_CHECKING

from dprk_rights.model.records import Citation, Dispute, Event, Source, TimelineData, vote_text
from dprk_rights.text import fold, visible_lines

if TYPE_CHECKING:
    from dprk_rights.reading.terms import Thesaurus
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

_PORTER = """
  // Martin Porter's stemmer, as SQLite's FTS5 "porter" tokenizer applies it (words of 3 to 64 letters).
  const porter = (() => {
    const step2 = {ational: "ate", tional: "tion", enci: "ence", anci: "ance", izer: "ize", bli: "ble", alli: "al",
      entli: "ent", eli: "e", ousli: "ous", ization: "ize", ation: "ate", ator: "ate", alism: "al", iveness: "ive",
      fulness: "ful", ousness: "ous", aliti: "al", iviti: "ive", biliti: "ble", logi: "log"};
    const step3 = {icate: "ic", ative: "", alize: "al", iciti: "ic", ical: "ic", ful: "", ness: ""};
    const c = "[^aeiou]", v = "[aeiouy]", C = c + "[^aeiouy]*", V = v + "[aeiou]*";
    const mgr0 = new RegExp("^(" + C + ")?" + V + C);
    const meq1 = new RegExp("^(" + C + ")?" + V + C + "(" + V + ")?$");
    const mgr1 = new RegExp("^(" + C + ")?" + V + C + V + C);
    const hasVowel = new RegExp("^(" + C + ")?" + v);
    const cvc = new RegExp("^" + C + v + "[^aeiouwxy]$");
    return (word) => {
      if (word.length < 3 || word.length > 64 || !/^[a-z]+$/.test(word)) return word;
      let w = word, m;
      const y = w[0] === "y";
      if (y) w = "Y" + w.slice(1);
      if ((m = /^(.+?)(ss|i)es$/.exec(w))) w = m[1] + m[2];
      else if ((m = /^(.+?)([^s])s$/.exec(w))) w = m[1] + m[2];
      if ((m = /^(.+?)eed$/.exec(w))) {
        if (mgr0.test(m[1])) w = w.slice(0, -1);
      } else if ((m = /^(.+?)(ed|ing)$/.exec(w)) && hasVowel.test(m[1])) {
        w = m[1];
        if (/(at|bl|iz)$/.test(w)) w += "e";
        else if (/([^aeiouylsz])\\1$/.test(w)) w = w.slice(0, -1);
        else if (cvc.test(w)) w += "e";
      }
      if ((m = /^(.+?)y$/.exec(w)) && hasVowel.test(m[1])) w = m[1] + "i";
      m = new RegExp(`^(.+?)(${Object.keys(step2).join("|")})$`).exec(w);
      if (m && mgr0.test(m[1])) w = m[1] + step2[m[2]];
      m = new RegExp(`^(.+?)(${Object.keys(step3).join("|")})$`).exec(w);
      if (m && mgr0.test(m[1])) w = m[1] + step3[m[2]];
      if ((m = /^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$/.exec(w))) {
        if (mgr1.test(m[1])) w = m[1];
      } else if ((m = /^(.+?)(s|t)(ion)$/.exec(w)) && mgr1.test(m[1] + m[2])) {
        w = m[1] + m[2];
      }
      if ((m = /^(.+?)e$/.exec(w)) && (mgr1.test(m[1]) || (meq1.test(m[1]) && !cvc.test(m[1])))) w = m[1];
      if (/ll$/.test(w) && mgr1.test(w)) w = w.slice(0, -1);
      return y ? "y" + w.slice(1) : w;
    };
  })();
"""

_SCRIPT = (
    """
(() => {
  "use strict";
  const fold = (text) => text.normalize("NFKD").replace(/\\p{M}/gu, "").toLowerCase();
  const words = (text) => fold(text).split(/[^\\p{L}\\p{N}]+/u).filter(Boolean);
"""
    + _PORTER
    + """
  const controls = document.getElementById("controls");
  // The thesaurus: groups of equivalent phrases ("icc|international criminal court;..."), and stopwords.
  const groups = (controls.dataset.groups || "").split(";").filter(Boolean).map((g) => g.split("|"));
  const stopwords = new Set((controls.dataset.stopwords || "").split(" ").filter(Boolean));
  const plural = (w) => w.length > 3 && w.endsWith("s") && !w.endsWith("ss");
  const loose = (phrase) => phrase.split(" ").map((w) => (plural(w) ? w.slice(0, -1) : w)).join(" ");
  const equivalents = new Map();
  for (const group of groups) {
    for (const phrase of group) {
      const key = loose(phrase);
      equivalents.set(key, new Set([...(equivalents.get(key) || []), ...group]));
    }
  }
  const longest = Math.max(0, ...[...equivalents.keys()].map((k) => k.split(" ").length));
  const same = (phrase) => equivalents.get(loose(phrase)) || new Set();
  // A phrase, its equivalents, and their variants with single words swapped for theirs (at most 16 each).
  function expand(phrase) {
    const result = new Set();
    for (const equivalent of same(phrase).size ? same(phrase) : [phrase]) {
      let variants = [[]];
      for (const word of equivalent.split(" ")) {
        const options = [word, ...[...same(word)].filter((e) => !e.includes(" "))];
        variants = variants.flatMap((v) => [...new Set(options)].sort().map((o) => [...v, o])).slice(0, 16);
      }
      variants.forEach((v) => result.add(v.join(" ")));
    }
    result.add(phrase);
    return [...result];
  }
  const stemmed = (phrase) => words(phrase).map(porter);
  // The query as dprk search reads simple queries: words, "phrases", -exclusions, OR; consecutive words
  // that form a thesaurus entry are one phrase (or near each other); stopwords are dropped.
  function parse(query) {
    const raw = [];
    let or = false;
    for (const [, minus, quoted, bare] of query.matchAll(/(-?)"([^"]*)"?|(\\S+)/g)) {
      if (bare === "OR") { or = raw.length > 0; continue; }
      let negated = minus === "-", text = quoted !== undefined ? quoted : bare;
      if (quoted === undefined && text.startsWith("-") && text.length > 1) { negated = true; text = text.slice(1); }
      const phrase = words(text).join(" ");
      if (!phrase) continue;
      const year = quoted === undefined && /^[1-9][0-9]{3}$/.test(text) ? Number(text) : null;
      const clause = {phrases: [phrase], negated, quoted: quoted !== undefined, near: [], year};
      const previous = raw[raw.length - 1];
      const joins = or && previous && !previous.negated && !negated && previous.year === null && year === null;
      if (joins) previous.phrases.push(phrase);
      else raw.push(clause);
      or = false;
    }
    const merged = [];
    for (let i = 0; i < raw.length; ) {
      let phrase = "", span = 0;
      for (let j = i; j < raw.length; j++) {
        const c = raw[j];
        if (c.negated || c.quoted || c.phrases.length !== 1) break;
        phrase = phrase ? `${phrase} ${c.phrases[0]}` : c.phrases[0];
        if (phrase.split(" ").length > longest) break;
        if (same(phrase).size) span = j - i + 1;
      }
      if (span > 1) {
        const phrase = raw.slice(i, i + span).map((c) => c.phrases[0]).join(" ");
        const near = phrase.split(" ").filter((w) => !stopwords.has(w));
        merged.push({phrases: [phrase], negated: false, quoted: false, near, year: null});
        i += span;
      } else {
        merged.push(raw[i]);
        i += 1;
      }
    }
    const isStop = (c) => !c.quoted && c.phrases.every((p) => !p.includes(" ") && stopwords.has(p));
    const kept = merged.some((c) => !c.negated && !isStop(c)) ? merged.filter((c) => !isStop(c)) : merged;
    return kept.map((c) => ({
      negated: c.negated,
      phrases: (c.quoted ? c.phrases : c.phrases.flatMap(expand)).map(stemmed),
      near: c.near.map(porter),
      year: c.year,
    }));
  }
  const NEAR = 4;
  // Whether an event matches a clause: one of its phrases, its words near each other, or (a year) its date.
  function has(i, clause) {
    const el = events[i];
    const [first, last] = [Number(el.dataset.year), Number(el.dataset.until || el.dataset.year)];
    if (clause.year !== null && first <= clause.year && clause.year <= last) return true;
    const tokens = stemsOf(i);
    for (const phrase of clause.phrases) {
      for (let j = 0; j + phrase.length <= tokens.length; j++) {
        if (phrase.every((w, k) => tokens[j + k] === w)) return true;
      }
    }
    if (clause.near.length > 1) {
      const size = clause.near.length + NEAR;
      for (let j = 0; j < tokens.length; j++) {
        const window = tokens.slice(j, j + size);
        if (clause.near.every((w) => window.includes(w))) return true;
      }
    }
    return false;
  }
  // The fields dprk search indexes: title, summary, tags, actors, quotes, note, disputes, symbol, and the date
  // as "2014 December" (so "December" finds the events of a December).
  const SEARCHED = ".headline, .summary, .tags li, .actor, blockquote, .note-text, .disputes li > p:first-child,"
    + " .dispute-note-text";
  const symbolOf = (el) => Array.from(el.querySelectorAll(".facts dt"))
    .filter((dt) => dt.textContent === "Symbol").map((dt) => dt.nextElementSibling);
  // An element's own text, without the labels inside it ("X says:").
  const label = (node) => node.nodeType === 1 && node.matches("strong");
  const own = (el) => Array.from(el.childNodes, (n) => (label(n) ? "" : n.textContent)).join(" ");
  const MONTHS = ["", "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  const dated = (el) => {
    const [y, m] = el.querySelector(".meta time").getAttribute("datetime").split("-");
    return words(`${y} ${MONTHS[Number(m || 0)]}`).map(porter);
  };
  const events = Array.from(document.querySelectorAll("article.event"));
  const facts = events.map((el) => ({
    tags: new Set(Array.from(el.querySelectorAll(".tags li"), (li) => li.textContent)),
    actors: new Set(Array.from(el.querySelectorAll(".actor"), (a) => a.textContent)),
    disputed: el.querySelector(".disputes") !== null,
  }));
  // Each event's words, stemmed, read from the page itself on the first search; "" between fields.
  const stems = [];
  const stemsOf = (i) => {
    if (!stems[i]) {
      const fields = [...events[i].querySelectorAll(SEARCHED), ...symbolOf(events[i])];
      stems[i] = [...fields.flatMap((el) => [...words(own(el)).map(porter), ""]), ...dated(events[i])];
    }
    return stems[i];
  };
  const field = (id) => document.getElementById(id);
  const [search, year, tag, actor, disputed] = ["search", "year", "tag", "actor", "disputed"].map(field);
  const [count, empty] = ["count", "empty"].map(field);
  const noun = events.length === 1 ? "event" : "events";
  function apply() {
    const clauses = parse(search.value);
    let shown = 0;
    events.forEach((el, i) => {
      const f = facts[i];
      const visible = (!year.value || el.dataset.year === year.value)
        && (!tag.value || f.tags.has(tag.value))
        && (!actor.value || f.actors.has(actor.value))
        && (!disputed.value || f.disputed === (disputed.value === "yes"))
        && clauses.every((c) => has(i, c) !== c.negated);
      el.hidden = !visible;
      shown += visible ? 1 : 0;
    });
    count.textContent = `${shown} of ${events.length} ${noun}`;
    empty.hidden = shown !== 0;
  }
  for (const name of ["input", "change", "search"]) search.addEventListener(name, apply);
  for (const select of [year, tag, actor, disputed]) select.addEventListener("change", apply);
  controls.hidden = false;
  apply();
})();
"""
)


def render_html(
    events: Sequence[Event],
    timeline: Timeline | TimelineData,
    *,
    title: str,
    generated: str,
    stamp: str = "",
    thesaurus: Thesaurus | None = None,
) -> str:
    """One self-contained HTML page showing `events` (already filtered and ordered by the caller).

    The page has a search box, filters by year, tag, actor and dispute, and a live count (plain
    inline JavaScript; without it every event is shown), reads well on a phone and prints every
    event. ``timeline`` supplies the cited sources' details; ``generated`` (e.g. ``"dprk 0.1.0, 38
    events"``) goes in the footer and ``stamp`` (e.g. ``"Generated on 2025-01-31 by dprk 0.1.0 from
    165 events, e8cdb30c27ac"``), when given, under the title.

    The search reads each event's own text from the page (nothing is repeated in attributes) and
    matches as ``dprk search`` does for simple queries: words stemmed as SQLite's porter tokenizer
    stems them, accents and case folded, every word required, and ``thesaurus``'s equivalents (its
    groups and stopwords, embedded compactly) expanded, so "CoI" finds "Commission of Inquiry".
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
        f'<meta name="generator" content="{_esc(stamp or generated)}">',
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_esc(title)}</h1>",
        '<p class="lede">What happened, when, and who says so. Every event quotes the documents that report it;'
        " where sources disagree, the event is marked disputed.</p>",
        *([f'<p class="generated">{_esc(stamp)}</p>'] if stamp else []),
        _controls(events, thesaurus),
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


def _controls(events: Sequence[Event], thesaurus: Thesaurus | None) -> str:
    """The search box and the filters, hidden until the script shows them (they do nothing without it).

    The thesaurus rides along as two attributes: ``data-groups``, the groups of equivalent phrases
    (folded words, phrases joined by ``|``, groups by ``;``, characters no folded word has), and
    ``data-stopwords``."""
    years = sorted({event.date.year for event in events})
    year_options = "".join(f'<option value="{year}">{year}</option>' for year in years)
    groups = ";".join("|".join(" ".join(phrase) for phrase in group) for group in thesaurus.groups) if thesaurus else ""
    stopwords = " ".join(sorted(thesaurus.stopwords)) if thesaurus else ""
    return (
        f'<div class="controls" id="controls" role="search" data-groups="{_esc(groups)}"'
        f' data-stopwords="{_esc(stopwords)}" hidden>'
        '<label class="grow">Search<input type="search" id="search" placeholder="words, e.g. CoI referral"'
        ' autocomplete="off" spellcheck="false"></label>'
        f'<label>Year<select id="year"><option value="">All years</option>{year_options}</select></label>'
        f'<label>Tag<select id="tag"><option value="">All tags</option>{_options(e.tags for e in events)}'
        "</select></label>"
        f'<label>Actor<select id="actor"><option value="">All actors</option>{_options(e.actors for e in events)}'
        "</select></label>"
        '<label>Disputed<select id="disputed"><option value="">All events</option>'
        '<option value="yes">Disputed only</option><option value="no">Not disputed</option></select></label>'
        "</div>"
    )


def _options(values: Iterable[Iterable[str]]) -> str:
    """One ``<option>`` per distinct value, sorted case- and accent-blind."""
    distinct = sorted({value for group in values for value in group}, key=lambda v: (fold(v), v))
    return "".join(f'<option value="{_esc(value)}">{_esc(value)}</option>' for value in distinct)


def _event_html(event: Event, timeline: Timeline | TimelineData) -> str:
    """One event: date, title (with a marker when disputed), summary, facts, citations, disputes."""
    mark = ' <span class="mark" title="Some source disputes this event">⚠ disputed</span>' if event.disputed else ""
    last_day = event.date.span()[1]
    until = f' data-until="{last_day.year}"' if last_day.year != event.date.year else ""
    parts = [
        f'<article class="event" id="{_esc(event.id)}" data-year="{event.date.year}"{until}>',
        f'<p class="meta"><time datetime="{event.date.iso}">{_esc(event.date.human())}</time>'
        f' · <span class="event-id"><a href="#{_esc(event.id)}">{_esc(event.id)}</a></span></p>',
        f'<h2 class="title"><span class="headline">{_esc(event.title)}</span>{mark}</h2>',
        f'<p class="summary">{_esc(event.summary)}</p>',
        _facts(event),
    ]
    if event.note:
        parts.append(f'<p class="note"><strong>Note:</strong> <span class="note-text">{_esc(event.note)}</span></p>')
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
        actors = ", ".join(f'<span class="actor">{_esc(actor)}</span>' for actor in event.actors)
        rows.append(f"<dt>Actors</dt><dd>{actors}</dd>")
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
        note = (
            f'<p class="dispute-note">Our note: <span class="dispute-note-text">{_esc(dispute.note)}</span></p>'
            if dispute.note
            else ""
        )
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


def generated_line(info: ExportInfo) -> str:
    """``Generated on 2025-01-31 by dprk 0.1.0 from 165 events, e8cdb30c27ac`` (UTC date)."""
    return f"Generated on {info.generated.astimezone(UTC):%Y-%m-%d} by {info.generator} from {info.data_version}"


def export(events: Sequence[Event], timeline: Timeline, info: ExportInfo, *, fmt: str = "html") -> str:
    """``--format html``: the page, with the thesaurus the timeline's search uses and its generation line."""
    return render_html(
        events,
        timeline,
        title="DPRK human rights timeline",
        generated=f"{info.generator}, {len(events)} {'event' if len(events) == 1 else 'events'}",
        stamp=generated_line(info),
        thesaurus=timeline.thesaurus(),
    )
