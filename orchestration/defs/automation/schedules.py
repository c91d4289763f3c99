"""When the platform runs by itself: every morning, and whenever new exports arrive in the inbox."""

import hashlib

import dagster as dg

from orchestration.defs.automation.arrivals import SETTLE_SECONDS, export_days_of, unlanded_files
from orchestration.defs.automation.dead_runs import fail_dead_runs
from orchestration.defs.automation.jobs import city_wellbeing_job
from orchestration.defs.partitions import previous_bangkok_day, range_tags


def _fail_dead_runs(context: dg.SensorEvaluationContext | dg.ScheduleEvaluationContext) -> None:
    """Free the pool from runs whose process was killed, or the run this tick asks for waits forever."""
    for dead in fail_dead_runs(context.instance):
        context.log.warning(
            f"run {dead.run_id} was killed (pid {dead.pid} is gone): marked failed, slots freed"
        )


@dg.schedule(
    name="daily_refresh",
    job=city_wellbeing_job,
    cron_schedule="0 6 * * *",
    execution_timezone="Asia/Bangkok",  # schedules default to UTC; the city's day starts in Bangkok
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every morning at 06:00 Bangkok time: land the previous day's exports, rebuild, check and "
    "publish.",
)
def daily_refresh(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    """Materialize the previous Bangkok day's partition; the downstream models and publish follow."""
    _fail_dead_runs(context)
    day = previous_bangkok_day(context.scheduled_execution_time)
    return dg.RunRequest(run_key=day, partition_key=day)


@dg.sensor(
    job=city_wellbeing_job,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def inbox_arrivals(context: dg.SensorEvaluationContext) -> dg.SensorResult:
    """Launch one run per batch of newly arrived exports, over the days those exports cover.

    The run key is derived from the files' content hashes, and Dagster never launches the same run
    key twice for a sensor (it is stored in the instance), so a file is never ingested twice, even
    across daemon restarts; landing itself is keyed by content as a second guard. A file modified in
    the last SETTLE_SECONDS is left for a later tick, so an export still being copied is not landed cut.
    """
    _fail_dead_runs(context)
    pending = unlanded_files(settled_for=SETTLE_SECONDS)
    if not pending:
        return dg.SensorResult(skip_reason="no new export in the inbox")
    run_key = hashlib.sha256("".join(sorted(arrival.sha256 for arrival in pending)).encode()).hexdigest()
    context.log.info(f"{len(pending)} new export(s): {', '.join(arrival.name for arrival in pending)}")
    tags = {"city/arrivals": str(len(pending)), **range_tags(export_days_of(pending))}
    return dg.SensorResult(run_requests=[dg.RunRequest(run_key=run_key, tags=tags)])
