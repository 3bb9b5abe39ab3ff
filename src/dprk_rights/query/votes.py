"""Votes over time: every event adopted by a recorded vote or without one, with the body that voted.

The body is read from the event's UN document symbol when it names one, else from its actors,
else from its tags:

- ``A/HRC/...`` (and the Council's press releases, ``HRC/...``): the Human Rights Council (``hrc``);
- any other ``A/...`` (``A/RES/60/173``, ``A/C.3/...``; press releases ``GA/...``): the General Assembly (``ga``);
- ``E/CN.4/...`` or a Commission resolution number such as ``2004/13``: the Commission on Human Rights (``chr``);
- ``S/...`` (press releases ``SC/...``): the Security Council (``sc``);
- no such symbol: the first of the event's actors that is a UN body which votes, so an ECOSOC
  decision about the Commission's mandate is ECOSOC's (``other``), not the Commission's;
- no such actor: the first of the event's tags ``general-assembly``, ``human-rights-council``,
  ``commission-on-human-rights``, ``security-council``; else ``other``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from dprk_rights.model.records import Event, Vote

#: The bodies ``dprk votes --body`` selects, with their names.
BODIES = {
    "ga": "General Assembly",
    "hrc": "Human Rights Council",
    "chr": "Commission on Human Rights",
    "sc": "Security Council",
}
OTHER = "other"
_TAGS = {
    "general-assembly": "ga",
    "human-rights-council": "hrc",
    "commission-on-human-rights": "chr",
    "security-council": "sc",
}
#: Actors that are UN bodies which vote, and the body each is (ECOSOC is none of the four).
_ACTORS = {
    "UN General Assembly": "ga",
    "UN Human Rights Council": "hrc",
    "UN Commission on Human Rights": "chr",
    "UN Security Council": "sc",
    "UN Economic and Social Council": OTHER,
}
#: Symbol prefixes, tried in order (upper case): the first that matches names the body.
_PREFIXES = (
    ("A/HRC/", "hrc"),
    ("HRC/", "hrc"),
    ("A/", "ga"),
    ("GA/", "ga"),
    ("E/CN.4/", "chr"),
    ("S/", "sc"),
    ("SC/", "sc"),
)
#: A resolution number of the Commission on Human Rights: year/number (``2004/13``).
_CHR_NUMBER = re.compile(r"(19|20)[0-9]{2}/[0-9]{1,3}")


def body_of(event: Event) -> str:
    """The body that voted: ``ga``, ``hrc``, ``chr``, ``sc`` or ``other`` (see the module's rule)."""
    if event.symbol:
        symbol = event.symbol.upper()
        if _CHR_NUMBER.fullmatch(symbol):
            return "chr"
        for prefix, body in _PREFIXES:
            if symbol.startswith(prefix):
                return body
    by_actor = next((_ACTORS[actor] for actor in event.actors if actor in _ACTORS), None)
    return by_actor or next((_TAGS[tag] for tag in event.tags if tag in _TAGS), OTHER)


class VoteRow(NamedTuple):
    """One vote: the event, the body that voted, and how."""

    event: Event
    body: str

    @property
    def vote(self) -> Vote | str:
        return self.event.vote or ""


def vote_rows(events: Iterable[Event], body: str = "all") -> list[VoteRow]:
    """The events (in the order given) that record a vote, with their body; only ``body``'s unless ``all``."""
    rows = [VoteRow(e, body_of(e)) for e in events if e.vote]
    return rows if body == "all" else [row for row in rows if row.body == body]
