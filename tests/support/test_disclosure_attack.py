"""The attacker itself: it must rebuild the audit's example from a table published the old way, and
recover nothing from the same cells published with a pooled stratum (hand-computed figures)."""

from __future__ import annotations

from tests.support.disclosure_attack import Cell, IndicatorQuarter, attack_indicator_quarters

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
