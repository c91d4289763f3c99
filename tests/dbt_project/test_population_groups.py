"""Survey figures by sex and age band: the disclosure pattern, the city group figure and its gap to the
city, worked out by hand (decision 026).

The real group models are built with dbt on a warehouse whose input tables hold one planted quarter
(Q1 2025) of answers to "safe at night" (1 = yes), every respondent aged 40 (age band 30_44) except
three of PLK-C01's women, aged 70 (60_plus):

- PLK-C01 (population 1 074): 12 women (6 yes), 12 men (9 yes): every group at least 10, published;
- PLK-C02 (population 403): 10 women (5 yes), 3 men (1 yes): men under 10, so all its sex cells are
  hidden (primary); publishing its women would give its 3 men by subtraction from its published total;
- PLK-C03 (population 939): 11 women (8 yes), 11 men (4 yes): hidden as secondary, since a pool of
  PLK-C02 alone would be one community (it joins before PLK-C01: 22 respondents against 24).
- By age band PLK-C01 is primary (3 aged 60_plus) and, as the only community with anyone aged 60 or
  over, no pool can protect them: every community is hidden by age. The city's 60_plus figure (3
  answers) is suppressed, and so is the 30_44 one (secondary): the city total minus 30_44 would give
  the three.

City women, post-stratified with the pool {C02, C03} as one stratum: w1 = 1074 / 2416, wp = 1342 / 2416,
value = w1 x 6/12 + wp x 13/21 = 0.56613; variance = w1^2 s1^2 / 12 + wp^2 sp^2 / 21 with the sample
variances s1^2 = 0.25 x 12/11 and sp^2 = (13/21)(8/21) x 21/20. Men: w1 x 9/12 + wp x 5/14 = 0.53178.
The city's overall figure is planted at 0.75 with standard error 0.05: the women's gap -0.184 has
1.96 x sqrt(se_w^2 + 0.05^2) = 0.202 and is not distinguishable from noise; the men's gap -0.218 has
0.209 and is.
"""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
import pytest

from tests.support.dbt_build import build_selected
from tests.support.disclosure_attack import GroupCell, difference_group_tables

pytestmark = pytest.mark.slow

QUARTER = "2025-01-01"
Z = 1.959963984540054
POPULATION = {"PLK-C01": 1074.0, "PLK-C02": 403.0, "PLK-C03": 939.0}
# area -> {sex: (respondents, yes)}
ANSWERS = {
    "PLK-C01": {"female": (12, 6), "male": (12, 9)},
    "PLK-C02": {"female": (10, 5), "male": (3, 1)},
    "PLK-C03": {"female": (11, 8), "male": (11, 4)},
}
CITY_VALUE, CITY_SE = 0.75, 0.05


def _plant(warehouse: Path) -> None:
    responses, answers = [], []
    for area, groups in ANSWERS.items():
        for sex, (respondents, yes) in groups.items():
            for number in range(respondents):
                row = len(responses)
                age = 70 if area == "PLK-C01" and sex == "female" and number < 3 else 40
                responses.append(("b1", row, QUARTER, area, sex, age))
                answers.append(("b1", row, QUARTER, area, "sv_feel_safe_night_rate", float(number < yes)))
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute(
            "CREATE TABLE int_survey__responses (batch_id VARCHAR, source_row BIGINT, period_start DATE, "
            "area_id VARCHAR, sex VARCHAR, age INTEGER)"
        )
        connection.executemany("INSERT INTO int_survey__responses VALUES (?, ?, ?, ?, ?, ?)", responses)
        connection.execute(
            "CREATE TABLE int_survey__answers (batch_id VARCHAR, source_row BIGINT, period_start DATE, "
            "area_id VARCHAR, indicator_id VARCHAR, x DOUBLE)"
        )
        connection.executemany("INSERT INTO int_survey__answers VALUES (?, ?, ?, ?, ?, ?)", answers)
        connection.execute(
            "CREATE TABLE int_survey__disclosure (period_start DATE, area_id VARCHAR, respondents BIGINT, "
            "primary_suppressed BOOLEAN, suppressed BOOLEAN, suppression VARCHAR, stratum VARCHAR)"
        )
        connection.executemany(
            "INSERT INTO int_survey__disclosure VALUES (?, ?, ?, false, false, NULL, ?)",
            [(QUARTER, area, sum(n for n, _ in groups.values()), area) for area, groups in ANSWERS.items()],
        )
        connection.execute(
            "CREATE TABLE int_survey__city_estimates AS SELECT DATE '2025-01-01' AS period_start, "
            "'ALL' AS area_id, 'sv_feel_safe_night_rate' AS indicator_id, 59 AS sample_size, "
            f"{CITY_VALUE} AS estimate, {CITY_SE} AS standard_error, CAST(NULL AS DOUBLE) AS numerator, "
            "false AS suppressed"
        )
        connection.execute(
            "CREATE TABLE stg_lake__survey_responses AS "
            "SELECT TIMESTAMPTZ '2025-05-01 10:00:00+07' AS submitted_at"
        )


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("groups")
    (root / "warehouse").mkdir()
    path = root / "warehouse" / "warehouse.duckdb"
    _plant(path)
    build_selected(
        root,
        [
            "ref_areas",
            "ref_indicator_catalog",
            "ref_t_quantiles",
            "ref_population_groups",
            "int_survey__group_answers",
            "int_survey__group_disclosure",
            "int_survey__group_city_estimates",
            "survey_group_indicators",
        ],
    )
    return path


def _rows(warehouse: Path, where: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(
            "SELECT area_id, group_value, value, sample_size, ci_low, ci_high, suppressed, gap_to_city, "
            "gap_ci_low, gap_ci_high, gap_is_significant FROM survey_group_indicators "
            f"WHERE {where} ORDER BY area_id, group_value"
        ).fetchall()


def _stratified(cells: list[tuple[float, int, int]]) -> tuple[float, float]:
    """(value, standard error) of a post-stratified rate over (population, answers, yes) strata."""
    total = sum(population for population, _, _ in cells)
    value = sum(population / total * yes / n for population, n, yes in cells)
    variance = sum(
        (population / total) ** 2 * (yes / n) * (1 - yes / n) * n / (n - 1) / n
        for population, n, yes in cells
    )
    return value, math.sqrt(variance)


def test_a_community_publishes_all_its_groups_or_none(warehouse: Path) -> None:
    rows = _rows(
        warehouse,
        "dimension = 'sex' AND area_id <> 'ALL' AND indicator_id = 'sv_feel_safe_night_rate' "
        "AND group_value <> 'not_stated'",
    )
    published = {
        (area, group): (value, size) for area, group, value, size, *_, suppressed, _, _, _, _ in rows
    }
    assert published[("PLK-C01", "female")] == (0.5, 12)
    assert published[("PLK-C01", "male")] == (0.75, 12)
    hidden = [(area, group) for area, group, *_, suppressed, _, _, _, _ in rows if suppressed]
    assert sorted(hidden) == [
        ("PLK-C02", "female"),
        ("PLK-C02", "male"),
        ("PLK-C03", "female"),
        ("PLK-C03", "male"),
    ]
    assert all(value is None and size is None for area, _, value, size, *_ in rows if area != "PLK-C01")


def test_each_dimension_has_its_own_pattern(warehouse: Path) -> None:
    rows = _rows(warehouse, "dimension = 'age_band' AND area_id <> 'ALL'")
    assert {area for area, *_, suppressed, _, _, _, _ in rows if suppressed} == set(POPULATION)
    assert all(suppressed for *_, suppressed, _, _, _, _ in rows)


def test_a_city_group_left_alone_by_subtraction_takes_another_with_it(warehouse: Path) -> None:
    rows = _rows(
        warehouse,
        "area_id = 'ALL' AND dimension = 'age_band' AND indicator_id = 'sv_feel_safe_night_rate' "
        "AND group_value IN ('30_44', '60_plus')",
    )
    assert [(group, value, size, suppressed) for _, group, value, size, _, _, suppressed, *_ in rows] == [
        ("30_44", None, None, True),
        ("60_plus", None, None, True),
    ]


def test_a_community_rate_has_its_wilson_interval(warehouse: Path) -> None:
    (row,) = _rows(
        warehouse,
        "area_id = 'PLK-C01' AND group_value = 'female' AND indicator_id = 'sv_feel_safe_night_rate'",
    )
    p, n = 0.5, 12
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    assert row[4:6] == pytest.approx((centre - half, centre + half))


@pytest.mark.parametrize(
    ("group", "published_yes", "pooled", "significant"),
    [("female", 6, (21, 13), False), ("male", 9, (14, 5), True)],
)
def test_the_city_group_figure_pools_the_hidden_communities_and_its_gap_is_tested(
    warehouse: Path, group: str, published_yes: int, pooled: tuple[int, int], significant: bool
) -> None:
    value, error = _stratified(
        [(POPULATION["PLK-C01"], 12, published_yes), (POPULATION["PLK-C02"] + POPULATION["PLK-C03"], *pooled)]
    )
    (row,) = _rows(
        warehouse,
        f"area_id = 'ALL' AND dimension = 'sex' AND group_value = '{group}' "
        "AND indicator_id = 'sv_feel_safe_night_rate'",
    )
    _, _, city_group, size, ci_low, ci_high, suppressed, gap, gap_low, gap_high, is_significant = row
    assert (size, suppressed) == (12 + pooled[0], False)
    assert city_group == pytest.approx(value)
    assert (ci_low, ci_high) == pytest.approx((value - Z * error, value + Z * error))
    gap_error = math.sqrt(error**2 + CITY_SE**2)
    assert gap == pytest.approx(value - CITY_VALUE)
    assert (gap_low, gap_high) == pytest.approx((gap - Z * gap_error, gap + Z * gap_error))
    assert is_significant is significant
    assert (abs(gap) > Z * gap_error) is significant


def test_the_attacker_finds_no_subtraction_in_the_built_table(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        cells = [
            GroupCell(*row)
            for row in connection.execute(
                "SELECT indicator_id, CAST(period_start AS VARCHAR), dimension, group_value, area_id, value, "
                "sample_size, suppressed FROM survey_group_indicators"
            ).fetchall()
        ]
    assert len(cells) == (3 + 1) * 8 * 6  # three communities and the city, eight groups, six sv_* ids
    assert difference_group_tables(cells, []) == []
