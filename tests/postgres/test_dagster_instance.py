"""The production instance (config/dagster.postgres.yaml) on a real PostgreSQL server: `make run`'s
command materializes the platform with it, and a new instance object reads the run back from storage."""

from __future__ import annotations

import os
from collections.abc import Iterator

import dagster as dg
import duckdb
import psycopg2
import pytest
from dagster._core.storage.asset_check_execution_record import AssetCheckExecutionRecordStatus
from dagster_postgres import PostgresEventLogStorage, PostgresRunStorage, PostgresScheduleStorage

from tests.support.postgres import PlatformRun, PostgresServer

pytestmark = pytest.mark.slow


@pytest.fixture
def instance(platform_on_postgres: PlatformRun) -> Iterator[dg.DagsterInstance]:
    """The instance `dagster dev` or a run worker would open: DAGSTER_HOME plus the DAGSTER_PG_* env."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in {**platform_on_postgres.instance_env}.items():
            patch.setenv(name, value)
        patch.setenv("DAGSTER_HOME", str(platform_on_postgres.dagster_home))
        with dg.DagsterInstance.get() as opened:
            yield opened


def test_the_production_config_selects_postgres_storage_and_a_limited_queue(
    instance: dg.DagsterInstance,
) -> None:
    assert isinstance(instance.run_storage, PostgresRunStorage)
    assert isinstance(instance.event_log_storage, PostgresEventLogStorage)
    assert isinstance(instance.schedule_storage, PostgresScheduleStorage)
    assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"
    queue = instance.get_concurrency_config().run_queue_config
    assert queue is not None and queue.max_concurrent_runs == 4
    assert {limit["key"] for limit in queue.tag_concurrency_limits} == {
        "dagster/sensor_name",
        "dagster/schedule_name",
    }


def test_the_run_is_read_back_from_postgres(
    instance: dg.DagsterInstance, platform_on_postgres: PlatformRun, postgres_server: PostgresServer
) -> None:
    runs = instance.get_runs()
    assert [(run.job_name, run.status) for run in runs] == [("city_wellbeing", dg.DagsterRunStatus.SUCCESS)]
    run_id = runs[0].run_id

    published = instance.get_latest_materialization_event(dg.AssetKey("published_snapshot"))
    assert published is not None and published.run_id == run_id
    current = os.readlink(platform_on_postgres.city_data_dir / "published" / "current").split("/")[-1]
    assert published.asset_materialization.metadata["publish_id"].value == current

    gate = dg.AssetCheckKey(dg.AssetKey("indicator_values"), "publish_gate_suite")
    record = instance.event_log_storage.get_latest_asset_check_execution_by_key([gate])[gate]
    assert record.run_id == run_id and record.status == AssetCheckExecutionRecordStatus.SUCCEEDED

    # The rows are in the server itself, and nothing fell back to SQLite files under DAGSTER_HOME.
    with psycopg2.connect(postgres_server.dsn("dagster")) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT run_id, status FROM runs")
        assert cursor.fetchall() == [(run_id, "SUCCESS")]
        cursor.execute("SELECT count(*) FROM event_logs WHERE run_id = %s", [run_id])
        assert cursor.fetchone()[0] > 100
    connection.close()
    assert not list(platform_on_postgres.dagster_home.rglob("*.db"))


def test_the_publish_also_serves_the_snapshot_from_postgres(platform_on_postgres: PlatformRun) -> None:
    snapshot = platform_on_postgres.city_data_dir / "published" / "indicators.duckdb"
    with duckdb.connect(str(snapshot), read_only=True) as source:
        expected_id = source.execute("SELECT publish_id FROM snapshot_info").fetchone()[0]
        expected = sorted(
            source.execute(
                "SELECT indicator_id, period_start, area_id, category, value FROM indicator_values"
            ).fetchall()
        )
    with psycopg2.connect(platform_on_postgres.serving_dsn) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT publish_id FROM published.snapshot_info")
        assert cursor.fetchone()[0] == expected_id
        cursor.execute(
            "SELECT indicator_id, period_start, area_id, category, value FROM published.indicator_values"
        )
        served = sorted(cursor.fetchall())
    connection.close()
    assert len(served) > 1000
    assert served == expected
