"""The daemon retries a run the machine killed, never one a quality gate (or any step) failed.

On an instance configured by config/dagster.yaml: a failed blocking check fails its step, and
``run_retries.retry_on_asset_or_op_failure: false`` keeps that run from being retried (the same inputs
would fail the same way, and a blocked batch waits for an operator); a run whose process died, failed
by the dead-run sweep (decision 022), is retried. The daemon's own decision function is asked.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest
from dagster._core.events import EngineEventData
from dagster._core.storage.tags import RUN_FAILURE_REASON_TAG, WILL_RETRY_TAG
from dagster._daemon.auto_run_reexecution.auto_run_reexecution import should_retry

from orchestration.defs.automation.dead_runs import fail_dead_runs
from tests.support.paths import REPO_ROOT


@pytest.fixture
def city_instance(tmp_path: Path) -> Iterator[dg.DagsterInstance]:
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(REPO_ROOT / "config" / "dagster.yaml", home / "dagster.yaml")
    with dg.DagsterInstance.from_config(str(home)) as instance:
        yield instance


@dg.asset
def landed() -> None:
    """Stands in for a raw source."""


@dg.asset_check(asset=landed, blocking=True)
def batches_pass_raw_suite() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=False, description="1 batch(es) blocked")


@dg.asset(deps=[landed])
def published() -> None:
    """Never built while the gate blocks it."""


def test_a_failed_gate_is_not_retried(city_instance: dg.DagsterInstance) -> None:
    assert city_instance.run_retries_enabled and city_instance.run_retries_max_retries == 1
    result = dg.materialize(
        [landed, published, batches_pass_raw_suite], instance=city_instance, raise_on_error=False
    )
    run = city_instance.get_run_by_id(result.run_id)
    assert run.status == dg.DagsterRunStatus.FAILURE
    assert run.tags[RUN_FAILURE_REASON_TAG] == "STEP_FAILURE"
    assert run.tags[WILL_RETRY_TAG] == "false"
    assert should_retry(run, city_instance) is False


def test_a_run_whose_process_died_is_retried(city_instance: dg.DagsterInstance) -> None:
    gone = subprocess.Popen(["true"])
    gone.wait()  # exited and reaped: its pid names no process
    job = dg.Definitions(assets=[landed]).resolve_implicit_global_asset_job_def()
    run = city_instance.create_run_for_job(job, status=dg.DagsterRunStatus.STARTED)
    city_instance.report_engine_event(
        "Started process for run",
        run,
        EngineEventData(metadata={"pid": dg.MetadataValue.text(str(gone.pid))}),
    )
    assert [dead.run_id for dead in fail_dead_runs(city_instance)] == [run.run_id]
    run = city_instance.get_run_by_id(run.run_id)
    assert run.tags[RUN_FAILURE_REASON_TAG] == "UNEXPECTED_TERMINATION"
    assert run.tags[WILL_RETRY_TAG] == "true"
    assert should_retry(run, city_instance) is True
