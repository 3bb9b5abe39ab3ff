"""Calendars and TimelineJS, opened by their consumers: ICS by the icalendar package, the TimelineJS
Google Sheets CSV by the csv module against the template's columns."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import pytest

from dprk_rights import load_timeline

TIMELINE = load_timeline()


def write_dates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dates: dict[str, str], published: str = "2020"
) -> Path:
    """A timeline with one event per (id, date), all cited by one source published on ``published``."""
    lines = ["sources:", f"  - {{id: s, title: S, publisher: P, published: '{published}', kind: report}}", "events:"]
    for event_id, text in dates.items():
        lines += [
            f"  - id: {event_id}",
            f"    date: '{text}'",
            f"    title: Event {event_id}",
            "    summary: Something happened.",
            "    citations: [{source: s, quote: it happened}]",
        ]
    path = tmp_path / "dates.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("DPRK_TIMELINE", str(path))
    return path


def exported(invoke, fmt: str, *args: str, env: dict[str, str] | None = None) -> str:
    result = invoke("export", "--format", fmt, *args, env=env)
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes.decode("utf-8")


def vevents(text: str) -> dict[str, icalendar.Event]:
    return {str(e["UID"]).removesuffix("@dprk-rights"): e for e in icalendar.Calendar.from_ical(text).walk("VEVENT")}


# -- ICS: reproducible ---------------------------------------------------------------


def test_ics_is_byte_identical_for_the_same_source_date_epoch(invoke, tmp_path: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    first = exported(invoke, "ics", env=env)
    target = tmp_path / "again.ics"
    assert invoke("export", "-o", str(target), env=env).exit_code == 0
    assert target.read_bytes() == first.encode("utf-8")
    stamps = set(re.findall(r"^DTSTAMP:(.*)\r$", first, flags=re.M))
    assert stamps == {"20231114T221320Z"}
    events = vevents(first)
    assert len(events) == len(TIMELINE.events)
    assert {e.decoded("DTSTAMP") for e in events.values()} == {datetime.fromtimestamp(1700000000, UTC)}


def test_ics_changes_only_its_stamp_with_another_source_date_epoch(invoke) -> None:
    one = exported(invoke, "ics", env={"SOURCE_DATE_EPOCH": "0"})
    other = exported(invoke, "ics", env={"SOURCE_DATE_EPOCH": "2000000000"})
    assert one != other
    assert set(re.findall(r"^DTSTAMP:(.*)\r$", one, flags=re.M)) == {"19700101T000000Z"}
    assert re.sub(r"DTSTAMP:.*", "", one) == re.sub(r"DTSTAMP:.*", "", other)


@pytest.mark.parametrize("value", ["soon", "-5", "1.5"])
def test_ics_refuses_a_bad_source_date_epoch(invoke, value: str) -> None:
    result = invoke("export", "--format", "ics", env={"SOURCE_DATE_EPOCH": value})
    assert result.exit_code == 2
    assert "SOURCE_DATE_EPOCH" in result.stderr and "Traceback" not in result.stderr


# -- ICS: dates drawn as what they are --------------------------------------------------

DATES = {
    "year": "2014",
    "month": "2014-02",
    "day": "2014-12-22",
    "about-year": "2014~",
    "maybe-month": "2016-03?",
    "about-day": "2015-07-01~",
    "years": "1950/1953",
    "months": "2013-05/2014-02",
    "days": "2019-03-18/2019-03-22",
    "until-month": "../2024-10",
    "until-day": "../2013-02-06",
    "since-day": "2019-08-26/..",
    "since-month": "2019-05/..",
}


def test_ics_draws_each_precision_as_what_it_is(invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_dates(tmp_path, monkeypatch, DATES, published="2021-06")
    events = vevents(exported(invoke, "ics"))
    drawn = {
        key: (e.decoded("DTSTART"), e.decoded("DTEND"), str(e["SUMMARY"]), str(e["DESCRIPTION"]).split("\n")[0])
        for key, e in events.items()
    }
    one_day = {
        # id: (the one day shown, the label its SUMMARY and DESCRIPTION start with)
        "year": (date(2014, 1, 1), "2014 (year only)"),
        "month": (date(2014, 2, 1), "Feb 2014 (month only)"),
        "about-year": (date(2014, 1, 1), "c. 2014 (year only)"),
        "maybe-month": (date(2016, 3, 1), "Mar 2016? (month only)"),
        "about-day": (date(2015, 7, 1), "c. 1 Jul 2015"),
        "until-month": (date(2024, 10, 1), "until Oct 2024 (month only)"),
        "until-day": (date(2013, 2, 6), "until 6 Feb 2013"),
    }
    for key, (day, label) in one_day.items():
        start, end, summary, first_line = drawn[key]
        assert (start, (end - start).days) == (day, 1), key
        assert summary == f"{label}: Event {key}", key
        assert first_line.startswith(f"Date: {label}."), key
    assert "shown on its first day, 1 Jan 2014" in drawn["year"][3]
    assert "The sources give no day" in drawn["month"][3]
    assert "no start" in drawn["until-month"][3]
    # A plain day has nothing to explain.
    assert drawn["day"] == (date(2014, 12, 22), date(2014, 12, 23), "Event day", "Something happened.")
    # Intervals keep their span, DTEND the day after the last.
    assert drawn["years"][:3] == (date(1950, 1, 1), date(1954, 1, 1), "1950 to 1953: Event years")
    assert drawn["months"][:3] == (date(2013, 5, 1), date(2014, 3, 1), "May 2013 to Feb 2014: Event months")
    assert drawn["days"][:3] == (date(2019, 3, 18), date(2019, 3, 23), "18 Mar 2019 to 22 Mar 2019: Event days")
    # An open end runs to the latest publication among its sources.
    assert drawn["since-day"][:2] == (date(2019, 8, 26), date(2021, 7, 1))
    assert "shown through Jun 2021" in drawn["since-day"][3]
    assert drawn["since-month"][:2] == (date(2019, 5, 1), date(2021, 7, 1))
    # No entry covers a day just because its date is vague: every one-day entry is one day.
    assert all(e.decoded("DTEND") > e.decoded("DTSTART") for e in events.values())
    assert {str(e["TRANSP"]) for e in events.values()} == {"TRANSPARENT"}


def test_ics_open_end_without_a_later_source_is_one_day(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_dates(tmp_path, monkeypatch, {"since": "2023-08/..", "since-year": "2023/.."}, published="2023-08")
    events = vevents(exported(invoke, "ics"))
    since = events["since"]
    assert (since.decoded("DTSTART"), since.decoded("DTEND")) == (date(2023, 8, 1), date(2023, 8, 2))
    assert str(since["SUMMARY"]) == "since Aug 2023 (month only): Event since"
    assert "no citing source is dated after its start" in str(since["DESCRIPTION"])
    year = events["since-year"]
    assert (year.decoded("DTSTART"), year.decoded("DTEND")) == (date(2023, 1, 1), date(2023, 1, 2))
    assert str(year["SUMMARY"]).startswith("since 2023 (year only): ")


def test_ics_shipped_year_and_month_events_are_single_days(invoke) -> None:
    events = vevents(exported(invoke, "ics"))
    single = [e for e in TIMELINE.events if not e.date.is_interval]
    assert single
    for event in single:
        entry = events[event.id]
        start, end = entry.decoded("DTSTART"), entry.decoded("DTEND")
        assert (end - start).days == 1, event.id
        assert start == event.date.known.start, event.id
        if event.date.precision != "day":
            assert f"{event.date.human()} ({event.date.precision} only)" in str(entry["SUMMARY"]), event.id


# -- TimelineJS: groups, and the Google Sheets template ---------------------------------

#: The columns of Knight Lab's TimelineJS Google Sheets template, in order (as in TimelineJS3's sample
#: sheets, src/js/core/__tests__/women_in_computing.csv; its reader fetches the range A1:R1000).
TEMPLATE = [
    "Year",
    "Month",
    "Day",
    "Time",
    "End Year",
    "End Month",
    "End Day",
    "End Time",
    "Display Date",
    "Headline",
    "Text",
    "Media",
    "Media Credit",
    "Media Caption",
    "Media Thumbnail",
    "Type",
    "Group",
    "Background",
]
GROUPS = {"General Assembly", "Human Rights Council", "Commission on Human Rights", "Security Council", "Other"}


def sheet_rows(text: str) -> list[dict[str, str]]:
    assert not text.startswith("\ufeff")  # the first header must be exactly "Year"
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    assert header == TEMPLATE
    rows = list(reader)
    assert all(len(row) == len(TEMPLATE) for row in rows)
    return [dict(zip(TEMPLATE, row, strict=True)) for row in rows]


def test_timelinejs_groups_slides_by_un_body(invoke) -> None:
    slides = {s["unique_id"]: s for s in json.loads(exported(invoke, "timelinejs"))["events"]}
    assert {s["group"] for s in slides.values()} == GROUPS
    assert slides["unsc-agenda-2014"]["group"] == "Security Council"  # by its tag
    assert slides["unga-resolution-2014"]["group"] == "General Assembly"  # by its symbol A/RES/69/188
    assert slides["hrc-resolution-2014"]["group"] == "Human Rights Council"
    assert slides["chr-resolution-2003"]["group"] == "Commission on Human Rights"
    assert slides["korean-war-1950"]["group"] == "Security Council"


def test_timelinejs_csv_has_exactly_the_template_columns_and_one_row_per_event(invoke) -> None:
    text = exported(invoke, "timelinejs-csv")
    assert text.startswith(",".join(TEMPLATE) + "\r\n")
    rows = sheet_rows(text)
    assert len(rows) == len(TIMELINE.events)
    slides = json.loads(exported(invoke, "timelinejs"))["events"]
    for row, slide, event in zip(rows, slides, TIMELINE.events, strict=True):
        start = slide["start_date"]
        assert (row["Year"], row["Month"], row["Day"]) == tuple(str(start.get(k, "")) for k in ("year", "month", "day"))
        end = slide.get("end_date", {})
        assert (row["End Year"], row["End Month"], row["End Day"]) == tuple(
            str(end.get(k, "")) for k in ("year", "month", "day")
        )
        assert row["Headline"] == slide["text"]["headline"] == html.escape(event.title)
        assert row["Text"] == slide["text"]["text"]
        assert row["Display Date"] == html.escape(event.date.human())
        assert row["Group"] == slide["group"] in GROUPS
        assert row["Time"] == row["End Time"] == row["Type"] == row["Media"] == row["Background"] == ""


def test_timelinejs_csv_dates_at_their_precision(invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_dates(tmp_path, monkeypatch, DATES, published="2021-06")
    rows = {row["Headline"].removeprefix("Event "): row for row in sheet_rows(exported(invoke, "timelinejs-csv"))}
    cells = {key: tuple(row[c] for c in TEMPLATE[:8]) for key, row in rows.items()}
    assert cells["year"] == ("2014", "", "", "", "", "", "", "")
    assert cells["month"] == ("2014", "2", "", "", "", "", "", "")
    assert cells["day"] == ("2014", "12", "22", "", "", "", "", "")
    assert cells["about-year"] == ("2014", "", "", "", "", "", "", "")
    assert rows["about-year"]["Display Date"] == "c. 2014"
    assert cells["years"] == ("1950", "", "", "", "1953", "", "", "")
    assert cells["months"] == ("2013", "5", "", "", "2014", "2", "", "")
    assert cells["days"] == ("2019", "3", "18", "", "2019", "3", "22", "")
    assert cells["until-month"] == ("2024", "10", "", "", "", "", "", "")  # an open start: its stated end only
    assert rows["until-month"]["Display Date"] == "until Oct 2024"
    assert cells["since-day"] == ("2019", "8", "26", "", "2021", "6", "", "")  # through the latest source
    assert rows["since-day"]["Group"] == "Other"


HOSTILE = """\
sources:
  - {id: evil, title: "=cmd|' /C calc'!A0", publisher: "@SUM(1)", published: 2020-02, kind: dispatch}
events:
  - id: evil-event
    date: 2020-02
    title: "=HYPERLINK(\\"http://evil.example\\"), <b>bold</b>, a \\"quote\\""
    summary: "-1+1 line one,\\nline two"
    symbol: S/RES/1/2
    citations:
      - {source: evil, quote: "+quote <script>alert(1)</script>"}
  - id: minus-event
    date: 2020-03
    title: "-2 and @3"
    summary: "fine"
    citations:
      - {source: evil, quote: q}
"""


def test_timelinejs_csv_is_escaped_and_never_a_formula(invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    monkeypatch.setenv("DPRK_TIMELINE", str(path))
    rows = sheet_rows(exported(invoke, "timelinejs-csv"))
    assert len(rows) == 2
    for row in rows:
        for column, cell in row.items():
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r", "\n"), (column, cell)
    evil, minus = rows
    assert (
        evil["Headline"]
        == "&#61;HYPERLINK(&quot;http://evil.example&quot;), &lt;b&gt;bold&lt;/b&gt;, a &quot;quote&quot;"
    )
    assert html.unescape(evil["Headline"]) == '=HYPERLINK("http://evil.example"), <b>bold</b>, a "quote"'
    assert "<script>" not in evil["Text"] and "&lt;script&gt;" in evil["Text"]
    assert evil["Group"] == "Security Council"
    assert html.unescape(minus["Headline"]) == "-2 and @3"


def test_timelinejs_csv_goes_to_a_csv_file_and_csv_keeps_its_extension(invoke, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    result = invoke("export", "--format", "timelinejs-csv", "-o", str(sheet))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Wrote {len(TIMELINE.events)} events to {sheet} (timelinejs-csv).\n"
    assert sheet.read_text(encoding="utf-8").startswith("Year,Month,Day,")
    plain = tmp_path / "plain.csv"
    assert invoke("export", "-o", str(plain)).exit_code == 0
    assert plain.read_text(encoding="utf-8-sig").startswith("id,date,precision")
    refused = invoke("export", "--format", "timelinejs", "-o", str(tmp_path / "slides.csv"))
    assert refused.exit_code == 2 and "does not match" in refused.stderr


def test_timelinejs_csv_of_no_events_is_the_header(invoke) -> None:
    text = exported(invoke, "timelinejs-csv", "--since", "2099")
    assert sheet_rows(text) == []
