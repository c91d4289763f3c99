"""The bench's equality check catches every kind of divergence and forgives only float round-off.

`make bench` fails when the floor or the pandas peer differ from the platform, after the full run or after
the daily run; these tests plant each kind of difference (a count, a value beyond the tolerance, a NULL,
a missing or an extra cell) and prove the comparison reports it, while a last-bits difference passes,
and that a difference or a failed process in either phase fails the bench. A missed target is reported
with its distance to the limit.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from bench import targets
from bench.compare import RELATIVE_TOLERANCE, compare
from bench.inputs import hold_back_last_day
from bench.run import compare_with_platform, passed

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


def _process(returncode: int = 0) -> dict:
    return {"returncode": returncode, "wall_seconds": 1.0, "peak_rss_mib": 100.0, "processes": []}


def _bench_result(full: dict, daily: dict | None) -> dict:
    """The parts of one size's result that decide whether `make bench` passes."""
    return {
        "implementations": {name: _process() for name in ("floor", "pandas", "platform")},
        "equality": full,
        "daily": daily
        and {"implementations": {"platform": _process(), "floor": _process()}, "equality": daily},
        "load": {"runs": [_process() for _ in range(3)]},
    }


def test_a_difference_after_the_daily_run_fails_the_bench(reference: Path, tmp_path: Path) -> None:
    same = _write(tmp_path / "same.parquet")
    diverging = _write(
        tmp_path / "diverging.parquet", "UPDATE t SET value = 121 WHERE indicator_id = 'sr_received'"
    )
    full = compare_with_platform("test", reference, {"floor": same, "pandas": same})
    assert passed(_bench_result(full, compare_with_platform("test", reference, {"floor": same})))

    daily = compare_with_platform("test", reference, {"floor": diverging})
    assert not passed(_bench_result(full, daily))
    assert not passed(_bench_result(full, {}))  # the daily run's values were never compared
    assert not passed(_bench_result(full, None))  # the daily run did not run


def test_a_failed_process_in_any_phase_fails_the_bench(reference: Path, tmp_path: Path) -> None:
    same = _write(tmp_path / "same.parquet")
    full = compare_with_platform("test", reference, {"floor": same, "pandas": same})
    daily = compare_with_platform("test", reference, {"floor": same})
    for phase in ("daily_platform", "load"):
        result = _bench_result(full, daily)
        if phase == "daily_platform":
            result["daily"]["implementations"]["platform"]["returncode"] = 1
        else:
            result["load"]["runs"][1]["returncode"] = 1
        assert not passed(result), phase


@pytest.mark.parametrize(
    ("measured", "limit", "verdict"),
    [
        (59.9, 60.0, "met"),
        (60.0, 60.0, "met"),
        (75.0, 60.0, "missed by 15.0 s (1.2× the limit)"),
        (None, 60.0, "not measured"),
    ],
)
def test_a_missed_target_says_by_how_much(measured: float | None, limit: float, verdict: str) -> None:
    target = targets.Target("Daily run", limit, measured, "s", "one more day")
    assert target.verdict == verdict
    assert target.as_json()["met"] == {"met": True, "not measured": None}.get(verdict, False)


def test_the_full_run_target_is_twice_the_floor() -> None:
    assert (
        targets.full_run(platform_seconds=30.0, floor_seconds=14.0).verdict
        == "missed by 2.0 s (1.1× the limit)"
    )
    assert targets.full_run(platform_seconds=28.0, floor_seconds=14.0).met


def test_the_last_day_is_held_back_from_the_history(tmp_path: Path) -> None:
    generated = tmp_path / "generated"
    days = ["2025-10-29", "2025-10-30", "2025-10-31"]
    for day in days:
        export = generated / "service_requests" / f"traffy_{day}.csv"
        export.parent.mkdir(parents=True, exist_ok=True)
        export.write_text(f"ticket_id\n{day}\n", encoding="utf-8")
    (generated / "survey").mkdir()
    (generated / "survey" / "survey_plk_wellbeing_v1_2025Q4.csv").write_text("x\n", encoding="utf-8")

    inputs = hold_back_last_day(generated, tmp_path / "history")
    assert inputs.last_day == generated / "service_requests" / "traffy_2025-10-31.csv"
    history = sorted(str(path.relative_to(inputs.history)) for path in inputs.history.rglob("*.csv"))
    assert history == [
        "service_requests/traffy_2025-10-29.csv",
        "service_requests/traffy_2025-10-30.csv",
        "survey/survey_plk_wellbeing_v1_2025Q4.csv",
    ]
    linked = inputs.history / "service_requests" / "traffy_2025-10-30.csv"
    assert linked.stat().st_ino == (generated / "service_requests" / "traffy_2025-10-30.csv").stat().st_ino
