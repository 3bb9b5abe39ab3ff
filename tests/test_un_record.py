"""The UN record (issue 11): symbols, votes and where sources come from, through every output."""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO, needs_sources

UN_TIMELINE = textwrap.dedent(
    """\
    sources:
      - id: a-res-60-173
        title: Situation of human rights in the Democratic People's Republic of Korea (resolution 60/173)
        publisher: United Nations General Assembly
        published: 2005-12-16
        kind: UN document
        url: https://example.org/A/RES/60/173
        symbol: A/RES/60/173
        accessed: 2026-11-25
      - id: un-press-hrc
        title: Human Rights Council adopts texts on the DPRK
        publisher: United Nations
        published: 2024-04-04
        kind: UN press release
        url: https://example.org/press/hrc
        symbol: HRC/24/10
        accessed: 2026-11-25
      - id: ngo-brief
        title: A country brief
        publisher: Some NGO
        published: 2025
        kind: NGO report
        url: null
    events:
      - id: chr-resolution-2004
        date: 2004-04-15
        title: The Commission on Human Rights creates the Special Rapporteur mandate
        summary: The Commission adopted resolution 2004/13 by a recorded vote.
        tags: [commission-on-human-rights, special-rapporteur]
        symbol: "2004/13"
        vote: {for: 29, against: 8, abstain: 16}
        citations:
          - source: ngo-brief
            quote: the Commission created the mandate in 2004
      - id: ga-resolution-2005
        date: 2005-12-16
        title: The General Assembly first condemns the DPRK's human rights record
        summary: The General Assembly adopted its first resolution on the DPRK by a recorded vote.
        tags: [general-assembly]
        actors: [UN General Assembly]
        symbol: A/RES/60/173
        vote: {for: 88, against: 21, abstain: 60}
        citations:
          - source: a-res-60-173
            quote: Expresses its very serious concern at continuing reports
      - id: ga-resolution-2012
        date: 2012-12-20
        title: The General Assembly adopts its DPRK resolution without a vote
        summary: For the first time the resolution was adopted by consensus.
        tags: [general-assembly]
        vote: without a vote
        citations:
          - source: ngo-brief
            quote: adopted without a vote in 2012
      - id: unsc-meeting-2014
        date: 2014-12-22
        title: The Security Council puts the DPRK on its agenda
        summary: After a procedural vote the Council discussed the situation.
        tags: [security-council]
        vote: {for: 11, against: 2, abstain: 2}
        citations:
          - source: ngo-brief
            quote: the Council met on 22 December 2014
      - id: hrc-resolution-2024
        date: 2024-04-04
        title: The Human Rights Council adopts resolution 55/21
        summary: The Council adopted its resolution on the DPRK without a vote.
        tags: [human-rights-council]
        symbol: A/HRC/RES/55/21
        vote: without a vote
        citations:
          - source: un-press-hrc
            quote: The Council adopted without a vote a resolution on the DPRK
      - id: msmt-report-2025
        date: 2025-05-29
        title: The MSMT publishes its first report
        summary: The Multilateral Sanctions Monitoring Team published its first report.
        tags: [sanctions]
        citations:
          - source: ngo-brief
            quote: the MSMT published its first report
    """
)


@pytest.fixture
def un_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "un.yaml"
    path.write_text(UN_TIMELINE, encoding="utf-8")
    monkeypatch.setenv("DPRK_TIMELINE", str(path))
    return path


def ok(result) -> str:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


# -- 1. the model carries symbols, votes and where sources come from ----------------------


def test_json_event_carries_symbol_vote_and_each_citations_source(invoke, un_path: Path) -> None:
    for _ in range(2):  # built, then from the cache
        event = json.loads(ok(invoke("show", "ga-resolution-2005", "--json")))
        assert event["symbol"] == "A/RES/60/173"
        assert event["vote"] == {"for": 88, "against": 21, "abstain": 60}
        assert event["citations"] == [
            {
                "source": "a-res-60-173",
                "quote": "Expresses its very serious concern at continuing reports",
                "title": "Situation of human rights in the Democratic People's Republic of Korea (resolution 60/173)",
                "publisher": "United Nations General Assembly",
                "url": "https://example.org/A/RES/60/173",
            }
        ]
    events = {e["id"]: e for e in json.loads(ok(invoke("timeline", "--json")))}
    assert events["ga-resolution-2012"]["vote"] == "without a vote"
    assert events["ga-resolution-2012"]["symbol"] is None
    assert events["msmt-report-2025"]["vote"] is None
    assert events["msmt-report-2025"]["citations"][0]["url"] is None
    assert events["msmt-report-2025"]["citations"][0]["title"] == "A country brief"
    # the filtered path (events rebuilt, then serialized) gives the same shape as the stored one
    filtered = json.loads(ok(invoke("timeline", "--tag", "general-assembly", "--json")))
    assert filtered[0] == events["ga-resolution-2005"]
    hit = json.loads(ok(invoke("search", "first condemns", "--json")))[0]
    assert {k: hit[k] for k in events["ga-resolution-2005"]} == events["ga-resolution-2005"]


def test_a_file_listing_its_events_before_its_sources_still_gives_citation_titles(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources, events = UN_TIMELINE.split("events:\n")
    path = tmp_path / "events-first.yaml"
    path.write_text("events:\n" + events + sources, encoding="utf-8")
    monkeypatch.setenv("DPRK_TIMELINE", str(path))
    for args in (["timeline", "--json"], ["--no-cache", "timeline", "--json"]):
        stored = {e["id"]: e for e in json.loads(ok(invoke(*args)))}
        citation = stored["hrc-resolution-2024"]["citations"][0]
        assert (citation["title"], citation["url"]) == (
            "Human Rights Council adopts texts on the DPRK",
            "https://example.org/press/hrc",
        )


def test_source_json_carries_symbol_and_accessed(invoke, un_path: Path) -> None:
    listed = json.loads(ok(invoke("sources", "--json")))
    assert listed[0]["symbol"] == "A/RES/60/173"
    assert listed[0]["accessed"] == "2026-11-25"
    assert (listed[2]["symbol"], listed[2]["accessed"]) == (None, None)
    detail = json.loads(ok(invoke("sources", "a-res-60-173", "--json")))
    assert (detail["symbol"], detail["accessed"], detail["url"]) == (
        "A/RES/60/173",
        "2026-11-25",
        "https://example.org/A/RES/60/173",
    )


def test_exports_let_a_reader_cite_without_the_tool(invoke, un_path: Path) -> None:
    exported = json.loads(ok(invoke("export", "--format", "json", "--tag", "general-assembly")))
    assert exported[0]["citations"][0]["url"] == "https://example.org/A/RES/60/173"
    assert exported[0]["vote"] == {"for": 88, "against": 21, "abstain": 60}
    lines = ok(invoke("export", "--format", "jsonl", "--tag", "human-rights-council")).splitlines()
    line = json.loads(lines[0])
    assert (line["symbol"], line["vote"], line["citations"][0]["publisher"]) == (
        "A/HRC/RES/55/21",
        "without a vote",
        "United Nations",
    )
    rows = list(csv.DictReader(io.StringIO(ok(invoke("export", "--format", "csv")).lstrip("\ufeff"))))
    by_id = {r["id"]: r for r in rows}
    ga = by_id["ga-resolution-2005"]
    assert (ga["symbol"], ga["vote"]) == ("A/RES/60/173", "88 for, 21 against, 60 abstaining")
    assert ga["source_urls"] == "a-res-60-173: https://example.org/A/RES/60/173"
    assert ga["source_titles"].startswith("a-res-60-173: United Nations General Assembly, Situation of human rights")
    assert by_id["hrc-resolution-2024"]["vote"] == "without a vote"
    assert (by_id["msmt-report-2025"]["vote"], by_id["msmt-report-2025"]["symbol"]) == ("", "")
    assert by_id["msmt-report-2025"]["source_urls"] == "ngo-brief:"


# -- malformed values are located errors ----------------------------------------------------

BAD_VOTES = [
    ("{for: 88, against: 21}", "events[0].vote.abstain", "is required but missing"),
    ("{for: 88, against: 21, abstain: 60, absent: 3}", "events[0].vote.absent", "unknown field 'absent'"),
    ("{for: -1, against: 21, abstain: 60}", "events[0].vote.for", "0 or more"),
    ("{for: '88', against: 21, abstain: 60}", "events[0].vote.for", "expected a whole number of votes, got text"),
    ("{for: 88.5, against: 21, abstain: 60}", "events[0].vote.for", "expected a whole number of votes"),
    ("{for: 88, against: null, abstain: 60}", "events[0].vote.against", "has no value"),
    ("{for: 88, against: yes, abstain: 60}", "events[0].vote.against", "a yes/no value"),
    ("{for: 0x58, against: 21, abstain: 60}", "events[0].vote.for", "0 or more, got '0x58'"),
    ("{for: 1000000, against: 21, abstain: 60}", "events[0].vote.for", "more than any body has members"),
    ("{for: 88, for: 21, abstain: 60}", "events[0].vote.for", "duplicate field"),
    ("Without a vote", "events[0].vote", "(written exactly so, in lower case)"),
    ("unanimous", "events[0].vote", "expected {for: N, against: N, abstain: N} or 'without a vote'"),
    ("[88, 21, 60]", "events[0].vote", "got a list"),
    ("88", "events[0].vote", "got a number"),
]


def _one_event(vote: str = "", symbol: str = "", accessed: str = "") -> str:
    return textwrap.dedent(
        f"""\
        sources:
          - id: alpha
            title: Alpha
            publisher: Alpha Watch
            published: 2015
            kind: UN document
            url: https://example.org/alpha
            {accessed or "accessed: 2026-11-25"}
        events:
          - id: only
            date: 2014
            title: A resolution
            summary: Something adopted.
            {vote or "vote: without a vote"}
            {symbol or "symbol: A/RES/69/188"}
            citations:
              - source: alpha
                quote: something adopted
        """
    )


@pytest.mark.parametrize(("value", "field", "message"), BAD_VOTES, ids=[v for v, _, _ in BAD_VOTES])
def test_a_malformed_vote_is_a_located_error(invoke, tmp_path: Path, value: str, field: str, message: str) -> None:
    path = tmp_path / "votes.yaml"
    path.write_text(_one_event(vote=f"vote: {value}"), encoding="utf-8")
    result = invoke("validate", str(path))
    assert result.exit_code == 1
    line = next(line for line in result.stdout.splitlines() if f"error: {field}:" in line)
    assert re.match(rf"{re.escape(str(path))}:14:\d+: error: {re.escape(field)}: ", line), line
    assert message in line
    loading = invoke("--data", str(path), "timeline")
    assert loading.exit_code == 2
    assert f"{path}:14: {field}: " in loading.stderr
    assert "Traceback" not in loading.stderr


@pytest.mark.parametrize(
    ("value", "field", "message"),
    [
        ("symbol: A RES 60 173", "events[0].symbol", "is not a UN document symbol"),
        ("symbol: 60", "events[0].symbol", "expected text, got a number"),
        ("symbol: A/RES/", "events[0].symbol", "is not a UN document symbol"),
        ("symbol: [A/RES/60/173]", "events[0].symbol", "expected text, got a list"),
        ("symbol: ''", "events[0].symbol", "is empty"),
    ],
)
def test_a_malformed_symbol_is_a_located_error(invoke, tmp_path: Path, value: str, field: str, message: str) -> None:
    path = tmp_path / "symbols.yaml"
    path.write_text(_one_event(symbol=value), encoding="utf-8")
    result = invoke("validate", str(path))
    assert result.exit_code == 1
    assert re.search(rf":15:\d+: error: {re.escape(field)}: .*{re.escape(message)}", result.stdout), result.stdout


@pytest.mark.parametrize(
    ("value", "field", "message"),
    [
        ("accessed: yesterday", "sources[0].accessed", "not a date"),
        ("accessed: 2026-02-30", "sources[0].accessed", "not a real day"),
        ("symbol: GA 10562", "sources[0].symbol", "is not a UN document symbol"),
    ],
)
def test_malformed_source_fields_are_located_errors(
    invoke, tmp_path: Path, value: str, field: str, message: str
) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(_one_event(accessed=value), encoding="utf-8")
    result = invoke("validate", str(path))
    assert result.exit_code == 1
    assert re.search(rf":8:\d+: error: {re.escape(field)}: .*{re.escape(message)}", result.stdout), result.stdout


@pytest.mark.parametrize(
    "symbol", ["A/RES/60/173", "A/HRC/RES/55/21", "2004/13", "A/HRC/34/66/Add.1", "S/PV.7353", "S/RES/2270 (2016)"]
)
def test_real_symbol_forms_are_accepted(invoke, tmp_path: Path, symbol: str) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(_one_event(symbol=f"symbol: '{symbol}'"), encoding="utf-8")
    result = invoke("validate", str(path))
    assert result.exit_code == 0, result.stdout
    assert json.loads(ok(invoke("--data", str(path), "show", "only", "--json")))["symbol"] == symbol


# -- 3. show and sources --------------------------------------------------------------------


def test_show_prints_symbol_vote_and_each_sources_title_and_url(invoke, un_path: Path) -> None:
    plain = ok(invoke("show", "ga-resolution-2005"))
    lines = plain.splitlines()
    assert "symbol: A/RES/60/173" in lines
    at = lines.index("vote:")
    assert lines[at + 1 : at + 4] == ["  for: 88", "  against: 21", "  abstain: 60"]
    at = lines.index("citations:")
    assert lines[at + 1 : at + 6] == [
        "  - source: a-res-60-173",
        "    quote: Expresses its very serious concern at continuing reports",
        "    title: Situation of human rights in the Democratic People's Republic of Korea (resolution 60/173)",
        "    publisher: United Nations General Assembly",
        "    url: https://example.org/A/RES/60/173",
    ]
    assert yaml.safe_load(plain) == json.loads(ok(invoke("show", "ga-resolution-2005", "--json")))
    consensus = ok(invoke("show", "hrc-resolution-2024")).splitlines()
    assert "vote: without a vote" in consensus
    plain = ok(invoke("show", "msmt-report-2025"))
    assert "symbol: null" in plain and "vote: null" in plain and "url: null" in plain
    assert "    title: A country brief\n" in plain


def test_show_on_a_terminal_prints_symbol_vote_title_and_url(invoke, un_path: Path) -> None:
    out = ok(invoke("show", "ga-resolution-2005", env={"FORCE_COLOR": "1", "COLUMNS": "160"}))
    text = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert "Symbol: A/RES/60/173   Vote: 88 for, 21 against, 60 abstaining" in text
    assert "Situation of human rights in the Democratic People's Republic of Korea (resolution 60/173)" in text
    assert "https://example.org/A/RES/60/173" in text
    consensus = re.sub(r"\x1b\[[0-9;]*m", "", ok(invoke("show", "ga-resolution-2012", env={"FORCE_COLOR": "1"})))
    assert "Vote: without a vote" in consensus and "Symbol:" not in consensus


def test_sources_list_titles_and_urls(invoke, un_path: Path) -> None:
    lines = ok(invoke("sources")).splitlines()
    assert lines[0].split("\t") == [
        "a-res-60-173",
        "United Nations General Assembly",
        "2005-12-16",
        "UN document",
        "1",
        "Situation of human rights in the Democratic People's Republic of Korea (resolution 60/173)",
        "https://example.org/A/RES/60/173",
    ]
    assert lines[2].split("\t")[-2:] == ["A country brief", ""]
    wide = re.sub(r"\x1b\[[0-9;]*m", "", ok(invoke("sources", env={"FORCE_COLOR": "1", "COLUMNS": "200"})))
    assert "https://example.org/press/hrc" in wide and "Human Rights Council adopts texts on the DPRK" in wide
    assert "no address recorded" in wide
    narrow = re.sub(r"\x1b\[[0-9;]*m", "", ok(invoke("sources", env={"FORCE_COLOR": "1", "COLUMNS": "60"})))
    assert "https://example.org/press/hrc" in narrow


def test_one_source_shows_symbol_url_and_when_it_was_read(invoke, un_path: Path) -> None:
    lines = ok(invoke("sources", "a-res-60-173")).splitlines()
    assert "url: https://example.org/A/RES/60/173" in lines
    assert "symbol: A/RES/60/173" in lines
    assert "accessed: 2026-11-25" in lines
    assert "symbol: " in ok(invoke("sources", "ngo-brief")).splitlines()
    term = re.sub(r"\x1b\[[0-9;]*m", "", ok(invoke("sources", "a-res-60-173", env={"FORCE_COLOR": "1"})))
    assert "Symbol: A/RES/60/173" in term and "Read: 25 Nov 2026" in term and "URL: https://example.org" in term


# -- 2. every quote checked against the passage files ---------------------------------------

A_RES_PASSAGES = """\
# source: a-res-60-173
# title: Situation of human rights in the Democratic People's Republic of Korea (resolution 60/173)
# url: https://example.org/A/RES/60/173
# symbol: A/RES/60/173
# read: 2026-11-25 (stored copy)

The General Assembly,

1. Expresses its very serious concern at continuing reports of systematic,
widespread and grave violations of human rights;
"""
HRC_PASSAGES = """\
# source: un-press-hrc
# title: Human Rights Council adopts texts on the DPRK
# url: https://example.org/press/hrc
# symbol: HRC/24/10
# read: 2026-11-25

The Council adopted without a vote a resolution on the DPRK, in which it condemned the violations.
"""


@pytest.fixture
def with_passages(un_path: Path) -> Path:
    folder = un_path.parent / "sources"
    folder.mkdir()
    (folder / "a-res-60-173.txt").write_text(A_RES_PASSAGES, encoding="utf-8")
    (folder / "un-press-hrc.txt").write_text(HRC_PASSAGES, encoding="utf-8")
    return folder


@pytest.fixture
def ngo_text(tmp_path: Path) -> Path:
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "ngo-brief.txt").write_text(
        "In 2004 the Commission created the mandate in 2004. It was adopted without a vote in 2012, and "
        "the Council met on 22 December 2014. In 2025 the MSMT published its first report.",
        encoding="utf-8",
    )
    return texts


def test_validate_checks_quotes_against_passage_files_by_default(invoke, un_path: Path, with_passages: Path) -> None:
    result = invoke("validate", str(un_path))
    assert result.exit_code == 1  # the NGO brief has no text anywhere: a warning
    lines = result.stdout.splitlines()
    assert len(lines) == 2, lines
    assert re.match(
        rf"{re.escape(str(un_path))}:\d+:\d+: warning: sources\[2\]\.id: no text of source 'ngo-brief'", lines[0]
    )
    assert "its 4 quotes are unchecked" in lines[0] and "--sources-dir" in lines[0]
    assert lines[1] == (
        f"{un_path}: 6 events checked, 3 sources; 0 errors, 1 warning; "
        f"2 quotes checked against passages in {with_passages}; 4 unchecked (no text)"
    )


def test_sources_dir_supplies_texts_for_sources_without_a_passage_file(
    invoke, un_path: Path, with_passages: Path, ngo_text: Path
) -> None:
    result = invoke("validate", str(un_path), "--sources-dir", str(ngo_text))
    assert (result.exit_code, result.stdout) == (
        0,
        f"{un_path}: OK: 6 events checked, 3 sources; 0 errors, 0 warnings; 6 quotes checked: "
        f"2 against passages in {with_passages}, 4 against texts in {ngo_text}\n",
    )


def test_without_passage_folder_or_sources_dir_quotes_are_not_checked(invoke, un_path: Path) -> None:
    result = invoke("validate", str(un_path))
    assert (result.exit_code, result.stdout) == (
        0,
        f"{un_path}: OK: 6 events checked, 3 sources; 0 errors, 0 warnings\n",
    )


@pytest.mark.parametrize(
    ("quote", "why"),
    [
        ("Situation of human rights in the Democratic People's Republic of Korea", "only in the header"),
        ("https://example.org/A/RES/60/173", "only in the header"),
        ("The General Assembly, 1. Expresses its very serious concern", "across two passages"),
        ("Expresses its serious concern", "a word left out"),
        (
            "expresses its very serious concern at continuing reports of systematic, widespread and grave abuses",
            "changed",
        ),
    ],
)
def test_a_quote_must_lie_within_one_passage(
    invoke, un_path: Path, with_passages: Path, ngo_text: Path, quote: str, why: str
) -> None:
    un_path.write_text(
        UN_TIMELINE.replace("quote: Expresses its very serious concern at continuing reports", f'quote: "{quote}"'),
        encoding="utf-8",
    )
    result = invoke("validate", str(un_path), "--sources-dir", str(ngo_text))
    assert result.exit_code == 1, why
    error = next(line for line in result.stdout.splitlines() if "error:" in line)
    assert re.search(
        r":\d+:\d+: error: events\[1\]\.citations\[0\]\.quote: quote not found in sources/a-res-60-173\.txt", error
    )
    assert "closest passage:" in error


@pytest.mark.parametrize(
    "quote",
    [
        "Expresses its very serious concern at continuing reports of systematic, widespread and grave violations",
        "expresses its very serious concern at continuing reports",  # the first letter's case aside
        "The Council adopted without a vote a resolution on the DPRK",
        "“Expresses its very serious concern at continuing reports of systematic, widespread”",
    ],
)
def test_quotes_match_across_line_breaks_within_a_passage(
    invoke, un_path: Path, with_passages: Path, ngo_text: Path, quote: str
) -> None:
    (with_passages / "a-res-60-173.txt").write_text(A_RES_PASSAGES + "\n" + HRC_PASSAGES.split("\n\n")[1], "utf-8")
    quoted = quote.strip("“”")
    un_path.write_text(
        UN_TIMELINE.replace("quote: Expresses its very serious concern at continuing reports", f'quote: "{quoted}"'),
        encoding="utf-8",
    )
    result = invoke("validate", str(un_path), "--sources-dir", str(ngo_text))
    assert result.exit_code == 0, result.stdout


@pytest.mark.parametrize(
    ("header", "field", "message"),
    [
        ("# url: https://example.org/elsewhere", "sources[0].url", "gives '# url: https://example.org/elsewhere', but"),
        (
            "# url: none",
            "sources[0].url",
            "gives '# url: none', but the source's url is 'https://example.org/A/RES/60/173'",
        ),
        ("", "sources[0].url", "has no '# url:' header line"),
        (
            "# url: https://example.org/A/RES/60/173\n# source: a-res-61-174",
            "sources[0].id",
            "says '# source: a-res-61-174'",
        ),
    ],
)
def test_a_passage_files_header_must_match_its_source(
    invoke, un_path: Path, with_passages: Path, ngo_text: Path, header: str, field: str, message: str
) -> None:
    text = A_RES_PASSAGES.replace("# url: https://example.org/A/RES/60/173", header).replace(
        "# source: a-res-60-173\n", ""
    )
    (with_passages / "a-res-60-173.txt").write_text(text, encoding="utf-8")
    result = invoke("validate", str(un_path), "--sources-dir", str(ngo_text))
    assert result.exit_code == 1
    line = next(line for line in result.stdout.splitlines() if "error:" in line)
    assert re.search(rf"{re.escape(str(un_path))}:\d+:\d+: error: {re.escape(field)}: a-res-60-173\.txt ", line), line
    assert message in line


def test_a_passage_file_is_preferred_to_the_sources_dir_text(
    invoke, un_path: Path, with_passages: Path, ngo_text: Path
) -> None:
    # The quote is in a text of --sources-dir, but the source has a passage file, which does not hold it.
    (ngo_text / "un-press-hrc.txt").write_text("The Council adopted without a vote a resolution on the DPRK", "utf-8")
    (with_passages / "un-press-hrc.txt").write_text(HRC_PASSAGES.replace("without a vote", "by consensus"), "utf-8")
    result = invoke("validate", str(un_path), "--sources-dir", str(ngo_text))
    assert result.exit_code == 1
    assert "quote not found in sources/un-press-hrc.txt" in result.stdout


def test_an_unreadable_passage_file_is_one_located_error(invoke, un_path: Path, with_passages: Path) -> None:
    (with_passages / "a-res-60-173.txt").write_bytes(b"# url: x\n\n\xff\xfe broken")
    result = invoke("validate", str(un_path))
    assert result.exit_code == 1
    assert re.search(
        r":\d+:\d+: error: sources\[0\]\.id: source text .*a-res-60-173\.txt is not UTF-8 text", result.stdout
    )
    assert "Traceback" not in result.stdout + result.stderr


def test_sources_check_uses_the_passage_file(invoke, un_path: Path, with_passages: Path) -> None:
    result = invoke("sources", "a-res-60-173", "--check")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "found\tga-resolution-2005\tExpresses its very serious concern at continuing reports",
        f"1 of 1 quotes found verbatim in {with_passages / 'a-res-60-173.txt'}",
    ]
    no_text = invoke("sources", "ngo-brief", "--check")
    assert no_text.exit_code == 2
    assert "pass --sources-dir DIR" in no_text.stderr


@needs_sources
def test_the_shipped_data_validates_clean_with_the_seed_texts(invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    """What CI runs: `dprk validate data/timeline.yaml --sources-dir ../shared/sources`, from the checkout."""
    monkeypatch.chdir(REPO)
    result = invoke("validate", "data/timeline.yaml", "--sources-dir", "../shared/sources")
    assert result.exit_code == 0, result.stdout
    summary = result.stdout.splitlines()[-1]
    assert summary.startswith("data/timeline.yaml: OK: ")
    assert "unchecked" not in summary
    assert re.search(r"; \d+ quotes checked", summary)


# -- 4. votes over time -----------------------------------------------------------------------


def test_votes_piped_lists_every_vote_in_date_order(invoke, un_path: Path) -> None:
    assert ok(invoke("votes")).splitlines() == [
        "2004-04-15\tchr\t2004/13\t29-8-16\tchr-resolution-2004\t"
        "The Commission on Human Rights creates the Special Rapporteur mandate",
        "2005-12-16\tga\tA/RES/60/173\t88-21-60\tga-resolution-2005\t"
        "The General Assembly first condemns the DPRK's human rights record",
        "2012-12-20\tga\t\twithout a vote\tga-resolution-2012\t"
        "The General Assembly adopts its DPRK resolution without a vote",
        "2014-12-22\tsc\t\t11-2-2\tunsc-meeting-2014\tThe Security Council puts the DPRK on its agenda",
        "2024-04-04\thrc\tA/HRC/RES/55/21\twithout a vote\thrc-resolution-2024\t"
        "The Human Rights Council adopts resolution 55/21",
    ]


@pytest.mark.parametrize(
    ("body", "ids"),
    [
        ("ga", ["ga-resolution-2005", "ga-resolution-2012"]),
        ("hrc", ["hrc-resolution-2024"]),
        ("chr", ["chr-resolution-2004"]),
        ("sc", ["unsc-meeting-2014"]),
        ("GA", ["ga-resolution-2005", "ga-resolution-2012"]),
        (
            "all",
            [
                "chr-resolution-2004",
                "ga-resolution-2005",
                "ga-resolution-2012",
                "unsc-meeting-2014",
                "hrc-resolution-2024",
            ],
        ),
    ],
)
def test_votes_by_body(invoke, un_path: Path, body: str, ids: list[str]) -> None:
    assert [line.split("\t")[4] for line in ok(invoke("votes", "--body", body)).splitlines()] == ids
    assert [row["id"] for row in json.loads(ok(invoke("votes", "-b", body, "--json")))] == ids


def test_votes_json_shape(invoke, un_path: Path) -> None:
    rows = json.loads(ok(invoke("votes", "--json")))
    assert rows[1] == {
        "id": "ga-resolution-2005",
        "date": "2005-12-16",
        "body": "ga",
        "symbol": "A/RES/60/173",
        "title": "The General Assembly first condemns the DPRK's human rights record",
        "vote": {"for": 88, "against": 21, "abstain": 60},
    }
    assert rows[2]["vote"] == "without a vote"


@pytest.mark.parametrize("body", ["ecosoc", "", "general-assembly", "ga,hrc"])
def test_votes_refuses_an_unknown_body(invoke, un_path: Path, body: str) -> None:
    result = invoke("votes", "--body", body)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --body must be one of ga, hrc, chr, sc or all, got ")
    assert result.stdout == ""


def test_votes_with_none_recorded(invoke, mini_path: Path) -> None:
    result = invoke("votes")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "No event records a vote.\n")
    assert json.loads(ok(invoke("votes", "--json"))) == []


def _bars(out: str) -> dict[str, tuple[int, int, int]]:
    """For each symbol row of the terminal table: cells of for, against, abstain."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", out)
    bars = {}
    for line in text.splitlines():
        for symbol in ("2004/13", "A/RES/60/173", "A/HRC/RES/55/21"):
            if f" {symbol} " in line:
                bars[symbol] = (line.count("█"), line.count("▒"), line.count("░"))
    return bars


def test_votes_on_a_terminal_draw_proportional_stacked_bars(invoke, un_path: Path) -> None:
    out = ok(invoke("votes", env={"FORCE_COLOR": "1", "COLUMNS": "200"}))
    text = re.sub(r"\x1b\[[0-9;]*m", "", out)
    bars = _bars(out)
    for_, against, abstain = bars["A/RES/60/173"]
    assert for_ + against + abstain == 50  # the largest General Assembly vote fills the bar
    assert (for_, against, abstain) == (26, 6, 18)  # 88-21-60 of 169 in 50 cells
    assert sum(bars["2004/13"]) == 50 and bars["2004/13"][0] > bars["2004/13"][2] > bars["2004/13"][1]
    assert bars["A/HRC/RES/55/21"] == (0, 0, 0)
    assert re.search(r"4 Apr 2024\s+HRC\s+A/HRC/RES/55/21\s+without a vote\s*$", text, flags=re.MULTILINE)
    assert re.search(r"16 Dec 2005\s+GA\s+A/RES/60/173\s+88-21-60\s+█", text)
    assert "msmt" not in text.lower()  # events without a vote are not listed
    narrow = ok(invoke("votes", env={"FORCE_COLOR": "1", "COLUMNS": "60"}))
    assert sum(_bars(narrow)["A/RES/60/173"]) == 0  # too narrow for a bar: the figures alone
    assert "88-21-60" in narrow
    for columns in range(63, 130, 6):  # the bar takes what the other columns leave, never cropped
        out = ok(invoke("votes", env={"FORCE_COLOR": "1", "COLUMNS": str(columns)}))
        cells = sum(_bars(out)["A/RES/60/173"])
        assert cells == min(50, columns - 58), columns
        assert all(len(line) <= columns for line in re.sub(r"\x1b\[[0-9;]*m", "", out).splitlines())


def test_votes_bars_scale_within_each_body(invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    smaller = UN_TIMELINE.replace("{for: 29, against: 8, abstain: 16}", "{for: 10, against: 5, abstain: 5}")
    path = tmp_path / "scaled.yaml"
    path.write_text(
        smaller.replace(
            "  - id: ga-resolution-2012", "  - id: chr-second\n" + _CHR_SECOND + "  - id: ga-resolution-2012"
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("DPRK_TIMELINE", str(path))
    text = re.sub(
        r"\x1b\[[0-9;]*m", "", ok(invoke("votes", "--body", "chr", env={"FORCE_COLOR": "1", "COLUMNS": "200"}))
    )
    rows = [line for line in text.splitlines() if re.match(r"\s*\d+ \w+ \d{4}\s+CHR ", line)]
    assert [sum(line.count(c) for c in "█▒░") for line in rows] == [25, 50]  # 20 votes, then 40


_CHR_SECOND = """\
    date: 2005-04-14
    title: The Commission renews the mandate
    summary: Renewed by a recorded vote.
    tags: [commission-on-human-rights]
    symbol: E/CN.4/RES/2005/11
    vote: {for: 20, against: 10, abstain: 10}
    citations:
      - source: ngo-brief
        quote: the mandate was renewed
"""


@pytest.mark.parametrize(
    ("symbol", "tags", "body"),
    [
        ("A/RES/60/173", "[]", "ga"),
        ("A/C.3/60/L.45", "[]", "ga"),
        ("GA/SHC/3874", "[human-rights-council]", "ga"),  # the symbol decides before the tags
        ("A/HRC/RES/55/21", "[general-assembly]", "hrc"),
        ("E/CN.4/RES/2005/11", "[]", "chr"),
        ("2004/13", "[]", "chr"),
        ("S/PV.7353", "[]", "sc"),
        ("SC/11720", "[]", "sc"),
        ("ECOSOC/6113", "[special-rapporteur]", "other"),
        ("ECOSOC/6113", "[special-rapporteur, commission-on-human-rights]", "chr"),
        (None, "[human-rights-council]", "hrc"),
        (None, "[security-council, general-assembly]", "sc"),
        (None, "[sanctions]", "other"),
    ],
)
def test_the_body_comes_from_the_symbol_else_the_tags(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, symbol: str | None, tags: str, body: str
) -> None:
    text = _one_event(
        vote="vote: {for: 1, against: 2, abstain: 3}", symbol=f"symbol: '{symbol}'" if symbol else "note: none"
    )
    path = tmp_path / "body.yaml"
    path.write_text(
        text.replace("summary: Something adopted.", f"summary: Something adopted.\n    tags: {tags}"), "utf-8"
    )
    monkeypatch.setenv("DPRK_TIMELINE", str(path))
    assert [row["body"] for row in json.loads(ok(invoke("votes", "--json")))] == [body]
    assert ok(invoke("votes")).split("\t")[1] == body


def test_votes_help_explains_the_rule_with_examples(invoke) -> None:
    result = invoke("votes", "--help")
    assert result.exit_code == 0
    for text in ("Examples:", "dprk votes --body ga", "--json", "A/HRC: hrc", "2004/13: chr", "without a"):
        assert text in result.stdout


def test_votes_keep_one_line_per_vote_and_answer_a_broken_file_with_one_error(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "odd.yaml"
    path.write_text(
        UN_TIMELINE.replace("title: The Security Council puts the DPRK on its agenda", 'title: "A\\tB\\nC [red]x"')
    )
    monkeypatch.setenv("DPRK_TIMELINE", str(path))
    lines = ok(invoke("votes", "--body", "sc")).splitlines()
    assert lines == ["2014-12-22\tsc\t\t11-2-2\tunsc-meeting-2014\tA\\tB\\nC [red]x"]
    path.write_text("events: [\n", encoding="utf-8")
    broken = invoke("votes")
    assert broken.exit_code == 2
    assert broken.stderr.startswith(f"Error: {path}:2: YAML syntax error") and broken.stderr.count("\n") == 1


# -- 5. search finds a resolution by its symbol ----------------------------------------------

_MENTIONS = """\
  - id: ga-recalls-2006
    date: 2006-12-19
    title: The Assembly recalls resolution 60/173, and 60/173 again, in resolution 61/174
    summary: Recalling resolution 60/173 of 16 December 2005, the Assembly adopted A/RES/61/174.
    tags: [general-assembly]
    symbol: A/RES/61/174
    vote: {for: 99, against: 21, abstain: 56}
    citations:
      - source: ngo-brief
        quote: recalling resolution 60/173 and resolution 55/21 and 2004/13
  - id: numbers-apart
    date: 2004-06
    title: 60 states and 173 observers, 55 members and 21 votes, in 2004 and 13 more
    summary: Nothing to do with any resolution.
    citations:
      - source: ngo-brief
        quote: 60 states and 173 observers
"""


@pytest.fixture
def mentions_path(un_path: Path) -> Path:
    un_path.write_text(UN_TIMELINE + _MENTIONS, encoding="utf-8")
    return un_path


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("A/RES/60/173", "ga-resolution-2005"),
        ("60/173", "ga-resolution-2005"),
        ("a/res/60/173", "ga-resolution-2005"),
        ('"60/173"', "ga-resolution-2005"),
        ("resolution 60/173", "ga-resolution-2005"),
        ("55/21", "hrc-resolution-2024"),
        ("A/HRC/RES/55/21", "hrc-resolution-2024"),
        ("2004/13", "chr-resolution-2004"),
        ("61/174", "ga-recalls-2006"),
    ],
)
def test_search_finds_the_event_with_a_symbol_first(invoke, mentions_path: Path, query: str, first: str) -> None:
    """An event that only mentions the symbol (even in its title, twice) comes after the one it belongs to."""
    hits = json.loads(ok(invoke("search", query, "--json")))
    assert hits[0]["id"] == first
    assert "symbol" in hits[0]["matched"]["fields"]
    assert not hits[0]["partial"]
    assert ok(invoke("search", query)).split("\t")[1] == first


@pytest.mark.parametrize("query", ["60/173", "55/21", "2004/13", "A/RES/60/173"])
def test_a_symbol_is_a_phrase_never_its_numbers_apart_nor_a_year(invoke, mentions_path: Path, query: str) -> None:
    ids = [hit["id"] for hit in json.loads(ok(invoke("search", query, "--json")))]
    assert "numbers-apart" not in ids  # 60 ... 173 apart, or dated 2004, is not 60/173 or 2004/13
    assert len(ids) <= 2


def test_symbols_join_with_or_and_exclude(invoke, mentions_path: Path) -> None:
    hits = json.loads(ok(invoke("search", "A/RES/60/173 OR A/HRC/RES/55/21", "--json")))
    assert {h["id"] for h in hits[:2]} == {"ga-resolution-2005", "hrc-resolution-2024"}
    assert not any(h["partial"] for h in hits)
    excluded = [h["id"] for h in json.loads(ok(invoke("search", "resolution -60/173", "--json")))]
    assert "ga-resolution-2005" not in excluded and "ga-recalls-2006" not in excluded
    assert "hrc-resolution-2024" in excluded


def test_an_unknown_symbol_is_no_match_not_a_guess(invoke, mentions_path: Path) -> None:
    result = invoke("search", "A/RES/99/999")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "No events match 'A/RES/99/999'" in result.stderr
    assert "→" not in result.stderr + result.stdout  # never "corrected"


_THESAURUS_EVENTS = """\
  - id: upr-2019
    date: 2019-05-09
    title: The DPRK's third Universal Periodic Review
    summary: States reviewed the DPRK in Geneva.
    citations:
      - source: ngo-brief
        quote: the Universal Periodic Review of the DPRK
  - id: office-report-2021
    date: 2021-01-11
    title: The Office of the High Commissioner for Human Rights reports on accountability
    summary: A report on accountability.
    citations:
      - source: ngo-brief
        quote: a report by the Office of the High Commissioner for Human Rights
  - id: commission-2003
    date: 2003-04-16
    title: The Commission on Human Rights adopts its first DPRK resolution
    summary: A first resolution.
    citations:
      - source: ngo-brief
        quote: the Commission on Human Rights adopted a resolution
  - id: mandate-holders
    date: 2016-08
    title: Muntarbhorn, Darusman, Quintana and Salmon held the mandate
    summary: Kirby and Biserko sat on the commission.
    citations:
      - source: ngo-brief
        quote: the four mandate holders
  - id: sanctions-monitoring-2025
    date: 2025-05-29
    title: The Multilateral Sanctions Monitoring Team follows the Panel of Experts
    summary: An Arria meeting heard the team.
    citations:
      - source: ngo-brief
        quote: the team reported
"""


@pytest.mark.parametrize(
    ("query", "event"),
    [
        ("UPR", "upr-2019"),
        ("upr 2019", "upr-2019"),
        ("OHCHR", "office-report-2021"),
        ("UN Human Rights Office", "office-report-2021"),
        ("CHR", "commission-2003"),
        ("UNCHR", "commission-2003"),
        ("Vitit Muntarbhorn", "mandate-holders"),
        ("Marzuki Darusman", "mandate-holders"),
        ("Ojea Quintana", "mandate-holders"),
        ("Tomas Ojea Quintana", "mandate-holders"),
        ("Tomás Ojea Quintana", "mandate-holders"),
        ("Salmón", "mandate-holders"),
        ("Elizabeth Salmón", "mandate-holders"),
        ("Elizabeth Salmon", "mandate-holders"),
        ("Michael Kirby", "mandate-holders"),
        ("Sonja Biserko", "mandate-holders"),
        ("MSMT", "sanctions-monitoring-2025"),
        ("PoE", "sanctions-monitoring-2025"),
        ("Arria-formula", "sanctions-monitoring-2025"),
        ("Arria formula meeting", "sanctions-monitoring-2025"),
    ],
)
def test_the_thesaurus_knows_the_un_records_names(invoke, un_path: Path, query: str, event: str) -> None:
    un_path.write_text(UN_TIMELINE + _THESAURUS_EVENTS, encoding="utf-8")
    hits = json.loads(ok(invoke("search", query, "--json")))
    assert event in [h["id"] for h in hits if not h["partial"]]
    assert hits[0]["corrected"] == {}


def test_markdown_and_html_exports_carry_symbol_vote_and_address(invoke, un_path: Path) -> None:
    markdown = ok(invoke("export", "--format", "markdown", "--tag", "general-assembly")).splitlines()
    assert markdown[1].startswith("<!-- Exported by dprk")  # the data version, invisible once rendered
    del markdown[1]
    assert markdown[2].startswith(
        "- **16 Dec 2005**: The General Assembly first condemns the DPRK's human rights record "
        "(A/RES/60/173; adopted 88 for, 21 against, 60 abstaining). "
    )
    assert "(adopted without a vote)" in markdown[3]
    assert markdown[-2].endswith(
        '"Expresses its very serious concern at continuing reports" https://example.org/A/RES/60/173'
    )
    assert markdown[-1].endswith('"adopted without a vote in 2012"')  # no address: none written
    page = ok(invoke("export", "--format", "html"))
    assert "<dt>Symbol</dt><dd>A/HRC/RES/55/21</dd><dt>Vote</dt><dd>without a vote</dd>" in page
    assert "<dd>88 for, 21 against, 60 abstaining</dd>" in page


@pytest.mark.parametrize("url", ["https://example.org/a b", "https://example.org/a>b <x>", "[x](javascript:alert(1))"])
def test_markdown_writes_an_address_as_escaped_text(invoke, un_path: Path, url: str) -> None:
    from markdown_it import MarkdownIt

    un_path.write_text(UN_TIMELINE.replace("url: https://example.org/A/RES/60/173", f"url: '{url}'"), "utf-8")
    text = ok(invoke("export", "--format", "markdown", "--tag", "general-assembly"))
    rendered = MarkdownIt("commonmark").render(text)
    assert "<a " not in rendered and "<x>" not in rendered
    assert len(text.splitlines()) == 8  # heading, data version, blank, two items, blank, two footnotes


@pytest.mark.parametrize(
    ("actors", "tags", "body"),
    [
        ("[UN Economic and Social Council, UN Commission on Human Rights]", "[commission-on-human-rights]", "other"),
        ("[UN Human Rights Council]", "[general-assembly]", "hrc"),
        ("[China, UN Security Council]", "[]", "sc"),
        ("[China, Russia]", "[commission-on-human-rights]", "chr"),  # no UN body among the actors: the tags
    ],
)
def test_without_a_symbol_the_body_is_the_first_un_body_among_the_actors(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, actors: str, tags: str, body: str
) -> None:
    text = _one_event(vote="vote: {for: 1, against: 2, abstain: 3}", symbol="note: none")
    path = tmp_path / "body.yaml"
    extra = f"summary: Something adopted.\n    tags: {tags}\n    actors: {actors}"
    path.write_text(text.replace("summary: Something adopted.", extra), "utf-8")
    monkeypatch.setenv("DPRK_TIMELINE", str(path))
    assert [row["body"] for row in json.loads(ok(invoke("votes", "--json")))] == [body]


def test_the_ecosoc_endorsement_of_2004_is_not_listed_as_the_commissions_vote(invoke) -> None:
    chr_ids = [row["id"] for row in json.loads(ok(invoke("votes", "--body", "chr", "--json")))]
    other = [row for row in json.loads(ok(invoke("votes", "--json"))) if row["body"] == "other"]
    assert "ecosoc-special-rapporteur-2004" not in chr_ids
    assert "ecosoc-special-rapporteur-2004" in [row["id"] for row in other]
