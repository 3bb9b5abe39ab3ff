"""The installed ``dprk`` script and ``python -m dprk_rights``, run as a user would, from another folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).with_name("dprk")


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DPRK_TIMELINE", "FORCE_COLOR", "TTY_COMPATIBLE")}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=False)


def test_installed_script_answers_from_any_folder(tmp_path: Path) -> None:
    assert SCRIPT.is_file(), f"the dprk script is not installed next to {sys.executable}"
    result = run([str(SCRIPT), "timeline", "--since", "2014", "--json"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    events = json.loads(result.stdout)
    assert len(events) > 20
    assert all(e["citations"] for e in events)


def test_installed_script_plain_output_and_errors(tmp_path: Path) -> None:
    result = run([str(SCRIPT), "search", "ICC referral"], cwd=tmp_path)
    assert result.returncode == 0
    assert "\x1b" not in result.stdout
    assert len(result.stdout.splitlines()[0].split("\t")) == 7  # timeline columns, full|partial, corrections
    bad = run([str(SCRIPT), "timeline", "--since", "someday"], cwd=tmp_path)
    assert (bad.returncode, bad.stderr.count("\n")) == (2, 1)
    assert "Traceback" not in bad.stderr


@pytest.mark.parametrize("args", [["--version"], ["sources"]])
def test_python_dash_m_works(tmp_path: Path, args: list[str]) -> None:
    result = run([sys.executable, "-m", "dprk_rights", *args], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--version"], "dprk 0.1.0"),
        (["--help"], "extract"),  # every command listed
        (["timeline", "--help"], "--since DATE"),
        (["--no-cache", "show", "coi-report-2014"], "id: coi-report-2014"),
        (["--data", "{data}", "validate"], ": OK: "),
        (["votes", "--json"], "["),
        (["votes", "--help"], "--body BODY"),
    ],
)
def test_the_script_answers_each_kind_of_command_line(tmp_path: Path, args: list[str], expected: str) -> None:
    """The script builds only the command asked for; help and global options still work around that."""
    from dprk_rights.files import default_timeline_path

    # A copy, without the passage files beside the shipped one: the seed sources' texts live outside the repository.
    data = tmp_path / "timeline.yaml"
    data.write_bytes(default_timeline_path().read_bytes())
    args = [a.replace("{data}", str(data)) for a in args]
    result = run([str(SCRIPT), *args], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout


@pytest.mark.parametrize(
    ("args", "status"),
    [(["search", "zzqxv"], 1), (["timeline", "--since", "someday"], 2), (["show", "no-such-event"], 2), (["stats"], 0)],
)
def test_the_script_exits_with_the_commands_status(tmp_path: Path, args: list[str], status: int) -> None:
    """The script ends the process itself once the output is flushed: the status and messages survive."""
    result = run([str(SCRIPT), *args], cwd=tmp_path)
    assert result.returncode == status, result.stderr
    assert (result.stderr != "") == (status != 0)


def test_the_script_writes_all_of_a_long_output(tmp_path: Path) -> None:
    lines = run([str(SCRIPT), "export", "--format", "jsonl"], cwd=tmp_path).stdout.splitlines()
    count = json.loads(run([str(SCRIPT), "stats", "--json"], cwd=tmp_path).stdout)["events"]
    assert len(lines) == count > 100
    assert all(json.loads(line)["id"] for line in lines)
