"""`dprk export` in every format, parsed back by a real parser or checked rule by rule, and `dprk stats`."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from datetime import date
from pathlib import Path

import bibtexparser
import icalendar
import pytest

from dprk_rights import PartialDate, load_timeline
from dprk_rights.output.formats import CSV_COLUMNS, FORMATS

TIMELINE = load_timeline()
HOSTILE = """\
sources:
  - id: evil
    title: "Title with {braces}, 100% & $dollars_ #1 ~ \\\\ back"
    publisher: "Publisher, Inc.; \\"quoted\\""
    published: 2020-02
    kind: dispatch
events:
  - id: evil-event
    date: 2020-02
    title: "=HYPERLINK(\\"http://evil.example\\"), a title; with *stars* and [link](x)"
    summary: "Line one,\\nline two; with a backslash \\\\ and <b>tags</b> \\
      \\u00e9\\u00e9\\u00e9 long long long long long long long long long long"
    citations:
      - source: evil
        quote: "a quote, with; punctuation \\u2013 and \\"marks\\""
"""


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    monkeypatch.setenv("DPRK_TIMELINE", str(path))
    return path


def exported(invoke, fmt: str, *args: str) -> str:
    result = invoke("export", "--format", fmt, *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes.decode("utf-8")  # exactly as written: CliRunner's .stdout turns CRLF into LF


def test_json_and_jsonl_have_the_shape_of_timeline_json(invoke) -> None:
    expected = json.loads(invoke("timeline", "--since", "2016", "--json").stdout)
    assert json.loads(exported(invoke, "json", "--since", "2016")) == expected
    lines = exported(invoke, "jsonl", "--since", "2016").splitlines()
    assert [json.loads(line) for line in lines] == expected


def test_csv_opens_as_one_row_per_event_with_documented_columns(invoke) -> None:
    text = exported(invoke, "csv")
    assert text.startswith("\ufeff")  # spreadsheets detect UTF-8 by its byte-order mark
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["id"] for r in rows] == [e.id for e in TIMELINE.events]
    agenda = next(r for r in rows if r["id"] == "unsc-agenda-2014")
    event = TIMELINE.event("unsc-agenda-2014")
    assert agenda["citations"].splitlines() == [f'{c.source}: "{c.quote}"' for c in event.citations]
    assert agenda["tags"] == "security-council; commission-of-inquiry"
    assert (agenda["disputed"], agenda["precision"], agenda["start"], agenda["end"]) == (
        "yes",
        "day",
        "2014-12-22",
        "2014-12-22",
    )
    referral = next(r for r in rows if r["id"] == "coi-urges-icc-referral-2014")
    assert (referral["precision"], referral["start"], referral["end"]) == ("month", "2014-02-01", "2014-02-28")
    assert agenda["disputes"].startswith("gcr2p-2017 says: The item was first added")


def test_csv_neutralises_formulas_and_quotes_properly(invoke, hostile: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(exported(invoke, "csv").removeprefix("\ufeff"))))
    assert rows[0]["title"].startswith("'=HYPERLINK(")
    assert rows[0]["summary"].startswith("Line one,\nline two; with a backslash \\ and <b>tags</b> ééé")


def test_markdown_footnotes_every_citation(invoke) -> None:
    text = exported(invoke, "markdown", "--since", "2016", "--until", "2016")
    events = [e for e in TIMELINE.events if e.date.overlaps(PartialDate(2016), PartialDate(2016))]
    citations = sum(len(e.citations) for e in events)
    references = re.findall(r"\[\^(\d+)\](?!:)", text)
    definitions = re.findall(r"^\[\^(\d+)\]: (.+)$", text, flags=re.M)
    assert [int(r) for r in references] == list(range(1, citations + 1))
    assert [int(n) for n, _ in definitions] == list(range(1, citations + 1))
    assert definitions[0][1].startswith(
        "United Nations General Assembly (via ReliefWeb), Situation of human rights in the Democratic People's"
        ' Republic of Korea - Report of the Secretary-General (A/71/439), 2016: "'
    )
    resolution = (
        "The Human Rights Council asks for experts on accountability (A/HRC/RES/31/18; adopted without a vote)."
    )
    assert f"- **23 Mar 2016**: {resolution}" in text
    disputed = exported(invoke, "markdown", "--disputed")
    assert disputed.count("  - ⚠ Disputed: ") == sum(len(e.disputes) for e in TIMELINE.events)


def test_markdown_escapes_formatting_in_data(invoke, hostile: Path) -> None:
    text = exported(invoke, "markdown")
    assert r"\*stars\* and \[link\](x)" in text
    assert r"\<b\>tags\</b\>" in text


def test_bibtex_parses_with_one_entry_per_cited_source(invoke) -> None:
    library = bibtexparser.parse_string(exported(invoke, "bibtex"))
    assert not library.failed_blocks
    entries = {entry.key: entry for entry in library.entries}
    assert set(entries) == {s.id for s in TIMELINE.sources}
    hrw = entries["hrw-2016"]
    assert hrw.entry_type == "misc"
    assert hrw.fields_dict["author"].value == "{Human Rights Watch}"
    assert hrw.fields_dict["title"].value == "{Dispatches: The Crimes of North Korea}"
    assert (hrw.fields_dict["year"].value, hrw.fields_dict["month"].value) == ("2016", "mar")
    only_2025 = bibtexparser.parse_string(exported(invoke, "bibtex", "--since", "2025"))
    assert [e.key for e in only_2025.entries] == [
        "gcr2p-2025",
        "nhrck-2024-04-22",
        "a-hrc-58-61",
        "chosun-2025-03-26",
        "nknews-2025-04-04",
        "urg-hrc58",
        "foreignpolicywatchdog-2025",
        "msmt-statement-2025",
        "chainalysis-2025-10",
        "ohchr-2025-09-12",
        "hrw-2025-09",
        "econlearner-2025-09",
        "hrw-2025-10",
        "alphabiz-2025-10-19",
        "ap-2025-04-28",
        "politico-2025-04-28",
        "politico-2025-04-26",
        "gamereactor-2025-04-28",
        "get-kr-2025-11",
        "kyodo-2025-07-01",
        "newspravda-2025-09-22",
    ]


def test_bibtex_escapes_tex_specials(invoke, hostile: Path) -> None:
    library = bibtexparser.parse_string(exported(invoke, "bibtex"))
    assert not library.failed_blocks
    title = library.entries[0].fields_dict["title"].value
    brace, unbrace = r"\ensuremath{\lbrace}", r"\ensuremath{\rbrace}"
    assert brace + "braces" + unbrace + r", 100\% \& \$dollars\_ \#1 \textasciitilde{} \textbackslash{} back" in title


def check_rfc5545(text: str) -> list[str]:
    """Check the rules of RFC 5545 section 3.1 line by line; return the unfolded content lines.

    ``text`` comes from :func:`exported`, which decodes the bytes strictly: a fold inside a
    character (CRLF and a space between its bytes) fails there."""
    assert text.endswith("\r\n")
    physical = text[:-2].split("\r\n")
    assert "\n" not in "".join(physical) and "\r" not in "".join(physical), "bare CR or LF"
    for line in physical:
        assert len(line.encode("utf-8")) <= 75, f"line longer than 75 octets: {line!r}"
    unfolded: list[str] = []
    for line in physical:
        if line.startswith((" ", "\t")):
            unfolded[-1] += line[1:]
        else:
            unfolded.append(line)
    name = r"[A-Za-z0-9-]+"
    param = rf'{name}=(?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*'
    content_line = re.compile(rf"^{name}(?:;{param})*:.*$")
    for line in unfolded:
        assert content_line.match(line), f"not a content line: {line!r}"
    stack = []
    for line in unfolded:
        if line.startswith("BEGIN:"):
            stack.append(line[6:])
        elif line.startswith("END:"):
            assert stack.pop() == line[4:]
    assert not stack
    for line in unfolded:
        prop, _, value = line.partition(":")
        if prop.split(";")[0] in ("SUMMARY", "DESCRIPTION"):
            # TEXT: every , ; \ is escaped, and no raw newline survives
            assert not re.search(r"(?<!\\)(?:\\\\)*[,;]", value), f"unescaped , or ; in {prop}: {value!r}"
            assert re.fullmatch(r"(?:[^\\]|\\[\\;,nN])*", value), f"bad escape in {prop}: {value!r}"
    return unfolded


def test_ics_follows_rfc5545_and_parses(invoke) -> None:
    text = exported(invoke, "ics")
    lines = check_rfc5545(text)
    assert lines[:3] == ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//dprk-rights//dprk 0.1.0//EN"]
    calendar = icalendar.Calendar.from_ical(text)
    events = calendar.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [f"{e.id}@dprk-rights" for e in TIMELINE.events]
    by_uid = {str(e["UID"]): e for e in events}
    day = by_uid["unsc-meeting-2015@dprk-rights"]
    assert (day.decoded("DTSTART"), day.decoded("DTEND")) == (date(2015, 12, 10), date(2015, 12, 11))
    assert str(day["SUMMARY"]) == "The Security Council meets on DPRK human rights for a second year"
    month = by_uid["coi-urges-icc-referral-2014@dprk-rights"]
    assert (month.decoded("DTSTART"), month.decoded("DTEND")) == (date(2014, 2, 1), date(2014, 2, 2))
    assert str(month["SUMMARY"]).startswith("Feb 2014 (month only): The Commission of Inquiry urges")
    agenda = by_uid["unsc-agenda-2014@dprk-rights"]
    assert (agenda.decoded("DTSTART"), agenda.decoded("DTEND")) == (date(2014, 12, 22), date(2014, 12, 23))
    assert str(agenda["SUMMARY"]).startswith("The Security Council puts")
    year = by_uid["unga-concern-2019@dprk-rights"]
    assert (year.decoded("DTSTART"), year.decoded("DTEND")) == (date(2019, 1, 1), date(2019, 1, 2))
    assert str(year["SUMMARY"]).startswith("2019 (year only): ")
    interval = by_uid["korean-war-1950@dprk-rights"]
    assert (interval.decoded("DTSTART"), interval.decoded("DTEND")) == (date(1950, 1, 1), date(1954, 1, 1))
    assert str(interval["SUMMARY"]) == "1950 to 1953: The Korean War"
    open_end = by_uid["china-forced-returns-2025@dprk-rights"]  # since 26 Aug 2023, through its source's 2025
    assert (open_end.decoded("DTSTART"), open_end.decoded("DTEND")) == (date(2023, 8, 26), date(2026, 1, 1))
    assert str(open_end["SUMMARY"]).startswith("since 26 Aug 2023: China has forcibly returned")
    description = str(agenda["DESCRIPTION"])
    assert '"in December 2014 the human rights situation in the DPRK was added as an item' in description
    assert "Disputed: gcr2p-2017 says: The item was first added" in description


def test_ics_uids_are_stable_across_exports(invoke) -> None:
    uids = [re.findall(r"^UID:(.*)$", exported(invoke, "ics"), flags=re.M) for _ in range(2)]
    assert uids[0] == uids[1] and len(set(uids[0])) == len(TIMELINE.events)


def test_ics_escapes_and_folds_hostile_text(invoke, hostile: Path) -> None:
    text = exported(invoke, "ics")
    check_rfc5545(text)
    event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    assert str(event["SUMMARY"]).startswith('Feb 2020 (month only): =HYPERLINK("http://evil.example"), a title; with')
    assert str(event["DESCRIPTION"]).startswith("Date: Feb 2020 (month only). The sources give no day: ")
    description = str(event["DESCRIPTION"]).partition("\n")[2]
    assert description.startswith("Line one,\nline two; with a backslash \\ and <b>tags</b> ééé")


# Field names from TimelineJS's documentation (website/docs/json-format.njk in NUKnightLab/TimelineJS3).
TIMELINEJS_TOP = {"events", "title", "eras", "scale"}
TIMELINEJS_SLIDE = {
    "start_date",
    "end_date",
    "text",
    "media",
    "group",
    "display_date",
    "background",
    "autolink",
    "unique_id",
}
TIMELINEJS_DATE = {"year", "month", "day", "hour", "minute", "second", "millisecond", "display_date", "format"}
TIMELINEJS_TEXT = {"headline", "text"}


def test_timelinejs_uses_only_documented_fields_and_dates_at_their_precision(invoke) -> None:
    document = json.loads(exported(invoke, "timelinejs"))
    assert set(document) <= TIMELINEJS_TOP and "events" in document
    assert set(document["title"]) <= TIMELINEJS_SLIDE and set(document["title"]["text"]) <= TIMELINEJS_TEXT
    slides = {slide["unique_id"]: slide for slide in document["events"]}
    assert list(slides) == [e.id for e in TIMELINE.events]
    for slide in document["events"]:
        assert set(slide) <= TIMELINEJS_SLIDE
        assert set(slide["start_date"]) <= TIMELINEJS_DATE
        assert set(slide["text"]) <= TIMELINEJS_TEXT
        assert all(isinstance(v, int) for v in slide["start_date"].values())
    assert slides["korean-war-1950"]["start_date"] == {"year": 1950}
    assert slides["coi-urges-icc-referral-2014"]["start_date"] == {"year": 2014, "month": 2}
    assert slides["unsc-agenda-2014"]["start_date"] == {"year": 2014, "month": 12, "day": 22}
    assert slides["unsc-meeting-2015"]["start_date"] == {"year": 2015, "month": 12, "day": 10}
    text = slides["unsc-agenda-2014"]["text"]["text"]
    assert "<blockquote>in December 2014 the human rights situation" in text
    assert "⚠ Disputed:" in text


def test_timelinejs_escapes_html_in_data(invoke, hostile: Path) -> None:
    slide = json.loads(exported(invoke, "timelinejs"))["events"][0]
    assert "&lt;b&gt;tags&lt;/b&gt;" in slide["text"]["text"]
    assert "<b>" not in slide["text"]["text"]


def test_export_takes_a_query_and_filters(invoke) -> None:
    ids = [e["id"] for e in json.loads(exported(invoke, "json", "ICC referral"))]
    full = [
        "coi-urges-icc-referral-2014",
        "unsc-members-first-discussion-2014",
        "third-committee-2014",
        "unga-resolution-2014",
        "third-committee-2015",
        "unga-resolution-2015",
        "hrw-icc-referral-priority-2016",
        "third-committee-icc-2016",
        "accountability-experts-report-2017",
        "quintana-report-2017",
        "third-committee-2019",
    ]
    partial = [
        "coi-presented-hrc-2014",
        "hrc-resolution-2014",
        "accountability-experts-designated-2016",
        "unga-resolution-2016",
        "hrc-resolution-2024",
    ]
    assert ids == full + partial  # full matches oldest first, then the partial ones (README, search --sort date)
    for group in (full, partial):
        assert group == sorted(group, key=lambda i: TIMELINE.event(i).date.sort_key)  # date order
    assert [e["id"] for e in json.loads(exported(invoke, "json", "ICC referral", "--until", "2015"))] == [
        *full[:6],
        *partial[:2],
    ]


def test_output_file_is_written_and_reported(invoke, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    result = invoke("export", "--format", "csv", "--tag", "icc", "-o", str(target))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"Wrote 14 events to {target} (csv).\n"
    assert len(list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"), newline="")))) == 15
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temporary file left behind
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()  # a normal file, not the temporary's 0600


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_failed_export_leaves_the_old_file_untouched(invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.json"
    target.write_text("previous content", encoding="utf-8")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", broken_fsync)
    result = invoke("export", "--format", "json", "-o", str(target))
    assert (result.exit_code, result.stderr) == (2, f"Error: cannot write {target}: No space left on device\n")
    assert target.read_text(encoding="utf-8") == "previous content"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_export_to_a_missing_folder_is_an_error(invoke, tmp_path: Path) -> None:
    result = invoke("export", "-o", str(tmp_path / "no" / "such" / "x.json"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: cannot write {tmp_path / 'no' / 'such' / 'x.json'}:")


def test_unknown_format_lists_the_formats(invoke) -> None:
    result = invoke("export", "--format", "pdf")
    assert (result.exit_code, result.stderr) == (2, f"Error: --format must be one of {', '.join(FORMATS)}, got 'pdf'\n")


def test_stats_counts(invoke) -> None:
    stats = json.loads(invoke("stats", "--json").stdout)
    assert stats["events"] == len(TIMELINE.events)
    assert stats["disputed"] == sum(bool(e.disputes) for e in TIMELINE.events)
    years = [int(y) for y in stats["by_year"]]
    assert years == list(range(1950, 2026))  # no gaps: empty years count 0
    assert stats["by_year"]["1951"] == 0 and stats["by_year"]["2016"] == 13
    assert sum(stats["by_year"].values()) == stats["events"]
    assert stats["by_source"] == {s: len(TIMELINE.events_citing(s)) for s in stats["by_source"]}
    assert list(stats["by_tag"].values()) == sorted(stats["by_tag"].values(), reverse=True)


def test_stats_with_filters_and_plain_output(invoke) -> None:
    result = invoke("stats", "--since", "2024", "--tag", "sanctions")
    assert result.stdout.splitlines() == [
        "events\t6",
        "disputed\t1",
        "year\t2024\t3",
        "year\t2025\t3",
        "tag\tsanctions\t6",
        "tag\tsecurity-council\t4",
        "tag\tmilitary\t1",
        "actor\tMultilateral Sanctions Monitoring Team\t4",
        "actor\tRussia\t3",
        "actor\tUN Security Council\t3",
        "actor\tDPRK\t2",
        "actor\tPanel of Experts\t2",
        "actor\tUnited States\t2",
        "actor\tChina\t1",
        "actor\tLinda Thomas-Greenfield\t1",
        "source\tgcr2p-2025\t3",
        "source\tmsmt-statement-2025\t3",
        "source\tmiragenews-poe-disbanded\t2",
        "source\tap-2024-03-28\t1",
        "source\tchainalysis-2025-10\t1",
        "source\tdiplomatie-2024-10-18\t1",
        "source\tforeignpolicywatchdog-2025\t1",
        "source\tnewsportalnp-2024-10-16\t1",
        "source\tsc-15648\t1",
    ]
    # An open start is counted under its known end: Salmón's appointment is dated ../2022-07-25.
    lines = invoke("stats", "--since", "2022", "--until", "2022", "--tag", "special-rapporteur").stdout.splitlines()
    assert lines[:3] == ["events\t4", "disputed\t1", "year\t2022\t4"]


def test_stats_draws_a_bar_chart_on_a_terminal(invoke) -> None:
    result = invoke("stats", "--since", "2014", env={"FORCE_COLOR": "1", "COLUMNS": "120"})
    text = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    assert "Events by year" in text
    bars = {int(m[0]): len(m[2]) for m in re.findall(r"^\s*(\d{4})\s+(\d+)\s+(█+)", text, flags=re.M)}
    assert bars[2014] == 40  # the busiest year gets the full bar
    assert bars[2016] == 31 and bars[2015] == 19 and bars[2018] == 12  # 13, 8 and 5 events against 17


def test_html_export_through_the_cli(invoke, tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    result = invoke("export", "--format", "html", "--disputed", "-o", str(target))
    assert result.exit_code == 0
    page = target.read_text(encoding="utf-8")
    disputed = [e for e in TIMELINE.events if e.disputes]
    assert page.startswith("<!doctype html>")
    assert page.count('<article class="event"') == len(disputed)
    assert all(f'id="{e.id}"' in page for e in disputed)
    assert f"dprk 0.1.0, {len(disputed)} events" in page


@pytest.mark.parametrize(
    ("name", "expected"),
    [("out.csv", "id,date,precision"), ("out.MD", "# "), ("out.ics", "BEGIN:VCALENDAR"), ("out.jsonl", '{"id": ')],
)
def test_the_format_comes_from_the_output_file_name(invoke, tmp_path: Path, name: str, expected: str) -> None:
    result = invoke("export", "-o", str(tmp_path / name))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / name).read_text(encoding="utf-8-sig").startswith(expected)


@pytest.mark.parametrize(("fmt", "name"), [("json", "trap.csv"), ("csv", "out.ics"), ("markdown", "page.html")])
def test_a_format_that_contradicts_the_file_name_is_refused(invoke, tmp_path: Path, fmt: str, name: str) -> None:
    result = invoke("export", "--format", fmt, "-o", str(tmp_path / name))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: --format {fmt} does not match the file name")
    assert not (tmp_path / name).exists()


def test_dash_is_standard_output_and_an_unknown_extension_keeps_the_default(invoke, tmp_path: Path) -> None:
    result = invoke("export", "-o", "-", "-f", "csv")
    assert result.exit_code == 0
    assert result.stdout.startswith("\ufeffid,date,precision")
    assert not Path("-").exists()
    unknown = invoke("export", "-o", str(tmp_path / "out.data"))
    assert unknown.exit_code == 0
    assert json.loads((tmp_path / "out.data").read_text(encoding="utf-8"))[0]["id"]
