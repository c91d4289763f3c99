"""The calendar exports are written in: Asia/Bangkok days and Buddhist-Era years.

Thai tools (Excel with a Thai locale, government forms) write the year in the Buddhist Era, B.E. = C.E.
+ 543; other tools write the Common Era. The platform reads both with one rule, here: a year at or
above 2400 is B.E. (2400 B.E. is 1857 C.E., before any export; 2400 C.E. is after every one).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

BANGKOK = ZoneInfo("Asia/Bangkok")
BUDDHIST_ERA_OFFSET = 543
BUDDHIST_ERA_FROM = 2400


def is_buddhist_era(year: int) -> bool:
    return year >= BUDDHIST_ERA_FROM


def common_era_year(year: int) -> int:
    """A year as written, in the Common Era."""
    return year - BUDDHIST_ERA_OFFSET if is_buddhist_era(year) else year


def is_buddhist_era_sql(timestamp: str) -> str:
    """DuckDB: whether a parsed timestamp expression carries a B.E. year."""
    return f"(year({timestamp}) >= {BUDDHIST_ERA_FROM})"


def common_era_timestamp_sql(timestamp: str) -> str:
    """DuckDB: a parsed timestamp expression with a B.E. year brought back to the Common Era."""
    shifted = f"{timestamp} - INTERVAL {BUDDHIST_ERA_OFFSET} YEAR"
    return f"(CASE WHEN {is_buddhist_era_sql(timestamp)} THEN {shifted} ELSE {timestamp} END)"
