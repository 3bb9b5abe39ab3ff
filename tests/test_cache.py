"""The derived cache: built once, reused while the YAML is unchanged, rebuilt when it changes,
never trusted when damaged, safe under concurrent builds, and bypassed with --no-cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dprk_rights.store.cache import RACY_SECONDS
from tests.conftest import MINI_TIMELINE, REPO


def cache_files(home: Path) -> list[Path]:
    return sorted((home / "dprk-rights").glob("*.sqlite"))


@pytest.fixture
def home() -> Path:
    """The cache home the autouse fixture set for this test."""
    return Path(os.environ["XDG_CACHE_HOME"])


@pytest.fixture
def settled_mini(mini_path: Path) -> Path:
    """The fixture timeline, last modified long enough ago for its modification time to be trusted."""
    old = time.time() - 10 * RACY_SECONDS
    os.utime(mini_path, (old, old))
    return mini_path


def titles(invoke, *args: str) -> list[str]:
    result = invoke(*args, "timeline", "--json")
    assert result.exit_code == 0, result.stderr
    return [e["title"] for e in json.loads(result.stdout)]


@pytest.fixture
def no_parsing(monkeypatch: pytest.MonkeyPatch):
    """Call to make any further reading of the YAML (a cache build) fail the test."""

    def forbid() -> None:
        def parse(*args: object, **kwargs: object) -> None:
            raise AssertionError("the YAML was parsed again: the cache was not reused")

        monkeypatch.setattr("dprk_rights.reading.loader.stream_timeline", parse)

    return forbid


def test_cache_is_built_in_xdg_cache_home_and_reused(invoke, settled_mini: Path, home: Path, no_parsing) -> None:
    assert cache_files(home) == []
    first = titles(invoke)
    [cache] = cache_files(home)
    no_parsing()
    assert titles(invoke) == first
    assert cache_files(home) == [cache]


def test_warm_runs_never_import_yaml(settled_mini: Path, home: Path) -> None:
    env = dict(os.environ, DPRK_TIMELINE=str(settled_mini))
    run = [sys.executable, "-m", "dprk_rights", "search", "commission", "--json"]
    subprocess.run(run, env=env, check=True, capture_output=True)  # builds the cache
    blocked = "import sys; sys.modules['yaml'] = None; from dprk_rights.cli import main; sys.argv[1:] = %r; main()"
    for args in (["timeline", "--json"], ["search", "commission", "--json"], ["show", "first-event"], ["sources"]):
        result = subprocess.run(
            [sys.executable, "-c", blocked % (args,)], env=env, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr


def test_a_changed_file_is_never_served_stale(invoke, settled_mini: Path, home: Path) -> None:
    assert "A commission is created" in titles(invoke)
    status = settled_mini.stat()
    # Same size, and the old modification time put back: only the change time (and content) differ.
    edited = MINI_TIMELINE.replace("A commission is created", "A commission is CREATED")
    settled_mini.write_text(edited, encoding="utf-8")
    os.utime(settled_mini, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert settled_mini.stat().st_size == status.st_size
    assert "A commission is CREATED" in titles(invoke)


def test_touched_but_unchanged_file_reuses_the_cache(invoke, settled_mini: Path, home: Path, no_parsing) -> None:
    titles(invoke)
    [cache] = cache_files(home)
    os.utime(settled_mini)  # new modification time, same content: the hash decides
    no_parsing()
    titles(invoke)
    titles(invoke)
    assert cache_files(home) == [cache]


def test_an_invalid_edit_is_reported_and_the_old_cache_not_used(invoke, settled_mini: Path, home: Path) -> None:
    titles(invoke)
    settled_mini.write_text(MINI_TIMELINE.replace("date: 2013-03", "date: 2013-13"), encoding="utf-8")
    result = invoke("timeline")
    assert result.exit_code == 2
    assert "events[0].date: '2013-13' has no month 13" in result.stderr


@pytest.mark.parametrize(
    "damage",
    ["garbage", "truncated", "empty", "row"],
)
def test_a_damaged_cache_is_rebuilt_never_trusted(invoke, settled_mini: Path, home: Path, damage: str) -> None:
    expected = titles(invoke)
    [cache] = cache_files(home)
    data = cache.read_bytes()
    if damage == "garbage":
        cache.write_bytes(os.urandom(len(data)))
    elif damage == "truncated":
        cache.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        cache.write_bytes(b"")
    else:  # change one stored title in place, keeping the file's structure valid
        cache.write_bytes(data.replace(b"A commission is created", b"A commission is damaged"))
    assert titles(invoke) == expected
    show = invoke("show", "first-event", "--json")
    assert json.loads(show.stdout)["title"] == "A commission is created"


def test_no_cache_writes_nothing(invoke, settled_mini: Path, home: Path) -> None:
    assert titles(invoke, "--no-cache") == [
        "A commission is created",
        "A referral to the International Criminal Court is urged",
        "Markup [bold red]stays literal[/bold red] here",
    ]
    assert cache_files(home) == []


def test_an_unwritable_cache_folder_is_no_obstacle(invoke, settled_mini: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would go", encoding="utf-8")
    result = invoke("timeline", "--json", env={"XDG_CACHE_HOME": str(blocked)})
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 3


def test_concurrent_builds_are_safe(tmp_path: Path) -> None:
    """Several processes building the same cache at once all answer correctly and leave one whole cache."""
    timeline = tmp_path / "big.yaml"
    subprocess.run(
        [sys.executable, str(REPO / "bench" / "generate.py"), "2000", str(timeline)], check=True, capture_output=True
    )
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"), DPRK_TIMELINE=str(timeline))
    command = [sys.executable, "-m", "dprk_rights", "search", "forced labour", "--json", "--limit", "5"]
    processes = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(4)]
    outputs = [p.communicate(timeout=300) for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0, 0], [err for _, err in outputs]
    assert len({out for out, _ in outputs}) == 1
    assert len(json.loads(outputs[0][0])) == 5
    caches = list((tmp_path / "cache" / "dprk-rights").iterdir())
    assert [c.suffix for c in caches] == [".sqlite"]  # no temporary file left behind
    again = subprocess.run(command, env=env, capture_output=True, check=True)
    assert again.stdout == outputs[0][0]
