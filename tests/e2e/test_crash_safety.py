"""SIGKILL during ingestion, dbt and publishing: the previous snapshot stays whole and readable, and the
next run produces exactly the snapshot an uninterrupted run produces (nothing duplicated or missing)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from orchestration.core.faults import CRASH_ENV
from tests.support.paths import BANGKOK_SAMPLE, REPO_ROOT
from tests.support.platform_runs import CLI, cli_environment, run_cli

SAMPLE = REPO_ROOT / "data" / "sample" / "service_requests"
LATER_FILES = sorted(SAMPLE.glob("traffy_plk_2025-08-0*.csv"))  # a few real daily exports
TABLES = ("indicator_values", "data_quality_summary", "citizen_priorities", "areas")


def _contents(published: Path) -> dict[str, list[tuple]]:
    """Every published table's rows, values rounded past floating-point noise of parallel sums."""
    with duckdb.connect(str(published / "indicators.duckdb"), read_only=True) as connection:
        return {
            table: connection.execute(
                f"SELECT * REPLACE (round(value, 9) AS value) FROM {table} ORDER BY ALL"
                if table == "indicator_values"
                else f"SELECT * FROM {table} ORDER BY ALL"
            ).fetchall()
            for table in TABLES
        }


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with one published snapshot and new exports waiting in the inbox."""
    root = tmp_path_factory.mktemp("prepared") / "city"
    inbox = root / "inbox" / "service_requests"
    inbox.mkdir(parents=True)
    shutil.copy(BANGKOK_SAMPLE, inbox)
    assert run_cli(root).returncode == 0
    for path in LATER_FILES:
        shutil.copy(path, inbox)
    return root


def _copy_of(prepared: Path, target: Path) -> Path:
    shutil.copytree(prepared, target, symlinks=True)
    return target


@pytest.fixture(scope="module")
def uninterrupted(prepared: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple]]:
    root = _copy_of(prepared, tmp_path_factory.mktemp("reference") / "city")
    assert run_cli(root).returncode == 0
    return _contents(root / "published")


def _kill_when_dbt_runs(root: Path) -> None:
    """Start a run in its own process group and SIGKILL the group while `dbt build` is running."""
    process = subprocess.Popen(
        CLI,
        cwd=REPO_ROOT,
        env=cli_environment(root),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        found = subprocess.run(["pgrep", "-s", str(process.pid), "-f", "dbt build"], capture_output=True)
        if found.returncode == 0 and (root / "warehouse" / "warehouse.duckdb").exists():
            time.sleep(0.5)  # well inside the build
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return
        time.sleep(0.05)
    process.kill()
    raise AssertionError("dbt never started")


@pytest.mark.parametrize(
    "crash", ["ingest:before_batch_record", "dbt", "publish:before_manifest", "publish:before_activate"]
)
def test_a_killed_run_leaves_the_old_snapshot_and_the_next_run_catches_up(
    crash: str, tmp_path: Path, prepared: Path, uninterrupted: dict[str, list[tuple]]
) -> None:
    root = _copy_of(prepared, tmp_path / "city")
    published = root / "published"
    before = _contents(published)
    current_before = os.readlink(published / "current")

    if crash == "dbt":
        _kill_when_dbt_runs(root)
    else:
        killed = run_cli(root, **{CRASH_ENV: crash})
        assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]

    assert os.readlink(published / "current") == current_before
    assert _contents(published) == before  # the complete previous snapshot, readable

    assert run_cli(root).returncode == 0
    assert _contents(published) == uninterrupted
