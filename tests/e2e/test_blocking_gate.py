"""A mostly-garbage batch blocks publishing: the old snapshot stays byte for byte, `make run`'s command
exits non-zero naming the check, and an operator's reject lets the next run publish again."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import duckdb

from orchestration.cli.review import main as review_main
from tests.support.live import write_garbage_export
from tests.support.paths import BANGKOK_SAMPLE
from tests.support.platform_runs import run_cli, run_platform


def _snapshot_fingerprint(published: Path) -> dict[str, str]:
    """sha256 of every file behind the stable names, plus where `current` points."""
    fingerprint = {"current": os.readlink(published / "current")}
    for path in sorted((published / "current").resolve().rglob("*")):
        if path.is_file():
            fingerprint[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return fingerprint


def _lake_fingerprint(city_data_dir: Path) -> dict[str, str]:
    lake = city_data_dir / "lake" / "service_requests" / "observations"
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(lake.glob("*.parquet"))
    }


def test_garbage_batch_blocks_publish_and_reject_releases_the_gate(city_data_dir: Path) -> None:
    inbox = city_data_dir / "inbox" / "service_requests"
    shutil.copy(BANGKOK_SAMPLE, inbox)
    assert run_platform().success
    published = city_data_dir / "published"
    before = _snapshot_fingerprint(published)

    write_garbage_export(inbox / "garbage_2023-05-13.csv", "2023-05-13")
    completed = run_cli(city_data_dir)

    assert completed.returncode == 1, completed.stdout[-2000:]
    assert "raw_service_requests:batches_pass_raw_suite" in completed.stderr
    assert "garbage_2023-05-13.csv" in completed.stderr
    assert "expect_column_values_to_be_in_set on outcome" in completed.stderr
    assert _snapshot_fingerprint(published) == before

    lake = _lake_fingerprint(city_data_dir)
    assert review_main(["reject", "garbage_2023-05-13.csv", "--note", "broken export"]) == 0
    assert run_platform().success
    assert _lake_fingerprint(city_data_dir) == lake  # the lake is never rewritten
    assert _snapshot_fingerprint(published)["current"] != before["current"]
    with duckdb.connect(str(published / "indicators.duckdb"), read_only=True) as connection:
        rejected = connection.execute(
            "SELECT rows FROM data_quality_summary WHERE reason = 'rejected_by_operator'"
        ).fetchone()
        received = connection.execute(
            "SELECT value FROM indicator_values WHERE indicator_id = 'sr_received' AND area_id = 'ALL' "
            "AND category = 'ALL' AND period_start = DATE '2023-05-01'"
        ).fetchone()
    assert rejected == (2,)  # the two good rows of the rejected file left the indicators...
    assert received == (988,)  # ...so the counts are the Bangkok sample's alone

    # Changing one's mind restores the batch: its rows are back and no longer counted as rejected.
    assert review_main(["release", "garbage_2023-05-13.csv", "--note", "checked again: fine"]) == 0
    assert run_platform().success
    with duckdb.connect(str(published / "indicators.duckdb"), read_only=True) as connection:
        reasons = {row[0] for row in connection.execute("SELECT reason FROM data_quality_summary").fetchall()}
    assert "rejected_by_operator" not in reasons


def test_released_batch_publishes_with_its_rows(city_data_dir: Path) -> None:
    inbox = city_data_dir / "inbox" / "service_requests"
    write_garbage_export(inbox / "garbage_2023-05-13.csv", "2023-05-13")
    result = run_platform()
    assert not result.success
    assert not (city_data_dir / "published" / "current").exists()

    assert review_main(["release", "garbage_2023-05-13.csv", "--note", "known test day"]) == 0
    assert run_platform().success
    with duckdb.connect(str(city_data_dir / "published" / "indicators.duckdb"), read_only=True) as connection:
        received = connection.execute(
            "SELECT value FROM indicator_values WHERE indicator_id = 'sr_received' AND area_id = 'ALL' "
            "AND category = 'ALL'"
        ).fetchone()
    assert received == (2,)
