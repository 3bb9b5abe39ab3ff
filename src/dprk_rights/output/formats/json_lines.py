"""JSON and JSON Lines: every event in the shape of ``--json``, its sources' titles and addresses included."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from dprk_rights.model.records import Event
from dprk_rights.model.shapes import dumps, event_to_dict

if TYPE_CHECKING:
    from dprk_rights.timeline import Timeline

    from . import ExportInfo


def to_json(events: Sequence[Event], timeline: Timeline) -> str:
    """A JSON list of events, the shape of ``dprk timeline --json``."""
    return dumps([event_to_dict(e, timeline.source) for e in events]) + "\n"


def to_jsonl(events: Sequence[Event], timeline: Timeline) -> str:
    """One JSON event per line."""
    return "".join(json.dumps(event_to_dict(e, timeline.source), ensure_ascii=False) + "\n" for e in events)


def export(events: Sequence[Event], timeline: Timeline, info: ExportInfo, *, fmt: str = "json") -> str:
    """``--format json`` (a list, the shape of ``--json``) or ``jsonl`` (one event per line)."""
    return to_jsonl(events, timeline) if fmt == "jsonl" else to_json(events, timeline)
