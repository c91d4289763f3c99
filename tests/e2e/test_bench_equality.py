"""Floor, pandas peer and platform publish the same sr_* values on generated data (what `make bench` checks).

A small size keeps it quick, but the data has every rule the indicators depend on: both layouts, both
timestamp forms, multi-label and unlabelled tickets, unknown labels and statuses, quarantined rows,
unassigned and out-of-country coordinates, finishes before creation, tickets still open at the end.
If any of the three implementations changes what it counts, this test fails.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from bench import floor, pandas_peer
from bench.compare import compare
from bench.platform_run import published_sr_rows
from tests.e2e.conftest import run_cli
from tests.scale_data import GENERATOR

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


def test_floor_pandas_and_platform_agree(city_data_dir: Path, tmp_path: Path) -> None:
    inbox = city_data_dir / "inbox"
    GENERATOR.generate(GENERATOR.ScaleSpec(tickets=8_000, responses=400, days=45), inbox)

    run = run_cli(city_data_dir)
    assert run.returncode == 0, run.stderr[-3000:]
    platform_rows = tmp_path / "platform.parquet"
    assert published_sr_rows(city_data_dir, platform_rows) > 5_000
    published = duckdb.sql(f"SELECT DISTINCT indicator_id FROM read_parquet('{platform_rows}')").fetchall()
    assert {indicator for (indicator,) in published} == SR_INDICATORS

    for name, implementation in (("floor", floor), ("pandas", pandas_peer)):
        rows = tmp_path / f"{name}.parquet"
        implementation.compute(inbox, rows)
        comparison = compare(platform_rows, rows)
        assert comparison.equal, comparison.describe("platform", name)
