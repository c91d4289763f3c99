"""Operator actions as Dagster jobs: typed config, who and why kept, the same code as the CLI."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from orchestration.cli.review import main as review_main
from orchestration.defs.automation.operator_jobs import review_batch, roll_back_published_snapshot
from orchestration.lake.batch_review import BatchVerdict, review_history, store_verdict
from orchestration.lake.store import source_lake
from orchestration.publish.snapshot import current_publish_id
from orchestration.sources.service_requests.lander import land_file
from tests.support.paths import BANGKOK_SAMPLE
from tests.support.snapshot_fixtures import publish_small_snapshot, small_warehouse


def _decide(action: str, batch: str) -> dg.ExecuteInProcessResult:
    config = {"batch": batch, "action": action, "note": "checked by phone", "decided_by": "somchai"}
    return review_batch.execute_in_process(
        run_config={"ops": {"decide_on_batch": {"config": config}}}, raise_on_error=False
    )


def test_a_batch_is_rejected_then_released_from_a_job(city_data_dir: Path) -> None:
    layout = source_lake("service_requests")
    record = land_file(BANGKOK_SAMPLE, layout, batch_seq=1)
    assert record is not None
    assert _decide("reject", BANGKOK_SAMPLE.name).success
    assert _decide("release", record.batch_id[:12]).success
    history = review_history(layout, record.batch_id)
    assert [(r.decision, r.decided_by, r.note) for r in history] == [
        ("rejected", "somchai", "checked by phone"),
        ("released", "somchai", "checked by phone"),
    ]


def test_an_unknown_batch_fails_the_job_saying_why(city_data_dir: Path) -> None:
    result = _decide("reject", "no-such-file.csv")
    assert not result.success
    failure = result.get_step_failure_events()[0].step_failure_data.user_failure_data
    assert "must name exactly one landed batch" in failure.description


def test_a_rollback_job_switches_the_snapshot(city_data_dir: Path) -> None:
    published = city_data_dir / "published"
    publish_small_snapshot(published, small_warehouse(city_data_dir / "a.duckdb", 3), "p1")
    publish_small_snapshot(published, small_warehouse(city_data_dir / "b.duckdb", 5), "p2")
    config = {"reason": "p2 double-counted a day", "requested_by": "somying"}
    result = roll_back_published_snapshot.execute_in_process(
        run_config={"ops": {"roll_back": {"config": config}}}
    )
    assert result.success and current_publish_id(published) == "p1"
    with pytest.raises(dg.DagsterInvalidConfigError):  # who asked and why are required
        roll_back_published_snapshot.execute_in_process(run_config={"ops": {"roll_back": {"config": {}}}})


def test_review_list_failed_shows_only_batches_awaiting_a_decision(
    city_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    layout = source_lake("service_requests")
    record = land_file(BANGKOK_SAMPLE, layout, batch_seq=1)
    assert record is not None
    store_verdict(
        layout, BatchVerdict(record.batch_id, record.source_file, False, "too many quarantined", {})
    )
    assert review_main(["list", "--failed"]) == 0
    assert BANGKOK_SAMPLE.name in capsys.readouterr().out
    assert _decide("release", BANGKOK_SAMPLE.name).success
    assert review_main(["list", "--failed"]) == 0
    assert capsys.readouterr().out == ""
