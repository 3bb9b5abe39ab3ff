"""Shared fixtures: a small timeline in a tmp folder, a CLI runner, the source texts."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dprk_rights.cli import app

REPO = Path(__file__).resolve().parents[1]
SOURCES_DIR = REPO.parent / "shared" / "sources"
needs_sources = pytest.mark.skipif(
    not SOURCES_DIR.is_dir(), reason=f"source texts not found at {SOURCES_DIR} (../shared/sources beside the checkout)"
)

MINI_TIMELINE = textwrap.dedent(
    """\
    sources:
      - id: alpha
        title: Alpha report
        publisher: Alpha Watch
        published: 2015-06
        kind: NGO country brief
        url: https://example.org/alpha
        note: Dated by its cover.
      - id: beta
        title: Beta dispatch
        publisher: Beta News
        published: 2020
        kind: dispatch
        url: null
    events:
      - id: first-event
        date: 2013-03
        title: A commission is created
        summary: The council created a commission of inquiry.
        tags: [commission-of-inquiry]
        actors: [UN Human Rights Council]
        citations:
          - source: alpha
            quote: in March 2013 the council created a commission
      - id: second-event
        date: 2014
        title: A referral to the International Criminal Court is urged
        summary: The commission urged a referral of the situation to the ICC.
        tags: [icc, accountability]
        actors: [Commission of Inquiry, UN Security Council]
        citations:
          - source: alpha
            quote: the commission urged a referral
          - source: beta
            quote: referral to the court was urged
        disputes:
          - source: beta
            claim: This happened in 2015.
            note: Alpha dates it to 2014.
      - id: third-event
        date: 2014-12-22
        title: "Markup [bold red]stays literal[/bold red] here"
        summary: "Quote with [sic] and an escape \\x1b[31mred\\x1b[0m inside."
        tags: [security-council]
        actors: [UN Security Council]
        citations:
          - source: beta
            quote: on 22 December 2014 the council met
    """
)


@pytest.fixture
def mini_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small timeline written to a tmp file and selected through DPRK_TIMELINE."""
    path = tmp_path / "mini.yaml"
    path.write_text(MINI_TIMELINE, encoding="utf-8")
    monkeypatch.setenv("DPRK_TIMELINE", str(path))
    return path


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests start from plain (piped) output, whatever the developer's shell sets, with a cache of their own."""
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "NO_COLOR", "DPRK_TIMELINE", "COLUMNS", "DPRK_SOURCES_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner):
    """Run ``dprk ARGS...`` in-process; returns the click Result (stdout, stderr, exit_code)."""

    def run(*args: str, env: dict[str, str] | None = None):
        return runner.invoke(app, list(args), env=env, catch_exceptions=False)

    return run
