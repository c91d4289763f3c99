"""Fail the runs whose process is gone, and free the pool slots they hold, before starting another.

A run killed outright (SIGKILL, the OOM killer, a power cut) never records its end: it stays STARTED in
run storage and keeps its claim on the `warehouse` pool's one slot, so every later run, from `make run`,
the sensor or the schedule, waits behind it forever. Dagster's daemon frees the slots of runs that have
*ended* (`run_monitoring.free_slots_after_run_end_seconds`) and fails runs stuck STARTING, but the
default run launcher cannot tell it whether a STARTED run's process is still alive, and `make run` runs
without a daemon at all. So every entry point sweeps first: a run is dead when the process Dagster
recorded for it (the pid of its "Executing steps in process" or "Started process for run" event) no
longer exists, or is a zombie, or started after that event (a reboot gave its pid to another process).

With the default run launcher every run's process lives on this machine: the CLI's own, or one the
code server started. Other launchers (Kubernetes) run workers elsewhere and check them themselves, so
the sweep leaves their runs alone.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
from dagster._core.events import JobFailureData, RunFailureReason

_PROC = Path("/proc")
# /proc/stat's boot time has whole seconds: allow for its rounding when comparing start times.
_START_TIME_SLACK_SECONDS = 2.0


@dataclass(frozen=True)
class DeadRun:
    """A run that was marked failed because its process is gone."""

    run_id: str
    pid: int


def fail_dead_runs(instance: dg.DagsterInstance) -> list[DeadRun]:
    """Mark every STARTING or STARTED run whose recorded process is gone as failed, its slots freed."""
    if not isinstance(instance.run_launcher, dg.DefaultRunLauncher):
        return []
    in_progress = [dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED]
    dead = []
    for run in instance.get_runs(filters=dg.RunsFilter(statuses=in_progress)):
        recorded = recorded_process(instance, run.run_id)
        if recorded is None or process_alive_since(*recorded):
            continue
        pid = recorded[0]
        # Slots first: if this process dies in between, the run is still STARTED and found again.
        if instance.event_log_storage.supports_global_concurrency_limits:
            instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        instance.report_run_failed(
            run,
            f"The run's process (pid {pid}) is gone: it was killed (power cut, out of memory, SIGKILL) "
            "before it could record its end. Marked failed and its concurrency pool slots freed by the "
            "next run, sensor or schedule tick, so later runs do not wait for it. Its steps are "
            "idempotent: the next run lands and rebuilds whatever it left unfinished.",
            # The machine killed it, not a step: run_retries (retry_on_asset_or_op_failure: false in
            # config/dagster.yaml) retries exactly these.
            JobFailureData(error=None, failure_reason=RunFailureReason.UNEXPECTED_TERMINATION),
        )
        dead.append(DeadRun(run.run_id, pid))
    return dead


def recorded_process(instance: dg.DagsterInstance, run_id: str) -> tuple[int, float] | None:
    """The pid of the run's process and when it was recorded (a Unix time), from the first engine event
    that records one; None while the run has recorded none (the daemon's start timeout covers that)."""
    for entry in instance.all_logs(run_id, of_type=dg.DagsterEventType.ENGINE_EVENT):
        data = entry.dagster_event.engine_event_data if entry.dagster_event else None
        pid = data.metadata.get("pid") if data else None
        if isinstance(pid, dg.TextMetadataValue) and pid.text.isdigit():
            return int(pid.text), entry.timestamp
    return None


def process_alive_since(pid: int, recorded_at: float) -> bool:
    """Whether process ``pid`` is running and had started by ``recorded_at`` (a Unix time).

    Where there is no /proc (not Linux) a pid that still exists counts as alive, whatever its age.
    """
    if not _PROC.is_dir():
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass  # another user's process, alive
        return True
    try:
        stat = (_PROC / str(pid) / "stat").read_text(encoding="ascii", errors="replace")
    except (FileNotFoundError, ProcessLookupError):
        return False
    # Fields after the command name (which may hold spaces) in parentheses: state is the 3rd field of
    # the line, the start time (clock ticks after boot) the 22nd.
    fields = stat.rsplit(")", 1)[1].split()
    if fields[0] in {"Z", "X"}:  # killed, not yet reaped by its parent
        return False
    process_started_at = _boot_time() + int(fields[19]) / os.sysconf("SC_CLK_TCK")
    return process_started_at <= recorded_at + _START_TIME_SLACK_SECONDS


def _boot_time() -> float:
    for line in (_PROC / "stat").read_text(encoding="ascii").splitlines():
        if line.startswith("btime "):
            return float(line.split()[1])
    raise RuntimeError("/proc/stat has no btime line")
