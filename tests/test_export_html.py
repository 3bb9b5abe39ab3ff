"""The self-contained HTML page: its content and escaping, then its behaviour in headless Chromium."""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from dprk_rights import Citation, Dispute, Event, EventDate, PartialDate, Source, __version__, load_timeline
from dprk_rights.model.records import TimelineData as Timeline
from dprk_rights.output.formats.html_page import render_html
from dprk_rights.reading.terms import load_thesaurus
from dprk_rights.text import fold as cli_fold

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
NO_BROWSER = "headless Chromium not installed: apt-get install chromium chromium-driver"
NETWORK_MARKERS = ("<script src", "<link", "@import", "url(http", 'src="http', "src='http")
HOSTILE_TITLE = "<script>alert(1)</script> & [bold]"
HOSTILE_QUOTE = 'he said "stop" </blockquote><img src=x onerror=alert(2)> \x1b[31mred'
HOSTILE_ACTOR = '"><b onmouseover="alert(3)">x'


THESAURUS = load_thesaurus()


def page_for(events, timeline: Timeline) -> str:
    return render_html(
        events, timeline, title="DPRK <rights> & timeline", generated=f"dprk {__version__}, test", thesaurus=THESAURUS
    )


def text_of(value: str) -> str:
    """How data text appears in the page source."""
    return html.escape(value, quote=True)


class Articles(HTMLParser):
    """The attributes of every ``<article>`` (and of every tag) in a page, the text of each ``<blockquote>``,
    and the options of each ``<select>`` by its id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.articles: list[dict[str, str | None]] = []
        self.attributes: list[dict[str, str | None]] = []
        self.quotes: list[str] = []
        self.options: dict[str, list[tuple[str | None, str]]] = {}
        self._in_quote = False
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes.append(dict(attrs))
        if tag == "select":
            self._select = dict(attrs)["id"]
            self.options[self._select or ""] = []
        if tag == "option" and self._select is not None:
            self.options[self._select].append((dict(attrs)["value"], ""))
        if tag == "article":
            self.articles.append(dict(attrs))
        self._in_quote = self._in_quote or tag == "blockquote"
        if tag == "blockquote":
            self.quotes.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "blockquote":
            self._in_quote = False
        if tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._in_quote:
            self.quotes[-1] += data
        if self._select is not None and self.options[self._select]:
            value, text = self.options[self._select][-1]
            self.options[self._select][-1] = (value, text + data)


def parsed(page: str) -> Articles:
    parser = Articles()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def shipped() -> Timeline:
    return load_timeline()


@pytest.fixture(scope="module")
def shipped_page(shipped: Timeline) -> str:
    return page_for(shipped.events, shipped)


@pytest.fixture
def hostile() -> Timeline:
    """A timeline whose every text field tries to break out of HTML."""
    source = Source(
        id="evil",
        title="</cite><script>alert(4)</script>",
        publisher="Evil & Sons <Ltd>",
        published=PartialDate(2020, 1),
        kind="blog",
        url="javascript:alert(5)",
    )
    event = Event(
        id="hostile-event",
        date=EventDate.of(PartialDate(2020, 1, 2)),
        title=HOSTILE_TITLE,
        summary="A summary with \"double\" and 'single' quotes, [sic] and \x07 a bell.",
        citations=(Citation("evil", HOSTILE_QUOTE),),
        tags=("<tag>",),
        actors=(HOSTILE_ACTOR,),
        disputes=(Dispute("evil", "It was <em>2021</em>.", "Note & more"),),
        note="note with </article> inside",
    )
    return Timeline(sources=(source,), events=(event,))


# -- the page as text ------------------------------------------------------------


def test_page_is_html5_with_charset_language_and_viewport(shipped_page: str) -> None:
    assert shipped_page.startswith('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in shipped_page
    assert shipped_page.rstrip().endswith("</html>")
    assert "<title>DPRK &lt;rights&gt; &amp; timeline</title>" in shipped_page
    assert f"dprk {__version__}, test" in shipped_page


def test_page_shows_every_event_quote_and_dispute(shipped: Timeline, shipped_page: str) -> None:
    for event in shipped.events:
        assert text_of(event.title) in shipped_page, event.id
        assert f'<time datetime="{event.date.iso}">{event.date.human()}</time>' in shipped_page
        for citation in event.citations:
            assert text_of(citation.quote) in shipped_page, event.id
        for dispute in event.disputes:
            assert f"{dispute.source}</span> says:</strong> {text_of(dispute.claim)}" in shipped_page, event.id
            if dispute.note:
                assert text_of(dispute.note) in shipped_page, event.id
    page = parsed(shipped_page)
    assert [a["id"] for a in page.articles] == [e.id for e in shipped.events]
    assert page.quotes == [c.quote for e in shipped.events for c in e.citations]
    disputed = sum(e.disputed for e in shipped.events)
    assert shipped_page.count('<aside class="disputes"') == disputed
    assert shipped_page.count('<span class="mark"') == disputed


def test_page_has_year_options_and_count(shipped: Timeline, shipped_page: str) -> None:
    years = sorted({e.date.year for e in shipped.events})
    options = [value for value, _ in parsed(shipped_page).options["year"]]
    assert options == ["", *map(str, years)]
    assert f'id="count" role="status" aria-live="polite">{len(shipped.events)} events</p>' in shipped_page


def test_page_makes_no_network_requests(shipped_page: str) -> None:
    lowered = shipped_page.lower()
    for marker in NETWORK_MARKERS:
        assert marker not in lowered, marker
    assert lowered.count("<script") == 1
    assert "default-src 'none'" in shipped_page


def test_events_are_shown_without_javascript(shipped_page: str) -> None:
    assert all("hidden" not in article for article in parsed(shipped_page).articles)


def test_hostile_text_is_escaped(hostile: Timeline) -> None:
    page = page_for(hostile.events, hostile)
    assert "<script>alert" not in page
    assert "<img" not in page and "<b " not in page and "<em>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; [bold]" in page
    assert "he said &quot;stop&quot; &lt;/blockquote&gt;&lt;img src=x onerror=alert(2)&gt; \\x1b[31mred" in page
    assert "\x1b" not in page and "\x07" not in page and "\\x07" in page
    assert "javascript:" not in page  # a non-web address is shown, never linked
    assert page.lower().count("<script") == 1
    (article,) = parsed(page).articles
    assert article["id"] == "hostile-event"
    assert article["data-year"] == "2020"
    assert "data-text" not in article
    assert '<span class="actor">&quot;&gt;&lt;b onmouseover=&quot;alert(3)&quot;&gt;x</span>' in page
    options = parsed(page).options
    assert options["actor"] == [("", "All actors"), (HOSTILE_ACTOR, HOSTILE_ACTOR)]
    assert options["tag"] == [("", "All tags"), ("<tag>", "<tag>")]
    assert parsed(page).quotes == [HOSTILE_QUOTE.replace("\x1b", "\\x1b")]


def test_page_for_no_events(shipped: Timeline) -> None:
    page = page_for([], shipped)
    assert "<article" not in page
    assert '<option value="">All years</option></select>' in page
    assert '<option value="">All tags</option></select>' in page
    assert ">0 events</p>" in page


def test_page_repeats_no_event_text_in_attributes(shipped: Timeline, shipped_page: str) -> None:
    assert "data-text" not in shipped_page
    values = [v for attrs in parsed(shipped_page).attributes for v in attrs.values() if v]
    long_texts = {e.summary for e in shipped.events} | {c.quote for e in shipped.events for c in e.citations}
    assert not [v for v in values if v in long_texts]
    for event in shipped.events:  # each summary appears once, as the page's text
        assert shipped_page.count(f'<p class="summary">{text_of(event.summary)}</p>') >= 1


def test_page_has_tag_actor_and_disputed_filters(shipped: Timeline, shipped_page: str) -> None:
    options = parsed(shipped_page).options
    assert [v for v, _ in options["tag"]] == ["", *sorted({t for e in shipped.events for t in e.tags})]
    actors = {a for e in shipped.events for a in e.actors}
    assert [v for v, _ in options["actor"]][1:] == sorted(actors, key=lambda a: (cli_fold(a), a))
    assert options["disputed"] == [("", "All events"), ("yes", "Disputed only"), ("no", "Not disputed")]
    assert shipped_page.count('<aside class="disputes"') == sum(e.disputed for e in shipped.events)


def test_page_embeds_the_thesaurus_compactly(shipped_page: str) -> None:
    (controls,) = [a for a in parsed(shipped_page).attributes if a.get("id") == "controls"]
    groups = [group.split("|") for group in (controls["data-groups"] or "").split(";")]
    assert ["icc", "international criminal court"] in groups
    assert ["coi", "coi", "commission of inquiry"] in groups
    assert len(groups) == len(THESAURUS.groups)
    assert set((controls["data-stopwords"] or "").split()) == set(THESAURUS.stopwords)


def test_exported_page_says_when_by_what_and_from_which_data(invoke, tmp_path: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    version = invoke("--version").stdout.strip()  # dprk 0.1.0 (data: 165 events, 1a2b3c4d5e6f)
    data_version = version.partition("(data: ")[2].removesuffix(")")
    assert data_version
    result = invoke("export", "--format", "html", env=env)
    assert result.exit_code == 0, result.stderr
    line = f"Generated on 2023-11-14 by dprk {__version__} from {data_version}"
    assert f'<p class="generated">{html.escape(line)}</p>' in result.stdout
    target = tmp_path / "page.html"
    assert invoke("export", "-o", str(target), env=env).exit_code == 0
    assert target.read_text(encoding="utf-8") == result.stdout  # reproducible
    selected = invoke("export", "--format", "html", "--since", "2020", env=env).stdout
    assert "Generated on 2023-11-14" in selected
    assert f"Generated by dprk {__version__}, {selected.count('<article ')} events.</p></footer>" in selected


# -- the page in a browser -------------------------------------------------------


def fold(text: str) -> str:
    """The page script's comparison form: accents stripped, lower case."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not "\u0300" <= c <= "\u036f").lower()


def mentions(event: Event, word: str) -> bool:
    """Whether the event's searchable text (title, summary, tags, actors, note, quotes, disputes) has the word."""
    fields = [event.title, event.summary, *event.tags, *event.actors, event.note or ""]
    fields += [c.quote for c in event.citations] + [f"{d.claim} {d.note or ''}" for d in event.disputes]
    return fold(word) in fold("\n".join(fields))


@pytest.fixture
def driver(tmp_path: Path) -> Iterator[object]:
    """Headless Chromium through the system chromedriver; nothing is downloaded."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip(NO_BROWSER)
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium not installed: pip install selenium")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        "--window-size=1280,1000",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        yield browser
    finally:
        browser.quit()


def visible_ids(driver) -> set[str]:
    from selenium.webdriver.common.by import By

    return {
        el.get_attribute("id") for el in driver.find_elements(By.CSS_SELECTOR, "article.event") if el.is_displayed()
    }


def test_page_in_browser(driver, tmp_path: Path, shipped: Timeline, shipped_page: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.select import Select

    path = tmp_path / "timeline.html"
    path.write_text(shipped_page, encoding="utf-8")
    driver.get(path.as_uri())
    total = len(shipped.events)
    all_ids = {e.id for e in shipped.events}
    count = driver.find_element(By.ID, "count")
    search = driver.find_element(By.ID, "search")

    titles = driver.find_elements(By.CSS_SELECTOR, "article.event .title")
    assert len(titles) == total
    assert all(title.is_displayed() for title in titles)
    assert search.is_displayed()
    assert count.text == f"{total} of {total} events"

    search.send_keys("ICC")
    expected = {e.id for e in shipped.events if mentions(e, "ICC") or mentions(e, "International Criminal Court")}
    assert visible_ids(driver) == expected
    assert 0 < len(expected) < total
    assert count.text == f"{len(expected)} of {total} events"

    search.send_keys(" zzyzxnothing")
    assert visible_ids(driver) == set()
    assert count.text == f"0 of {total} events"
    assert driver.find_element(By.ID, "empty").is_displayed()

    search.send_keys(Keys.BACKSPACE * len(search.get_attribute("value")))
    assert visible_ids(driver) == all_ids
    year = sorted({e.date.year for e in shipped.events})[-1]
    Select(driver.find_element(By.ID, "year")).select_by_value(str(year))
    in_year = {e.id for e in shipped.events if e.date.year == year}
    assert visible_ids(driver) == in_year
    assert count.text == f"{len(in_year)} of {total} events"

    assert driver.execute_script("return performance.getEntriesByType('resource').length") == 0
    errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []

    screenshot = tmp_path / "timeline.png"
    assert driver.save_screenshot(str(screenshot))
    assert screenshot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")

    driver.set_window_size(390, 844)
    Select(driver.find_element(By.ID, "year")).select_by_value("")
    assert visible_ids(driver) == all_ids
    assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    phone = tmp_path / "timeline-phone.png"
    assert driver.save_screenshot(str(phone))
    assert phone.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_accents_and_case_are_ignored_in_browser(driver, tmp_path: Path, hostile: Timeline) -> None:
    from selenium.webdriver.common.by import By

    accented = Event(
        id="accented",
        date=EventDate.of(PartialDate(2017)),
        title="Tomás Ojea Quintana reports",
        summary="The Special Rapporteur reports.",
        citations=(Citation("evil", "a quote"),),
    )
    timeline = Timeline(sources=hostile.sources, events=(*hostile.events, accented))
    path = tmp_path / "accents.html"
    path.write_text(page_for(timeline.events, timeline), encoding="utf-8")
    driver.get(path.as_uri())
    search = driver.find_element(By.ID, "search")

    search.send_keys("TOMAS quintana")
    assert visible_ids(driver) == {"accented"}
    assert driver.find_element(By.ID, "count").text == "1 of 2 events"
    assert driver.execute_script("return document.querySelectorAll('img, b, em, script[src]').length") == 0


def cli_full_matches(invoke, query: str) -> set[str]:
    """The ids ``dprk search QUERY`` finds matching the whole query (partial hits left out)."""
    result = invoke("search", query, "--json")
    assert result.exit_code in (0, 1), result.stderr
    return {hit["id"] for hit in json.loads(result.stdout or "[]") if not hit["partial"]}


def type_query(driver, text: str) -> None:
    from selenium.webdriver.common.by import By

    search = driver.find_element(By.ID, "search")
    search.clear()
    search.send_keys(text)


#: Simple queries, each checked against what ``dprk search`` finds: acronyms, spellings, word forms,
#: names without accents, multi-word entries, stopwords, exclusions, OR, a quoted phrase, a month, a year.
QUERIES = [
    "CoI",
    "coi",
    "Commission of Inquiry",
    "commission inquiry",
    "ICC referral",
    "forced labor",
    "UNSC",
    "HRC resolution",
    "Salmon",
    "Tomás Quintana",
    "refer",
    "abductions",
    "the detention of",
    "China -Russia",
    "veto OR abstained",
    '"crimes against humanity"',
    "December",
    "2014",
    "Kim Jong-un",
]


def test_search_in_browser_matches_dprk_search(driver, tmp_path: Path, invoke, shipped: Timeline, shipped_page: str):
    from selenium.webdriver.common.by import By

    path = tmp_path / "timeline.html"
    path.write_text(shipped_page, encoding="utf-8")
    driver.get(path.as_uri())
    total = len(shipped.events)
    for query in QUERIES:
        type_query(driver, query)
        expected = cli_full_matches(invoke, query)
        assert visible_ids(driver) == expected, query
        assert driver.find_element(By.ID, "count").text == f"{len(expected)} of {total} events", query
    type_query(driver, "CoI")
    coi = visible_ids(driver)
    spelled_out = {e.id for e in shipped.events if mentions(e, "Commission of Inquiry")}
    literal = {e.id for e in shipped.events if re.search(r"\bcoi\b", fold(e.title + " " + e.summary))}
    assert spelled_out - literal and spelled_out <= coi  # "CoI" finds "Commission of Inquiry" it never names
    errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []


def test_filters_in_browser(driver, tmp_path: Path, shipped: Timeline, shipped_page: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.select import Select

    path = tmp_path / "timeline.html"
    path.write_text(shipped_page, encoding="utf-8")
    driver.get(path.as_uri())
    total = len(shipped.events)
    count = driver.find_element(By.ID, "count")
    select = {name: Select(driver.find_element(By.ID, name)) for name in ("year", "tag", "actor", "disputed")}

    select["disputed"].select_by_value("yes")
    disputed = {e.id for e in shipped.events if e.disputed}
    assert visible_ids(driver) == disputed and 0 < len(disputed) < total
    assert count.text == f"{len(disputed)} of {total} events"
    select["disputed"].select_by_value("no")
    assert visible_ids(driver) == {e.id for e in shipped.events if not e.disputed}
    select["disputed"].select_by_value("")

    select["tag"].select_by_value("security-council")
    council = {e.id for e in shipped.events if "security-council" in e.tags}
    assert visible_ids(driver) == council and 0 < len(council) < total
    select["disputed"].select_by_value("yes")
    assert visible_ids(driver) == council & disputed
    select["disputed"].select_by_value("")
    select["tag"].select_by_value("")

    actor = "UN Security Council"
    assert any(actor in e.actors for e in shipped.events)
    select["actor"].select_by_value(actor)
    named = {e.id for e in shipped.events if actor in e.actors}
    assert visible_ids(driver) == named
    type_query(driver, "China")
    assert visible_ids(driver) == {e.id for e in shipped.events if e.id in named and mentions(e, "china")}
    type_query(driver, "")
    select["actor"].select_by_value("")
    assert visible_ids(driver) == {e.id for e in shipped.events}
    assert count.text == f"{total} of {total} events"


def test_filters_and_thesaurus_with_hostile_values(driver, tmp_path: Path, hostile: Timeline) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.select import Select

    plain = Event(
        id="plain",
        date=EventDate.of(PartialDate(2014, 2)),
        title="The Commission of Inquiry reports",
        summary="Nothing hostile.",
        citations=(Citation("evil", "a quote"),),
        actors=("Commission of Inquiry",),
    )
    timeline = Timeline(sources=hostile.sources, events=(*hostile.events, plain))
    path = tmp_path / "hostile.html"
    path.write_text(page_for(timeline.events, timeline), encoding="utf-8")
    driver.get(path.as_uri())
    Select(driver.find_element(By.ID, "actor")).select_by_value(HOSTILE_ACTOR)
    assert visible_ids(driver) == {"hostile-event"}
    Select(driver.find_element(By.ID, "actor")).select_by_value("")
    Select(driver.find_element(By.ID, "tag")).select_by_value("<tag>")
    assert visible_ids(driver) == {"hostile-event"}
    Select(driver.find_element(By.ID, "tag")).select_by_value("")
    type_query(driver, "coi")
    assert visible_ids(driver) == {"plain"}
    type_query(driver, "onmouseover")  # an actor is searched as text, never run
    assert visible_ids(driver) == {"hostile-event"}
    assert driver.execute_script("return document.querySelectorAll('img, b, em, script[src]').length") == 0


def test_page_stemmer_agrees_with_sqlite_porter(shipped: Timeline) -> None:
    """The page stems words exactly as the CLI's index (SQLite FTS5 ``porter``) does, on every word of the data."""
    import shutil
    import sqlite3
    import subprocess

    from dprk_rights.output.formats import html_page

    node = shutil.which("node")
    if node is None:
        pytest.skip("node not installed")
    vocabulary: set[str] = set()
    for e in shipped.events:
        fields = [e.title, e.summary, *e.tags, *e.actors, e.note or "", *(c.quote for c in e.citations)]
        vocabulary.update(re.findall(r"[^\W_]+", fold("\n".join(fields))))
    words = sorted(vocabulary | {"caresses", "ponies", "generalization", "hopefulness", "yelling", "controll"})
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter unicode61 remove_diacritics 2')")
    db.executemany("INSERT INTO t (rowid, x) VALUES (?, ?)", enumerate(words, 1))
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    sqlite_stems = dict(db.execute("SELECT doc, term FROM v"))
    script = html_page._PORTER + (
        "\nconst ws = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "\nprocess.stdout.write(JSON.stringify(ws.map(porter)));"
    )
    run = subprocess.run([node, "-e", script], input=json.dumps(words), capture_output=True, text=True, check=True)
    page_stems = json.loads(run.stdout)
    assert len(words) > 1000
    differ = {w: (s, sqlite_stems[i]) for i, (w, s) in enumerate(zip(words, page_stems, strict=True), 1)}
    assert {w: pair for w, pair in differ.items() if pair[0] != pair[1]} == {}


def test_symbol_is_searched_in_browser(driver, tmp_path: Path, hostile: Timeline) -> None:
    resolution = Event(
        id="resolution",
        date=EventDate.of(PartialDate(2024, 4, 4)),
        title="The Council adopts a resolution",
        summary="Adopted.",
        citations=(Citation("evil", "a quote"),),
        symbol="A/HRC/RES/55/21",
    )
    timeline = Timeline(sources=hostile.sources, events=(*hostile.events, resolution))
    path = tmp_path / "symbol.html"
    path.write_text(page_for(timeline.events, timeline), encoding="utf-8")
    driver.get(path.as_uri())
    type_query(driver, "55/21")
    assert visible_ids(driver) == {"resolution"}
    type_query(driver, "symbol")  # the label is not searched
    assert visible_ids(driver) == set()
