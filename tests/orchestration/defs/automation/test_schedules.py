"""The daily schedule and the inbox sensor against a real instance (freshness: test_freshness.py)."""

from __future__ import annotations

import os
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG
from dagster._utils.schedules import cron_string_iterator

from orchestration.definitions import defs
from orchestration.defs.automation.arrivals import SETTLE_SECONDS
from orchestration.defs.automation.schedules import daily_refresh, inbox_arrivals
from orchestration.defs.partitions import export_day, export_days
from orchestration.sources.service_requests.lander import ensure_schema_files, land_file
from orchestration.sources.service_requests.source import service_request_lake
from tests.support.paths import BANGKOK_SAMPLE

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


def test_each_tick_materializes_exactly_the_previous_bangkok_day() -> None:
    schedule = defs.resolve_schedule_def("daily_refresh")
    # 06:00 in Bangkok on 1 March is still 29 February in UTC (a leap day): the Bangkok date counts.
    tick = datetime(2028, 3, 1, 6, 0, tzinfo=BANGKOK)
    with dg.instance_for_test() as instance:
        context = dg.build_schedule_context(
            instance=instance, scheduled_execution_time=tick, repository_def=defs.get_repository_def()
        )
        requests = schedule.evaluate_tick(context).run_requests
    assert [(request.partition_key, request.run_key) for request in requests] == [("2028-02-29",) * 2]
    assert "2028-02-29" in export_days.get_partition_keys(current_time=tick)


def test_an_export_belongs_to_the_day_in_its_name_else_the_day_it_arrived(tmp_path: Path) -> None:
    now = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)  # 03:00 on the 26th in Bangkok
    named = {
        "traffy_plk_2024-11-01.csv": "2024-11-01",
        "export20250131.csv": "2025-01-31",
        "traffy_2568-01-05.csv": "2025-01-05",  # a Buddhist-Era year
        "v2_2025-13-45_then_2025-02-03.csv": "2025-02-03",  # the first valid date
        "old_2019-05-01.csv": "2022-01-01",  # before the first partition: the first day
        "future_2030-01-01.csv": "2026-11-26",  # not yet: today in Bangkok
    }
    for name, day in named.items():
        (tmp_path / name).write_text("x")
        assert export_day(tmp_path / name, now) == day, name
    undated = tmp_path / "complaints.csv"
    undated.write_text("x")
    arrived = datetime(2026, 11, 24, 18, 30, tzinfo=UTC).timestamp()  # 01:30 on the 25th in Bangkok
    os.utime(undated, (arrived, arrived))
    assert export_day(undated, now) == "2026-11-25"


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
        day = export_day(inbox / BANGKOK_SAMPLE.name)  # no full date in its name: the day it arrived
        assert (
            first[0].tags[ASSET_PARTITION_RANGE_START_TAG],
            first[0].tags[ASSET_PARTITION_RANGE_END_TAG],
        ) == (
            day,
            day,
        )

        lake = service_request_lake()
        ensure_schema_files(lake)
        land_file(inbox / BANGKOK_SAMPLE.name, lake, 1)
        assert inbox_arrivals(context).skip_reason is not None  # landed: no new run
