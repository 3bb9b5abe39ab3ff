"""Which events a query keeps: a plain predicate over events, shared by the store and the search."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from dprk_rights.model.dates import PartialDate
from dprk_rights.text import fold

if TYPE_CHECKING:
    from dprk_rights.model.records import Event


#: A word of an actor's name: letters and digits; anything else (hyphen, dot, underscore) separates.
_WORD = re.compile(r"[^\W_]+")


class EventFilter(NamedTuple):
    """What ``timeline`` and ``search`` keep: a date range and tag/actor/source sets.

    Within one kind the values are alternatives (any tag matches); the kinds
    combine (a date in range *and* a matching tag *and* ...).
    """

    since: PartialDate | None = None
    until: PartialDate | None = None
    tags: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    disputed: bool = False

    @property
    def dates_only(self) -> bool:
        """True when nothing but the date range is filtered (which a store answers without reading events)."""
        return not (self.tags or self.actors or self.sources or self.disputed)

    def matches(self, event: Event) -> bool:
        """True when the event passes every part of the filter."""
        if self.disputed and not event.disputes:
            return False
        if not event.date.overlaps(self.since, self.until):
            return False
        if self.tags and not set(self.tags) & set(event.tags):
            return False
        if self.sources and not set(self.sources) & set(event.source_ids):
            return False
        return not self.actors or any(actor_matches(q, a) for q in self.actors for a in event.actors)


def actor_matches(query: str, actor: str) -> bool:
    """True when every word of ``query`` is a word of ``actor`` ("Security Council" matches "UN Security Council")."""
    actor_words = name_words(actor)
    return all(word in actor_words for word in name_words(query))


def name_words(text: str) -> list[str]:
    """The words of a name, folded; punctuation (hyphens, dots, dashes) only separates them."""
    return _WORD.findall(fold(text))
