"""Floor, pandas peer and platform publish the same sr_* values on generated data (what `make bench` checks).

A small size keeps it quick, but the data has every rule the indicators depend on: both layouts, both
timestamp forms, multi-label and unlabelled tickets, unknown labels and statuses, quarantined rows,
unassigned and out-of-country coordinates, finishes before creation, tickets still open at the end.
As in the bench, the last generated day is held back and delivered after the full run: the daily run
on top of the landed history must publish what the floor computes from every export. If any of the
implementations changes what it counts, or a daily run misses or double-counts what the new day
changed, this test fails.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import duckdb

from bench import floor, pandas_peer
from bench.compare import compare
from bench.inputs import SERVICE_REQUESTS, hold_back_last_day
from bench.platform_run import deliver, published_sr_rows
from tests.support.platform_runs import run_cli
from tests.support.scale_data import GENERATOR

SR_INDICATORS = {
    "sr_received",
    "sr_finished",
    "sr_finish_rate",
    "sr_median_hours_to_finish",
    "sr_p90_hours_to_finish",
    "sr_mean_days_to_finish",
    "sr_sla_met_rate",
    "sr_reopen_rate",
    "sr_satisfaction_mean",
    "sr_per_1000_residents",
    "sr_backlog_over_30d",
}


def _published_rows_agree(city_data_dir: Path, out: Path, peers: dict[str, ModuleType]) -> Path:
    """Run the platform as `make run` does, then compare its published sr_* rows with each peer's."""
    run = run_cli(city_data_dir)
    assert run.returncode == 0, run.stderr[-3000:]
    out.mkdir()
    platform_rows = out / "platform.parquet"
    assert published_sr_rows(city_data_dir, platform_rows) > 5_000
    published = duckdb.sql(f"SELECT DISTINCT indicator_id FROM read_parquet('{platform_rows}')").fetchall()
    assert {indicator for (indicator,) in published} == SR_INDICATORS

    for name, implementation in peers.items():
        rows = out / f"{name}.parquet"
        implementation.compute(city_data_dir / "inbox", rows)
        comparison = compare(platform_rows, rows)
        assert comparison.equal, comparison.describe("platform", name)
    return platform_rows


def test_floor_pandas_and_platform_agree_after_the_full_and_the_daily_run(
    city_data_dir: Path, tmp_path: Path
) -> None:
    generated = tmp_path / "generated"
    GENERATOR.generate(GENERATOR.ScaleSpec(tickets=8_000, responses=400, days=46), generated)
    inputs = hold_back_last_day(generated, city_data_dir / "inbox")

    full = _published_rows_agree(city_data_dir, tmp_path / "full", {"floor": floor, "pandas": pandas_peer})

    # The daily run: one more export on top of the landed history; the floor recomputes from every export.
    deliver(inputs.last_day, city_data_dir, SERVICE_REQUESTS)
    daily = _published_rows_agree(city_data_dir, tmp_path / "daily", {"floor": floor})
    assert not compare(full, daily).equal, "the last day changed no published value: nothing was tested"
