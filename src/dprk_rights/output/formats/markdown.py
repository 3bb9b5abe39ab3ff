"""Markdown: a dated list with footnoted citations; every piece of data escaped, never markup."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from dprk_rights.model.records import Event, Source, vote_text
from dprk_rights.text import visible

from .common import dispute_line, source_label

if TYPE_CHECKING:
    from dprk_rights.timeline import Timeline

    from . import ExportInfo


def to_markdown(events: Sequence[Event], timeline: Timeline) -> str:
    """A dated list for a report, each citation a numbered footnote with its source and quote."""
    lines = ["# DPRK human rights timeline", ""]
    notes: list[str] = []
    for event in events:
        refs = ""
        for citation in event.citations:
            notes.append(
                f'[^{len(notes) + 1}]: {_md(source_label(timeline.source(citation.source)))}: "{_md(citation.quote)}"'
                + _md_url(timeline.source(citation.source))
            )
            refs += f"[^{len(notes)}]"
        adopted = f"adopted {vote_text(event.vote)}" if event.vote else ""
        act = "; ".join(part for part in (event.symbol or "", adopted) if part)
        act = f" ({_md(act)})" if act else ""
        lines.append(f"- **{event.date.human()}**: {_md(event.title)}{act}. {_md(event.summary)}{refs}")
        for dispute in event.disputes:
            lines.append(f"  - ⚠ Disputed: {_md(dispute_line(dispute.source, dispute.claim, dispute.note))}")
    return "\n".join([*lines, "", *notes]) + "\n"


def _md_url(source: Source | None) -> str:
    """`` https://...`` after a footnote whose source has an address: escaped text like all data, never a link
    markup could shape (a Markdown renderer may still link it, as it would any address in text)."""
    return f" {_md(source.url)}" if source and source.url else ""


def _md(text: str) -> str:
    """Data text made literal in Markdown, on one line (so it can never start a heading, item, quote or
    table row): line breaks and other control or bidi characters shown as escapes, and every character
    that could format, link or make an entity or footnote backslash-escaped."""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in visible(text))


#: ASCII punctuation that Markdown (CommonMark, GFM, footnotes) gives a meaning; escaping any ASCII
#: punctuation with a backslash is always allowed and prints the character itself.
_MARKDOWN_SPECIAL = frozenset("\\`*_[]<>#|~&$!")


def export(events: Sequence[Event], timeline: Timeline, info: ExportInfo, *, fmt: str = "markdown") -> str:
    """``--format markdown``, its data version in a comment under the title (invisible once rendered)."""
    text = to_markdown(events, timeline)
    title, _, rest = text.partition("\n")
    comment = f"<!-- Exported by {info.generator} from dprk-rights data {info.data_version}. -->"
    return f"{title}\n{_comment_safe(comment)}\n{rest}"


def _comment_safe(comment: str) -> str:
    """An HTML comment whose text cannot end it early (``--`` inside is not allowed)."""
    inner = comment.removeprefix("<!-- ").removesuffix(" -->").replace("--", "- -")
    return f"<!-- {inner} -->"
