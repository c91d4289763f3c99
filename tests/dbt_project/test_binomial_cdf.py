"""The binomial_cdf macro (dbt_project/macros/binomial_test.sql) against values computed by hand and
exactly with fractions. The macro is rendered with Jinja as dbt renders it and run on DuckDB."""

from __future__ import annotations

import math
from fractions import Fraction

import duckdb
import jinja2
import pytest

from orchestration.core.paths import DBT_PROJECT_DIR

MACRO = DBT_PROJECT_DIR / "macros" / "binomial_test.sql"


def binomial_cdf_sql(k: str, n: str, p: str) -> str:
    module = jinja2.Environment().from_string(MACRO.read_text(encoding="utf-8")).module
    return str(module.binomial_cdf(k, n, p))


def macro_value(k: int, n: int, p: float) -> float:
    with duckdb.connect() as connection:
        sql = f"SELECT {binomial_cdf_sql('k', 'n', 'p')} FROM (SELECT {k} AS k, {n} AS n, {p}::DOUBLE AS p)"
        return connection.execute(sql).fetchone()[0]


def exact_cdf(k: int, n: int, p: Fraction) -> float:
    return float(sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k + 1)))


def test_ten_tickets_two_finished_against_a_city_rate_of_0_6() -> None:
    # P(X <= 2), X ~ Binomial(10, 0.6), by hand:
    #   P(0) = 0.4^10                 = 0.0001048576
    #   P(1) = 10 x 0.6 x 0.4^9       = 0.0015728640
    #   P(2) = 45 x 0.6^2 x 0.4^8     = 0.0106168320
    #   sum  = 0.4^8 x (0.16 + 2.4 + 16.2) = 0.00065536 x 18.76 = 0.0122945536
    assert macro_value(2, 10, 0.6) == pytest.approx(0.0122945536, rel=1e-12)


@pytest.mark.parametrize(
    ("k", "n", "p", "expected"),
    [
        (0, 1, 0.5, 0.5),  # one ticket, unfinished, against a coin
        (0, 3, 0.7, 0.027),  # 0.3^3: three tickets are the fewest where 0 finished is significant at 0.7
        (0, 2, 0.7, 0.09),  # 0.3^2 > 0.05: two tickets can never be
        (4, 4, 0.3, 1.0),  # every ticket finished: as few or fewer is certain
        (3, 5, 0.0, 1.0),  # a city that finishes nothing: nothing can be worse
        (2, 5, 1.0, 0.0),  # a city that finishes everything: any unfinished ticket is impossible under it
        (5, 5, 1.0, 1.0),
    ],
)
def test_hand_computed_and_edge_cases(k: int, n: int, p: float, expected: float) -> None:
    assert macro_value(k, n, p) == pytest.approx(expected, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize(("k", "n", "p"), [(150, 200, Fraction(4, 5)), (1350, 2000, Fraction(7, 10))])
def test_large_samples_match_the_exact_rational_sum(k: int, n: int, p: Fraction) -> None:
    assert macro_value(k, n, float(p)) == pytest.approx(exact_cdf(k, n, p), rel=1e-9)
