"""Every export names the data it came from, where its format has a place for it (README, "export")."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from dprk_rights.output.formats import FORMATS

#: Formats whose body is a bare list or table of records, with no place for a header: the data
#: version is then in `dprk --version` (README says so).
NO_HEADER = {"json", "jsonl", "csv", "csl-json", "ris", "timelinejs-csv"}
WITH_HEADER = sorted(set(FORMATS) - NO_HEADER)


def data_version(invoke) -> str:
    match = re.search(r"\(data: (.+)\)$", invoke("--version").stdout.strip())
    assert match, "dprk --version names no data version"
    return match.group(1)


def test_every_format_either_carries_the_data_version_or_is_listed_as_unable() -> None:
    assert set(FORMATS) > NO_HEADER
    assert WITH_HEADER  # a format added to FORMATS lands in WITH_HEADER until it says otherwise


@pytest.mark.parametrize("fmt", WITH_HEADER)
def test_the_export_names_the_data_version(invoke, mini_path: Path, tmp_path: Path, fmt: str) -> None:
    version = data_version(invoke)
    target = tmp_path / f"export.{fmt}"
    result = invoke("export", "--format", fmt, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    if FORMATS[fmt].binary:
        with sqlite3.connect(target) as db:
            text = " ".join(str(value) for row in db.execute("SELECT * FROM export_info") for value in row)
    else:
        text = target.read_text(encoding="utf-8-sig").replace("\n ", "").replace("\\,", ",")  # unfold ICS lines
    assert version in text


def test_another_file_gives_another_version_in_the_export(invoke, mini_path: Path) -> None:
    before = invoke("export", "--format", "markdown").stdout
    mini_path.write_text(mini_path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    after = invoke("export", "--format", "markdown").stdout
    assert before.splitlines()[1] != after.splitlines()[1]
    assert data_version(invoke) in after.splitlines()[1]
