"""Write dbt_project/seeds/ref_t_quantiles.csv: Student's t 97.5% quantiles for the survey intervals.

Why a seed: DuckDB has no t distribution, and a community mean's 95% interval needs the t quantile
with n - 1 degrees of freedom (SPEC 4). The table is reference data, computed once with SciPy and
checked against it by tests/unit/test_t_quantiles.py; beyond its last row the normal quantile is used
(at 1,000 degrees of freedom the two differ by 0.06%).

    python scripts/generate_t_quantiles.py
"""

from __future__ import annotations

import csv
from pathlib import Path

from scipy import stats

SEED = Path(__file__).resolve().parents[1] / "dbt_project" / "seeds" / "ref_t_quantiles.csv"
MAX_DEGREES_OF_FREEDOM = 1000
PROBABILITY = 0.975


def quantile_rows() -> list[tuple[int, str]]:
    """(degrees of freedom, quantile to 12 significant digits) for 1..MAX_DEGREES_OF_FREEDOM."""
    return [(df, f"{stats.t.ppf(PROBABILITY, df):.12g}") for df in range(1, MAX_DEGREES_OF_FREEDOM + 1)]


def main() -> None:
    with SEED.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["degrees_of_freedom", "t_975"])
        writer.writerows(quantile_rows())


if __name__ == "__main__":
    main()
