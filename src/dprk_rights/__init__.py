"""dprk-rights: a cited, dated timeline of human rights in North Korea (DPRK).

The library API works without the command line::

    from dprk_rights import Timeline
    timeline = Timeline()               # the timeline shipped with the package, from its cache
    for event in timeline.select(timeline.filter(since="2014")):
        print(event.date, event.title)

Names are imported on first use, so ``import dprk_rights`` (and every ``dprk`` command) starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # what type checkers see; at run time each name is imported on first use
    from .errors import DataError, DprkError, Problem
    from .model.dates import EventDate, PartialDate
    from .model.records import Citation, Dispute, Event, Source, TimelineData
    from .timeline import Timeline, load_timeline

_EXPORTS = {
    "Citation": "model.records",
    "DataError": "errors",
    "Dispute": "model.records",
    "DprkError": "errors",
    "Event": "model.records",
    "EventDate": "model.dates",
    "PartialDate": "model.dates",
    "Problem": "errors",
    "Source": "model.records",
    "Timeline": "timeline",
    "TimelineData": "model.records",
    "load_timeline": "timeline",
}

__all__ = [
    "Citation",
    "DataError",
    "Dispute",
    "DprkError",
    "Event",
    "EventDate",
    "PartialDate",
    "Problem",
    "Source",
    "Timeline",
    "TimelineData",
    "__version__",
    "load_timeline",
]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'dprk_rights' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value
