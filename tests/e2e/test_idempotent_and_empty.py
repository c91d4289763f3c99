"""Running again lands nothing twice, and a data directory with no exports still publishes."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from tests.support.paths import BANGKOK_SAMPLE
from tests.support.platform_runs import run_platform

# Values are rounded: a parallel mean may differ in the last bit between runs, which is not duplication.
INDICATORS_QUERY = (
    "SELECT * REPLACE (round(value, 9) AS value) FROM indicator_values "
    "ORDER BY indicator_id, period_start, area_id, category"
)


def _published(city_data_dir: Path, query: str) -> list[tuple]:
    database = city_data_dir / "published" / "indicators.duckdb"
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(query).fetchall()


def test_the_same_export_under_another_name_changes_nothing(city_data_dir: Path) -> None:
    inbox = city_data_dir / "inbox" / "service_requests"
    shutil.copy(BANGKOK_SAMPLE, inbox)
    assert run_platform().success
    first = _published(city_data_dir, INDICATORS_QUERY)
    summary = _published(city_data_dir, "SELECT * FROM data_quality_summary ORDER BY ALL")

    shutil.copy(BANGKOK_SAMPLE, inbox / "renamed_copy.csv")
    assert run_platform().success

    assert _published(city_data_dir, INDICATORS_QUERY) == first
    assert _published(city_data_dir, "SELECT * FROM data_quality_summary ORDER BY ALL") == summary
    batches = list((city_data_dir / "lake" / "service_requests" / "batches").glob("*.json"))
    assert len(batches) == 1


def test_a_data_directory_without_exports_publishes_empty_indicators(city_data_dir: Path) -> None:
    assert run_platform().success
    assert _published(city_data_dir, "SELECT count(*) FROM indicator_values") == [(0,)]
    assert _published(city_data_dir, "SELECT count(*) FROM indicator_catalog")[0][0] > 0
    assert _published(city_data_dir, "SELECT count(*) FROM areas")[0][0] == 60
