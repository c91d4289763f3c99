"""The same dbt models on Apache Spark: dbt-spark's `session` method runs a local PySpark (its own
environment, .venv-spark from tests/spark/spark.lock; Java on PATH) over the lake the DuckDB run read,
and the service-request rows of the published `indicator_values` come out identical.

Opt-in (`make test-spark`, which builds the environment and sets CITY_TEST_SPARK=1): starting Spark
costs a minute or two, too much for every `make test`."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import duckdb
import pytest

from orchestration.lib.paths import DBT_PROJECT_DIR
from tests.conftest import REPO_ROOT
from tests.postgres.conftest import with_sample_exports
from tests.postgres.test_dbt_targets import COLUMNS, SERVICE_REQUEST_MODELS, same_row

SPARK_DBT = REPO_ROOT / ".venv-spark" / "bin" / "dbt"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("CITY_TEST_SPARK") != "1" or not SPARK_DBT.exists(),
        reason="the Spark check runs with `make test-spark`",
    ),
]


def spark_dbt(arguments: list[str], city_data_dir: Path, scratch: Path) -> str:
    """dbt on the spark target, from a scratch directory (Spark leaves files in its working directory)."""
    environment = {
        "PATH": os.environ["PATH"],
        "HOME": str(scratch),
        "CITY_DATA_DIR": str(city_data_dir),
        "CITY_DBT_TARGET": "spark",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
    }
    finished = subprocess.run(
        [
            str(SPARK_DBT),
            *arguments,
            *("--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)),
            *("--target-path", str(scratch / "target"), "--log-path", str(scratch / "logs")),
        ],
        cwd=scratch,
        env=environment,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout[-5000:]
    return finished.stdout


def test_service_request_indicators_are_identical_on_duckdb_and_spark(tmp_path: Path) -> None:
    from tests.e2e.conftest import run_cli

    city = with_sample_exports(tmp_path / "city")
    ran = run_cli(city)
    assert ran.returncode == 0, ran.stderr[-3000:]

    scratch = tmp_path / "spark"
    scratch.mkdir()
    spark_dbt(["run-operation", "register_spark_lake"], city, scratch)
    log = spark_dbt(
        ["build", "--indirect-selection", "cautious", "--select", *SERVICE_REQUEST_MODELS], city, scratch
    )
    assert "Completed successfully" in log

    with duckdb.connect() as duck:
        duck.execute(f"ATTACH '{city / 'warehouse' / 'warehouse.duckdb'}' AS run (READ_ONLY)")
        on_duckdb = sorted(
            duck.execute(
                f"SELECT {COLUMNS} FROM run.indicator_values WHERE starts_with(indicator_id, 'sr_')"
            ).fetchall()
        )
        # Spark's managed tables are Parquet folders under spark.sql.warehouse.dir.
        table = city / "spark" / "warehouse" / "warehouse.db" / "fct_service_request_indicators"
        on_spark = sorted(duck.execute(f"SELECT {COLUMNS} FROM read_parquet('{table}/*.parquet')").fetchall())

    assert len({row[0] for row in on_duckdb}) == 11
    assert len(on_spark) == len(on_duckdb) > 1000
    assert [(a, b) for a, b in zip(on_duckdb, on_spark, strict=True) if not same_row(a, b)] == []
    assert not list(scratch.glob("derby.log")), "the Derby log belongs under CITY_DATA_DIR/spark"
