"""The snapshot comparison finds every kind of difference a refactoring could bring, and only those."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.support.paths import REPO_ROOT

SCRIPT = REPO_ROOT / "scripts" / "compare_snapshots.py"
ROWS = "VALUES ('a', 1), ('b', 2), ('b', 2)"


def _snapshot(folder: Path, *statements: str) -> Path:
    folder.mkdir()
    with duckdb.connect(str(folder / "indicators.duckdb")) as connection:
        connection.execute(f"CREATE TABLE indicator_values AS SELECT * FROM ({ROWS}) t(area, value)")
        for statement in statements:
            connection.execute(statement)
    return folder


def _compare(left: Path, right: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(left), str(right), *options], capture_output=True, text=True
    )


def test_identical_snapshots_pass(tmp_path: Path) -> None:
    result = _compare(_snapshot(tmp_path / "l"), _snapshot(tmp_path / "r"))
    assert result.returncode == 0, result.stdout
    assert "1 of 1 tables identical" in result.stdout


@pytest.mark.parametrize(
    "change",
    [
        "DELETE FROM indicator_values WHERE area = 'a'",
        "UPDATE indicator_values SET value = 3 WHERE area = 'a'",
        # One duplicate fewer: the same set of distinct rows, so only a multiset comparison sees it.
        "DELETE FROM indicator_values WHERE rowid = 2",
        "ALTER TABLE indicator_values RENAME COLUMN value TO amount",
        "CREATE TABLE scorecard AS SELECT 1 AS status",
    ],
)
def test_any_difference_fails(tmp_path: Path, change: str) -> None:
    result = _compare(_snapshot(tmp_path / "l"), _snapshot(tmp_path / "r", change))
    assert result.returncode == 1, result.stdout
    assert "tables identical" in result.stdout and ("DIFFER" in result.stdout)


def test_an_ignored_column_is_left_out(tmp_path: Path) -> None:
    left = _snapshot(tmp_path / "l", "CREATE TABLE snapshot_info AS SELECT 'p1' AS publish_id, 7 AS tables")
    right = _snapshot(tmp_path / "r", "CREATE TABLE snapshot_info AS SELECT 'p2' AS publish_id, 7 AS tables")
    assert _compare(left, right).returncode == 1
    assert _compare(left, right, "--ignore", "publish_id").returncode == 0


def test_doubles_agree_to_the_given_digits(tmp_path: Path) -> None:
    noise = "CREATE TABLE means AS SELECT 4.055170873078190::DOUBLE AS value"
    left = _snapshot(tmp_path / "l", noise)
    right = _snapshot(tmp_path / "r", "CREATE TABLE means AS SELECT 4.055170873078197::DOUBLE AS value")
    moved = _snapshot(tmp_path / "m", "CREATE TABLE means AS SELECT 4.055171::DOUBLE AS value")
    assert _compare(left, right).returncode == 0
    assert _compare(left, moved).returncode == 1
