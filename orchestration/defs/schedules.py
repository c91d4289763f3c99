"""When the platform runs by itself: every morning, and whenever new exports arrive in the inbox."""

import hashlib
import time

import dagster as dg

from orchestration.defs.ingest.service_requests import service_request_lake
from orchestration.defs.ingest.survey import survey_lake
from orchestration.defs.jobs import city_wellbeing_job
from orchestration.lib.inbox import inbox_files
from orchestration.lib.landing import file_sha256
from orchestration.lib.paths import city_data_paths

daily_refresh = dg.ScheduleDefinition(
    name="daily_refresh",
    job=city_wellbeing_job,
    cron_schedule="0 6 * * *",
    execution_timezone="Asia/Bangkok",  # schedules default to UTC; the city's day starts in Bangkok
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every morning at 06:00 Bangkok time: ingest what arrived, rebuild, check and publish.",
)


# A file changed this recently may still be being copied into the inbox: wait for the next tick.
SETTLE_SECONDS = 30


def new_inbox_files(now: float | None = None) -> list[tuple[str, str]]:
    """(file name, sha256) of settled inbox files whose content has not been landed yet, for both sources."""
    paths = city_data_paths()
    settled_before = (time.time() if now is None else now) - SETTLE_SECONDS
    pending = []
    for source, lake in (("service_requests", service_request_lake()), ("survey", survey_lake())):
        for path in inbox_files(paths.inbox_for(source)):
            if path.stat().st_mtime > settled_before:
                continue
            digest = file_sha256(path)
            if not lake.batch_record_file(digest).exists():
                pending.append((f"{source}/{path.name}", digest))
    return pending


@dg.sensor(
    job=city_wellbeing_job,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def inbox_arrivals(context: dg.SensorEvaluationContext) -> dg.SensorResult:
    """Launch one run per batch of newly arrived exports.

    The run key is derived from the files' content hashes, and Dagster never launches the same run
    key twice for a sensor (it is stored in the instance), so a file is never ingested twice, even
    across daemon restarts; landing itself is keyed by content as a second guard. A file modified in
    the last SETTLE_SECONDS is left for a later tick, so an export still being copied is not landed cut.
    """
    pending = new_inbox_files()
    if not pending:
        return dg.SensorResult(skip_reason="no new export in the inbox")
    run_key = hashlib.sha256("".join(sorted(digest for _, digest in pending)).encode()).hexdigest()
    context.log.info(f"{len(pending)} new export(s): {', '.join(name for name, _ in pending)}")
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=run_key, tags={"city/arrivals": str(len(pending))})]
    )
