"""dprk-rights: a cited, dated timeline of human rights in North Korea (DPRK).

The library API works without the command line::

    from dprk_rights import load_timeline
    timeline = load_timeline()          # the timeline shipped with the package
    for event in timeline.events:
        print(event.date, event.title)

Names are imported on first use, so ``import dprk_rights`` (and every ``dprk`` command) starts fast.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

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

__all__ = [*sorted(_EXPORTS), "__version__"]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'dprk_rights' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value
