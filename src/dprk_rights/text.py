"""Text normalisation shared by search, filters and quote checking."""

from __future__ import annotations

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
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise_quote(text: str) -> str:
    """Text as a quote is compared with its source: plain quote marks and dashes, single spaces."""
    return " ".join(text.translate(_TYPOGRAPHY).split())
