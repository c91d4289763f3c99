"""The real Traffy sample (Bangkok, May 2023) run alone: city-level figures against an independent
computation with the standard library, and the data-quality summary adding up."""

from __future__ import annotations

import csv
import json
import math
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from statistics import mean

import duckdb
import pytest

from orchestration.defs.publish.snapshot import city_headlines
from tests.conftest import BANGKOK_SAMPLE, REPO_ROOT
from tests.e2e.conftest import run_platform

BANGKOK = timedelta(hours=7)
FINISHED = "เสร็จสิ้น"


def _instant(text: str) -> datetime:
    """Traffy's '2023-05-12 13:27:54.482138+00' form; the sample carries offsets on every timestamp."""
    assert text.endswith("+00"), text
    return datetime.fromisoformat(text[:-3]).replace(tzinfo=UTC)


def _quantile(values: list[float], q: float) -> float:
    """Continuous (linearly interpolated) quantile, the definition SPEC 4 asks for."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _sla_by_label() -> dict[str, int]:
    with (REPO_ROOT / "dbt_project" / "seeds" / "ref_categories.csv").open(encoding="utf-8") as handle:
        return {row["label_th"]: int(row["sla_hours"] or 72) for row in csv.DictReader(handle)}


def expected_city_figures() -> dict[str, float]:
    with BANGKOK_SAMPLE.open(encoding="utf-8-sig", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["ticket_id"].strip()]
    assert len({row["ticket_id"] for row in rows}) == len(rows)  # one observation per ticket here
    may = [row for row in rows if (_instant(row["timestamp"]) + BANGKOK).month == 5]
    finished = [row for row in may if row["state"] == FINISHED]
    hours = [
        (_instant(row["last_activity"]) - _instant(row["timestamp"])).total_seconds() / 3600
        for row in finished
    ]
    sla = _sla_by_label()

    def ticket_sla(row: dict[str, str]) -> int:
        labels = [label.strip() for label in row["type"].strip("{}").split(",") if label.strip()]
        return min((sla.get(label, 72) for label in labels), default=72)

    within_sla = sum(1 for row, h in zip(finished, hours, strict=True) if h <= ticket_sla(row))
    stars = [int(row["star"]) for row in may if row["star"].strip()]
    return {
        "sr_received": len(may),
        "sr_finished": len(finished),
        "sr_finish_rate": len(finished) / len(may),
        "sr_median_hours_to_finish": _quantile(hours, 0.5),
        "sr_p90_hours_to_finish": _quantile(hours, 0.9),
        "sr_mean_days_to_finish": mean(hours) / 24,
        "sr_sla_met_rate": within_sla / len(finished),
        "sr_reopen_rate": sum(1 for row in may if int(row["count_reopen"] or 0) > 0) / len(may),
        "sr_satisfaction_mean": mean(stars),
        "sr_backlog_over_30d": 0,  # every ticket is from 11-12 May; the data ends on 12 May
    }


@pytest.fixture(scope="module")
def published_bangkok(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bangkok") / "city"
    inbox = root / "inbox" / "service_requests"
    inbox.mkdir(parents=True)
    shutil.copy(BANGKOK_SAMPLE, inbox)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CITY_DATA_DIR", str(root))
        result = run_platform()
    assert result.success
    return root / "published"


def test_city_level_may_2023_matches_independent_computation(published_bangkok: Path) -> None:
    expected = expected_city_figures()
    with duckdb.connect(str(published_bangkok / "indicators.duckdb"), read_only=True) as connection:
        got = dict(
            connection.execute(
                "SELECT indicator_id, value FROM indicator_values "
                "WHERE area_id = 'ALL' AND category = 'ALL' AND period_start = DATE '2023-05-01'"
            ).fetchall()
        )
    assert expected["sr_received"] == 988
    for indicator_id, value in expected.items():
        assert got[indicator_id] == pytest.approx(value, rel=1e-9, abs=1e-9), indicator_id


def test_data_quality_summary_adds_up_to_rows_read(published_bangkok: Path) -> None:
    with duckdb.connect(str(published_bangkok / "indicators.duckdb"), read_only=True) as connection:
        rows = connection.execute(
            "SELECT outcome, reason, rows FROM data_quality_summary WHERE source = 'service_requests'"
        ).fetchall()
    with BANGKOK_SAMPLE.open(encoding="utf-8-sig", newline="") as handle:
        read = list(csv.DictReader(handle))
    missing_ids = sum(1 for row in read if not row["ticket_id"].strip())
    by_outcome = {(outcome, reason): count for outcome, reason, count in rows}
    assert by_outcome[("accepted", None)] == len(read) - missing_ids
    assert by_outcome[("quarantined", "missing_ticket_id")] == missing_ids
    quarantined = sum(count for (outcome, _), count in by_outcome.items() if outcome == "quarantined")
    assert by_outcome[("accepted", None)] + quarantined == len(read) == 1000


def test_manifest_names_the_source_file_and_the_checks(published_bangkok: Path) -> None:

    manifest = json.loads((published_bangkok / "manifest.json").read_text(encoding="utf-8"))
    assert [f["name"] for f in manifest["source_files"]] == [BANGKOK_SAMPLE.name]
    assert manifest["source_files"][0]["size_bytes"] == BANGKOK_SAMPLE.stat().st_size
    assert "raw_service_requests:batches_pass_raw_suite" in manifest["checks_passed"]
    assert "indicator_values:publish_gate_suite" in manifest["checks_passed"]
    with duckdb.connect(str(published_bangkok / "indicators.duckdb"), read_only=True) as connection:
        for table, count in manifest["row_counts"].items():
            assert connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == count
        assert (
            connection.execute("SELECT publish_id FROM snapshot_info").fetchone()[0] == manifest["publish_id"]
        )


def test_the_publish_asset_previews_the_city_headlines(published_bangkok: Path) -> None:
    table = city_headlines(published_bangkok / "indicators.duckdb").splitlines()
    assert (
        table[0]
        == "| month | sr_received | sr_finish_rate | sr_median_hours_to_finish | sr_satisfaction_mean |"
    )
    assert table[2] == "| 2023-05-01 | 988.0 | 0.099 | 13.895 | 3.913 |"
