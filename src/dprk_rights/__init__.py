"""dprk-rights: a cited, dated timeline of human rights in North Korea (DPRK).

The library API works without the command line::

    from dprk_rights import load_timeline
    timeline = load_timeline()          # the timeline shipped with the package
    for event in timeline.events:
        print(event.date, event.title)
"""

from .dates import EventDate, PartialDate
from .errors import DataError, DprkError, Problem
from .loader import load_timeline
from .model import Citation, Dispute, Event, Source, Timeline

__version__ = "0.1.0"

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
    "__version__",
    "load_timeline",
]
