"""Quarterly service-request figures are computed from the quarter's tickets, censored like the monthly
ones (decision 026, decision 016).

The real int_service_requests__quarterly_cells and indicator_values_quarterly models are built with dbt
on a warehouse whose input tables hold hand-made ticket rows of community PLK-C01 (population 1 074),
category flooding, data cut-off 2025-05-05 12:00 (Asia/Bangkok), data starting on 1 January 2025:

- Q1 2025, six tickets over three months: January finished in 10 h (within SLA) and 30 h (late);
  February finished in 20 h (within SLA) and one open past its SLA deadline (5 February); March one
  open whose deadline (10 May) is after the cut-off, and one finished in 50 h (late), reopened, rated 4.
  By hand: received 6, finished 4, finish rate 4/6; SLA met rate 2 / (4 finished + 1 open past its SLA)
  = 0.4 (the finished-only rate would be 0.5; the open ticket inside its SLA counts in neither);
  median of 10, 20, 30, 50 = 25 h (the mean of the monthly medians would be (20 + 20 + 50) / 3 = 30);
  90th percentile at rank 3 x 0.9 = 2.7: 30 + 0.7 x (50 - 30) = 44 h; per 1 000 residents
  6 x 1000 / 1074 = 5.5866; backlog = the March figure 3 (a stock, not the sum 6 of its months).
  The quarter ended on 1 April, 34 days before the cut-off: settled (30 days), not provisional.
- Q2 2025: one April ticket open past its 10 April deadline: SLA rate 0 / 1, provisional (not over).
- Q4 2024 has no ticket and no row.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.support.dbt_build import build_selected

# It builds two seeds and two models with dbt (about 20 s): not in the inner loop.
pytestmark = pytest.mark.slow

AREA = "PLK-C01"
# (month, is_finished, hours_to_finish, sla_met, is_reopened, star, sla_due_at)
TICKETS = [
    ("2025-01-01", True, 10.0, True, False, None, "2025-01-03 00:00:00+07"),
    ("2025-01-01", True, 30.0, False, False, None, "2025-01-04 00:00:00+07"),
    ("2025-02-01", True, 20.0, True, False, None, "2025-02-03 00:00:00+07"),
    ("2025-02-01", False, None, None, False, None, "2025-02-05 00:00:00+07"),
    ("2025-03-01", False, None, None, False, None, "2025-05-10 00:00:00+07"),
    ("2025-03-01", True, 50.0, False, True, 4, "2025-03-03 00:00:00+07"),
    ("2025-04-01", False, None, None, False, None, "2025-04-10 00:00:00+07"),
]
BACKLOG = [("2025-01-01", 1), ("2025-02-01", 2), ("2025-03-01", 3), ("2025-04-01", 4)]


def _plant(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute(
            "CREATE TABLE int_service_requests__category_rows (period_start DATE, area_id VARCHAR, "
            "category VARCHAR, is_finished BOOLEAN, hours_to_finish DOUBLE, sla_met BOOLEAN, "
            "is_reopened BOOLEAN, star INTEGER, sla_due_at TIMESTAMPTZ)"
        )
        connection.executemany(
            "INSERT INTO int_service_requests__category_rows VALUES (?, ?, 'flooding', ?, ?, ?, ?, ?, ?)",
            [(month, AREA, *rest) for month, *rest in TICKETS],
        )
        connection.execute(
            "CREATE TABLE int_service_requests__data_cutoff AS SELECT DATE '2025-01-01' AS first_month, "
            "TIMESTAMPTZ '2025-01-01 09:00:00+07' AS first_created_at, "
            "TIMESTAMPTZ '2025-05-05 12:00:00+07' AS latest_at"
        )
        connection.execute(
            "CREATE TABLE int_service_requests__monthly_backlog (period_start DATE, area_id VARCHAR, "
            "category VARCHAR, backlog BIGINT)"
        )
        connection.executemany(
            "INSERT INTO int_service_requests__monthly_backlog VALUES (?, ?, 'flooding', ?)",
            [(month, AREA, backlog) for month, backlog in BACKLOG],
        )


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], tuple]:
    root = tmp_path_factory.mktemp("quarterly")
    (root / "warehouse").mkdir()
    warehouse = root / "warehouse" / "warehouse.duckdb"
    _plant(warehouse)
    build_selected(root, ["ref_areas", "int_service_requests__quarterly_cells", "indicator_values_quarterly"])
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        rows = connection.execute(
            "SELECT indicator_id, CAST(period_start AS VARCHAR), value, numerator, denominator, "
            "sample_size, provisional, period_grain FROM indicator_values_quarterly "
            "WHERE area_id = ? AND category = 'flooding'",
            [AREA],
        ).fetchall()
    return {(indicator, period): tuple(rest) for indicator, period, *rest in rows}


def test_the_sla_rate_is_censored_at_the_cutoff(figures: dict) -> None:
    value, numerator, denominator, sample_size, *_ = figures[("sr_sla_met_rate", "2025-01-01")]
    assert (numerator, denominator, sample_size) == (2, 5, 5)
    assert value == pytest.approx(0.4)
    assert figures[("sr_sla_met_rate", "2025-04-01")][:3] == (0.0, 0.0, 1.0)


def test_quantiles_come_from_the_quarters_tickets_not_from_monthly_figures(figures: dict) -> None:
    assert figures[("sr_median_hours_to_finish", "2025-01-01")][0] == pytest.approx(25.0)
    assert figures[("sr_median_hours_to_finish", "2025-01-01")][3] == 4
    assert figures[("sr_p90_hours_to_finish", "2025-01-01")][0] == pytest.approx(44.0)
    assert figures[("sr_mean_days_to_finish", "2025-01-01")][0] == pytest.approx(110 / 4 / 24)


def test_counts_rates_and_the_backlog_stock(figures: dict) -> None:
    assert figures[("sr_received", "2025-01-01")][0] == 6
    assert figures[("sr_finish_rate", "2025-01-01")][:3] == pytest.approx((4 / 6, 4, 6))
    assert figures[("sr_reopen_rate", "2025-01-01")][0] == pytest.approx(1 / 6)
    assert figures[("sr_satisfaction_mean", "2025-01-01")][0] == 4
    assert figures[("sr_per_1000_residents", "2025-01-01")][0] == pytest.approx(6 * 1000 / 1074)
    assert figures[("sr_backlog_over_30d", "2025-01-01")][0] == 3
    assert figures[("sr_backlog_over_30d", "2025-04-01")][0] == 4


def test_every_row_is_a_quarter_and_only_quarters_with_tickets_have_rows(figures: dict) -> None:
    assert {period for _, period in figures} == {"2025-01-01", "2025-04-01"}
    assert {row[5] for row in figures.values()} == {"quarter"}


def test_a_quarter_is_provisional_until_it_has_settled(figures: dict) -> None:
    assert {row[4] for (_, period), row in figures.items() if period == "2025-01-01"} == {False}
    assert {row[4] for (_, period), row in figures.items() if period == "2025-04-01"} == {True}
