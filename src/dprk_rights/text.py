"""Text normalisation shared by search, filters and quote checking."""

from __future__ import annotations

import re
import unicodedata

# Typographic quote marks and dashes, mapped to their plain forms.
_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
    }
)


def fold(text: str) -> str:
    """Lower-case and strip accents, for case- and accent-insensitive matching."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise_quote(text: str) -> str:
    """Text as a quote is compared with its source: plain quote marks and dashes, single spaces."""
    return " ".join(text.translate(_TYPOGRAPHY).split())


#: Characters that must never reach a terminal or a line-based format as themselves: C0 and C1 control
#: characters (ANSI escapes, tab, every line break), DEL, the Unicode line and paragraph separators, and the
#: bidirectional controls (embeddings, overrides, isolates and marks) that reorder what is displayed.
_UNICODE_INVISIBLE = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_SHORT_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _SHORT_ESCAPES.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


_ONE_LINE = re.compile(f"[\x00-\x1f{_UNICODE_INVISIBLE}]")
_KEEP_NEWLINES = re.compile(f"[\x00-\x09\x0b-\x1f{_UNICODE_INVISIBLE}]")


def visible(text: str) -> str:
    """Data text as one line that prints literally: every control, line-separator and bidi character
    is shown as an escape (``\\n``, ``\\t``, ``\\x1b``, ``\\u202e``), so no field can start a new row,
    add a column, colour a terminal or reorder what is displayed."""
    if text.isascii() and text.isprintable():
        return text
    return _ONE_LINE.sub(_escape, text)


def visible_lines(text: str) -> str:
    """Like :func:`visible`, but newlines stay (for formats that escape them their own way)."""
    return _KEEP_NEWLINES.sub(_escape, text)
