"""A run SIGKILLed while it holds the `warehouse` pool's slot does not block the next one: the next
`make run`, on a real Dagster home, fails the dead run, frees its slot and publishes by itself."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import dagster as dg

from orchestration.core.faults import CRASH_ENV
from tests.support.paths import BANGKOK_SAMPLE, REPO_ROOT
from tests.support.platform_runs import CLI, cli_environment, run_cli

POOL = "warehouse"
# The sweep is the first thing a run does (a few seconds after start-up); the whole run takes a minute
# or more on a busy machine. Waiting on a dead run's slot never ends, so this fails instead of hanging.
SWEEP_TIMEOUT_SECONDS = 120
RUN_TIMEOUT_SECONDS = 900


def _dagster_home(tmp_path: Path) -> Path:
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(REPO_ROOT / "config" / "dagster.yaml", home / "dagster.yaml")
    return home


def test_the_run_after_a_killed_one_fails_it_frees_its_slot_and_publishes(tmp_path: Path) -> None:
    root = tmp_path / "city"
    (root / "inbox" / "service_requests").mkdir(parents=True)
    shutil.copy(BANGKOK_SAMPLE, root / "inbox" / "service_requests")
    home = _dagster_home(tmp_path)

    # Killed inside the ingest step, which holds the pool's only slot.
    killed = run_cli(root, DAGSTER_HOME=str(home), **{CRASH_ENV: "ingest:before_batch_record"})
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    with dg.DagsterInstance.from_config(str(home)) as instance:
        (dead,) = instance.get_runs()
        assert dead.status == dg.DagsterRunStatus.STARTED
        held = instance.event_log_storage.get_concurrency_info(POOL).claimed_slots
        assert [slot.run_id for slot in held] == [dead.run_id]

    output = tmp_path / "recovery.out"
    with output.open("w") as sink:
        recovery = subprocess.Popen(
            CLI,
            cwd=REPO_ROOT,
            env=cli_environment(root, DAGSTER_HOME=str(home)),
            start_new_session=True,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_failed(home, dead.run_id)
            assert recovery.wait(timeout=RUN_TIMEOUT_SECONDS) == 0, output.read_text()[-2000:]
        finally:
            if recovery.poll() is None:
                os.killpg(recovery.pid, signal.SIGKILL)
                recovery.wait()
    assert dead.run_id in output.read_text()
    assert (root / "published" / "manifest.json").exists()

    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert instance.get_run_by_id(dead.run_id).status == dg.DagsterRunStatus.FAILURE
        (failure,) = instance.all_logs(dead.run_id, of_type=dg.DagsterEventType.RUN_FAILURE)
        assert "process (pid" in failure.message and "is gone" in failure.message
        assert instance.event_log_storage.get_concurrency_info(POOL).claimed_slots == []
        latest = instance.get_runs(limit=1)[0]
        assert latest.run_id != dead.run_id and latest.status == dg.DagsterRunStatus.SUCCESS


def _wait_until_failed(home: Path, run_id: str) -> None:
    deadline = time.monotonic() + SWEEP_TIMEOUT_SECONDS
    with dg.DagsterInstance.from_config(str(home)) as instance:
        while instance.get_run_by_id(run_id).status != dg.DagsterRunStatus.FAILURE:
            assert time.monotonic() < deadline, (
                f"the killed run is still {instance.get_run_by_id(run_id).status}"
            )
            time.sleep(1)
