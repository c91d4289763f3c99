"""Helpers for the tests that run the same dbt models on another engine (tests/postgres, tests/spark)
and compare them with what the DuckDB run published."""

from __future__ import annotations

import math
import os
import shutil
import subprocess
from pathlib import Path

import duckdb

from orchestration.core.paths import DBT_PROJECT_DIR, SAMPLE_DIR

SERVICE_REQUEST_MODELS = (
    "+fct_service_request_indicators",
    "+int_service_requests__observation_warnings",
    "+stg_lake__service_request_quarantine",
)
COLUMNS = (
    "indicator_id, period_start, period_grain, area_id, category, value, numerator, denominator, "
    "sample_size, ci_low, ci_high, suppressed"
)
_FLOAT_COLUMNS = {5, 6, 7, 9, 10}

# Nine daily exports across three months: enough for month roll-ups, finishes and a 30-day backlog,
# small enough that `make run` over them takes well under a minute.
EXPORT_DAYS = tuple(
    f"{month}-{day}" for month in ("2024-11", "2024-12", "2025-01") for day in ("01", "11", "21")
)


def with_sample_exports(root: Path) -> Path:
    """``root`` as a data root whose inbox holds the EXPORT_DAYS sample exports."""
    inbox = root / "inbox" / "service_requests"
    inbox.mkdir(parents=True)
    for day in EXPORT_DAYS:
        shutil.copy(SAMPLE_DIR / "service_requests" / f"traffy_plk_{day}.csv", inbox)
    return root


def run_dbt(dbt: Path, arguments: list[str], city_data_dir: Path, scratch: Path, **environment: str) -> str:
    """A dbt command against the project, from ``scratch`` (engines leave files in their working
    directory), with a target and logs of its own; returns dbt's output after asserting success."""
    finished = subprocess.run(
        [
            str(dbt),
            *arguments,
            *("--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)),
            *("--target-path", str(scratch / "target"), "--log-path", str(scratch / "logs")),
        ],
        cwd=scratch,
        env={
            "PATH": os.environ["PATH"],
            "HOME": str(scratch),
            "CITY_DATA_DIR": str(city_data_dir),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
            **environment,
        },
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout[-5000:]
    return finished.stdout


def published_service_request_rows(city_data_dir: Path) -> list[tuple]:
    """The service-request rows of `indicator_values` the DuckDB run built, sorted."""
    with duckdb.connect() as connection:
        connection.execute(f"ATTACH '{city_data_dir / 'warehouse' / 'warehouse.duckdb'}' AS run (READ_ONLY)")
        rows = connection.execute(
            f"SELECT {COLUMNS} FROM run.indicator_values WHERE starts_with(indicator_id, 'sr_')"
        ).fetchall()
    assert len({row[0] for row in rows}) == 11  # every sr_* indicator of SPEC 4 is compared
    assert any(row[0] == "sr_backlog_over_30d" and row[5] > 0 for row in rows)
    return sorted(rows)


def differing_rows(expected: list[tuple], actual: list[tuple]) -> list[tuple[tuple, tuple]]:
    """Pairs of sorted rows that differ: exactly, except floats, which may differ by 1e-12 relative
    (a sum or a percentile interpolation may round its last bit differently on each engine)."""
    assert len(actual) == len(expected) > 1000
    return [(a, b) for a, b in zip(expected, sorted(actual), strict=True) if not _same_row(a, b)]


def _same_row(left: tuple, right: tuple) -> bool:
    for index, (a, b) in enumerate(zip(left, right, strict=True)):
        if index in _FLOAT_COLUMNS and a is not None and b is not None:
            if not math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12):
                return False
        elif a != b:
            return False
    return True
