"""``dprk tags`` and ``dprk actors``: the values --tag and --actor take, each with its event count."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml


def test_tags_lists_each_tag_with_its_event_count(invoke, mini_path: Path) -> None:
    result = invoke("tags")
    assert result.exit_code == 0
    # All used once: ties in alphabetical order.
    assert result.stdout == "accountability\t1\ncommission-of-inquiry\t1\nicc\t1\nsecurity-council\t1\n"
    assert json.loads(invoke("tags", "--json").stdout) == [
        {"tag": "accountability", "events": 1},
        {"tag": "commission-of-inquiry", "events": 1},
        {"tag": "icc", "events": 1},
        {"tag": "security-council", "events": 1},
    ]


def test_actors_lists_the_most_named_first(invoke, mini_path: Path) -> None:
    result = invoke("actors")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "UN Security Council\t2",
        "Commission of Inquiry\t1",
        "UN Human Rights Council\t1",
    ]
    assert json.loads(invoke("actors", "--json").stdout)[0] == {"actor": "UN Security Council", "events": 2}


def _timeline(tmp_path: Path, events: list[dict]) -> Path:
    data = {
        "sources": [{"id": "s", "title": "T", "publisher": "P", "published": "2020", "kind": "k", "url": None}],
        "events": [
            {"title": "T", "summary": "S", "citations": [{"source": "s", "quote": "q"}], "date": "2014", **event}
            for event in events
        ],
    }
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_counts_sort_by_count_then_name_and_count_an_event_once(invoke, tmp_path: Path) -> None:
    path = _timeline(
        tmp_path,
        [
            {"id": "a", "tags": ["food", "icc", "icc"], "actors": ["Zeta", "Alpha", "Zeta"]},
            {"id": "b", "tags": ["icc", "border"], "actors": ["Zeta", "Beta"]},
            {"id": "c", "tags": ["food"], "actors": ["Beta"]},
        ],
    )
    assert invoke("--data", str(path), "tags").stdout == "food\t2\nicc\t2\nborder\t1\n"
    assert invoke("--data", str(path), "actors").stdout == "Beta\t2\nZeta\t2\nAlpha\t1\n"


def test_every_listed_value_is_accepted_by_its_filter(invoke) -> None:
    """The vocabulary is what the filters take: each tag and actor listed selects as many events as it counts."""
    tags = json.loads(invoke("tags", "--json").stdout)
    actors = json.loads(invoke("actors", "--json").stdout)
    assert len(tags) > 10 and len(actors) > 10
    for entry in tags[:5]:
        selected = json.loads(invoke("timeline", "--tag", entry["tag"], "--json").stdout)
        assert len(selected) == entry["events"]
    for entry in actors[:5]:
        result = invoke("timeline", "--actor", entry["actor"], "--json")
        assert result.exit_code == 0
        assert len(json.loads(result.stdout)) >= entry["events"]  # --actor also matches longer names


def test_an_actor_with_separators_stays_on_one_line(invoke, tmp_path: Path) -> None:
    path = _timeline(tmp_path, [{"id": "a", "actors": ["Line\nbreak\tand\u2028more\x85\rend", "Plain"]}])
    result = invoke("--data", str(path), "actors")
    assert result.stdout.splitlines() == ["Line\\nbreak\\tand\\u2028more\\x85\\rend\t1", "Plain\t1"]
    assert json.loads(invoke("--data", str(path), "actors", "--json").stdout)[0]["actor"] == (
        "Line\nbreak\tand\u2028more\x85\rend"
    )


def test_an_empty_timeline_lists_nothing(invoke, tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        "sources:\n  - {id: s, title: T, publisher: P, published: '2020', kind: k, url: null}\nevents: []\n",
        encoding="utf-8",
    )
    for command in ("tags", "actors"):
        assert (invoke("--data", str(path), command).stdout, invoke("--data", str(path), command).exit_code) == ("", 0)
        assert json.loads(invoke("--data", str(path), command, "--json").stdout) == []


@pytest.mark.parametrize("command", ["tags", "actors"])
def test_a_broken_file_is_one_error_line(invoke, tmp_path: Path, command: str) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("events: [", encoding="utf-8")
    result = invoke("--data", str(path), command)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {path}") and result.stderr.count("\n") == 1
