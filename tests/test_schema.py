"""The JSON Schema of the timeline file: shipped beside it, announced in its first line for editors,
accepting the shipped data and rejecting what the loader rejects."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from dprk_rights.files import default_timeline_path, packaged_data_path
from tests.conftest import MINI_TIMELINE, REPO

jsonschema = pytest.importorskip("jsonschema")

SCHEMA_PATH = REPO / "data" / "timeline.schema.json"
MODELINE = "# yaml-language-server: $schema=timeline.schema.json"


class EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it (YAML 1.2: 2014-03-17 is text, not a date object)."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    return jsonschema.Draft202012Validator(schema)


def errors(validator, text: str) -> list[str]:
    data = yaml.load(text, Loader=EditorLoader)  # a SafeLoader subclass
    return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(data)]


def test_the_shipped_timeline_announces_the_schema_in_its_first_line() -> None:
    first = default_timeline_path().read_text(encoding="utf-8").splitlines()[0]
    assert first == MODELINE
    # The path is relative to the timeline file: it resolves in the repository and in the installed package.
    referenced = default_timeline_path().parent / first.partition("$schema=")[2]
    assert referenced.is_file() and referenced.read_bytes() == SCHEMA_PATH.read_bytes()
    assert packaged_data_path("timeline.schema.json") == referenced


def test_the_schema_ships_in_the_wheel() -> None:
    """hatch force-includes data/ as dprk_rights/data, where packaged_data_path looks first."""
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]["data"] == "dprk_rights/data"
    assert SCHEMA_PATH.parent == REPO / "data"


def test_the_shipped_data_and_the_test_timeline_are_valid(validator) -> None:
    assert errors(validator, default_timeline_path().read_text(encoding="utf-8")) == []
    assert errors(validator, MINI_TIMELINE) == []


# Each variant changes the small test timeline; both the schema and the loader must accept it.
VALID = [
    ("date: 2013-03", "date: 2013?"),
    ("date: 2013-03", "date: 2013~"),
    ("date: 2013-03", "date: 2013-03%"),
    ("date: 2013-03", "date: 2013/2015"),
    ("date: 2013-03", "date: 2013-03/.."),
    ("date: 2013-03", "date: ../2013-03"),
    ("date: 2013-03", "date: 2013-03-01/2014-02"),
    ("date: 2013-03", "date: 2013"),
    ("published: 2015-06", "published: null"),
    ("published: 2015-06", "published: 2015-06-30"),
    ("url: null", "url: https://example.org/beta"),
    ("note: Dated by its cover.", "note: null"),
    ("note: Alpha dates it to 2014.", "note: null"),
    ("tags: [security-council]", "tags: []"),
    ("    tags: [security-council]\n", ""),
    ("    disputes:\n", "    symbol: S/RES/2270 (2016)\n    vote: without a vote\n    disputes:\n"),
    ("    disputes:\n", "    symbol: A/HRC/34/66/Add.1\n    vote: {for: 88, against: 21, abstain: 0}\n    disputes:\n"),
    ("    disputes:\n", "    vote: null\n    note: null\n    disputes:\n"),
    ("kind: dispatch", "kind: dispatch\n    symbol: A/RES/60/173\n    accessed: 2026-11-25"),
]

# Each variant breaks the small test timeline in one way: the schema must reject it, as the loader does.
BROKEN = [
    ("sources:", "source:"),  # unknown top-level field, and sources missing
    ("actors: [UN Human Rights Council]", "actors: UN Human Rights Council"),
    ("  - id: first-event", "  - id: First_Event"),
    ("  - id: alpha", "  - id: alpha beta"),
    ("date: 2013-03", "date: 2013-13"),
    ("date: 2013-03", "date: 13-03"),
    ("date: 2013-03", "date: 14"),
    ("date: 2013-03", "date: '0000'"),
    ("date: 2013-03", "date: March 2013"),
    ("date: 2013-03", "date: ../.."),
    ("date: 2013-03", "date: 2013/2014/2015"),
    ("date: 2013-03", "date: 2013!"),
    ("date: 2013-03", "date: null"),
    ("published: 2015-06", "published: 2015~"),
    ("published: 2015-06", "published: 2015/2016"),
    ("title: A commission is created", "title: 1984"),
    ("title: A commission is created", "title: '   '"),
    ("title: A commission is created", "title: [a, list]"),
    ("title: A commission is created", "headline: A commission is created"),
    ("summary: The council created a commission of inquiry.", "summary:"),
    ("tags: [commission-of-inquiry]", "tags: commission-of-inquiry"),
    ("tags: [commission-of-inquiry]", "tags: [Commission of Inquiry]"),
    ("actors: [UN Human Rights Council]", "actors: [UN Human Rights Council, '']"),
    ("quote: in March 2013 the council created a commission", "quote: " + " ".join(["word"] * 26)),
    ("quote: in March 2013 the council created a commission", "page: 3"),
    ("      - source: alpha\n        quote: in March 2013", "      - quote: in March 2013"),
    (
        "    citations:\n      - source: alpha\n        quote: in March 2013 the council created a commission\n",
        "    citations: []\n",
    ),
    ("claim: This happened in 2015.", "claims: This happened in 2015."),
    ("url: https://example.org/alpha", "url: ''"),
    ("kind: dispatch", "kind: dispatch\n    symbol: not a symbol"),
    ("kind: dispatch", "kind: dispatch\n    accessed: last week"),
    ("    disputes:\n", "    vote: Without a vote\n    disputes:\n"),
    ("    disputes:\n", "    vote: {for: 88, against: 21}\n    disputes:\n"),
    ("    disputes:\n", "    vote: {for: 88, against: 21, abstain: 60, absent: 3}\n    disputes:\n"),
    ("    disputes:\n", "    vote: {for: 10000, against: 0, abstain: 0}\n    disputes:\n"),
    ("    disputes:\n", "    vote: {for: -1, against: 0, abstain: 0}\n    disputes:\n"),
    ("    disputes:\n", "    vote: 88-21-60\n    disputes:\n"),
    ("  - id: beta\n", "  - just a string\n  - id: beta\n"),
]


def variant(old: str, new: str) -> str:
    assert old in MINI_TIMELINE, old
    return MINI_TIMELINE.replace(old, new, 1)


def load_errors(invoke, tmp_path: Path, text: str) -> list[str]:
    """The errors ``dprk validate`` reports for the text (warnings aside), or the unreadable file's message."""
    path = tmp_path / "variant.yaml"
    path.write_text(text, encoding="utf-8")
    result = invoke("validate", str(path))
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code == 2:
        return [result.stderr]
    return [line for line in result.stdout.splitlines() if ": error: " in line]


@pytest.mark.parametrize(("old", "new"), VALID, ids=[new.strip() or "no tags" for _, new in VALID])
def test_the_schema_accepts_what_the_loader_accepts(validator, invoke, tmp_path: Path, old: str, new: str) -> None:
    text = variant(old, new)
    assert errors(validator, text) == []
    assert load_errors(invoke, tmp_path, text) == []


@pytest.mark.parametrize(("old", "new"), BROKEN, ids=[new.strip()[:40] for _, new in BROKEN])
def test_the_schema_rejects_what_the_loader_rejects(validator, invoke, tmp_path: Path, old: str, new: str) -> None:
    text = variant(old, new)
    assert errors(validator, text), "the schema accepts it"
    assert load_errors(invoke, tmp_path, text), "dprk validate accepts it"
