"""The inbox sensor under the real daemon: two exports dropped into the inbox are ingested exactly once
each, by one run, and a restart of the daemon ingests nothing again (issue: "Arrivals").

`dagster dev` runs the daemon with the sensor on by default. The settle time is shortened to 2 s so the
test does not wait 30 s for each file; the sensor's own interval (30 s) is kept.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import dagster as dg
import pytest
from dagster._core.instance import DagsterInstance, InstanceRef
from dagster._core.scheduler.instigation import InstigatorType, TickStatus
from dagster._core.storage.dagster_run import DagsterRunStatus, RunsFilter

from orchestration.defs.partitions import export_day
from tests.support.dagster_ui import ARTIFACTS, dagster_dev, fresh_instance
from tests.support.live import wait_for
from tests.support.paths import REPO_ROOT

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

EXPORTS = [
    REPO_ROOT / "data" / "sample" / "service_requests" / name
    for name in ("traffy_plk_2024-11-01.csv", "traffy_plk_2024-11-02.csv")
]
SENSOR = "inbox_arrivals"
WAIT_S = 420
FINISHED = {DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED}


def _sensor_runs(instance: dg.DagsterInstance) -> list[dg.DagsterRun]:
    return list(instance.get_runs(filters=RunsFilter(tags={"dagster/sensor_name": SENSOR})))


def _sensor_ticks(instance: dg.DagsterInstance) -> list:
    (state,) = [
        state
        for state in instance.all_instigator_state(instigator_type=InstigatorType.SENSOR)
        if state.instigator_name == SENSOR
    ]
    return list(instance.get_ticks(state.instigator_origin_id, state.selector_id))


def _landed(city: Path) -> list[dict]:
    batches = sorted((city / "lake" / "service_requests" / "batches").glob("*.json"))
    return [json.loads(path.read_text(encoding="utf-8")) for path in batches]


def test_two_arrivals_are_ingested_once_and_a_restart_ingests_nothing(tmp_path: Path) -> None:
    city, dagster_home = fresh_instance(tmp_path)
    inbox = city / "inbox" / "service_requests"
    settle = {"CITY_INBOX_SETTLE_SECONDS": "2"}
    for log in ("daemon-first-start.log", "daemon-restart.log"):
        (ARTIFACTS / log).unlink(missing_ok=True)

    with dagster_dev(city, dagster_home, "daemon-first-start.log", **settle) as ui:
        # Both arrive together (written aside, same mtime, then renamed in): one arrival batch.
        staging = tmp_path / "staging"
        staging.mkdir()
        written = time.time()
        for export in EXPORTS:
            shutil.copyfile(export, staging / export.name)
            os.utime(staging / export.name, (written, written))
        for export in EXPORTS:
            (staging / export.name).rename(inbox / export.name)
        with DagsterInstance.from_ref(InstanceRef.from_dir(str(dagster_home))) as instance:
            runs = wait_for(
                lambda: [run for run in _sensor_runs(instance) if run.status in FINISHED],
                "the sensor's run to finish",
                ui.log_tail,
                WAIT_S,
            )
            time.sleep(35)  # one more sensor interval: the landed files must not launch another run
            runs = _sensor_runs(instance)
    assert [run.status for run in runs] == [DagsterRunStatus.SUCCESS], ui.log_tail()
    (run,) = runs
    days = sorted(export_day(inbox / export.name) for export in EXPORTS)
    assert (
        run.tags["dagster/asset_partition_range_start"],
        run.tags["dagster/asset_partition_range_end"],
    ) == (
        days[0],
        days[-1],
    )
    landed = _landed(city)
    assert sorted(batch["source_file"] for batch in landed) == sorted(export.name for export in EXPORTS)
    assert (city / "published" / "manifest.json").is_file()

    restarted_at = time.time()
    with (
        dagster_dev(city, dagster_home, "daemon-restart.log", **settle) as ui,
        DagsterInstance.from_ref(InstanceRef.from_dir(str(dagster_home))) as instance,
    ):
        ticks = wait_for(
            lambda: [tick for tick in _sensor_ticks(instance) if tick.timestamp > restarted_at + 1],
            "a sensor tick after the restart",
            ui.log_tail,
            WAIT_S,
        )
        runs_after = _sensor_runs(instance)
    assert {tick.status for tick in ticks} == {TickStatus.SKIPPED}
    assert [run.run_id for run in runs_after] == [run.run_id]
    assert _landed(city) == landed  # nothing landed again, not even a new batch record
