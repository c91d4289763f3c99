"""The publish asset's headline table: the city's monthly headline indicators, newest month first."""

from __future__ import annotations

from pathlib import Path

import duckdb

from orchestration.defs.publish.assets import city_headlines


def test_the_table_pivots_the_citys_monthly_headlines_newest_first(tmp_path: Path) -> None:
    database = tmp_path / "indicators.duckdb"
    with duckdb.connect(str(database)) as connection:
        connection.execute(
            "CREATE TABLE indicator_values (indicator_id VARCHAR, period_start DATE, period_grain VARCHAR, "
            "area_id VARCHAR, category VARCHAR, value DOUBLE)"
        )
        connection.execute(
            """INSERT INTO indicator_values VALUES
            ('sr_received', '2025-01-01', 'month', 'ALL', 'ALL', 10),
            ('sr_finish_rate', '2025-01-01', 'month', 'ALL', 'ALL', 0.5),
            ('sr_received', '2025-02-01', 'month', 'ALL', 'ALL', 12),
            ('sr_received', '2025-02-01', 'month', 'C01', 'ALL', 99),
            ('sr_backlog_over_30d', '2025-02-01', 'month', 'ALL', 'ALL', 7)"""
        )
    table = city_headlines(database).split("\n\n")[1].splitlines()
    header = "| month | sr_received | sr_finish_rate | sr_median_hours_to_finish | sr_satisfaction_mean |"
    assert table[0] == header
    assert table[2:] == ["| 2025-02-01 | 12.0 |  |  |  |", "| 2025-01-01 | 10.0 | 0.5 |  |  |"]
