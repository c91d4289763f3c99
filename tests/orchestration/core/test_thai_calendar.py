"""One rule for Buddhist-Era years, in Python and in the landing SQL."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.core.thai_calendar import common_era_timestamp_sql, common_era_year


@pytest.mark.parametrize(("written", "common_era"), [(2567, 2024), (2400, 1857), (2399, 2399), (2024, 2024)])
def test_a_year_from_2400_is_buddhist_era(written: int, common_era: int) -> None:
    assert common_era_year(written) == common_era


@pytest.mark.parametrize(
    ("written", "expected"),
    [("2567-11-01 08:30:00", "2024-11-01 08:30:00"), ("2024-11-01 08:30:00", "2024-11-01 08:30:00")],
)
def test_the_sql_brings_a_buddhist_era_timestamp_back(written: str, expected: str) -> None:
    expression = common_era_timestamp_sql(f"TIMESTAMP '{written}'")
    [(value,)] = duckdb.sql(f"SELECT strftime({expression}, '%Y-%m-%d %H:%M:%S')").fetchall()
    assert value == expected
