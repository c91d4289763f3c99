"""The bench's equality check catches every kind of divergence and forgives only float round-off.

`make bench` fails when the floor or the pandas peer differ from the platform; these tests plant each
kind of difference (a count, a value beyond the tolerance, a NULL, a missing or an extra cell) and prove
the comparison reports it, while a last-bits difference passes.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from bench.compare import RELATIVE_TOLERANCE, compare

ROWS = """
    ('sr_received', DATE '2025-01-01', 'ALL', 'ALL', 120.0, 120.0, NULL, 120),
    ('sr_finish_rate', DATE '2025-01-01', 'ALL', 'ALL', 0.75, 90.0, 120.0, 120),
    ('sr_median_hours_to_finish', DATE '2025-01-01', 'PLK-C01', 'road', 41.123456789, NULL, NULL, 7),
    ('sr_backlog_over_30d', DATE '2025-02-01', 'unassigned', 'ALL', 0.0, 0.0, NULL, 0)
"""


def _write(path: Path, edit: str = "") -> Path:
    """The reference rows, with an optional SQL statement applied to them first."""
    with duckdb.connect() as connection:
        connection.execute(
            "CREATE TABLE t (indicator_id VARCHAR, period_start DATE, area_id VARCHAR, category VARCHAR, "
            "value DOUBLE, numerator DOUBLE, denominator DOUBLE, sample_size BIGINT)"
        )
        connection.execute(f"INSERT INTO t VALUES {ROWS}")
        if edit:
            connection.execute(edit)
        connection.execute(f"COPY t TO '{path}' (FORMAT parquet)")
    return path


@pytest.fixture
def reference(tmp_path: Path) -> Path:
    return _write(tmp_path / "reference.parquet")


def test_identical_rows_are_equal(reference: Path, tmp_path: Path) -> None:
    result = compare(reference, _write(tmp_path / "same.parquet"))
    assert result.equal and result.reference_rows == result.candidate_rows == 4


def test_float_round_off_is_forgiven(reference: Path, tmp_path: Path) -> None:
    nudged = _write(
        tmp_path / "nudged.parquet",
        f"UPDATE t SET value = value * (1 + {RELATIVE_TOLERANCE / 10}) "
        "WHERE indicator_id = 'sr_median_hours_to_finish'",
    )
    assert compare(reference, nudged).equal


@pytest.mark.parametrize(
    "edit",
    [
        # a value beyond the tolerance
        f"UPDATE t SET value = value * (1 + {RELATIVE_TOLERANCE * 10}) "
        "WHERE indicator_id = 'sr_median_hours_to_finish'",
        # one ticket more or less in a count, in any measured column
        "UPDATE t SET sample_size = sample_size + 1 WHERE indicator_id = 'sr_received'",
        "UPDATE t SET numerator = 91 WHERE indicator_id = 'sr_finish_rate'",
        "UPDATE t SET value = 1 WHERE indicator_id = 'sr_backlog_over_30d'",
        # NULL against a value, either way
        "UPDATE t SET denominator = NULL WHERE indicator_id = 'sr_finish_rate'",
        "UPDATE t SET denominator = 120 WHERE indicator_id = 'sr_received'",
        # a missing cell and an extra cell
        "DELETE FROM t WHERE indicator_id = 'sr_backlog_over_30d'",
        "INSERT INTO t VALUES ('sr_received', DATE '2025-02-01', 'ALL', 'ALL', 1, 1, NULL, 1)",
        # the same value under another key
        "UPDATE t SET area_id = 'PLK-C02' WHERE indicator_id = 'sr_median_hours_to_finish'",
    ],
)
def test_any_divergence_fails(reference: Path, tmp_path: Path, edit: str) -> None:
    result = compare(reference, _write(tmp_path / "diverging.parquet", edit))
    assert not result.equal
    assert result.differing_cells >= 1
    assert result.examples
    assert "differing cell" in result.describe("platform", "candidate")
