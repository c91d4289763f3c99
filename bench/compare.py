"""Do two implementations publish the same sr_* indicator values? Cell by cell, with a stated tolerance.

Counts (received, finished, backlog, sample sizes...) are whole numbers and must be equal. Values that
come out of floating-point arithmetic (rates, means, interpolated quantiles, per-1000 rates) may differ
in the last bits, because the engines sum and interpolate in different orders; they are equal when
|a − b| ≤ ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE × |a|. Anything beyond is a different number: a
different ticket counted, a different state chosen, a different month or area, and the bench fails.
A cell present in one result and missing from the other is a difference, and so is NULL against a value.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from bench.reference import KEY_COLUMNS, VALUE_COLUMNS

RELATIVE_TOLERANCE = 1e-9
ABSOLUTE_TOLERANCE = 1e-9
EXAMPLES = 10


@dataclass(frozen=True)
class Comparison:
    """The outcome of comparing one implementation's rows with the reference's."""

    reference_rows: int
    candidate_rows: int
    differing_cells: int
    max_relative_difference: float
    examples: list[dict]

    @property
    def equal(self) -> bool:
        return self.differing_cells == 0

    def describe(self, reference: str, candidate: str) -> str:
        if self.equal:
            return (
                f"{candidate} = {reference}: {self.reference_rows:,} sr_* rows, largest relative "
                f"difference {self.max_relative_difference:.1e}"
            )
        lines = [
            f"{candidate} != {reference}: {self.differing_cells:,} differing cell(s) "
            f"({self.reference_rows:,} vs {self.candidate_rows:,} rows); first ones:"
        ]
        lines += [f"  {example}" for example in self.examples]
        return "\n".join(lines)


def _close(column: str) -> str:
    a, b = f"r.{column}", f"c.{column}"
    return (
        f"(CASE WHEN {a} IS NULL OR {b} IS NULL THEN {a} IS NULL AND {b} IS NULL "
        f"ELSE abs({a} - {b}) <= {ABSOLUTE_TOLERANCE} + {RELATIVE_TOLERANCE} * abs({a}) END)"
    )


def compare(reference: Path, candidate: Path) -> Comparison:
    """Compare two Parquet files of sr_* rows (columns as in ``bench.reference.RESULT_COLUMNS``)."""
    keys = ", ".join(KEY_COLUMNS)
    joined = f"""
        SELECT {keys}, {", ".join(f"r.{v} AS ref_{v}, c.{v} AS cand_{v}" for v in VALUE_COLUMNS)},
            r.indicator_id IS NULL AS only_candidate, c.indicator_id IS NULL AS only_reference,
            NOT coalesce({" AND ".join(_close(column) for column in VALUE_COLUMNS)}, false) AS differs,
            abs(r.value - c.value) / nullif(abs(r.value), 0) AS relative_difference
        FROM read_parquet('{reference}') AS r
        FULL OUTER JOIN read_parquet('{candidate}') AS c USING ({keys})
    """
    with duckdb.connect() as connection:
        connection.execute("SET TimeZone = 'UTC'")
        connection.execute(f"CREATE TEMP TABLE joined AS {joined}")
        differing, max_relative = connection.execute(
            "SELECT count(*) FILTER (WHERE differs OR only_candidate OR only_reference), "
            "coalesce(max(relative_difference), 0) FROM joined"
        ).fetchone() or (0, 0.0)
        examples = (
            connection.execute(
                "SELECT * EXCLUDE (differs, relative_difference) FROM joined "
                f"WHERE differs OR only_candidate OR only_reference ORDER BY ALL LIMIT {EXAMPLES}"
            )
            .df()
            .astype(str)
            .to_dict("records")
        )
        counts = [
            connection.execute(f"SELECT count(*) FROM read_parquet('{path}')").fetchone()
            for path in (reference, candidate)
        ]
    return Comparison(
        reference_rows=int(counts[0][0]) if counts[0] else 0,
        candidate_rows=int(counts[1][0]) if counts[1] else 0,
        differing_cells=int(differing),
        max_relative_difference=float(max_relative),
        examples=examples,
    )
