"""The well-being index (issue 5) equals a computation done by hand, for two communities.

The real dbt models (wellbeing_components, fct_wellbeing_index) and the real method seeds run against
a warehouse whose indicator tables hold a small, hand-written quarter for three communities; the
third one sets the ranges and shows a community without an index. Every figure below is worked out
in the comments from the method in docs/decisions/006-wellbeing-index.md, not from the SQL.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import duckdb
import pytest

from orchestration.defs.transform.project import DBT_EXECUTABLE
from orchestration.lib.paths import DBT_PROJECT_DIR

# It builds the real seeds and models with dbt (about 30 s): not in the inner loop.
pytestmark = pytest.mark.slow

QUARTER = "2025-01-01"
C01, C02, C03 = "PLK-C01", "PLK-C02", "PLK-C03"

# Quarterly survey estimates: (indicator, area, value, respondents); None = a suppressed cell.
SURVEY = [
    ("sv_life_satisfaction_mean", C01, 6.0, 20),  # range 6..8: C01 0, C02 10, C03 5
    ("sv_life_satisfaction_mean", C02, 8.0, 30),
    ("sv_life_satisfaction_mean", C03, 7.0, 25),
    ("sv_good_health_rate", C01, 0.6, 20),  # range 0.5..0.7: C01 5, C02 0, C03 10
    ("sv_good_health_rate", C02, 0.5, 30),
    ("sv_good_health_rate", C03, 0.7, 25),
    ("sv_feel_safe_night_rate", C01, 0.8, 20),  # range 0.4..0.8: C01 10, C02 0, C03 5
    ("sv_feel_safe_night_rate", C02, 0.4, 30),
    ("sv_feel_safe_night_rate", C03, 0.6, 25),
    ("sv_environment_satisfied_rate", C01, 0.5, 20),  # range 0.5..0.7: C01 0, C02 10
    ("sv_environment_satisfied_rate", C02, 0.7, 30),
    ("sv_environment_satisfied_rate", C03, None, None),  # suppressed: C03 has no environment score
    ("sv_service_satisfied_rate", C01, 0.4, 20),  # range 0.4..0.6: C01 0, C02 10, C03 5
    ("sv_service_satisfied_rate", C02, 0.6, 30),
    ("sv_service_satisfied_rate", C03, 0.5, 25),
    ("sv_service_satisfied_rate", "ALL", 0.1, 900),  # the city is not a community: ignored
]

# Monthly service-request values: (indicator, month, area, category, value, tickets).
SERVICE_REQUESTS = [
    # Finish rate pooled by tickets: C01 (0.5 x 4 + 1.0 x 4) / 8 = 0.75; range 0.6..0.9:
    # C01 10 x (0.75 - 0.6) / 0.3 = 5, C02 10, C03 0.
    ("sr_finish_rate", "2025-01-01", C01, "ALL", 0.5, 4),
    ("sr_finish_rate", "2025-02-01", C01, "ALL", 1.0, 4),
    ("sr_finish_rate", "2025-03-01", C02, "ALL", 0.9, 10),
    ("sr_finish_rate", "2025-01-01", C03, "ALL", 0.6, 10),
    ("sr_finish_rate", "2025-02-01", C01, "road", 0.0, 50),  # a category row: ignored
    ("sr_finish_rate", "2025-01-01", "unassigned", "ALL", 0.0, 40),  # not a community: ignored
    # The same everywhere: it cannot tell communities apart, so it is left out for all.
    ("sr_sla_met_rate", "2025-01-01", C01, "ALL", 0.8, 10),
    ("sr_sla_met_rate", "2025-01-01", C02, "ALL", 0.8, 10),
    ("sr_sla_met_rate", "2025-01-01", C03, "ALL", 0.8, 10),
    # Lower is better, range 2..4: C01 10 x (4 - 2) / 2 = 10, C02 0, C03 5.
    ("sr_mean_days_to_finish", "2025-01-01", C01, "ALL", 2.0, 8),
    ("sr_mean_days_to_finish", "2025-02-01", C02, "ALL", 4.0, 10),
    ("sr_mean_days_to_finish", "2025-03-01", C03, "ALL", 3.0, 10),
    # C01 rests on 2 ratings, under the method's minimum of 5: left out. Range 3..4: C02 0, C03 10.
    ("sr_satisfaction_mean", "2025-01-01", C01, "ALL", 4.5, 2),
    ("sr_satisfaction_mean", "2025-01-01", C02, "ALL", 3.0, 6),
    ("sr_satisfaction_mean", "2025-01-01", C03, "ALL", 4.0, 6),
    ("sr_received", "2025-01-01", C01, "ALL", 8.0, 8),  # not a component: ignored
]

# By hand, dimension = mean of its used scores, index = mean of the four dimensions:
# C01 people (0 + 5) / 2 = 2.5, living 10, environment 0, governance (service 0 + finish 5 + days 10) / 3
#     = 5; index (2.5 + 10 + 0 + 5) / 4 = 4.375 over 2 + 1 + 1 + 3 = 7 components.
# C02 people (10 + 0) / 2 = 5, living 0, environment 10, governance (10 + 10 + 0 + 0) / 4 = 5;
#     index (5 + 0 + 10 + 5) / 4 = 5.0 over 2 + 1 + 1 + 4 = 8 components.
# C03 has no environment score (suppressed), so three dimensions of four: no index, but its people
#     (5 + 10) / 2 = 7.5, living 5 and governance (5 + 0 + 5 + 10) / 4 = 5 are published.
EXPECTED = {
    ("wb_index", C01): (4.375, 7),
    ("wb_dim_people", C01): (2.5, 2),
    ("wb_dim_living", C01): (10.0, 1),
    ("wb_dim_environment", C01): (0.0, 1),
    ("wb_dim_governance", C01): (5.0, 3),
    ("wb_index", C02): (5.0, 8),
    ("wb_dim_people", C02): (5.0, 2),
    ("wb_dim_living", C02): (0.0, 1),
    ("wb_dim_environment", C02): (10.0, 1),
    ("wb_dim_governance", C02): (5.0, 4),
    ("wb_dim_people", C03): (7.5, 2),
    ("wb_dim_living", C03): (5.0, 1),
    ("wb_dim_governance", C03): (5.0, 4),
}

_INDICATOR_COLUMNS = (
    "indicator_id VARCHAR, period_start DATE, period_grain VARCHAR, area_id VARCHAR, category VARCHAR, "
    "value DOUBLE, numerator DOUBLE, denominator DOUBLE, sample_size BIGINT, ci_low DOUBLE, "
    "ci_high DOUBLE, suppressed BOOLEAN"
)


def _write_indicators(warehouse: Path) -> None:
    """The two indicator marts the index reads, holding only the hand-written quarter."""
    with duckdb.connect(str(warehouse)) as connection:
        for table in ("fct_survey_indicators", "fct_service_request_indicators"):
            connection.execute(f"CREATE TABLE {table} ({_INDICATOR_COLUMNS})")
        connection.executemany(
            "INSERT INTO fct_survey_indicators "
            "VALUES (?, ?, 'quarter', ?, 'ALL', ?, NULL, NULL, ?, NULL, NULL, ?)",
            [(i, QUARTER, area, value, size, value is None) for i, area, value, size in SURVEY],
        )
        connection.executemany(
            "INSERT INTO fct_service_request_indicators "
            "VALUES (?, ?, 'month', ?, ?, ?, NULL, NULL, ?, NULL, NULL, false)",
            SERVICE_REQUESTS,
        )


@pytest.fixture(scope="module")
def index_rows(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], tuple[float, int]]:
    """Build the method seeds and the two index models (with their dbt tests) on the planted marts."""
    root = tmp_path_factory.mktemp("wellbeing")
    (root / "warehouse").mkdir()
    warehouse = root / "warehouse" / "warehouse.duckdb"
    _write_indicators(warehouse)
    selection = [
        "ref_areas",
        "ref_indicator_catalog",
        "ref_wellbeing_methods",
        "ref_wellbeing_components",
        "wellbeing_components",
        "fct_wellbeing_index",
    ]
    build = subprocess.run(
        [
            str(DBT_EXECUTABLE),
            "build",
            "--select",
            *selection,
            "--indirect-selection",
            "cautious",
            "--target-path",
            str(root / "target"),
            "--log-path",
            str(root / "logs"),
        ],
        cwd=DBT_PROJECT_DIR,
        env={**os.environ, "CITY_DATA_DIR": str(root), "DBT_PROFILES_DIR": str(DBT_PROJECT_DIR)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert build.returncode == 0, build.stdout[-4000:]
    assert " unit test" in build.stdout, "the hand-computed dbt unit tests must run too"
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        rows = connection.execute(
            "SELECT indicator_id, area_id, value, sample_size FROM fct_wellbeing_index "
            f"WHERE period_start = DATE '{QUARTER}'"
        ).fetchall()
    return {(indicator, area): (value, size) for indicator, area, value, size in rows}


def test_index_matches_the_hand_computation_for_two_communities(index_rows: dict) -> None:
    assert index_rows[("wb_index", C01)] == (pytest.approx(4.375), 7)
    assert index_rows[("wb_index", C02)] == (pytest.approx(5.0), 8)


def test_every_dimension_score_and_count_matches(index_rows: dict) -> None:
    assert set(index_rows) == set(EXPECTED)
    for key, (value, components) in EXPECTED.items():
        assert index_rows[key] == (pytest.approx(value), components), key


def test_a_community_missing_a_dimension_gets_no_index(index_rows: dict) -> None:
    assert ("wb_index", C03) not in index_rows
    assert ("wb_dim_environment", C03) not in index_rows
