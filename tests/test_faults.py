"""Faults around the data: where -o writes, the cache under odd paths, full disks, dead writers and
missing homes, unbounded input, and standard output that fails. Each class is tried in several
variants, through the CLI runner and through the installed script."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from dprk_rights.store.cache import RACY_SECONDS
from tests.conftest import MINI_TIMELINE

SCRIPT = Path(sys.executable).with_name("dprk")
MINI_IDS = ["first-event", "second-event", "third-event"]
TEXT = "On 3 March 2014 the council met. In 2015 the commission reported.\n"


def one_error(result, start: str = "Error: ") -> str:
    """The single stderr line of a failed command (and no traceback)."""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(start), result.stderr
    return lines[0]


def ids(result) -> list[str]:
    assert result.exit_code == 0, result.stderr
    return [e["id"] for e in json.loads(result.stdout)]


@pytest.fixture
def home() -> Path:
    return Path(os.environ["XDG_CACHE_HOME"])


def caches(home: Path) -> list[str]:
    folder = home / "dprk-rights"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def built_cache(invoke, home: Path) -> Path:
    """The one cache file, built by a first run that answers correctly."""
    assert ids(invoke("timeline", "--json")) == MINI_IDS
    [name] = caches(home)
    return home / "dprk-rights" / name


@pytest.fixture
def settled(mini_path: Path) -> Path:
    old = time.time() - 10 * RACY_SECONDS
    os.utime(mini_path, (old, old))
    return mini_path


def forbid_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, building a cache (parsing the YAML) fails the test."""

    def parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the YAML was parsed again: the cache was not reused")

    monkeypatch.setattr("dprk_rights.reading.loader.stream_timeline", parse)


def script(args: list[str], env: dict[str, str] | None = None, **kwargs):
    assert SCRIPT.is_file(), f"the dprk script is not installed next to {sys.executable}"
    full_env = {k: v for k, v in os.environ.items() if k not in ("DPRK_TIMELINE", "FORCE_COLOR", "TTY_COMPATIBLE")}
    full_env.update(env or {})
    options = {"capture_output": True, "text": True, "timeout": 120, "check": False} | kwargs
    if "stdout" in kwargs or "stderr" in kwargs:
        options.pop("capture_output")
    return subprocess.run([str(SCRIPT), *args], env=full_env, **options)


# -- 1. Output targets ------------------------------------------------------------------------


def _same_file_targets(tmp_path: Path, original: Path) -> dict[str, Path]:
    hard = tmp_path / "hard-link"
    os.link(original, hard)
    soft = tmp_path / "soft-link"
    soft.symlink_to(original)
    chain = tmp_path / "link-to-link"
    chain.symlink_to(soft)
    (tmp_path / "sub").mkdir()
    return {
        "same path": original,
        "hard link": hard,
        "symbolic link": soft,
        "link to a link": chain,
        "roundabout path": tmp_path / "sub" / ".." / original.name,
    }


@pytest.mark.parametrize("kind", ["same path", "hard link", "symbolic link", "link to a link", "roundabout path"])
@pytest.mark.parametrize("fmt", ["json", "csv", "html"])
def test_export_never_overwrites_the_timeline_it_reads(invoke, mini_path: Path, tmp_path: Path, kind, fmt) -> None:
    target = _same_file_targets(tmp_path, mini_path)[kind]
    result = invoke("export", "--format", fmt, "-o", str(target))
    assert result.exit_code == 2
    assert "this command reads it" in one_error(result, f"Error: cannot write {target}: ")
    assert mini_path.read_text(encoding="utf-8") == MINI_TIMELINE
    assert target.read_text(encoding="utf-8") == MINI_TIMELINE


@pytest.mark.parametrize("kind", ["same path", "hard link", "symbolic link", "roundabout path"])
@pytest.mark.parametrize("fmt", [None, "yaml", "json"])
def test_extract_never_overwrites_the_text_it_reads(invoke, mini_path: Path, tmp_path: Path, kind, fmt) -> None:
    text = tmp_path / "alpha.txt"
    text.write_text(TEXT, encoding="utf-8")
    target = _same_file_targets(tmp_path, text)[kind]
    result = invoke("extract", str(text), "-o", str(target), *(["--format", fmt] if fmt else []))
    assert result.exit_code == 2
    one_error(result, f"Error: cannot write {target}: ")
    assert text.read_text(encoding="utf-8") == TEXT


def test_extract_never_overwrites_the_timeline_it_reads(invoke, mini_path: Path, tmp_path: Path) -> None:
    text = tmp_path / "alpha.txt"
    text.write_text(TEXT, encoding="utf-8")
    result = invoke("extract", str(text), "--format", "yaml", "-o", str(mini_path))
    assert result.exit_code == 2
    one_error(result)
    assert mini_path.read_text(encoding="utf-8") == MINI_TIMELINE


@pytest.mark.parametrize("name", ["tags.yaml", "search_terms.yaml"])
def test_export_never_overwrites_the_packaged_data_it_reads(
    invoke, mini_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    from dprk_rights import files

    # Copies stand in for the package's data, so a regression cannot damage the checkout.
    packaged = files.packaged_data_path
    copies = tmp_path / "package-data"
    copies.mkdir()
    for each in ("tags.yaml", "search_terms.yaml"):
        (copies / each).write_bytes(packaged(each).read_bytes())
    monkeypatch.setattr(files, "packaged_data_path", lambda n: copies / n if (copies / n).exists() else packaged(n))
    target = copies / name
    before = target.read_bytes()
    result = invoke("export", "-o", str(target))
    assert result.exit_code == 2
    one_error(result)
    assert target.read_bytes() == before


@pytest.mark.parametrize("existing", [False, True], ids=["new file", "existing file"])
def test_a_symbolic_link_is_followed_and_kept(invoke, mini_path: Path, tmp_path: Path, existing: bool) -> None:
    real = tmp_path / "real.csv"
    if existing:
        real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    result = invoke("export", "--format", "csv", "-o", str(link))
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8-sig").startswith("id,date,")


# Devices are reached through links in tmp_path: a regression then replaces the link, never /dev itself.


def test_a_device_is_written_through_and_stays_a_device(invoke, mini_path: Path, tmp_path: Path) -> None:
    null = tmp_path / "null"
    null.symlink_to(os.devnull)
    for args in (["export", "--format", "ics"], ["export", "--format", "markdown"]):
        result = invoke(*args, "-o", str(null))
        assert result.exit_code == 0, result.stderr
        assert result.stderr == f"Wrote 3 events to {null} ({args[-1]}).\n"
    assert null.is_symlink() and stat.S_ISCHR(os.stat(null).st_mode)


@pytest.mark.parametrize("command", ["export", "extract"])
def test_a_fifo_is_written_through_and_stays_a_fifo(invoke, mini_path: Path, tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    text = tmp_path / "alpha.txt"
    text.write_text(TEXT, encoding="utf-8")
    args = ["export", "--format", "jsonl"] if command == "export" else ["extract", str(text), "--format", "json"]
    result = invoke(*args, "-o", str(fifo))
    reader.join(timeout=60)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    lines = received[0].decode().splitlines()
    assert lines and json.loads(lines[0] if command == "export" else received[0])


@pytest.mark.parametrize("command", ["export", "extract"])
def test_a_folder_as_target_is_one_line(invoke, mini_path: Path, tmp_path: Path, command: str) -> None:
    text = tmp_path / "alpha.txt"
    text.write_text(TEXT, encoding="utf-8")
    args = ["export"] if command == "export" else ["extract", str(text), "--format", "yaml"]
    for folder in (tmp_path, Path(".")):
        result = invoke(*args, "-o", str(folder))
        assert result.exit_code == 2
        assert "is a directory" in one_error(result)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alpha.txt", "mini.yaml"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_full_device_as_target_is_one_line(invoke, mini_path: Path, tmp_path: Path) -> None:
    full = tmp_path / "full"
    full.symlink_to("/dev/full")
    result = invoke("export", "-o", str(full))
    assert result.exit_code == 2
    assert one_error(result) == f"Error: cannot write {full}: No space left on device"
    assert full.is_symlink()


def test_dev_stdout_as_target_writes_to_standard_output(mini_path: Path, tmp_path: Path) -> None:
    # /dev/fd/1 rather than /dev/stdout: it resolves inside /proc, which no regression can replace.
    result = script(["--data", str(mini_path), "export", "--format", "jsonl", "-o", "/dev/fd/1"])
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == MINI_IDS
    appended = tmp_path / "log.txt"
    appended.write_text("kept\n", encoding="utf-8")
    with appended.open("a") as out:  # `>> log.txt`: what was there stays
        result = script(["--data", str(mini_path), "export", "-f", "jsonl", "-o", "/dev/fd/1"], stdout=out)
    assert result.returncode == 0
    assert appended.read_text(encoding="utf-8").splitlines()[0] == "kept"
    assert len(appended.read_text(encoding="utf-8").splitlines()) == 4


# -- 2. The cache under faults ------------------------------------------------------------------


@pytest.mark.parametrize("odd", ["#", "?", "%", "%41", "&mode=rw", " ", "é", "a?b#c%d"])
@pytest.mark.parametrize("where", ["timeline name", "cache folder"])
def test_odd_characters_in_paths_keep_the_cache_working(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, odd: str, where: str
) -> None:
    folder = tmp_path / (f"data{odd}" if where == "cache folder" else "data")
    folder.mkdir()
    timeline = folder / (f"time{odd}line.yaml" if where == "timeline name" else "timeline.yaml")
    timeline.write_text(MINI_TIMELINE, encoding="utf-8")
    old = time.time() - 10 * RACY_SECONDS
    os.utime(timeline, (old, old))
    cache_home = tmp_path / (f"cache{odd}" if where == "cache folder" else "cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    assert ids(invoke("--data", str(timeline), "timeline", "--json")) == MINI_IDS
    assert len(caches(cache_home)) == 1
    forbid_parsing(monkeypatch)  # the second run must read the cache it built
    assert ids(invoke("--data", str(timeline), "timeline", "--json")) == MINI_IDS
    assert invoke("--data", str(timeline), "show", "first-event").exit_code == 0
    assert len(caches(cache_home)) == 1


@pytest.mark.skipif(sys.platform != "linux", reason="file names that are not UTF-8")
def test_a_file_name_that_is_not_utf8_keeps_the_cache_working(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path) + b"/caf\xe9"
    os.mkdir(folder)
    timeline = folder + b"/t\xff.yaml"
    Path(os.fsdecode(timeline)).write_text(MINI_TIMELINE, encoding="utf-8")
    env = {"XDG_CACHE_HOME": os.fsdecode(folder + b"/cache\xfe")}
    for _ in range(2):
        result = script(["--data", os.fsdecode(timeline), "timeline", "--json"], env=env)
        assert result.returncode == 0, result.stderr
        assert [e["id"] for e in json.loads(result.stdout)] == MINI_IDS
    assert len(os.listdir(folder + b"/cache\xfe/dprk-rights")) == 1


def _full_disk_at_build(monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    """Make writing the cache fail as a full disk does, at one of the steps of a build."""
    import tempfile

    real_connect, real_replace, real_mkstemp = sqlite3.connect, os.replace, tempfile.mkstemp

    def connect(target, *args, **kwargs):
        connection = real_connect(target, *args, **kwargs)
        if str(target).endswith(".tmp"):
            connection.execute("PRAGMA max_page_count = 4")  # SQLite then reports "database or disk is full"
        return connection

    def failing(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def replace(source, target, *args, **kwargs):
        if str(target).endswith(".sqlite"):
            failing()
        return real_replace(source, target, *args, **kwargs)

    def mkstemp(*args, **kwargs):
        if str(kwargs.get("suffix")) == ".tmp" and "sqlite" in str(kwargs.get("prefix")):
            failing()
        return real_mkstemp(*args, **kwargs)

    patches = {"sqlite": ("sqlite3.connect", connect), "rename": ("os.replace", replace)}
    patches["create"] = ("tempfile.mkstemp", mkstemp)
    monkeypatch.setattr(*patches[how])


@pytest.mark.parametrize("how", ["sqlite", "rename", "create"])
@pytest.mark.parametrize("args", [["timeline", "--json"], ["search", "commission", "--json"], ["show", "first-event"]])
def test_a_full_disk_answers_from_memory_with_a_note(
    invoke, settled: Path, home: Path, monkeypatch: pytest.MonkeyPatch, how: str, args: list[str]
) -> None:
    _full_disk_at_build(monkeypatch, how)
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    note = one_error(result, "Note: cannot write the cache in ")
    assert "answering without it" in note
    assert "first-event" in result.stdout
    assert [c for c in caches(home) if not c.endswith(".sqlite")] == []  # no temporary file left


@pytest.mark.parametrize("damage", ["row", "garbage", "truncated"])
def test_a_damaged_cache_in_a_read_only_folder_answers_from_memory(
    invoke, settled: Path, home: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    cache = built_cache(invoke, home)
    data = cache.read_bytes()
    damaged = {
        "row": data.replace(b"A commission is created", b"A commission is DAMAGED"),
        "garbage": os.urandom(len(data)),
        "truncated": data[: len(data) // 2],
    }[damage]
    cache.write_bytes(damaged)
    # A read-only folder (root ignores permissions, so the refusal is simulated).
    import tempfile

    real_unlink, real_mkstemp = os.unlink, tempfile.mkstemp

    def unlink(path, *args, **kwargs):
        if str(path).startswith(str(home)):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_unlink(path, *args, **kwargs)

    def mkstemp(*args, **kwargs):
        if str(kwargs.get("dir", "")).startswith(str(home)):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(os, "unlink", unlink)
    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    for _ in range(2):
        result = invoke("show", "first-event", "--json")
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["title"] == "A commission is created"
        note = one_error(result, "Note: ")
        expected = "is damaged and cannot be removed (Permission denied)" if damage == "row" else "answering without it"
        assert expected in note
    assert cache.read_bytes() == damaged


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_damaged_cache_in_a_read_only_folder_through_the_script(settled: Path, home: Path) -> None:
    env = {"DPRK_TIMELINE": str(settled)}
    assert script(["timeline"], env=env).returncode == 0
    folder = home / "dprk-rights"
    [cache] = folder.iterdir()
    cache.write_bytes(cache.read_bytes().replace(b"A commission is created", b"A commission is DAMAGED"))
    folder.chmod(0o555)
    try:
        result = script(["show", "first-event", "--json"], env=env)
    finally:
        folder.chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"] == "A commission is created"
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    "env",
    [
        {"HOME": None, "XDG_CACHE_HOME": None},
        {"HOME": "", "XDG_CACHE_HOME": None},
        {"HOME": "{tmp}/no-such-home", "XDG_CACHE_HOME": None},
        {"HOME": "{tmp}/no-such-home", "XDG_CACHE_HOME": "relative/cache"},
    ],
    ids=["unset", "empty", "missing", "relative cache folder"],
)
@pytest.mark.parametrize("no_cache", [False, True], ids=["cached", "--no-cache"])
def test_no_home_directory_still_answers(mini_path: Path, tmp_path: Path, env: dict, no_cache: bool) -> None:
    work = tmp_path / "work"
    work.mkdir()
    full_env = {k: v for k, v in os.environ.items() if k not in env}
    full_env.update({k: v.replace("{tmp}", str(tmp_path)) for k, v in env.items() if v is not None})
    full_env["DPRK_TIMELINE"] = str(mini_path)
    args = [str(SCRIPT), *(["--no-cache"] if no_cache else []), "timeline", "--json"]
    result = subprocess.run(args, env=full_env, cwd=work, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert [e["id"] for e in json.loads(result.stdout)] == MINI_IDS
    assert result.stderr == ""
    assert not (tmp_path / "no-such-home").exists()
    assert list(work.iterdir()) == []  # nothing cached relative to the working folder


def test_no_cache_never_touches_the_home_directory(invoke, mini_path: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o755)
    before = home.stat().st_mtime_ns
    for env in ({"HOME": str(home), "XDG_CACHE_HOME": ""}, {"HOME": str(home), "XDG_CACHE_HOME": str(home / "c")}):
        for args in (["timeline"], ["search", "commission"], ["show", "first-event"], ["stats"], ["export"]):
            result = invoke("--no-cache", *args, env=env)
            assert result.exit_code == 0, result.stderr
    assert list(home.iterdir()) == []
    assert home.stat().st_mtime_ns == before


_KILLED_WRITER = """
import os, sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
connection.execute("PRAGMA journal_mode = DELETE")
connection.execute("PRAGMA cache_size = 1")  # pages spill into the file before the commit
connection.execute("BEGIN")
connection.execute("UPDATE events SET data = data || ' '")
connection.execute("UPDATE meta SET value = 'x' WHERE key = 'tags'")
os._exit(9)  # killed mid-transaction
"""


@pytest.mark.parametrize("leftover", ["killed writer", "garbage journal", "garbage wal"])
def test_a_journal_left_beside_the_cache_is_harmless(
    invoke, settled: Path, home: Path, monkeypatch: pytest.MonkeyPatch, leftover: str
) -> None:
    cache = built_cache(invoke, home)
    if leftover == "killed writer":
        subprocess.run([sys.executable, "-c", _KILLED_WRITER, str(cache)], check=False, timeout=60)
        assert Path(f"{cache}-journal").exists()
    else:
        suffix = "-journal" if leftover == "garbage journal" else "-wal"
        Path(f"{cache}{suffix}").write_bytes(os.urandom(5000))
    for args in (["timeline", "--json"], ["search", "commission", "--json"], ["stats", "--json"]):
        result = invoke(*args)
        assert result.exit_code == 0, result.stderr
        assert result.stderr == ""
    assert ids(invoke("timeline", "--json")) == MINI_IDS
    assert caches(home) == [cache.name]  # the journal is gone with the rebuild
    forbid_parsing(monkeypatch)  # and the rebuilt cache is used from now on
    assert ids(invoke("timeline", "--json")) == MINI_IDS


_KILLED_BUILD = """
import os, sys
from dprk_rights.store import cache as store
store.StoreWriter.finish = lambda *args: os._exit(9)  # killed in the middle of a build
from dprk_rights.cli import main
sys.argv[1:] = ["timeline"]
main()
"""


def test_temporary_files_of_killed_builds_do_not_accumulate(settled: Path, home: Path) -> None:
    env = dict(os.environ, DPRK_TIMELINE=str(settled))
    for _ in range(3):
        subprocess.run([sys.executable, "-c", _KILLED_BUILD], env=env, check=False, timeout=120, capture_output=True)
    left = [c for c in caches(home) if c.endswith(".tmp")]
    assert left  # each killed build left its temporary file
    result = script(["timeline", "--json"], env={"DPRK_TIMELINE": str(settled)})
    assert result.returncode == 0, result.stderr
    assert [c for c in caches(home) if c.endswith(".tmp")] == []
    assert len(caches(home)) == 1


def test_stale_temporary_files_are_removed_and_live_ones_kept(invoke, settled: Path, home: Path) -> None:
    from dprk_rights.store.cache import _HOST, STALE_SECONDS

    folder = home / "dprk-rights"
    folder.mkdir(parents=True)
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(finished.stdout)
    dead = folder / f"mini-0badcafe.sqlite.{_HOST}.{dead_pid}.abc123.tmp"
    old_style = folder / "mini-0badcafe.sqlite.abc_123.tmp"
    live = folder / f"mini-0badcafe.sqlite.{_HOST}.{os.getpid()}.xyz789.tmp"
    other_host = folder / f"mini-0badcafe.sqlite.elsewhere.{dead_pid}.xyz789.tmp"
    for path in (dead, old_style, live, other_host):
        path.write_bytes(b"half a database")
    old = time.time() - 2 * STALE_SECONDS
    os.utime(old_style, (old, old))
    assert ids(invoke("timeline", "--json")) == MINI_IDS
    assert sorted(c for c in caches(home) if c.endswith(".tmp")) == sorted([live.name, other_host.name])


@pytest.mark.parametrize("data", ["/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"])
def test_a_pipe_as_timeline_is_answered_without_caching(home: Path, data: str) -> None:
    for _ in range(3):
        result = script(["--data", data, "timeline", "--json"], input=MINI_TIMELINE)
        assert result.returncode == 0, result.stderr
        assert [e["id"] for e in json.loads(result.stdout)] == MINI_IDS
    assert caches(home) == []


def test_a_fifo_as_timeline_is_answered_without_caching(invoke, tmp_path: Path, home: Path) -> None:
    fifo = tmp_path / "timeline.fifo"
    os.mkfifo(fifo)
    for _ in range(2):
        writer = threading.Thread(target=lambda: fifo.write_text(MINI_TIMELINE, encoding="utf-8"))
        writer.start()
        assert ids(invoke("--data", str(fifo), "timeline", "--json")) == MINI_IDS
        writer.join(timeout=60)
    assert caches(home) == []


# -- 3. Unbounded work --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["--data", "/dev/zero", "timeline"],
        ["--data", "/dev/zero", "search", "x"],
        ["validate", "/dev/zero"],
        ["extract", "/dev/zero"],
        ["--data", "/dev/urandom", "stats"],
    ],
)
def test_endless_devices_are_refused_not_read_whole(args: list[str]) -> None:
    import resource

    def cap_memory() -> None:  # a regression then fails with MemoryError instead of exhausting the machine
        resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))

    result = script(args, preexec_fn=cap_memory)
    assert result.returncode == 2
    assert "is a binary file" in one_error(result)


@pytest.mark.parametrize(
    ("args", "kind"),
    [(["timeline"], "timeline file"), (["validate", "{path}"], "timeline file"), (["extract", "{path}"], "text file")],
)
@pytest.mark.parametrize("source", ["file", "fifo"])
def test_input_beyond_the_maximum_is_refused(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], kind: str, source: str
) -> None:
    from dprk_rights import files

    monkeypatch.setattr(files, "MAX_BYTES", 4096)
    monkeypatch.setattr(files, "MAX_BYTES_BY_KIND", {"text file": 2048})
    content = MINI_TIMELINE + "# padding\n" * 1000 if kind == "timeline file" else TEXT * 100
    path = tmp_path / "big.txt"
    writer = None
    if source == "file":
        path.write_text(content, encoding="utf-8")
    else:
        os.mkfifo(path)

        def write() -> None:
            try:
                with path.open("w", encoding="utf-8") as out:
                    out.write(content * 100)
            except BrokenPipeError:
                pass  # the reader stopped at the limit, as it should

        writer = threading.Thread(target=write)
        writer.start()
    command = [a.replace("{path}", str(path)) for a in args]
    result = invoke(*(["--data", str(path)] if args == ["timeline"] else []), *command)
    if writer:
        writer.join(timeout=60)
    assert result.exit_code == 2
    limit = 2048 if kind == "text file" else 4096
    assert one_error(result) == f"Error: {path}: is larger than {limit} bytes, the most read as a {kind}"


def test_the_maximum_is_generous_for_real_files(invoke, mini_path: Path) -> None:
    from dprk_rights.files import MAX_BYTES, max_bytes

    assert MAX_BYTES == 256 * 1024 * 1024
    assert max_bytes("text file") >= 8 * 1024 * 1024
    assert invoke("timeline").exit_code == 0


@pytest.mark.parametrize("wanted", ["x" * 200_000, "coi-report-2014" * 10_000, "a-b" * 50_000 + "\u202e"])
@pytest.mark.parametrize("command", ["show", "sources"])
def test_a_very_long_id_is_answered_in_one_short_line(invoke, wanted: str, command: str) -> None:
    result = invoke(command, wanted)
    assert result.exit_code == 2
    line = one_error(result, f"Error: no {'event' if command == 'show' else 'source'} with id ")
    assert len(line) < 300
    assert f"({len(wanted)} characters)" in line
    assert "\u202e" not in line


@pytest.mark.parametrize(
    ("typed", "suggested"), [("coi-reprt-2014", "coi-report-2014"), ("coi-report", "coi-report-2014")]
)
def test_suggestions_still_work_for_ordinary_typos(invoke, typed: str, suggested: str) -> None:
    result = invoke("show", typed)
    assert result.exit_code == 2
    line = one_error(result)
    assert "did you mean " in line and suggested in line.split("did you mean ", 1)[1].rstrip("?").split(" or ")


def test_suggest_ids_is_bounded_in_what_it_compares() -> None:
    from dprk_rights.query.filtering import suggest_ids

    ids = [f"event-{i:06d}" for i in range(2000)] + ["coi-report-2014"]
    assert suggest_ids("coi-reprt-2014", ids) == ["coi-report-2014"]
    assert suggest_ids("q" * 1_000_000, ids) == []
    assert suggest_ids("event-00000" + "1" * 100_000, ids) == []


@pytest.mark.parametrize("command", [["timeline"], ["search", "commission"], ["search", "ICC"]])
def test_limit_zero_prints_no_events_and_succeeds(invoke, mini_path: Path, command: list[str]) -> None:
    for limit in ("0", "00"):
        plain = invoke(*command, "-n", limit)
        assert (plain.exit_code, plain.stdout, plain.stderr) == (0, "", "")
        as_json = invoke(*command, "--limit", limit, "--json")
        assert (as_json.exit_code, as_json.stdout, as_json.stderr) == (0, "[]\n", "")


@pytest.mark.parametrize("limit", [str(10**30), str(2**63), str(2**63 - 1), "9" * 400])
@pytest.mark.parametrize("command", [["timeline"], ["timeline", "--tag", "icc"], ["search", "commission OR council"]])
def test_a_huge_limit_is_no_limit(invoke, mini_path: Path, command: list[str], limit: str) -> None:
    everything = invoke(*command, "--json")
    result = invoke(*command, "--limit", limit, "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == everything.stdout


@pytest.mark.parametrize("limit", ["-1", "-100", str(-(10**30))])
@pytest.mark.parametrize("command", [["timeline"], ["search", "ICC"]])
def test_a_negative_limit_is_refused(invoke, mini_path: Path, command: list[str], limit: str) -> None:
    result = invoke(*command, f"--limit={limit}")
    assert result.exit_code == 2
    assert one_error(result) == f"Error: --limit must be 0 or more, got {limit}"


# -- 4. Output streams ----------------------------------------------------------------------------


COMMANDS_WRITING = [
    ["timeline"],
    ["timeline", "--json"],
    ["search", "ICC referral"],
    ["show", "coi-report-2014"],
    ["sources", "--json"],
    ["stats"],
    ["export", "--format", "csv"],
]


@pytest.mark.parametrize("args", COMMANDS_WRITING, ids=" ".join)
def test_closed_stdout_is_one_line(args: list[str]) -> None:
    result = subprocess.run(
        ["bash", "-c", '"$0" "$@" >&-', str(SCRIPT), *args], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 2
    assert result.stderr == "Error: cannot write to standard output (Bad file descriptor)\n"


def test_closed_stdout_does_not_stop_writing_a_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    result = subprocess.run(
        ["bash", "-c", '"$0" "$@" >&-', str(SCRIPT), "export", "-f", "csv", "-o", str(target)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert target.read_text(encoding="utf-8-sig").startswith("id,date,")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("args", COMMANDS_WRITING, ids=" ".join)
def test_a_full_disk_on_stdout_is_one_line(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = script(args, stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 2
    assert result.stderr == "Error: cannot write to standard output (No space left on device)\n"


@pytest.mark.parametrize("args", [["timeline", "--json"], ["export", "--format", "html"], ["timeline"]], ids=" ".join)
@pytest.mark.parametrize("unbuffered", ["1", ""], ids=["unbuffered", "buffered"])
def test_a_broken_pipe_ends_quietly(args: list[str], unbuffered: str) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before anything is written, like `| head -0`
    try:
        result = script(args, env={"PYTHONUNBUFFERED": unbuffered}, stdout=write_end, stderr=subprocess.PIPE)
    finally:
        os.close(write_end)
    assert result.returncode == 141
    assert result.stderr == ""


def test_a_pipe_closed_after_the_first_line_ends_quietly() -> None:
    process = subprocess.Popen(
        [str(SCRIPT), "export", "--format", "html"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # `| head -1`
    stderr = process.stderr.read()
    assert process.wait(timeout=120) in (0, 141)  # 0 when everything fitted in the pipe first
    assert stderr == b""


@pytest.mark.parametrize(
    "env",
    [
        {"PYTHONIOENCODING": "ascii"},
        {"PYTHONIOENCODING": "latin-1"},
        {"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "latin-1"},
        {"PYTHONIOENCODING": "ascii:strict", "PYTHONUTF8": "0", "LC_ALL": "C"},
    ],
    ids=["ascii", "latin-1", "C locale latin-1", "C locale ascii strict"],
)
@pytest.mark.parametrize("args", [["timeline", "--json"], ["show", "coi-report-2014"], ["export", "-f", "markdown"]])
def test_an_output_encoding_without_the_text_is_one_line(env: dict[str, str], args: list[str]) -> None:
    result = script(args, env=env)
    assert result.returncode == 2
    line = one_error(result, "Error: standard output (")
    assert "cannot show" in line and "PYTHONIOENCODING=utf-8" in line


def test_an_ascii_output_with_ascii_data_still_works(mini_path: Path) -> None:
    result = script(["--data", str(mini_path), "timeline"], env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 3
