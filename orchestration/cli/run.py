"""``make run``: materialize the whole platform over ``$CITY_DATA_DIR`` and say plainly how it went.

On a fresh checkout the inbox is empty, so the bundled sample exports are copied in first. Runs left
behind by a killed process are failed and their pool slots freed before this one starts, so it does not
wait for them forever (orchestration/defs/automation/dead_runs.py). The exit status is non-zero when
the run fails or a blocking check stops publishing, and the message names the check and its reason, so
a cron job or CI step fails loudly instead of leaving a stale snapshot unnoticed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from datetime import date
from typing import Any

import dagster as dg

from orchestration.cli.help import command_parser
from orchestration.core.paths import SAMPLE_DIR, SOURCES, CityDataPaths, city_data_paths
from orchestration.defs.automation.dead_runs import fail_dead_runs
from orchestration.defs.partitions import FIRST_EXPORT_DAY, bangkok_today
from orchestration.lake.inbox import inbox_files

SAMPLE_EXPORT_SUFFIXES = {".csv", ".xlsx"}
# Step-level DEBUG events are in the UI's run log; the terminal shows INFO and above.


def run_config(full_refresh: bool = False) -> dict[str, Any]:
    """INFO-level console logs, and the dbt step's launchpad option."""
    return {
        "loggers": {"console": {"config": {"log_level": "INFO"}}},
        "ops": {"city_dbt_models": {"config": {"full_refresh": full_refresh}}},
    }


def seed_inbox_with_sample(paths: CityDataPaths) -> int:
    """Copy the bundled sample into an inbox that holds no file at all; return how many were copied."""
    if any(inbox_files(paths.inbox_for(source)) for source in SOURCES):
        return 0
    copied = 0
    for source in SOURCES:
        for path in inbox_files(SAMPLE_DIR / source):
            if path.suffix.lower() in SAMPLE_EXPORT_SUFFIXES:  # not the sample's README or fixtures
                shutil.copy2(path, paths.inbox_for(source) / path.name)
                copied += 1
    return copied


def _failed_checks(result: dg.ExecuteInProcessResult, blocking: bool) -> list[str]:
    return [
        f"check failed: {evaluation.asset_key.to_user_string()}:{evaluation.check_name}"
        f" ({'blocking' if blocking else 'warning'}): {evaluation.description or ''}"
        for evaluation in result.get_asset_check_evaluations()
        if not evaluation.passed and bool(evaluation.blocking) == blocking
    ]


def materialize_inbox(
    instance: dg.DagsterInstance,
    run_config: dict[str, Any] | None = None,
    days: tuple[str, str] | None = None,
) -> dg.ExecuteInProcessResult:
    """One run of the whole job over ``days`` (first, last), by default the Bangkok days of every inbox
    export not landed yet.

    With nothing new it runs today's partition, which lands nothing and rebuilds and republishes. A
    backfill names its days: it lands the exports of those days that are not in the lake yet.
    """
    from orchestration.definitions import defs
    from orchestration.defs.automation.arrivals import export_days_of, unlanded_files
    from orchestration.defs.partitions import range_tags

    job = defs.resolve_job_def("city_wellbeing")
    return job.execute_in_process(
        instance=instance,
        raise_on_error=False,
        run_config=run_config or {},
        tags=range_tags(days or export_days_of(unlanded_files())),
    )


def failure_report(result: dg.ExecuteInProcessResult) -> list[str]:
    """Human-readable lines for every failed blocking check and failed step of a run."""
    lines = _failed_checks(result, blocking=True)
    for event in result.get_step_failure_events():
        error = event.step_failure_data.error
        message = error.message.strip() if error else "unknown error"
        lines.append(f"step failed: {event.step_key}: {message}")
    return lines


def parse_options(argv: list[str]) -> tuple[tuple[str, str] | None, bool]:
    """The days (``--from DAY --to DAY`` for a backfill, else None for the days of the unlanded inbox
    files) and whether dbt rebuilds every incremental model from the whole lake (``--full-refresh``)."""
    parser = command_parser("python -m orchestration.cli.run", __doc__)
    parser.add_argument("--from", dest="first", type=_day, help="first Bangkok day, YYYY-MM-DD")
    parser.add_argument("--to", dest="last", type=_day, help="last Bangkok day, YYYY-MM-DD")
    parser.add_argument(
        "--full-refresh", action="store_true", help="rebuild the incremental dbt models from the whole lake"
    )
    options = parser.parse_args(argv)
    if (options.first is None) != (options.last is None):
        parser.error("--from and --to go together")
    if options.first is None:
        return None, options.full_refresh
    first_partition, today = FIRST_EXPORT_DAY.isoformat(), bangkok_today().isoformat()
    if not first_partition <= options.first <= options.last <= today:
        parser.error(f"the days must run forward from {first_partition} to at most today ({today})")
    return (options.first, options.last), options.full_refresh


def _day(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r} is not a day like 2025-01-31") from error


def main(argv: list[str] | None = None) -> int:
    days, full_refresh = parse_options(sys.argv[1:] if argv is None else argv)
    paths = city_data_paths().ensure()
    copied = seed_inbox_with_sample(paths)
    if copied:
        print(
            f"The inbox was empty: copied {copied} bundled sample file(s) "
            f"from {SAMPLE_DIR} into {paths.inbox}."
        )
    print(f"Materializing the platform over CITY_DATA_DIR={paths.root}")

    instance = dg.DagsterInstance.get() if _has_dagster_home() else dg.DagsterInstance.ephemeral()
    with instance:
        for dead in fail_dead_runs(instance):
            print(
                f"Run {dead.run_id} had been killed (its process, pid {dead.pid}, is gone): "
                "marked failed and its warehouse slot freed; this run redoes its work."
            )
        result = materialize_inbox(instance, run_config=run_config(full_refresh), days=days)
    for warning in _failed_checks(result, blocking=False):
        print(f"  - {warning}")  # worth a look, but it does not stop publishing
    problems = failure_report(result)
    published = paths.published / "manifest.json"
    if result.success and not problems:
        print(f"Published snapshot: {published.resolve()} (read {paths.published / 'indicators.duckdb'})")
        return 0
    print("The run did not publish; the previous snapshot (if any) is unchanged.", file=sys.stderr)
    for line in problems or ["run failed (see the Dagster UI for the run log)"]:
        print(f"  - {line}", file=sys.stderr)
    return 1


def _has_dagster_home() -> bool:
    return bool(os.environ.get("DAGSTER_HOME"))


if __name__ == "__main__":
    sys.exit(main())
