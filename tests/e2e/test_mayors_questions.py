"""The mayor's three questions (issue 15), each one SQL query over a published snapshot of the bundled
sample (docs/mayors_questions/), checked against figures recomputed another way:

(a) the three slowest communities for flooding complaints last quarter: at most three rows, each
    median over at least 10 finished tickets, equal to the medians recomputed with NumPy from the
    warehouse's ticket rows for the latest quarter settled 30 days before the data cut-off;
(b) city life satisfaction per quarter with its interval: the two survey waves' quarters, each interval
    around its figure and containing the unweighted mean of the quarter's answers;
(c) the poorly served priorities: top-3 priorities whose exact binomial p-value, recomputed with SciPy
    from the published counts, is under 0.05.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import numpy as np
import pytest
from scipy.stats import binom

from tests.support.paths import REPO_ROOT
from tests.support.platform_runs import run_cli

pytestmark = pytest.mark.slow

QUESTIONS = REPO_ROOT / "docs" / "mayors_questions"
MIN_TICKETS = 10
SETTLING_DAYS = 30
BANGKOK = ZoneInfo("Asia/Bangkok")


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("mayor") / "city"
    completed = run_cli(root)
    assert completed.returncode == 0, completed.stderr[-3000:]
    return root


def _ask(run: Path, question: str) -> list[tuple]:
    query = (QUESTIONS / f"{question}.sql").read_text(encoding="utf-8")
    with duckdb.connect(str(run / "published" / "indicators.duckdb"), read_only=True) as connection:
        return connection.execute(query).fetchall()


def _warehouse(run: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(run / "warehouse" / "warehouse.duckdb"), read_only=True)


def _last_settled_quarter(cutoff: dt.datetime) -> dt.date:
    """The latest quarter that ended at least SETTLING_DAYS before the cut-off (Asia/Bangkok)."""
    local = cutoff.astimezone(BANGKOK) - dt.timedelta(days=SETTLING_DAYS)
    quarter_start = dt.date(local.year, 3 * ((local.month - 1) // 3) + 1, 1)
    previous_month = quarter_start - dt.timedelta(days=1)
    return dt.date(previous_month.year, 3 * ((previous_month.month - 1) // 3) + 1, 1)


def _slowest_flooding(run: Path) -> list[tuple[str, float, int]]:
    with _warehouse(run) as connection:
        cutoff = connection.execute("SELECT latest_at FROM int_service_requests__data_cutoff").fetchone()[0]
        quarter = _last_settled_quarter(cutoff)
        rows = connection.execute(
            "SELECT tickets.area_id, tickets.hours_to_finish FROM int_service_requests__tickets AS tickets "
            "JOIN int_service_requests__categories AS bridge USING (ticket_id) "
            "WHERE bridge.category_code = 'flooding' AND tickets.hours_to_finish IS NOT NULL "
            "AND tickets.area_id <> 'unassigned' AND tickets.period_start >= ? "
            "AND tickets.period_start < ? + INTERVAL 3 MONTH",
            [quarter, quarter],
        ).fetchall()
    hours: dict[str, list[float]] = {}
    for area, value in rows:
        hours.setdefault(area, []).append(value)
    medians = [
        (area, float(np.median(values)), len(values))
        for area, values in hours.items()
        if len(values) >= MIN_TICKETS
    ]
    return sorted(medians, key=lambda item: (-item[1], item[0]))[:3]


def test_a_the_slowest_flooding_communities_last_quarter(sample_run: Path) -> None:
    answer = _ask(sample_run, "a_slowest_flooding_last_quarter")
    assert 1 <= len(answer) <= 3
    assert all(finished >= MIN_TICKETS and received >= finished for *_, finished, received in answer)
    expected = _slowest_flooding(sample_run)
    assert [(area, median, finished) for _, area, _, _, median, finished, _ in answer] == [
        (area, pytest.approx(median), finished) for area, median, finished in expected
    ]


def test_b_city_life_satisfaction_over_the_quarters(sample_run: Path) -> None:
    answer = _ask(sample_run, "b_city_life_satisfaction_by_quarter")
    with _warehouse(sample_run) as connection:
        means = dict(
            connection.execute(
                "SELECT period_start, avg(x) FROM int_survey__answers "
                "WHERE indicator_id = 'sv_life_satisfaction_mean' AND area_id <> 'unknown' GROUP BY ALL"
            ).fetchall()
        )
    assert [row[0] for row in answer] == sorted(means)
    for period, value, low, high, answers, *_ in answer:
        assert low < value < high
        assert low < means[period] < high
        assert answers > 0


def test_c_the_poorly_served_priorities(sample_run: Path) -> None:
    answer = _ask(sample_run, "c_poorly_served_priorities")
    assert answer
    for *_, rank, _, requests, finished, _, city_rate, p_value in answer:
        assert rank <= 3
        assert p_value < 0.05
        assert binom.cdf(finished, requests, city_rate) == pytest.approx(p_value, rel=1e-9)
