"""The well-being index (method wb-2026.2, decision 019) equals a computation done by hand.

The real dbt models (wellbeing_components, fct_wellbeing_index, wellbeing_rank_intervals,
wellbeing_sensitivity) and the real method seeds run against a warehouse whose input tables hold small,
hand-written quarters. Every figure below is worked out in the comments from the method in
docs/decisions/019-wellbeing-index-v2.md, not from the SQL. The method's constants: credibility
k = 10 (a value on n answers or tickets counts n / (n + 10), the city's value the rest); goalposts
0-10 for life satisfaction, 0-1 for rates, 0-30 days (lower is better), 1-5 stars.

- Q1: index, shrinkage and the missing-component rule (C01 scored, C02 lacks governance weight,
  C03 suppressed).
- Q2: C01 has exactly its Q1 values while C02 changes: C01's index must not move; the two are ranked
  differently by goalposts and by min-max, which the sensitivity table must show.
- Q3: three communities built from respondents and tickets, for the bootstrap rank interval.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.support.dbt_build import build_selected

# It builds the real seeds and models with dbt (about 40 s): not in the inner loop.
pytestmark = pytest.mark.slow

Q1, Q2, Q3 = "2025-01-01", "2025-04-01", "2025-07-01"
C01, C02, C03 = "PLK-C01", "PLK-C02", "PLK-C03"
SURVEY_ITEMS = ("life", "health", "safe", "environment", "service")
SURVEY_IDS = {
    "life": "sv_life_satisfaction_mean",
    "health": "sv_good_health_rate",
    "safe": "sv_feel_safe_night_rate",
    "environment": "sv_environment_satisfied_rate",
    "service": "sv_service_satisfied_rate",
}
# The city's values in every quarter (the prior small samples shrink to).
CITY_SURVEY = {"life": 7.0, "health": 0.5, "safe": 0.5, "environment": 0.5, "service": 0.5}
CITY_TICKETS = {
    "sr_finish_rate": 0.8,
    "sr_sla_met_rate": 0.8,
    "sr_mean_days_to_finish": 6.0,
    "sr_satisfaction_mean": 4.0,
}
# Q3's city: life 6 (like C02 and C03), every ticket finished within SLA in one day and rated 4.
#   Its index: people (6 + 5) / 2 = 5.5, living 5, environment 5, governance
#   (5 + 10 + 10 + 9.6667 + 7.5) / 5 = 8.4333 -> 5.9833, C02's and C03's too.
Q3_CITY_SURVEY = {**CITY_SURVEY, "life": 6.0}
Q3_CITY_TICKETS = {
    **CITY_TICKETS,
    "sr_finish_rate": 1.0,
    "sr_sla_met_rate": 1.0,
    "sr_mean_days_to_finish": 1.0,
}

# C01 in Q1 and Q2: 30 answers each (credibility 30 / 40 = 0.75).
#   life 7 + 0.75 x (8 - 7) = 7.75 -> 7.75;  health 0.5 + 0.75 x 0.1 = 0.575 -> 5.75
#   safe 0.5 + 0.75 x 0.2 = 0.65 -> 6.5;      environment 0.5 + 0.75 x (-0.1) = 0.425 -> 4.25
#   service 0.5 -> 5.0
C01_SURVEY = {"life": 8.0, "health": 0.6, "safe": 0.7, "environment": 0.4, "service": 0.5}
# C01 tickets: finish rate 1.0 on 10 tickets -> 0.8 + 10/20 x 0.2 = 0.9 -> 9.0 (not 10: shrunk);
#   SLA 0.9 on 40 -> 0.8 + 0.8 x 0.1 = 0.88 -> 8.8; days pooled (2 x 10 + 4 x 10) / 20 = 3 ->
#   6 + 20/30 x (3 - 6) = 4 -> 10 x (30 - 4) / 30 = 8.6667; 2 ratings: under the minimum of 5, left out.
#   people (7.75 + 5.75) / 2 = 6.75, living 6.5, environment 4.25,
#   governance (5 + 9 + 8.8 + 8.6667) / 4 = 7.866667 (4 of 5 weights >= half);
#   index (6.75 + 6.5 + 4.25 + 7.866667) / 4 = 6.341667 over 8 components.
C01_INDEX = 25.366667 / 4
C01_TICKETS = [
    ("sr_finish_rate", 0, 1.0, 10),
    ("sr_sla_met_rate", 0, 0.9, 40),
    ("sr_mean_days_to_finish", 0, 2.0, 10),
    ("sr_mean_days_to_finish", 1, 4.0, 10),
    ("sr_satisfaction_mean", 0, 4.5, 2),
]

# C02 in Q1: 10 answers (credibility 0.5): life 6.5 -> 6.5, health 0.4 -> 4, safe 0.45 -> 4.5,
#   environment 0.55 -> 5.5, service 0.55 -> 5.5; finish 0.5 on 10 -> 0.65 -> 6.5; no SLA value,
#   days and ratings on 3 tickets (left out). Governance has 2 of its 5 weights: under half, so no
#   governance score (not the mean of the two) and no index; people (6.5 + 4) / 2 = 5.25.
C02_Q1_SURVEY = {"life": 6.0, "health": 0.3, "safe": 0.4, "environment": 0.6, "service": 0.6}
C02_Q1_TICKETS = [
    ("sr_finish_rate", 0, 0.5, 10),
    ("sr_mean_days_to_finish", 0, 2.0, 3),
    ("sr_satisfaction_mean", 0, 4.0, 3),
]

# C02 in Q2, 30 answers: life 8.1 -> 7.825, health 0.62 -> 0.59 (5.9), safe 0.72 -> 0.665 (6.65),
#   environment 0.0 -> 0.125 (1.25), service 0.52 -> 0.515 (5.15); finish 0.9 on 10 -> 0.85 (8.5),
#   SLA 0.85 on 40 -> 0.84 (8.4), days 2.5 on 20 -> 3.6667 (8.7778), 2 ratings left out.
#   Goalposts: people 6.8625, living 6.65, environment 1.25, governance 7.706944 -> index 5.617361,
#   below C01 (rank 2). Min-max over the two: C02 is better on life, health, safe, service, days;
#   C01 on environment, finish, SLA: C01 people 0, living 0, environment 10, governance
#   (0 + 10 + 10 + 0) / 4 = 5 -> 3.75; C02 (10 + 10 + 0 + 5) / 4 = 6.25: the order flips.
C02_Q2_SURVEY = {"life": 8.1, "health": 0.62, "safe": 0.72, "environment": 0.0, "service": 0.52}
C02_Q2_TICKETS = [
    ("sr_finish_rate", 0, 0.9, 10),
    ("sr_sla_met_rate", 0, 0.85, 40),
    ("sr_mean_days_to_finish", 0, 2.5, 20),
    ("sr_satisfaction_mean", 0, 4.0, 2),
]

_INDICATOR_COLUMNS = (
    "indicator_id VARCHAR, period_start DATE, period_grain VARCHAR, area_id VARCHAR, category VARCHAR, "
    "value DOUBLE, numerator DOUBLE, denominator DOUBLE, sample_size BIGINT, ci_low DOUBLE, "
    "ci_high DOUBLE, suppressed BOOLEAN, provisional BOOLEAN"
)


def _month(quarter: str, offset: int) -> str:
    return f"{quarter[:5]}{int(quarter[5:7]) + offset:02d}-01"


def _survey_cells(quarter: str, area: str, values: dict | None, size: int) -> list[tuple]:
    """One quarter's survey cells of a community; values None = every cell suppressed."""
    return [
        (SURVEY_IDS[item], quarter, area, None if values is None else values[item], size, values is None)
        for item in SURVEY_ITEMS
    ]


def _ticket_cells(quarter: str, area: str, rows: list[tuple]) -> list[tuple]:
    return [(i, _month(quarter, month), area, "ALL", value, n) for i, month, value, n in rows]


def _q3_units() -> tuple[list[tuple], list[tuple]]:
    """Q3's respondents (answers rows) and tickets: 20 of each per community.

    C01 answers all alike (life 9, every rate 1): a sure first. C02 alternates life 5 / 7 and rates
    0 / 1, C03 life 4 / 8 and rates 1 / 0: both average life 6 and rates 0.5, exactly the city, so
    they tie on the published rank (2) and on the city's index, and only resampling tells them apart.
    Every ticket is finished in 24 hours within its SLA and rated 4, as in the city.
    """
    life = {C01: (9, 9), C02: (5, 7), C03: (4, 8)}
    rates = {C01: (1, 1), C02: (0, 1), C03: (1, 0)}
    answers, tickets = [], []
    for area in (C01, C02, C03):
        for row in range(20):
            answers.append(("b", f"{area}-{row}", Q3, area, SURVEY_IDS["life"], float(life[area][row % 2])))
            answers += [
                ("b", f"{area}-{row}", Q3, area, SURVEY_IDS[item], float(rates[area][row % 2]))
                for item in SURVEY_ITEMS[1:]
            ]
            tickets.append((f"{area}-t{row}", _month(Q3, 0), area, True, True, 24.0, 4))
    return answers, tickets


def _q3_cells(answers: list[tuple]) -> tuple[list[tuple], list[tuple]]:
    """The published cells Q3's units make (means over 20 answers; tickets all alike)."""
    survey = []
    for area in (C01, C02, C03):
        for item in SURVEY_ITEMS:
            xs = [x for _, _, _, a, i, x in answers if a == area and i == SURVEY_IDS[item]]
            survey.append((SURVEY_IDS[item], Q3, area, sum(xs) / len(xs), len(xs), False))
    tickets = [
        (indicator, _month(Q3, 0), area, "ALL", value, 20)
        for area in (C01, C02, C03)
        for indicator, value in (
            ("sr_finish_rate", 1.0),
            ("sr_sla_met_rate", 1.0),
            ("sr_mean_days_to_finish", 1.0),
            ("sr_satisfaction_mean", 4.0),
        )
    ]
    return survey, tickets


def _write_inputs(warehouse: Path) -> None:
    """The tables the well-being models read, holding only the hand-written quarters."""
    answers, tickets = _q3_units()
    q3_survey, q3_tickets = _q3_cells(answers)
    survey = [
        *_survey_cells(Q1, C01, C01_SURVEY, 30),
        *_survey_cells(Q1, C02, C02_Q1_SURVEY, 10),
        *_survey_cells(Q1, C03, None, None),  # suppressed: C03 has no survey score, so no index
        *_survey_cells(Q2, C01, C01_SURVEY, 30),
        *_survey_cells(Q2, C02, C02_Q2_SURVEY, 30),
        *q3_survey,
    ]
    service_requests = [
        *_ticket_cells(Q1, C01, C01_TICKETS),
        *_ticket_cells(Q1, C02, C02_Q1_TICKETS),
        *_ticket_cells(Q1, C03, [("sr_finish_rate", 0, 0.9, 30)]),
        *_ticket_cells(Q2, C01, C01_TICKETS),
        *_ticket_cells(Q2, C02, C02_Q2_TICKETS),
        *q3_tickets,
        ("sr_finish_rate", _month(Q1, 0), C01, "road", 0.0, 50),  # a category row: ignored
        ("sr_finish_rate", _month(Q1, 0), "unassigned", "ALL", 0.0, 40),  # not a community: ignored
    ]
    for quarter, city_survey, city_tickets in (
        (Q1, CITY_SURVEY, CITY_TICKETS),
        (Q2, CITY_SURVEY, CITY_TICKETS),
        (Q3, Q3_CITY_SURVEY, Q3_CITY_TICKETS),
    ):
        survey += [(SURVEY_IDS[item], quarter, "ALL", city_survey[item], 900, False) for item in SURVEY_ITEMS]
        service_requests += [
            (i, _month(quarter, 0), "ALL", "ALL", value, 500) for i, value in city_tickets.items()
        ]
    with duckdb.connect(str(warehouse)) as connection:
        for table in ("fct_survey_indicators", "fct_service_request_indicators"):
            connection.execute(f"CREATE TABLE {table} ({_INDICATOR_COLUMNS})")
        connection.executemany(
            "INSERT INTO fct_survey_indicators "
            "VALUES (?, ?, 'quarter', ?, 'ALL', ?, NULL, NULL, ?, NULL, NULL, ?, false)",
            survey,
        )
        connection.executemany(
            "INSERT INTO fct_service_request_indicators "
            "VALUES (?, ?, 'month', ?, ?, ?, NULL, NULL, ?, NULL, NULL, false, false)",
            service_requests,
        )
        connection.execute(
            "CREATE TABLE int_survey__answers (batch_id VARCHAR, source_row VARCHAR, period_start DATE, "
            "area_id VARCHAR, indicator_id VARCHAR, x DOUBLE)"
        )
        connection.executemany("INSERT INTO int_survey__answers VALUES (?, ?, ?, ?, ?, ?)", answers)
        connection.execute(
            "CREATE TABLE int_survey__disclosure AS "
            "SELECT DISTINCT period_start, area_id, false AS suppressed FROM int_survey__answers"
        )
        connection.execute(
            "CREATE TABLE int_service_requests__tickets (ticket_id VARCHAR, period_start DATE, "
            "area_id VARCHAR, is_finished BOOLEAN, sla_met BOOLEAN, hours_to_finish DOUBLE, star INTEGER)"
        )
        connection.executemany(
            "INSERT INTO int_service_requests__tickets VALUES (?, ?, ?, ?, ?, ?, ?)", tickets
        )
        # Every planted ticket is finished, so its SLA deadline never decides its outcome.
        connection.execute("ALTER TABLE int_service_requests__tickets ADD COLUMN sla_due_at TIMESTAMPTZ")
        # A cut-off long after the last quarter, data from Q1's first day: nothing provisional.
        connection.execute(
            "CREATE TABLE int_service_requests__data_cutoff AS SELECT DATE '2025-01-01' AS first_month, "
            "TIMESTAMPTZ '2025-01-01 00:00:00+07' AS first_created_at, "
            "TIMESTAMPTZ '2026-06-01 00:00:00+07' AS latest_at"
        )


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the method seeds and the well-being models (with their dbt tests) on the planted inputs."""
    root = tmp_path_factory.mktemp("wellbeing")
    (root / "warehouse").mkdir()
    path = root / "warehouse" / "warehouse.duckdb"
    _write_inputs(path)
    selection = [
        "ref_areas",
        "ref_indicator_catalog",
        "ref_wellbeing_methods",
        "ref_wellbeing_components",
        "wellbeing_components",
        "fct_wellbeing_index",
        "wellbeing_rank_intervals",
        "wellbeing_sensitivity",
    ]
    output = build_selected(root, selection)
    assert " unit test" in output, "the hand-computed dbt unit tests must run too"
    return path


def _query(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def _index(warehouse: Path, quarter: str) -> dict[tuple[str, str], tuple[float, int]]:
    rows = _query(
        warehouse,
        "SELECT indicator_id, area_id, value, sample_size FROM fct_wellbeing_index "
        f"WHERE period_start = DATE '{quarter}' AND area_id <> 'ALL'",
    )
    return {(indicator, area): (value, size) for indicator, area, value, size in rows}


def test_index_under_goalposts_matches_the_hand_computation(warehouse: Path) -> None:
    index = _index(warehouse, Q1)
    assert index[("wb_index", C01)] == (pytest.approx(C01_INDEX), 8)
    assert index[("wb_dim_people", C01)] == (pytest.approx(6.75), 2)
    assert index[("wb_dim_governance", C01)] == (pytest.approx(31.466667 / 4), 4)


def test_small_samples_are_shrunk_towards_the_city(warehouse: Path) -> None:
    [(value, adjusted, score)] = _query(
        warehouse,
        "SELECT value, adjusted_value, score FROM wellbeing_components WHERE indicator_id = "
        f"'sr_finish_rate' AND area_id = '{C01}' AND period_start = DATE '{Q1}'",
    )
    assert (value, adjusted, score) == (1.0, pytest.approx(0.9), pytest.approx(9.0))


def test_a_score_does_not_move_when_another_community_changes(warehouse: Path) -> None:
    assert _index(warehouse, Q2)[("wb_index", C01)] == _index(warehouse, Q1)[("wb_index", C01)]
    assert _index(warehouse, Q2)[("wb_index", C02)] == (pytest.approx(22.469444 / 4), 8)


def test_a_dimension_without_half_its_weight_is_not_imputed(warehouse: Path) -> None:
    index = _index(warehouse, Q1)
    assert index[("wb_dim_people", C02)] == (pytest.approx(5.25), 2)
    assert ("wb_dim_governance", C02) not in index
    assert ("wb_index", C02) not in index
    # C03's survey cells are suppressed and its finish rate is 1 of 5 governance weights: nothing.
    assert not [key for key in index if key[1] == C03]


def test_rank_interval_of_three_communities(warehouse: Path) -> None:
    rows = _query(
        warehouse,
        "SELECT area_id, wb_index_rank, rank_low, rank_high, tier, replicates "
        f"FROM wellbeing_rank_intervals WHERE period_start = DATE '{Q3}' ORDER BY area_id",
    )
    # C01 is first in every replicate; C02 and C03 tie on the point estimate and swap places across
    # replicates, so each interval must span both places 2 and 3; both equal the city's index.
    assert rows == [
        (C01, 1, 1, 1, "above", 200),
        (C02, 2, 2, 3, "not_distinguishable", 200),
        (C03, 2, 2, 3, "not_distinguishable", 200),
    ]


def test_sensitivity_table_shows_the_normalisation_flip(warehouse: Path) -> None:
    rows = _query(
        warehouse,
        "SELECT scenario, area_id, wb_index, rank, rank_shift FROM wellbeing_sensitivity "
        f"WHERE period_start = DATE '{Q2}'",
    )
    table = {(scenario, area): (value, rank, shift) for scenario, area, value, rank, shift in rows}
    assert len(table) == 12  # 3 normalisations x 2 weightings x 2 communities
    assert table[("goalposts/dimension_weights", C01)] == (pytest.approx(C01_INDEX), 1, 0)
    assert table[("min_max/dimension_weights", C01)] == (pytest.approx(3.75), 2, 1)
    assert table[("min_max/dimension_weights", C02)] == (pytest.approx(6.25), 1, -1)
    assert table[("z_score/dimension_weights", C01)] == (pytest.approx(-0.25), 2, 1)
    # Equal weight per component: C01 (7.75 + 5.75 + 6.5 + 4.25 + 5 + 9 + 8.8 + 8.6667) / 8.
    assert table[("goalposts/component_weights", C01)] == (pytest.approx(55.716667 / 8), 1, 0)
    assert table[("min_max/component_weights", C02)] == (pytest.approx(50 / 8), 1, -1)
