"""Text normalisation used by search and quote checking."""

from __future__ import annotations

from dprk_rights.text import fold, normalise_quote


def test_quote_normalisation_ignores_typography_and_spacing() -> None:
    assert (
        normalise_quote("North Korea\u2019s  \u201cvery\nsevere\u201d \u2013 now")
        == 'North Korea\'s "very severe" - now'
    )


def test_fold_ignores_case_and_accents() -> None:
    assert fold("Tomás QUINTANA Çà") == "tomas quintana ca"
