"""The attacker itself: it must rebuild the audit's example from a table published the old way, and
recover nothing from the same cells published with a pooled stratum (hand-computed figures)."""

from __future__ import annotations

from tests.support.disclosure_attack import (
    Cell,
    GroupCell,
    IndicatorQuarter,
    attack_indicator_quarters,
    difference_group_tables,
)

# Three published communities (population, rate as yes/answers) and the audit's two hidden ones.
PUBLISHED = [("P1", 1200.0, 9, 15), ("P2", 950.0, 12, 20), ("P3", 700.0, 10, 25)]
HIDDEN = {"C02": (403.0, 7, 12), "C20": (818.0, 0, 2)}
TRUTH = {
    ("sv_service_satisfied_rate", "2025-01-01", area): (yes / n, n) for area, (_, yes, n) in HIDDEN.items()
}


def _quarter(city_value: float) -> IndicatorQuarter:
    return IndicatorQuarter(
        indicator_id="sv_service_satisfied_rate",
        period_start="2025-01-01",
        city_value=city_value,
        city_sample_size=sum(n for *_, n in PUBLISHED) + sum(n for *_, n in HIDDEN.values()),
        city_ci=None,
        published=tuple(Cell(area, pop, yes / n, n) for area, pop, yes, n in PUBLISHED),
        suppressed=tuple(Cell(area, pop, None, None) for area, (pop, _, _) in HIDDEN.items()),
        size_bound=15,  # the smallest published community's respondents
    )


def _published_part() -> float:
    return sum(pop * yes / n for _, pop, yes, n in PUBLISHED)


TOTAL_POPULATION = sum(pop for _, pop, *_ in PUBLISHED) + sum(pop for pop, *_ in HIDDEN.values())


def test_individual_weights_give_every_hidden_value_away() -> None:
    # city x sum(pop) - sum(published pop x value) = 403 x 7/12 + 818 x 0/2: one integer solution.
    city = (_published_part() + 403.0 * 7 / 12 + 818.0 * 0 / 2) / TOTAL_POPULATION
    report = attack_indicator_quarters([_quarter(city)])
    leaks = report.leaks(TRUTH)
    assert "sv_service_satisfied_rate 2025-01-01 C02: value 0.583333 (individual weights)" in leaks
    assert "sv_service_satisfied_rate 2025-01-01 C20: value 0 (individual weights)" in leaks


def test_a_pooled_stratum_gives_nothing_away() -> None:
    # The pool's mean is 7/14, weighted by 403 + 818: 7 yes among 14 answers, split any of many ways.
    city = (_published_part() + (403.0 + 818.0) * 7 / 14) / TOTAL_POPULATION
    report = attack_indicator_quarters([_quarter(city)])
    assert report.attempted == 1
    assert report.leaks(TRUTH) == []


def _group_cell(group: str, area: str, value: float, size: int, published: bool) -> GroupCell:
    return GroupCell(
        "sv_service_satisfied_rate",
        "2025-01-01",
        "sex",
        group,
        area,
        value if published else None,
        size if published else None,
        not published,
    )


def _group_cells(published_female: bool, published_male: bool) -> list[GroupCell]:
    """Community P1 (25 answers: 20 women, 5 men) and the city (women 32, men 13) by sex."""
    return [
        _group_cell("female", "P1", 0.5, 20, published_female),
        _group_cell("male", "P1", 0.4, 5, published_male),
        _group_cell("female", "ALL", 0.55, 32, True),
        _group_cell("male", "ALL", 0.45, 13, True),
    ]


def _totals() -> list[IndicatorQuarter]:
    # P1's total of 25 answers is published; the city holds 45.
    return [
        IndicatorQuarter(
            indicator_id="sv_service_satisfied_rate",
            period_start="2025-01-01",
            city_value=0.5,
            city_sample_size=45,
            city_ci=None,
            published=(Cell("P1", 1200.0, 0.48, 25),),
            suppressed=(Cell("P2", 950.0, None, None),),
            size_bound=25,
        )
    ]


def test_publishing_one_group_of_a_community_gives_the_other_away() -> None:
    # P1 total 25 - its 20 published women = its 5 men; the city's 13 men - 0 published = 13 hidden.
    findings = difference_group_tables(_group_cells(published_female=True, published_male=False), _totals())
    assert findings == [
        "survey_group_indicators 2025-01-01 P1 sex sv_service_satisfied_rate: total minus published groups "
        "leaves 5 answers of ['male']"
    ]


def test_a_pool_under_the_threshold_is_found() -> None:
    # Both of P1's groups published: the city's men 13 - P1's 5 = 8 men in the hidden communities.
    findings = difference_group_tables(_group_cells(published_female=True, published_male=True), _totals())
    assert findings == [
        "survey_group_indicators 2025-01-01 sex=male sv_service_satisfied_rate: the hidden communities "
        "hold 8 answers"
    ]


def test_a_group_of_a_suppressed_community_is_found() -> None:
    cells = [GroupCell("sv_service_satisfied_rate", "2025-01-01", "sex", "female", "P2", 0.5, 12, False)]
    assert difference_group_tables(cells, _totals()) == [
        "survey_group_indicators 2025-01-01 P2 sex=female sv_service_satisfied_rate: published for a "
        "suppressed community"
    ]


def test_a_community_hiding_all_its_groups_behind_a_protected_pool_gives_nothing_away() -> None:
    # P1 hides both groups; the hidden communities hold 32 women and 13 men: no subtraction is left.
    assert (
        difference_group_tables(_group_cells(published_female=False, published_male=False), _totals()) == []
    )
