"""Citation exports (BibTeX, CSL-JSON, RIS) through the CLI, each opened by a real consumer:
citeproc-py renders the CSL-JSON, rispy parses the RIS, bibtexparser parses the BibTeX."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dprk_rights import load_timeline
from dprk_rights.output.formats.common import cited_sources
from dprk_rights.text import visible

from .test_forging import untex

TIMELINE = load_timeline()
MEMO = "Dated by the curators from its running header"

#: A CSL style that prints what the tests check, one line per item: every date part that is known.
DATE_STYLE = """\
<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>dates</title><id>dates</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography>
    <sort><key variable="title"/></sort>
    <layout>
      <text variable="title"/>
      <text variable="number" prefix=" #"/>
      <date variable="issued" prefix=" | issued ">
        <date-part name="year"/>
        <date-part name="month" form="numeric-leading-zeros" prefix="-"/>
        <date-part name="day" form="numeric-leading-zeros" prefix="-"/>
      </date>
      <date variable="accessed" prefix=" | accessed ">
        <date-part name="year"/>
        <date-part name="month" form="numeric-leading-zeros" prefix="-"/>
        <date-part name="day" form="numeric-leading-zeros" prefix="-"/>
      </date>
    </layout>
  </bibliography>
</style>
"""


def q(text: str) -> str:
    """``text`` as a YAML double-quoted scalar that any character survives (escapes for all but printable ASCII)."""
    escaped = "".join("\\" + ch if ch in '"\\' else ch if " " <= ch <= "~" else f"\\U{ord(ch):08x}" for ch in text)
    return f'"{escaped}"'


def source_yaml(source_id: str, **fields: str | None) -> str:
    values = {
        "title": f"Title of {source_id}",
        "publisher": "Alpha Watch",
        "published": "2015-06-17",
        "kind": "NGO report",
        "url": "https://example.org/a",
        "note": MEMO,
    } | fields
    lines = [f"  - id: {source_id}"]
    for name, value in values.items():
        if value is not None:
            lines.append(f"    {name}: {value if name in ('published', 'accessed') else q(value)}")
    return "\n".join(lines) + "\n"


def timeline_with(*sources: str) -> str:
    """A timeline of the given source entries, each cited by one event."""
    ids = [entry.split("id: ", 1)[1].split("\n", 1)[0] for entry in sources]
    events = "".join(
        f"  - id: event-{i}\n    date: 2015\n    title: Event {i}\n    summary: Something happened.\n"
        f"    citations:\n      - source: {source_id}\n        quote: words\n"
        for i, source_id in enumerate(ids)
    )
    return "sources:\n" + "".join(sources) + "events:\n" + events


@pytest.fixture
def use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def write(yaml_text: str) -> Path:
        path = tmp_path / "cite.yaml"
        path.write_text(yaml_text, encoding="utf-8")
        monkeypatch.setenv("DPRK_TIMELINE", str(path))
        return path

    return write


def exported(invoke, fmt: str, *args: str) -> str:
    result = invoke("export", "--format", fmt, *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes.decode("utf-8")


def csl_items(invoke, *args: str) -> list[dict[str, object]]:
    items = json.loads(exported(invoke, "csl-json", *args))
    assert isinstance(items, list)
    return items


def ris_records(invoke, *args: str) -> list[dict[str, object]]:
    text = exported(invoke, "ris", *args)
    assert text.count("\r\n") == text.count("\n"), "every RIS line ends in CRLF"
    return rispy.loads(text.replace("\r\n", "\n"))


def render(items: list[dict[str, object]], style: str | None = None) -> list[str]:
    """The bibliography citeproc-py renders from CSL-JSON items, one plain-text line each."""
    if style is None:
        from importlib.resources import files

        style = str(files("citeproc") / "data" / "styles" / "harvard-cite-them-right.csl")
    bibliography = CitationStylesBibliography(
        CitationStylesStyle(style, validate=False), CiteProcJSON(items), formatter.plain
    )
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    return [str(line) for line in bibliography.bibliography()]


def render_dates(items: list[dict[str, object]], tmp_path: Path) -> list[str]:
    style = tmp_path / "dates.csl"
    style.write_text(DATE_STYLE, encoding="utf-8")
    return render(items, str(style))


# -- one reference per cited source, in every format --------------------------------------------


def test_csl_json_of_the_real_data_renders_in_citeproc(invoke) -> None:
    since_2025 = TIMELINE.select(TIMELINE.filter(since="2025"))
    items = csl_items(invoke, "--since", "2025")
    assert [item["id"] for item in items] == [s.id for s in cited_sources(since_2025, TIMELINE)]
    lines = render(items)
    assert len(lines) == len(items)
    report = next(line for line in lines if "Promoting accountability in the Democratic" in line)
    assert "UN document A/HRC/58/61" in report  # genre and symbol, as the style prints a report's number
    assert "Office of the UN High Commissioner for Human Rights" in report
    assert "(Accessed: November 25, 2026)" in report
    news = next(item for item in items if item["id"] == "kyodo-2025-07-01")
    assert news["type"] == "article-newspaper"
    assert news["container-title"] == "Kyodo News (via alojapan.com)" and "publisher" not in news
    assert news["issued"] == {"date-parts": [[2025, 7, 1]]}


def test_every_format_cites_the_same_sources_in_the_same_order(invoke) -> None:
    args = ("--tag", "security-council")
    csl = [item["id"] for item in csl_items(invoke, *args)]
    ris = [record["id"] for record in ris_records(invoke, *args)]
    bib = [entry.key for entry in bibtexparser.parse_string(exported(invoke, "bibtex", *args)).entries]
    assert csl == ris == bib
    assert len(csl) > 10 and len(set(csl)) == len(csl)


def test_nothing_selected_is_an_empty_bibliography(invoke) -> None:
    assert exported(invoke, "csl-json", "zzqqxyzzy") == "[]\n"
    assert exported(invoke, "ris", "zzqqxyzzy") == ""
    library = bibtexparser.parse_string(exported(invoke, "bibtex", "zzqqxyzzy"))
    assert library.entries == [] and len(library.comments) == 1


# -- dates at exactly the precision known ----------------------------------------------------------


PRECISIONS = [
    # published, accessed, CSL date-parts, rendered, RIS PY, RIS DA, BibTeX year, month, date
    ("2014-02-17", "2024-02-29", [[2014, 2, 17]], "2014-02-17", "2014", "2014/02/17/", "2014", "feb", "2014-02-17"),
    ("2014-12", None, [[2014, 12]], "2014-12", "2014", "2014/12//", "2014", "dec", "2014-12"),
    ("1999", "2001-01", [[1999]], "1999", "1999", None, "1999", None, "1999"),
]


@pytest.mark.parametrize(
    ("published", "accessed", "parts", "shown", "py", "da", "year", "month", "date"),
    PRECISIONS,
    ids=[p[0] for p in PRECISIONS],
)
def test_dates_keep_exactly_their_precision(
    invoke, use, tmp_path: Path, published, accessed, parts, shown, py, da, year, month, date
) -> None:
    use(timeline_with(source_yaml("alpha", published=published, accessed=accessed)))
    [item] = csl_items(invoke)
    assert item["issued"] == {"date-parts": parts}
    accessed_parts = [[int(part) for part in accessed.split("-")]] if accessed else None
    assert item.get("accessed") == ({"date-parts": accessed_parts} if accessed else None)
    access_line = f" | accessed {accessed}" if accessed else ""
    assert render_dates([item], tmp_path) == [f"Title of alpha | issued {shown}{access_line}"]

    [record] = ris_records(invoke)
    assert record["year"] == py
    assert record.get("date") == da
    assert record.get("access_date") == (
        accessed.replace("-", "/") + "/" * (3 - accessed.count("-")) if accessed else None
    )

    [entry] = bibtexparser.parse_string(exported(invoke, "bibtex")).entries
    fields = {name: field.value for name, field in entry.fields_dict.items()}
    assert (fields["year"], fields.get("month"), fields["date"]) == (year, month, date)
    assert fields.get("urldate") == accessed


def test_an_undated_source_has_no_date_anywhere(invoke, use) -> None:
    use(timeline_with(source_yaml("alpha", published=None)))
    [item] = csl_items(invoke)
    assert "issued" not in item
    assert "(no date)" in render([item])[0]
    [record] = ris_records(invoke)
    assert not {"year", "date"} & set(record)
    [entry] = bibtexparser.parse_string(exported(invoke, "bibtex")).entries
    assert not {"year", "month", "date"} & set(entry.fields_dict)


# -- type, publisher, symbol; never the curators' memo -------------------------------------------

KINDS = [
    # kind, CSL type, RIS type, where the publisher goes (CSL, RIS)
    ("news", "article-newspaper", "NEWS", "container-title", "secondary_title"),
    ("Newspaper editorial", "article-newspaper", "NEWS", "container-title", "secondary_title"),
    ("UN press release", "report", "RPRT", "publisher", "publisher"),
    ("UN document", "report", "RPRT", "publisher", "publisher"),
    ("NGO report", "report", "RPRT", "publisher", "publisher"),
    ("government statement", "report", "RPRT", "publisher", "publisher"),
    ("regional outlook", "report", "RPRT", "publisher", "publisher"),
    ("dispatch", "webpage", "ELEC", "container-title", "secondary_title"),
    ("Web page", "webpage", "ELEC", "container-title", "secondary_title"),
    ("blog post", "post-weblog", "BLOG", "container-title", "secondary_title"),
    ("dataset", "dataset", "DATA", "publisher", "publisher"),
    ("journal article", "article-journal", "JOUR", "container-title", "secondary_title"),
    ("video", "broadcast", "VIDEO", "publisher", "publisher"),
    ("oral tradition", "document", "GEN", "publisher", "publisher"),
]


@pytest.mark.parametrize(("kind", "csl", "ris", "csl_field", "ris_field"), KINDS, ids=[k[0] for k in KINDS])
def test_the_type_follows_the_source_kind(invoke, use, kind, csl, ris, csl_field, ris_field) -> None:
    use(timeline_with(source_yaml("alpha", kind=kind, publisher="The Daily Example")))
    [item] = csl_items(invoke)
    assert item["type"] == csl
    assert item[csl_field] == "The Daily Example"
    assert len(render([item])) == 1  # every type renders
    [record] = ris_records(invoke)
    assert record["type_of_reference"] == ris
    assert record[ris_field] == "The Daily Example"
    assert record["type_of_work"] == kind


def test_the_symbol_is_cited_and_the_curators_memo_is_not(invoke, use) -> None:
    use(
        timeline_with(
            source_yaml("a-hrc-25-63", kind="UN document", symbol="A/HRC/25/63", accessed="2024-05-02"),
            source_yaml("ngo", kind="NGO report"),
        )
    )
    outputs = {fmt: exported(invoke, fmt) for fmt in ("csl-json", "ris", "bibtex")}
    for fmt, text in outputs.items():
        assert MEMO not in text, fmt
    un, ngo = json.loads(outputs["csl-json"])
    assert (un["number"], un["genre"], un["URL"]) == ("A/HRC/25/63", "UN document", "https://example.org/a")
    assert "number" not in ngo and "note" not in un and "note" not in ngo
    un_record, ngo_record = rispy.loads(outputs["ris"].replace("\r\n", "\n"))
    assert un_record["note"] == "A/HRC/25/63" and "note" not in ngo_record  # M1
    assert un_record["urls"] == ["https://example.org/a"] and un_record["access_date"] == "2024/05/02/"
    un_entry, ngo_entry = bibtexparser.parse_string(outputs["bibtex"]).entries
    assert un_entry.fields_dict["note"].value == "UN Doc. A/HRC/25/63"
    assert "note" not in ngo_entry.fields_dict


# -- the data version ------------------------------------------------------------------------------


def test_bibtex_names_the_data_version_that_dprk_version_prints(invoke) -> None:
    version = invoke("--version").stdout.strip()  # dprk 0.1.0 (data: 165 events, e8cdb30c27ac)
    data_version = version.split("(data: ", 1)[1].rstrip(")")
    text = exported(invoke, "bibtex", "--since", "2025")
    first = text.splitlines()[0]
    assert first == f"@comment{{Exported by dprk 0.1.0 from the dprk-rights timeline, data version {data_version}}}"
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks and data_version in library.comments[0].comment


# -- hostile text cannot break a record -------------------------------------------------------------

HOSTILE = [
    "ER  - ",
    "x\nER  - \nTY  - JOUR\nTI  - forged",
    "x\r\nER  - \r\n",
    "\u2028ER  - \u2029TY  - BOOK",
    "}, note = {injected",
    "@misc{evil, title = {x}}",
    '"], "type": "book',
    "<i>italic</i> &amp; <b>bold</b>",
    "tab\there \x1b[31mred\x1b[0m \u202eevil",
    "Corée du Nord 북한 朝鮮 — “quoted” 😀",
    "\\",
]


@pytest.mark.parametrize("text", HOSTILE, ids=repr)
def test_hostile_text_stays_inside_its_field(invoke, use, text: str) -> None:
    title, publisher = f"Title {text} end", f"Publisher {text} end"
    use(
        timeline_with(
            source_yaml("alpha", title=title, publisher=publisher, kind="UN document", symbol="A/RES/1/2"),
            source_yaml("beta", kind="news", published="2016-01-02"),
        )
    )
    alpha, beta = csl_items(invoke)
    assert (alpha["title"], alpha["publisher"]) == (title, publisher)  # JSON keeps the exact text
    assert beta == {
        "id": "beta",
        "type": "article-newspaper",
        "title": "Title of beta",
        "container-title": "Alpha Watch",
        "issued": {"date-parts": [[2016, 1, 2]]},
        "URL": "https://example.org/a",
    }
    assert len(render([alpha, beta])) == 2

    records = ris_records(invoke)
    assert [r["id"] for r in records] == ["alpha", "beta"]
    assert (records[0]["title"], records[0]["publisher"]) == (visible(title), visible(publisher))
    assert records[0]["note"] == "A/RES/1/2" and records[1]["title"] == "Title of beta"
    assert set(records[0]) == {
        "type_of_reference",
        "id",
        "title",
        "publisher",
        "type_of_work",
        "year",
        "date",
        "note",
        "urls",
    }

    library = bibtexparser.parse_string(exported(invoke, "bibtex"))
    assert not library.failed_blocks
    assert [e.key for e in library.entries] == ["alpha", "beta"]
    fields = library.entries[0].fields_dict
    assert untex(fields["title"].value[1:-1]) == visible(title)
    assert untex(fields["author"].value[1:-1]) == visible(publisher)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=30))
def test_any_text_gives_one_record_per_source(invoke, use, text: str) -> None:
    title = f"T {text} end"
    use(timeline_with(source_yaml("alpha", title=title, kind=f"k {text} k"), source_yaml("beta")))
    assert [(i["id"], i["title"]) for i in csl_items(invoke)] == [("alpha", title), ("beta", "Title of beta")]
    records = ris_records(invoke)
    assert [(r["id"], r["title"]) for r in records] == [("alpha", visible(title)), ("beta", "Title of beta")]
    library = bibtexparser.parse_string(exported(invoke, "bibtex"))
    assert not library.failed_blocks
    assert [e.key for e in library.entries] == ["alpha", "beta"]
    assert untex(library.entries[0].fields_dict["title"].value[1:-1]) == visible(title)


# -- the file name chooses the format ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("refs.csl.json", "csl-json"), ("REFS.CSL.JSON", "csl-json"), ("refs.ris", "ris"), ("x.RIS", "ris")],
)
def test_the_file_name_names_a_citation_format(invoke, tmp_path: Path, name: str, fmt: str) -> None:
    target = tmp_path / name
    result = invoke("export", "--since", "2025-11", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.endswith(f"({fmt}).\n")
    text = target.read_bytes().decode("utf-8")
    if fmt == "ris":
        assert text.startswith("TY  - ") and text.endswith("ER  - \r\n")
    else:
        assert json.loads(text)[0]["type"] in ("report", "article-newspaper")


def test_json_stays_json_and_csl_json_may_still_be_written_to_a_json_file(invoke, tmp_path: Path) -> None:
    plain = tmp_path / "refs.json"
    assert invoke("export", "--since", "2025-11", "-o", str(plain)).exit_code == 0
    assert "citations" in json.loads(plain.read_text(encoding="utf-8"))[0]  # events, not references
    result = invoke("export", "--format", "csl-json", "--since", "2025-11", "-o", str(plain))
    assert result.exit_code == 0, result.stderr
    assert "citations" not in json.loads(plain.read_text(encoding="utf-8"))[0]


@pytest.mark.parametrize(
    ("fmt", "name", "named"),
    [
        ("json", "refs.csl.json", ".csl.json is csl-json"),
        ("ris", "refs.bib", ".bib is bibtex"),
        ("csl-json", "r.ris", ".ris is ris"),
    ],
)
def test_a_citation_format_contradicting_the_file_name_is_refused(invoke, tmp_path: Path, fmt, name, named) -> None:
    result = invoke("export", "--format", fmt, "-o", str(tmp_path / name))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: --format {fmt} does not match the file name")
    assert f"({named})" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / name).exists()
