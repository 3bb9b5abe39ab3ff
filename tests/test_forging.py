"""Text that forges structure: data (and file names) can never add a row, a field, a Markdown item, a
BibTeX field, a terminal escape or a bidi reordering to what dprk prints. Outputs are parsed back."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from pathlib import Path
from urllib.parse import unquote

import bibtexparser
import pytest
import yaml
from markdown_it import MarkdownIt
from rich.cells import cell_len

from dprk_rights.output.formats import CSV_COLUMNS
from dprk_rights.text import visible

ANSI = re.compile(r"\x1b\[[0-9;]*m")
#: Every character str.splitlines() breaks on, plus tab (the TSV separator).
SEPARATORS = ["\n", "\r", "\r\n", "\t", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
#: Characters that reorder or restyle what a terminal shows.
HIDDEN = ["\u202e", "\u202a", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c"]
HIDDEN += ["\x1b[31m", "\x1b]0;title\x07", "\x9b31m", "\x07", "\x00", "\x7f"]


def timeline_yaml(title: str, *, text: str | None = None, url: str = "https://example.org/a") -> str:
    """A two-event timeline whose every free-text field holds ``text`` (``title`` in the first title)."""
    text = title if text is None else text
    q = json.dumps  # a JSON string is a YAML double-quoted scalar, escapes included
    return f"""\
sources:
  - id: alpha
    title: {q("Alpha " + text + " report")}
    publisher: {q("Alpha " + text + " Watch")}
    published: 2015-06
    kind: {q("NGO " + text + " brief")}
    url: {q(url)}
    note: {q("Source " + text + " note")}
events:
  - id: first-event
    date: 2013-03
    title: {q(title)}
    summary: {q("Summary " + text + " here")}
    tags: [icc]
    actors: [{q("Actor " + text + " one")}, UN Security Council]
    note: {q("Note " + text + " here")}
    citations:
      - source: alpha
        quote: {q("quote " + text + " here")}
    disputes:
      - source: alpha
        claim: {q("Claim " + text + " here")}
        note: {q("Dispute " + text + " note")}
  - id: second-event
    date: 2014
    title: A plain second event
    summary: Nothing odd in this one.
    tags: [accountability]
    actors: [UN Security Council]
    citations:
      - source: alpha
        quote: plain words
"""


def use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, yaml_text: str, name: str = "hostile.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml_text, encoding="utf-8")
    monkeypatch.setenv("DPRK_TIMELINE", str(path))
    return path


def ok(result) -> str:
    assert result.exit_code == 0, result.stderr
    return result.stdout


# -- 1. one record is one line, in every plain output -------------------------


@pytest.mark.parametrize("sep", SEPARATORS, ids=[repr(s) for s in SEPARATORS])
def test_separators_in_data_never_add_rows_or_fields(invoke, tmp_path, monkeypatch, sep: str) -> None:
    forged = f"Line one{sep}2014{sep}fake-event{sep}Forged row{sep}alpha{sep}"
    use(tmp_path, monkeypatch, timeline_yaml(forged, text=f"x{sep}y"))
    # search adds two columns: full/partial match, and any spelling correction
    for args, fields in (
        (["timeline"], 5),
        (["search", "council"], 7),
        (["timeline", "--actor", "Security Council"], 5),
    ):
        lines = ok(invoke(*args)).splitlines()
        assert len(lines) == 2, lines
        assert all(len(line.split("\t")) == fields for line in lines), lines
        first = next(line.split("\t") for line in lines if "first-event" in line)
        assert first[2] == visible(forged.strip())  # the loader trims a field's ends
    sources = ok(invoke("sources")).splitlines()
    assert [len(line.split("\t")) for line in sources] == [7]
    assert sources[0].split("\t")[1] == visible(f"Alpha x{sep}y Watch")
    stats = ok(invoke("stats")).splitlines()
    assert all(len(line.split("\t")) in (2, 3) for line in stats), stats
    assert f"actor\t{visible(f'Actor x{sep}y one')}\t1" in stats


@pytest.mark.parametrize("sep", SEPARATORS, ids=[repr(s) for s in SEPARATORS])
def test_separators_never_forge_key_value_lines(invoke, tmp_path, monkeypatch, sep: str) -> None:
    use(tmp_path, monkeypatch, timeline_yaml(f"Title{sep}id: forged", text=f"x{sep}citations:"))
    plain = ok(invoke("show", "first-event"))
    lines = plain.splitlines()
    keys = [line.split(":")[0] for line in lines if not line.startswith(" ")]
    shown = json.loads(ok(invoke("show", "first-event", "--json")))
    assert keys == list(shown)  # show is YAML of --json's data: no key added by the text
    assert yaml.safe_load(plain) == shown
    assert [line for line in lines if line.startswith("title: ")] == [f'title: "{visible(shown["title"])}"']
    detail = ok(invoke("sources", "alpha")).splitlines()
    assert [line.split(":")[0] for line in detail if not line.startswith(" ")] == [
        "id",
        "title",
        "publisher",
        "published",
        "kind",
        "url",
        "symbol",
        "accessed",
        "note",
        "events",
    ]
    assert [len(line.split("\t")) for line in detail if line.startswith(" ")] == [3, 3]


@pytest.mark.parametrize("sep", ["\n", "\t", "\u2028", "\x85", "\r"], ids=repr)
def test_validate_listing_keeps_one_problem_per_line(invoke, tmp_path, monkeypatch, sep: str) -> None:
    bad = timeline_yaml(f"Title{sep}x", text=f"x{sep}y").replace("tags: [icc]", "tags: [not-a-tag]")
    path = use(tmp_path, monkeypatch, bad, name=f"time{sep}line.yaml")
    result = invoke("validate", str(path))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    problems = json.loads(invoke("validate", str(path), "--json").stdout)
    assert len(lines) == len(problems) + 1
    assert all(line.startswith(visible(str(path)) + ":") for line in lines)


# -- Markdown: one item per event, data never a heading, item, quote or table ------


MARKDOWN_FORGERIES = [
    "Title\n# Heading",
    "Title\n- item",
    "Title\n1. numbered",
    "Title\n> quote",
    "Title\n| a | b |\n|---|---|",
    "Title\r\n+ item",
    "Title\u2028## heading",
    "Title\n\n---",
    "Title\n    code block",
    "# starts a heading",
    "1. starts numbered",
    "Title [^9] and [link](http://x) and ![img](x) &amp; <b>tag</b> `code` ~~strike~~ *em* _u_ \\",
]


@pytest.mark.parametrize("title", MARKDOWN_FORGERIES, ids=repr)
def test_markdown_data_stays_inside_its_item(invoke, tmp_path, monkeypatch, title: str) -> None:
    use(tmp_path, monkeypatch, timeline_yaml(title, text=title))
    text = ok(invoke("export", "--format", "markdown"))
    lines = [line for line in text.splitlines() if line]
    assert lines[0] == "# DPRK human rights timeline"
    assert re.fullmatch(r"<!-- Exported by dprk \S+ from dprk-rights data \d+ events, [0-9a-f]{12}\. -->", lines[1])
    lines = [lines[0], *lines[2:]]
    kinds = [
        "item" if line.startswith("- **") else "dispute" if line.startswith("  - ⚠ Disputed: ") else "note"
        for line in lines[1:]
    ]
    assert kinds == ["item", "dispute", "item", "note", "note"], lines
    assert all(re.match(r"\[\^\d\]: ", line) for line in lines[-2:])
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)
    types = [t.type for t in tokens]
    assert types.count("heading_open") == 1
    assert types.count("list_item_open") == 3  # two events and one dispute
    assert not {"blockquote_open", "table_open", "ordered_list_open", "hr", "code_block"} & set(types)
    inline = [t for t in tokens if t.type == "inline"]
    item_text = "".join(c.content for c in inline[1].children or [] if c.type in ("text", "code_inline"))
    assert item_text.startswith(f"Mar 2013: {visible(title)}. Summary {visible(title)} here")
    rendered = MarkdownIt("commonmark").render(text)
    assert "<strong>" in rendered and "<em>" not in rendered and "<a " not in rendered and "<b>" not in rendered


# -- CSV: exact text, quoted, one row per event -----------------------------------


@pytest.mark.parametrize("sep", [*SEPARATORS, '",=1+2,"'], ids=repr)
def test_csv_rows_parse_back_to_the_data(invoke, tmp_path, monkeypatch, sep: str) -> None:
    title = f"Title{sep}second,part"
    use(tmp_path, monkeypatch, timeline_yaml(title, text=f"x{sep}y"))
    text = invoke("export", "--format", "csv").stdout_bytes.decode("utf-8").removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 3 and {len(row) for row in rows} == {len(CSV_COLUMNS)}
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["title"] == title
    assert record["actors"] == f"Actor x{sep}y one; UN Security Council"


@pytest.mark.parametrize("lead", ["=", "+", "-", "@"], ids=repr)
def test_csv_cells_never_start_a_formula(invoke, tmp_path, monkeypatch, lead: str) -> None:
    use(tmp_path, monkeypatch, timeline_yaml(f"{lead}cmd|' /C calc'!A0"))
    text = invoke("export", "--format", "csv").stdout_bytes.decode("utf-8").removeprefix("\ufeff")
    header, first = list(csv.reader(io.StringIO(text, newline="")))[:2]
    assert dict(zip(header, first, strict=True))["title"] == f"'{lead}cmd|' /C calc'!A0"


# -- 2. BibTeX: braces balance, fields are exactly the data's ----------------------

TEX = {
    r"\textbackslash{}": "\\",
    r"\ensuremath{\lbrace}": "{",
    r"\ensuremath{\rbrace}": "}",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    **{"\\" + c: c for c in "&%$#_"},
}
TEX_TOKEN = re.compile("|".join(re.escape(token) for token in sorted(TEX, key=len, reverse=True)))


def untex(value: str) -> str:
    """The text a BibTeX field value stands for, reading exactly the escapes dprk writes."""
    rest = TEX_TOKEN.sub("", value)
    assert "\\" not in rest and "{" not in rest and "}" not in rest, f"unescaped TeX in {value!r}"
    return TEX_TOKEN.sub(lambda m: TEX[m.group()], value)


BIBTEX_FORGERIES = [
    "}",
    "{",
    "a}b{c",
    "}, note = {injected",
    "}}, author = {Mallory}, x = {",
    "\\",
    "\\}",
    "\\{",
    "{\\}}",
    "100% #1 $x$ a_b ~ ^ &",
    "@misc{evil, title = {x}}",
    "line\n@misc{evil,\n title={x}}",
    "tab\there",
    "\u202eevil",
]


@pytest.mark.parametrize("text", BIBTEX_FORGERIES, ids=repr)
def test_bibtex_fields_parse_back_to_exactly_the_data(invoke, tmp_path, monkeypatch, text: str) -> None:
    url = f"https://example.org/a?q={text}&r=%7B#frag"
    use(tmp_path, monkeypatch, timeline_yaml("Title", text=text, url=url))
    exported = ok(invoke("export", "--format", "bibtex"))
    library = bibtexparser.parse_string(exported)
    assert not library.failed_blocks
    assert [entry.key for entry in library.entries] == ["alpha"]
    fields = library.entries[0].fields_dict
    # The curators' note on the source is not exported (it is a dating memo, not part of a reference).
    assert set(fields) == {"author", "title", "year", "month", "date", "howpublished", "url"}
    expected = {
        "author": f"Alpha {text} Watch",
        "title": f"Alpha {text} report",
        "howpublished": f"NGO {text} brief",
    }
    for name, value in expected.items():
        raw = fields[name].value
        if name in ("author", "title"):  # braced twice: a corporate author, a title kept as written
            assert raw.startswith("{") and raw.endswith("}")
            raw = raw[1:-1]
        assert untex(raw) == visible(value)
    # The URL is percent-encoded where it must be: it decodes to the same address.
    written = fields["url"].value
    assert not re.search(r"[{}\\\s\"<>]", written)
    assert unquote(written) == unquote(url)
    assert (fields["year"].value, fields["month"].value, fields["date"].value) == ("2015", "jun", "2015-06")


def test_bibtex_braces_balance_as_bibtex_counts_them(invoke, tmp_path, monkeypatch) -> None:
    """BibTeX counts a brace even after a backslash: every field must balance that way too."""
    use(tmp_path, monkeypatch, timeline_yaml("T", text="}{\\}}{{\\{", url="https://x.org/}{"))
    entry = ok(invoke("export", "--format", "bibtex")).split("\n@misc{", 1)[1]  # after the @comment header
    fields = entry.splitlines()[1:-1]
    assert len(fields) == 7
    for line in fields:
        value = line.split(" = ", 1)[1].rstrip(",")
        if not value.startswith("{"):  # a bare value (month = jun) holds no brace at all
            assert "{" not in value and "}" not in value, line
            continue
        depths = list(itertools.accumulate({"{": 1, "}": -1}.get(ch, 0) for ch in value))
        # The opening brace closes at the very end, never before: no data brace ends the field early.
        assert min(depths[:-1]) >= 1 and depths[-1] == 0, line


# -- 3. nothing hidden reaches a terminal --------------------------------------------


COMMANDS = [["timeline"], ["search", "council"], ["sources"], ["sources", "alpha"], ["show", "first-event"], ["stats"]]


@pytest.mark.parametrize("hidden", HIDDEN, ids=repr)
@pytest.mark.parametrize("terminal", [False, True], ids=["piped", "terminal"])
def test_bidi_and_escapes_in_data_are_shown_as_escapes(
    invoke, tmp_path, monkeypatch, hidden: str, terminal: bool
) -> None:
    use(tmp_path, monkeypatch, timeline_yaml(f"Evil{hidden}title", text=f"x{hidden}y"))
    env = {"FORCE_COLOR": "1", "COLUMNS": "200"} if terminal else None
    for args in COMMANDS:
        out = ok(invoke(*args, env=env))
        text = ANSI.sub("", out) if terminal else out  # Rich's own styling; piped output has none to remove
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]", text), args
        assert visible(hidden).split("\\")[1] in text, args  # shown, e.g. as \u202e
    shown = ANSI.sub("", ok(invoke("show", "first-event", env=env)))
    assert visible(f"Evil{hidden}title") in shown
    # JSON keeps the exact text.
    assert json.loads(ok(invoke("show", "first-event", "--json")))["title"] == f"Evil{hidden}title"


@pytest.mark.parametrize("hidden", ["\x1b[31m", "\u202e", "\u2066", "\x9b2J", "\n", "\r"], ids=repr)
def test_file_names_in_errors_are_shown_as_escapes(invoke, tmp_path, hidden: str) -> None:
    missing = tmp_path / f"{hidden}evil.yaml"
    for args in (["--data", str(missing), "timeline"], ["validate", str(missing)]):
        result = invoke(*args)
        assert result.exit_code == 2
        assert result.stderr == f"Error: {visible(str(missing))}: no such file\n"
    named = tmp_path / f"bad{hidden}name.yaml"
    named.write_text(timeline_yaml("T").replace("tags: [icc]", "tags: [icc, nope]"), encoding="utf-8")
    for env in (None, {"FORCE_COLOR": "1", "COLUMNS": "1000"}):
        result = invoke("validate", str(named), env=env)
        assert result.exit_code == 1
        lines = ANSI.sub("", result.stdout).splitlines()
        assert len(lines) == 2  # the problem and the summary
        assert all(line.startswith(visible(str(named)) + ":") for line in lines)
        # Piped output is checked as written: removing "colour codes" there would hide a forged one.
        assert hidden not in "".join(lines if env else result.stdout.splitlines())
    broken = tmp_path / f"broken{hidden}.yaml"
    broken.write_text("events: [\n", encoding="utf-8")
    result = invoke("--data", str(broken), "timeline")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {visible(str(broken))}:")
    assert hidden not in result.stderr.removesuffix("\n") and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("hidden", ["\x1b[31m", "\u202e", "\n"], ids=repr)
def test_typed_values_and_written_paths_are_shown_as_escapes(invoke, mini_path, tmp_path, hidden: str) -> None:
    for args in (["timeline", "--since", f"{hidden}soon"], ["show", f"x{hidden}"], ["timeline", "--tag", hidden]):
        result = invoke(*args)
        assert result.exit_code == 2
        assert hidden not in result.stderr.removesuffix("\n") and len(result.stderr.splitlines()) == 1
    target = tmp_path / f"out{hidden}.md"
    result = invoke("export", "--format", "markdown", "-o", str(target))
    assert result.exit_code == 0 and target.exists()
    assert result.stderr == f"Wrote 3 events to {visible(str(target))} (markdown).\n"


# -- 4. terminal layout at every width ------------------------------------------------


WIDTHS = [40, 50, 80, 120]
DATE = re.compile(r"^(\d|[A-Z][a-z]{2} \d|c\. |since |until |before |after |between )")


def terminal(invoke, width: int, *args: str) -> list[str]:
    result = invoke(*args, env={"FORCE_COLOR": "1", "COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    return ANSI.sub("", result.stdout).splitlines()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    "args",
    [
        ["timeline"],
        ["search", "referral"],
        ["sources"],
        ["sources", "gcr2p-2025"],
        ["show", "coi-report-2014"],
        ["stats"],
    ],
    ids=" ".join,
)
def test_every_view_fits_the_terminal_without_cropping(invoke, width: int, args: list[str]) -> None:
    lines = terminal(invoke, width, *args)
    assert max(cell_len(line) for line in lines) <= width
    assert "…" not in "\n".join(lines), "a value cut short"


@pytest.mark.parametrize("width", [*WIDTHS, 30])
def test_timeline_keeps_its_hanging_indent(invoke, width: int) -> None:
    lines = terminal(invoke, width, "timeline")
    body = lines[2 : lines.index("")]
    indent = " " * (13 if width >= 37 else 2)
    dates = [line for line in body if not line.startswith(" ")]
    assert all(DATE.match(line) for line in dates), dates
    assert all(line.startswith(indent) and line[len(indent)] != " " for line in body if line.startswith(" "))
    ids = [event["id"] for event in json.loads(invoke("timeline", "--json").stdout)]
    # Every event's id line is there, under the indent (a long id folds, still under it).
    assert all(any(line.startswith(indent + event_id[:20]) for line in body) for event_id in ids)


def test_id_line_of_a_long_id_wraps_under_its_indent(invoke, tmp_path, monkeypatch) -> None:
    yaml_text = timeline_yaml("A short title").replace("first-event", "a-very-long-event-id-that-cannot-fit-anywhere")
    use(tmp_path, monkeypatch, yaml_text)
    for width in (40, 50):
        lines = terminal(invoke, width, "timeline")
        body = lines[2 : lines.index("")]
        assert all(line.startswith(" " * 13) for line in body if not DATE.match(line))
        joined = "".join(line.strip() for line in body)
        assert "a-very-long-event-id-that-cannot-fit-anywhere · alpha" in joined


@pytest.mark.parametrize("width", WIDTHS)
def test_show_wraps_a_long_title_inside_its_panel(invoke, tmp_path, monkeypatch, width: int) -> None:
    title = "A long title " + " ".join(f"word{i}" for i in range(30)) + " end of the title"
    use(tmp_path, monkeypatch, timeline_yaml(title, text="x"))
    for args in (["show", "first-event"], ["sources", "alpha"]):
        lines = terminal(invoke, width, *args)
        assert all(cell_len(line) == width for line in lines)  # the panel's box, whole
        inside = " ".join(line.strip("│╭╮╰╯─ ") for line in lines)
        if args[0] == "show":
            assert title in " ".join(inside.split())


def test_each_search_correction_is_a_line_above_the_results(invoke) -> None:
    """Escaping data must not escape the output's own breaks: two corrections are two lines."""
    lines = [line.rstrip() for line in terminal(invoke, 200, "search", "comission of inquery")]
    assert lines[:2] == [
        "No event contains 'comission'; searched for 'commission' instead.",
        "No event contains 'inquery'; searched for 'inquiry' instead.",
    ]


@pytest.mark.parametrize("width", [40, 50])
def test_stats_bars_shrink_to_the_terminal(invoke, width: int) -> None:
    lines = terminal(invoke, width, "stats")
    bars = [line for line in lines if "█" in line]
    assert bars and all(line.rstrip().endswith("█") for line in bars)


# -- 5. smaller: duplicates counted once, blank filter values refused ---------------


def test_a_name_listed_twice_in_an_event_counts_once(invoke, tmp_path, monkeypatch) -> None:
    yaml_text = timeline_yaml("T").replace("tags: [icc]", "tags: [icc, icc, accountability, icc]")
    yaml_text = yaml_text.replace('actors: ["Actor T one", UN Security Council]', "actors: [China, China, Russia]")
    use(tmp_path, monkeypatch, yaml_text)
    counts = json.loads(ok(invoke("stats", "--json")))
    assert counts["by_tag"] == {"accountability": 2, "icc": 1}
    assert counts["by_actor"] == {"UN Security Council": 1, "China": 1, "Russia": 1}
    plain = ok(invoke("stats")).splitlines()
    assert "tag\ticc\t1" in plain and "actor\tChina\t1" in plain


@pytest.mark.parametrize("command", [["timeline"], ["search", "council"], ["export"], ["stats"]], ids=" ".join)
@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--actor", ""),
        ("--actor", " "),
        ("--actor", "\t"),
        ("-a", ""),
        ("--tag", ""),
        ("--tag", "  "),
        ("-t", ""),
        ("--source", ""),
        ("--source", " "),
        ("-s", ""),
    ],
)
def test_blank_filter_values_are_refused(invoke, mini_path, command: list[str], option: str, value: str) -> None:
    result = invoke(*command, option, value)
    assert result.exit_code == 2
    long = {"-a": "--actor", "-t": "--tag", "-s": "--source"}.get(option, option)
    assert result.stderr == f"Error: {long} needs a value, got {value!r}\n"
    assert result.stdout == ""


@pytest.mark.parametrize("value", ["-", "--", " - ", "\u2013", "...", "_"])
def test_an_actor_without_words_is_refused(invoke, mini_path, value: str) -> None:
    result = invoke("timeline", "--actor", value)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: --actor: {value!r} has no words to match")
    assert len(result.stderr.splitlines()) == 1
