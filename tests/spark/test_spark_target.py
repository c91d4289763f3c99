"""The same dbt models on Apache Spark: dbt-spark's `session` method runs a local PySpark (its own
environment, .venv-spark from tests/spark/spark.lock; Java on PATH) over the lake the DuckDB run read,
and the service-request rows of the published `indicator_values` come out identical.

Opt-in (`make test-spark`, which builds the environment and sets CITY_TEST_SPARK=1): starting Spark
costs a minute or two, too much for every `make test`."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from tests.support.cross_engine import (
    COLUMNS,
    SERVICE_REQUEST_MODELS,
    differing_rows,
    published_service_request_rows,
    run_dbt,
    with_sample_exports,
)
from tests.support.paths import REPO_ROOT

SPARK_DBT = REPO_ROOT / ".venv-spark" / "bin" / "dbt"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("CITY_TEST_SPARK") != "1" or not SPARK_DBT.exists(),
        reason="the Spark check runs with `make test-spark`",
    ),
]


def test_service_request_indicators_are_identical_on_duckdb_and_spark(tmp_path: Path) -> None:
    from tests.support.platform_runs import run_cli

    city = with_sample_exports(tmp_path / "city")
    ran = run_cli(city)
    assert ran.returncode == 0, ran.stderr[-3000:]

    scratch = tmp_path / "spark"
    scratch.mkdir()
    run_dbt(SPARK_DBT, ["run-operation", "register_spark_lake"], city, scratch, CITY_DBT_TARGET="spark")
    log = run_dbt(
        SPARK_DBT,
        ["build", "--indirect-selection", "cautious", "--select", *SERVICE_REQUEST_MODELS],
        city,
        scratch,
        CITY_DBT_TARGET="spark",
    )
    assert "Completed successfully" in log

    # Spark's managed tables are Parquet folders under spark.sql.warehouse.dir.
    table = city / "spark" / "warehouse" / "warehouse.db" / "fct_service_request_indicators"
    with duckdb.connect() as connection:
        on_spark = connection.execute(f"SELECT {COLUMNS} FROM read_parquet('{table}/*.parquet')").fetchall()
    assert differing_rows(published_service_request_rows(city), on_spark) == []
    assert not list(scratch.glob("derby.log")), "the Derby log belongs under CITY_DATA_DIR/spark"
