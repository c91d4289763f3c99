"""A run whose process was SIGKILLed is failed and its pool slots freed by the sensor and the schedule
(the `make run` path is tests/e2e/test_dead_run_recovery.py), and a live run is left alone."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import pytest

from orchestration.defs.automation.dead_runs import fail_dead_runs, process_alive_since
from orchestration.defs.automation.schedules import daily_refresh, inbox_arrivals
from tests.support.paths import REPO_ROOT

POOL = "warehouse"
# A real run, in its own process, killed by SIGKILL inside a step that holds the pool's slot.
KILLED_RUN = f"""
import os, signal
import dagster as dg

@dg.op(pool={POOL!r})
def killed_while_holding_the_slot() -> None:
    os.kill(os.getpid(), signal.SIGKILL)

@dg.job
def killed() -> None:
    killed_while_holding_the_slot()

with dg.DagsterInstance.get() as instance:
    killed.execute_in_process(instance=instance)
"""


@pytest.fixture
def instance_with_a_killed_run(tmp_path: Path) -> Iterator[tuple[dg.DagsterInstance, str]]:
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(REPO_ROOT / "config" / "dagster.yaml", home / "dagster.yaml")
    env = {**os.environ, "DAGSTER_HOME": str(home)}
    killed = subprocess.run([sys.executable, "-c", KILLED_RUN], env=env, capture_output=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()[-2000:]
    with dg.DagsterInstance.from_config(str(home)) as instance:
        (run,) = instance.get_runs()
        assert run.status == dg.DagsterRunStatus.STARTED
        assert _slot_holders(instance) == [run.run_id]
        yield instance, run.run_id


def _assert_failed_and_freed(instance: dg.DagsterInstance, run_id: str) -> None:
    assert instance.get_run_by_id(run_id).status == dg.DagsterRunStatus.FAILURE
    (failure,) = instance.all_logs(run_id, of_type=dg.DagsterEventType.RUN_FAILURE)
    assert "is gone" in failure.message
    assert _slot_holders(instance) == []


def _slot_holders(instance: dg.DagsterInstance) -> list[str]:
    return [slot.run_id for slot in instance.event_log_storage.get_concurrency_info(POOL).claimed_slots]


@pytest.mark.slow  # a real Dagster run process is started and killed
def test_the_sensor_fails_a_killed_run_and_frees_its_slot(
    instance_with_a_killed_run: tuple[dg.DagsterInstance, str], city_data_dir: Path
) -> None:
    instance, run_id = instance_with_a_killed_run
    inbox_arrivals(dg.build_sensor_context(instance=instance))
    _assert_failed_and_freed(instance, run_id)
    assert fail_dead_runs(instance) == []  # once


@pytest.mark.slow  # a real Dagster run process is started and killed
def test_the_schedule_fails_a_killed_run_and_frees_its_slot(
    instance_with_a_killed_run: tuple[dg.DagsterInstance, str],
) -> None:
    instance, run_id = instance_with_a_killed_run
    tick = datetime(2026, 11, 25, 23, 0, tzinfo=UTC)
    daily_refresh(dg.build_schedule_context(instance=instance, scheduled_execution_time=tick))
    _assert_failed_and_freed(instance, run_id)


def test_a_live_process_counts_only_if_it_started_before_it_was_recorded() -> None:
    now = time.time()
    assert process_alive_since(os.getpid(), now)
    assert not process_alive_since(os.getpid(), now - 3600)  # the pid was given to a newer process


def test_an_exited_or_unreaped_process_is_dead() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)  # exited, not yet reaped: a zombie
    assert not process_alive_since(child.pid, time.time())
    child.wait()
    assert not process_alive_since(child.pid, time.time())
