"""`make run`'s command on a fresh data directory: the bundled sample is copied in, said so, and published
(service requests and survey together), with every service-request row accounted for."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb

from tests.support.disclosure_attack import attack_snapshot, true_cells
from tests.support.paths import REPO_ROOT
from tests.support.platform_runs import run_cli

SAMPLE = REPO_ROOT / "data" / "sample" / "service_requests"
SURVEY_SAMPLE = REPO_ROOT / "data" / "sample" / "survey"


def _rows_in_sample() -> int:
    total = 0
    for path in sorted(SAMPLE.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            total += sum(1 for _ in csv.DictReader(handle))
    return total


def test_run_copies_the_sample_into_an_empty_inbox_and_publishes(tmp_path: Path) -> None:
    root = tmp_path / "fresh"
    completed = run_cli(root)
    assert completed.returncode == 0, completed.stderr[-3000:]
    sample_files = sorted(SAMPLE.glob("*.csv"))
    survey_files = sorted([*SURVEY_SAMPLE.glob("*.csv"), *SURVEY_SAMPLE.glob("*.xlsx")])
    assert f"copied {len(sample_files) + len(survey_files)} bundled sample file(s)" in completed.stdout

    manifest = json.loads((root / "published" / "manifest.json").read_text(encoding="utf-8"))
    published_files = {(f["source"], f["name"]) for f in manifest["source_files"]}
    assert published_files == {("service_requests", p.name) for p in sample_files} | {
        ("survey", p.name) for p in survey_files
    }
    with duckdb.connect(str(root / "published" / "indicators.duckdb"), read_only=True) as connection:
        accepted, quarantined = connection.execute(
            "SELECT sum(rows) FILTER (WHERE outcome = 'accepted'), "
            "sum(rows) FILTER (WHERE outcome = 'quarantined') "
            "FROM data_quality_summary WHERE source = 'service_requests'"
        ).fetchone()
        months = connection.execute(
            "SELECT count(DISTINCT period_start) FROM indicator_values WHERE indicator_id = 'sr_received'"
        ).fetchone()[0]
        survey_quarters = connection.execute(
            "SELECT count(DISTINCT period_start) FROM indicator_values "
            "WHERE indicator_id = 'sv_life_satisfaction_mean' AND area_id = 'ALL' AND value IS NOT NULL"
        ).fetchone()[0]
        priorities = connection.execute("SELECT count(*) FROM citizen_priorities").fetchone()[0]
    assert accepted + quarantined == _rows_in_sample()
    assert quarantined == 15  # the generator's deliberate bad rows (data/sample/README.md)
    assert months == 12
    assert survey_quarters == 2  # both survey waves, published together with the service requests
    assert priorities > 0

    # The differencing attacker recovers no suppressed survey figure or choice from the sample.
    report = attack_snapshot(root / "published" / "indicators.duckdb")
    assert report.attempted == 2 * 6  # two surveyed quarters with suppressed cells, six sv_* indicators
    assert report.group_attempted == 2 * 6 * 8  # ... by each of the eight sex and age groups (decision 026)
    assert report.leaks(true_cells(root / "warehouse" / "warehouse.duckdb")) == []
