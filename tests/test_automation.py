"""The daily schedule, the inbox sensor and the freshness checks, evaluated against a real instance."""

from __future__ import annotations

import os
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
from dagster._utils.schedules import cron_string_iterator

from orchestration.definitions import defs
from orchestration.defs.ingest.service_requests import service_request_lake
from orchestration.defs.quality.freshness import service_request_freshness
from orchestration.defs.schedules import SETTLE_SECONDS, daily_refresh, inbox_arrivals
from orchestration.lib.landing import ensure_schema_files, land_file
from tests.conftest import BANGKOK_SAMPLE

BANGKOK = ZoneInfo("Asia/Bangkok")


def test_the_schedule_ticks_at_six_in_the_morning_bangkok_time() -> None:
    assert (daily_refresh.cron_schedule, daily_refresh.execution_timezone) == ("0 6 * * *", "Asia/Bangkok")
    schedule = defs.resolve_schedule_def("daily_refresh")
    start = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # 19:00 in Bangkok
    # The iterator Dagster's scheduler daemon uses to find the next ticks.
    ticks = cron_string_iterator(start.timestamp(), schedule.cron_schedule, schedule.execution_timezone)
    first, second = next(ticks), next(ticks)
    assert first.astimezone(BANGKOK).replace(tzinfo=None) == datetime(2026, 11, 26, 6, 0)
    assert second.astimezone(BANGKOK).replace(tzinfo=None) == datetime(2026, 11, 27, 6, 0)


def test_the_sensor_requests_one_run_per_arrival_batch_and_never_repeats(city_data_dir: Path) -> None:
    inbox = city_data_dir / "inbox" / "service_requests"
    with dg.instance_for_test() as instance:
        context = dg.build_sensor_context(instance=instance)
        assert inbox_arrivals(context).skip_reason is not None  # nothing there yet

        shutil.copy(BANGKOK_SAMPLE, inbox)
        assert inbox_arrivals(context).skip_reason is not None  # just written: maybe still being copied
        settled = time.time() - SETTLE_SECONDS - 1
        os.utime(inbox / BANGKOK_SAMPLE.name, (settled, settled))
        first = inbox_arrivals(context).run_requests
        again = inbox_arrivals(context).run_requests
        assert len(first) == 1 and first[0].run_key == again[0].run_key  # same files, same key

        lake = service_request_lake()
        ensure_schema_files(lake)
        land_file(inbox / BANGKOK_SAMPLE.name, lake, 1)
        assert inbox_arrivals(context).skip_reason is not None  # landed: no new run


def test_freshness_warns_without_a_recent_export(city_data_dir: Path) -> None:
    check = service_request_freshness.node_def.compute_fn.decorated_fn
    result = check()
    assert (result.passed, result.severity) == (False, dg.AssetCheckSeverity.WARN)
    shutil.copy(BANGKOK_SAMPLE, city_data_dir / "inbox" / "service_requests")
    lake = service_request_lake()
    ensure_schema_files(lake)
    land_file(city_data_dir / "inbox" / "service_requests" / BANGKOK_SAMPLE.name, lake, 1)
    assert check().passed
