"""Service-request exports are partitioned by the Asia/Bangkok calendar day they cover.

An export's day is the date in its file name (Traffy's daily exports are named by date, e.g.
`traffy_plk_2024-11-01.csv`); a file without a date in its name belongs to the Bangkok day it arrived.
Days before the first partition fall into the first one and future days into today's, so every file
belongs to exactly one partition and none is left behind unlanded.
See docs/decisions/010-daily-partitions.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from pathlib import Path

import dagster as dg

from orchestration.core.thai_calendar import BANGKOK, common_era_year

# Traffy Fondue has served Thai municipalities nationally since 2022; older exports join the first day.
FIRST_EXPORT_DAY = date(2022, 1, 1)
DAY_FORMAT = "%Y-%m-%d"

export_days = dg.DailyPartitionsDefinition(
    start_date=FIRST_EXPORT_DAY.strftime(DAY_FORMAT),
    timezone="Asia/Bangkok",
    fmt=DAY_FORMAT,
    # Today's partition exists while the day is in progress, so an export for today can land today.
    end_offset=1,
)

# The ingest assets land a range of days in one run, so a year's backfill lands 365 exports in one step
# instead of 365 runs. The models downstream are not partitioned: they are rebuilt from the whole lake,
# and a partition per day on each of them would record one materialization per model per day of the
# range (about 16,000 events for a year) for no gain.
single_run = dg.BackfillPolicy.single_run()
# The run tags by which Dagster gives one run a range of partitions (what a single-run backfill
# launches); tests/orchestration/defs/automation/test_schedules.py proves Dagster still reads them.
PARTITION_RANGE_START_TAG = "dagster/asset_partition_range_start"
PARTITION_RANGE_END_TAG = "dagster/asset_partition_range_end"

# 2024-11-01, 20241101 or 2567-11-01 (a Buddhist-Era year), not inside a longer run of digits.
_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)")


def bangkok_today(now: datetime | None = None) -> date:
    return (now or datetime.now(BANGKOK)).astimezone(BANGKOK).date()


def date_in_name(name: str) -> date | None:
    """The first valid calendar date written in a file name, B.E. years converted, else None."""
    for match in _DATE_IN_NAME.finditer(name):
        year, month, day = (int(part) for part in match.groups())
        try:
            return date(common_era_year(year), month, day)
        except ValueError:
            continue
    return None


def export_day(path: Path, now: datetime | None = None) -> str:
    """The partition key of an inbox file: its named date, else its arrival day, clamped to the range."""
    day = date_in_name(path.name) or datetime.fromtimestamp(path.stat().st_mtime, BANGKOK).date()
    day = min(max(day, FIRST_EXPORT_DAY), bangkok_today(now))
    return day.strftime(DAY_FORMAT)


def previous_bangkok_day(moment: datetime) -> str:
    """The partition a morning run covers: the Bangkok calendar day before ``moment``."""
    return (bangkok_today(moment) - timedelta(days=1)).strftime(DAY_FORMAT)


def range_tags(days: Iterable[str], now: datetime | None = None) -> Mapping[str, str]:
    """Run tags selecting one partition range from the earliest to the latest of ``days`` (today if none).

    A range run lands every export of those days in one run (the ingest asset's backfill policy is a
    single run), which is how `make run`, the inbox sensor and a year's backfill all stay one run.
    """
    keys = sorted(days) or [bangkok_today(now).strftime(DAY_FORMAT)]
    return {PARTITION_RANGE_START_TAG: keys[0], PARTITION_RANGE_END_TAG: keys[-1]}
