"""The same dbt models on DuckDB and on PostgreSQL: the service-request models built with the `postgres`
target over the lake the DuckDB run read (loaded by orchestration.lib.lake_to_postgres) give the
service-request rows of the published `indicator_values` exactly (floats to 1e-12, the last bits of a
sum or an interpolation may round differently on each engine)."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import duckdb
import psycopg2
import pytest

from orchestration.lib.lake_to_postgres import load_lake
from orchestration.lib.paths import DBT_PROJECT_DIR, CityDataPaths
from tests.postgres.conftest import PlatformRun, PostgresServer

pytestmark = pytest.mark.slow

DBT = Path(sys.executable).parent / "dbt"
SERVICE_REQUEST_MODELS = (
    "+fct_service_request_indicators",
    "+int_service_requests__observation_warnings",
    "+stg_lake__service_request_quarantine",
)
COLUMNS = (
    "indicator_id, period_start, period_grain, area_id, category, value, numerator, denominator, "
    "sample_size, ci_low, ci_high, suppressed"
)
FLOAT_COLUMNS = {5, 6, 7, 9, 10}


def dbt_build_on_postgres(server: PostgresServer, city_data_dir: Path, scratch: Path) -> str:
    environment = {
        "PATH": str(DBT.parent),
        "CITY_DATA_DIR": str(city_data_dir),
        "CITY_DBT_TARGET": "postgres",
        "CITY_PG_HOST": server.host,
        "CITY_PG_PORT": server.port,
        "CITY_PG_USER": server.user,
        "CITY_PG_PASSWORD": server.password,
        "CITY_PG_DB": "warehouse",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
    }
    built = subprocess.run(
        [
            str(DBT),
            "build",
            *("--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)),
            *("--target-path", str(scratch / "target"), "--log-path", str(scratch / "logs")),
            *("--indirect-selection", "cautious", "--select", *SERVICE_REQUEST_MODELS),
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert built.returncode == 0, built.stdout[-5000:]
    return built.stdout


def same_row(left: tuple, right: tuple) -> bool:
    for index, (a, b) in enumerate(zip(left, right, strict=True)):
        if index in FLOAT_COLUMNS and a is not None and b is not None:
            if not math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12):
                return False
        elif a != b:
            return False
    return True


def test_service_request_indicators_are_identical_on_duckdb_and_postgres(
    platform_on_postgres: PlatformRun, postgres_server: PostgresServer, tmp_path: Path
) -> None:
    dsn = postgres_server.create_database("warehouse")
    loaded = load_lake(
        dsn,
        CityDataPaths(platform_on_postgres.city_data_dir),
        ("service_request_observations", "service_request_quarantine"),
    )
    assert loaded["service_request_observations"] > 100
    log = dbt_build_on_postgres(postgres_server, platform_on_postgres.city_data_dir, tmp_path)
    assert "ERROR=0" in log and "PASS=" in log

    warehouse = platform_on_postgres.city_data_dir / "warehouse" / "warehouse.duckdb"
    with duckdb.connect(str(warehouse), read_only=True) as duck:
        on_duckdb = sorted(
            duck.execute(
                f"SELECT {COLUMNS} FROM indicator_values WHERE starts_with(indicator_id, 'sr_')"
            ).fetchall()
        )
    with psycopg2.connect(dsn) as connection, connection.cursor() as cursor:
        cursor.execute(f"SELECT {COLUMNS} FROM warehouse.fct_service_request_indicators")
        on_postgres = sorted(cursor.fetchall())
    connection.close()

    assert len({row[0] for row in on_duckdb}) == 11  # every sr_* indicator of SPEC 4 is compared
    assert any(row[0] == "sr_backlog_over_30d" and row[5] > 0 for row in on_duckdb)
    assert len(on_postgres) == len(on_duckdb) > 1000
    differing = [(a, b) for a, b in zip(on_duckdb, on_postgres, strict=True) if not same_row(a, b)]
    assert differing == []
