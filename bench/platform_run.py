"""The platform's side of the bench: `make run`'s command over a fresh data directory, timed per step.

The run gets its own ``CITY_DATA_DIR`` (the generated files hard-linked into its inbox, so nothing is
copied) and its own ``DAGSTER_HOME`` holding a copy of ``config/dagster.yaml``, so afterwards the
instance's event log says how long each step took: ingest, dbt, checks, publish. The daily run is the
same command again after one more export was delivered into the same inbox; its steps are told apart
from the full run's by run id.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb

from bench.reference import REPO_ROOT, RESULT_COLUMNS

COMMAND = ("-m", "orchestration.cli.run")
# Loading the code location, as `dagster definitions validate` does (`python -m dagster` is that command).
LOAD_COMMAND = ("-m", "dagster", "definitions", "validate", "-m", "orchestration.definitions")


@dataclass(frozen=True)
class StepTiming:
    step_key: str
    stage: str
    seconds: float
    status: str


def prepare(inbox: Path, workdir: Path) -> tuple[Path, Path]:
    """A fresh data directory whose inbox holds the generated files, and a fresh Dagster home."""
    data_dir, home = workdir / "data", workdir / "dagster_home"
    shutil.rmtree(workdir, ignore_errors=True)
    for source_dir in sorted(path for path in inbox.iterdir() if path.is_dir()):
        (data_dir / "inbox" / source_dir.name).mkdir(parents=True)
        for path in source_dir.iterdir():
            deliver(path, data_dir, source_dir.name)
    home.mkdir(parents=True)
    shutil.copy(REPO_ROOT / "config" / "dagster.yaml", home / "dagster.yaml")
    return data_dir, home


def deliver(export: Path, data_dir: Path, source: str) -> None:
    """Drop ``export`` into the data directory's inbox for ``source``, as an operator would."""
    os.link(export, data_dir / "inbox" / source / export.name)  # a regular file, as required, not a copy


def environment(data_dir: Path, home: Path) -> Mapping[str, str]:
    return {
        **os.environ,
        "CITY_DATA_DIR": str(data_dir),
        "DAGSTER_HOME": str(home),
        "GX_ANALYTICS_ENABLED": "False",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
    }


# The steps that land inbox files and the one that publishes; dbt's step builds and tests the models;
# every other step is a check (raw-batch suites, freshness, the publish gate).
INGEST_STEPS = {"raw_service_requests", "raw_survey_responses"}
PUBLISH_STEPS = {"published_snapshot"}


def _stage(step_key: str) -> str:
    if step_key in INGEST_STEPS:
        return "ingest"
    if "dbt" in step_key:
        return "dbt"
    if step_key in PUBLISH_STEPS:
        return "publish"
    return "checks"


@dataclass(frozen=True)
class RunTimings:
    """What the instance recorded: every step, the runs' duration, and the planning before them."""

    steps: list[StepTiming]
    run_seconds: float
    planned_events: int  # one per asset and partition, and per asset check, written before the run starts
    planning_seconds: float  # from the first of them to the run's start


def run_ids(home: Path) -> set[str]:
    """The runs the instance at ``home`` holds so far."""
    import dagster as dg

    with dg.DagsterInstance.from_config(str(home)) as instance:
        return {run.run_id for run in instance.get_runs()}


def run_timings(home: Path, earlier_runs: Collection[str] = ()) -> RunTimings:
    """Read the instance at ``home`` (fresh for the bench, so it holds only the bench's runs), leaving
    out ``earlier_runs`` so that a later phase is timed on its own."""
    import dagster as dg

    planning_events = {
        dg.DagsterEventType.ASSET_MATERIALIZATION_PLANNED,
        dg.DagsterEventType.ASSET_CHECK_EVALUATION_PLANNED,
    }
    with dg.DagsterInstance.from_config(str(home)) as instance:
        steps: list[StepTiming] = []
        run_seconds = planning_seconds = 0.0
        planned_events = 0
        for run in reversed(instance.get_runs()):
            if run.run_id in earlier_runs:
                continue
            run_stats = instance.get_run_stats(run.run_id)
            if run_stats.start_time and run_stats.end_time:
                run_seconds += run_stats.end_time - run_stats.start_time
            planned = instance.all_logs(run.run_id, of_type=planning_events)
            if planned and run_stats.start_time:
                planned_events += len(planned)
                planning_seconds += run_stats.start_time - min(event.timestamp for event in planned)
            for stats in instance.get_run_step_stats(run.run_id):
                seconds = (stats.end_time or 0) - (stats.start_time or 0)
                status = stats.status.value if stats.status else "unknown"
                steps.append(StepTiming(stats.step_key, _stage(stats.step_key), max(seconds, 0.0), status))
    return RunTimings(steps, run_seconds, planned_events, planning_seconds)


def published_sr_rows(data_dir: Path, out: Path) -> int:
    """Copy the sr_* rows of the published snapshot's ``indicator_values`` to ``out`` (Parquet)."""
    snapshot = data_dir / "published" / "indicators.duckdb"
    with duckdb.connect(str(snapshot), read_only=True) as connection:
        connection.execute(
            f"COPY (SELECT {', '.join(RESULT_COLUMNS)} FROM indicator_values "
            f"WHERE starts_with(indicator_id, 'sr_')) TO '{out}' (FORMAT parquet)"
        )
        count = connection.execute(f"SELECT count(*) FROM read_parquet('{out}')").fetchone()
    return int(count[0]) if count else 0
