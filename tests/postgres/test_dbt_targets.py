"""The same dbt models on DuckDB and on PostgreSQL: the service-request models built with the `postgres`
target over the lake the DuckDB run read (loaded by orchestration.warehouse.lake_to_postgres) give the
service-request rows of the published `indicator_values` (floats to 1e-12)."""

from __future__ import annotations

import sys
from pathlib import Path

import psycopg2
import pytest

from orchestration.core.paths import CityDataPaths
from orchestration.warehouse.lake_to_postgres import load_lake
from tests.support.cross_engine import (
    COLUMNS,
    SERVICE_REQUEST_MODELS,
    differing_rows,
    published_service_request_rows,
    run_dbt,
)
from tests.support.postgres import PlatformRun, PostgresServer

pytestmark = pytest.mark.slow

DBT = Path(sys.executable).parent / "dbt"


def test_service_request_indicators_are_identical_on_duckdb_and_postgres(
    platform_on_postgres: PlatformRun, postgres_server: PostgresServer, tmp_path: Path
) -> None:
    city = platform_on_postgres.city_data_dir
    dsn = postgres_server.create_database("warehouse")
    loaded = load_lake(
        dsn, CityDataPaths(city), ("service_request_observations", "service_request_quarantine")
    )
    assert loaded["service_request_observations"] > 100

    log = run_dbt(
        DBT,
        ["build", "--indirect-selection", "cautious", "--select", *SERVICE_REQUEST_MODELS],
        city,
        tmp_path,
        CITY_DBT_TARGET="postgres",
        CITY_PG_HOST=postgres_server.host,
        CITY_PG_PORT=postgres_server.port,
        CITY_PG_USER=postgres_server.user,
        CITY_PG_PASSWORD=postgres_server.password,
        CITY_PG_DB="warehouse",
    )
    assert "ERROR=0" in log

    with psycopg2.connect(dsn) as connection, connection.cursor() as cursor:
        cursor.execute(f"SELECT {COLUMNS} FROM warehouse.fct_service_request_indicators")
        on_postgres = cursor.fetchall()
    connection.close()
    assert differing_rows(published_service_request_rows(city), on_postgres) == []
