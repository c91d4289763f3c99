"""The floor: the published sr_* indicators computed by one hand-written DuckDB script, straight from CSV.

No orchestration, no lake, no checks, no snapshot: what the platform's numbers would cost if a data
engineer wrote them as a single query. The platform is measured against it (target: ≤ 2× its wall time).
It applies the same SPEC 3.1 rules the platform applies to the data the generator writes (both layouts,
offsets and Bangkok-local times, B.E. years, quarantine of rows without a ticket id or a creation time,
future times, coordinates outside Thailand, invalid stars and reopen counts, unknown labels and statuses)
but not the platform's recovery paths for broken files (malformed records, mixed line endings, gzip).
A ticket's current state is its latest observation, ties going to the later file; two observations of
one ticket with the same time in the same file (which no export holds) are not ordered by row.

    python -m bench.floor INBOX_DIR OUT.parquet
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

from bench.reference import (
    AREA_RADIUS_KM,
    BUDDHIST_ERA_FROM,
    EARTH_RADIUS_KM,
    FUTURE_TOLERANCE_DAYS,
    MAX_COUNT,
    RESULT_COLUMNS,
    parameters,
    seed,
)


def _literal(value: object) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _timestamp(raw: str) -> str:
    """Offsets honoured, no offset = Bangkok (the session zone), B.E. years brought back to C.E."""
    parsed = f"try_cast(nullif(trim({raw}), '') AS TIMESTAMPTZ)"
    buddhist = f"year({parsed}) >= {BUDDHIST_ERA_FROM}"
    return f"(CASE WHEN {buddhist} THEN {parsed} - INTERVAL 543 YEAR ELSE {parsed} END)"


def _not_future(expression: str) -> str:
    return (
        f"CASE WHEN NOT ({expression} > now() + INTERVAL {FUTURE_TOLERANCE_DAYS} DAY) THEN {expression} END"
    )


def _number(raw: str, low: int, high: int) -> str:
    """A whole number in [low, high], else NULL."""
    number = f"try_cast(nullif(trim({raw}), '') AS DOUBLE)"
    valid = f"{number} BETWEEN {low} AND {high} AND {number} = floor({number})"
    return f"CASE WHEN {valid} THEN {number}::INTEGER END"


def script(inbox: Path) -> str:
    """The whole computation as one SQL script; its last statement creates ``sr_indicators``."""
    params = parameters()
    files = _literal(inbox / "service_requests" / "*.csv")
    # Public dump: coords is "lon,lat"; exchange API v2: latitude and longitude columns.
    lat = "coalesce(nullif(trim(split_part(coords, ',', 2)), ''), nullif(trim(latitude), ''))"
    lon = "coalesce(nullif(trim(split_part(coords, ',', 1)), ''), nullif(trim(longitude), ''))"
    lat, lon = f"try_cast({lat} AS DOUBLE)", f"try_cast({lon} AS DOUBLE)"
    in_thailand = "(isfinite(lat) AND isfinite(lon) AND lat BETWEEN 5 AND 21 AND lon BETWEEN 97 AND 106)"
    created = _timestamp('"timestamp"')
    area_lon = "lookups.area_lons[k]"
    haversine = (
        f"2 * {EARTH_RADIUS_KM} * asin(sqrt(power(sin(radians(area_lat - latitude) / 2), 2) "
        "+ cos(radians(latitude)) * cos(radians(area_lat)) "
        f"* power(sin(radians({area_lon} - longitude) / 2), 2)))"
    )
    return f"""
SET TimeZone = 'Asia/Bangkok';
SET enable_progress_bar = false;

CREATE TEMP TABLE areas AS SELECT * FROM read_csv({_literal(seed("ref_areas"))}, header = true);
-- The reference tables as one row of lookups, joined to every ticket.
CREATE TEMP TABLE categories AS SELECT * FROM read_csv({_literal(seed("ref_categories"))}, header = true);
CREATE TEMP TABLE lookups AS
SELECT
    (SELECT map_from_entries(list((label_th, category_code))) FROM categories) AS category_of_label,
    (SELECT map_from_entries(list((category_code, coalesce(sla_hours, {params.default_sla_hours}))))
     FROM categories) AS sla_of_category,
    (SELECT list(area_id ORDER BY area_id) FROM areas) AS area_ids,
    (SELECT list(centroid_lat ORDER BY area_id) FROM areas) AS area_lats,
    (SELECT list(centroid_lon ORDER BY area_id) FROM areas) AS area_lons;

-- Every row of every export, columns by name (the two layouts are unioned), in file order.
CREATE TEMP TABLE observations AS
WITH raw AS (
    SELECT *, dense_rank() OVER (ORDER BY filename) AS file_rank
    FROM read_csv({files}, union_by_name = true, all_varchar = true, header = true, filename = true,
                  delim = ',', quote = '"', escape = '"')
),
typed AS (
    SELECT
        nullif(trim(ticket_id), '') AS ticket_id,
        {created} AS created_at,
        {_not_future(_timestamp("last_activity"))} AS last_activity_at,
        {_not_future(_timestamp("timestamp_finished"))} AS finished_reported_at,
        nullif(trim(coalesce(state, status)), '') AS status_label,
        type,
        {lat} AS lat,
        {lon} AS lon,
        {_number("star", 1, 5)} AS star,
        {_number("count_reopen", 0, MAX_COUNT)} AS count_reopen,
        file_rank
    FROM raw
)
SELECT
    * EXCLUDE (lat, lon),
    CASE WHEN {in_thailand} THEN lat END AS latitude,
    CASE WHEN {in_thailand} THEN lon END AS longitude
FROM typed
WHERE ticket_id IS NOT NULL AND created_at IS NOT NULL
    AND NOT created_at > now() + INTERVAL {FUTURE_TOLERANCE_DAYS} DAY;

-- Current state per ticket, with its categories, SLA, community and duration.
CREATE TEMP TABLE tickets AS
WITH current_state AS (
    SELECT arg_max(observations, {{'at': coalesce(last_activity_at, created_at), 'file': file_rank}}) AS t
    FROM observations
    GROUP BY ticket_id
),
flat AS (
    SELECT
        t.*,
        list_filter(
            list_transform(
                string_split(regexp_replace(coalesce(trim(t.type), ''), '^\\{{|\\}}$', '', 'g'), ','),
                lambda label: trim(label, ' "')
            ),
            lambda label: label <> ''
        ) AS labels,
        statuses.status_type = 'finished' AS is_finished
    FROM current_state
    LEFT JOIN read_csv({_literal(seed("ref_statuses"))}, header = true, all_varchar = true) AS statuses
        ON statuses.status_label = t.status_label
),
categorised AS (
    SELECT
        flat.*,
        lookups.area_ids,
        CASE WHEN len(labels) = 0 THEN ['unspecified']
            ELSE list_distinct(list_transform(
                labels, lambda label: coalesce(lookups.category_of_label[label], 'other')))
        END AS categories,
        CASE WHEN is_finished THEN coalesce(finished_reported_at, last_activity_at) END AS finished_at,
        list_transform(lookups.area_lats, lambda area_lat, k: {haversine}) AS distances
    FROM flat CROSS JOIN lookups
),
durations AS (
    SELECT
        *,
        (epoch(finished_at) - epoch(created_at)) / 3600.0 AS raw_hours,
        list_min(list_transform(categories, lambda code: lookups.sla_of_category[code])) AS sla_hours
    FROM categorised CROSS JOIN lookups
)
SELECT
    cast(date_trunc('month', timezone('Asia/Bangkok', created_at)) AS DATE) AS period_start,
    CASE WHEN list_min(distances) <= {AREA_RADIUS_KM}
        THEN area_ids[list_position(distances, list_min(distances))] ELSE 'unassigned' END AS area_id,
    list_append(categories, 'ALL') AS categories,
    created_at,
    coalesce(is_finished, false) AS is_finished,
    finished_at,
    CASE WHEN raw_hours >= 0 THEN raw_hours END AS hours,
    CASE WHEN raw_hours >= 0 THEN raw_hours <= sla_hours END AS sla_met,
    created_at + sla_hours * INTERVAL 1 HOUR AS sla_due_at,
    coalesce(count_reopen, 0) > 0 AS reopened,
    star
FROM durations;

-- Each ticket once per (own area | 'ALL') x (each category | 'ALL').
CREATE TEMP TABLE rows AS
SELECT * EXCLUDE (categories), unnest(categories) AS category
FROM (SELECT * REPLACE (unnest([area_id, 'ALL']) AS area_id) FROM tickets);

-- The data cut-off: the latest creation or activity time of any observation.
CREATE TEMP TABLE cutoff AS
SELECT max(greatest(created_at, coalesce(last_activity_at, created_at))) AS latest_at FROM observations;

CREATE TEMP TABLE cells AS
SELECT
    period_start, area_id, category,
    count(*) AS received,
    count(*) FILTER (WHERE is_finished) AS finished,
    count(hours) AS timed,
    quantile_cont(hours, 0.5) AS median_hours,
    quantile_cont(hours, 0.9) AS p90_hours,
    avg(hours) AS mean_hours,
    count(*) FILTER (WHERE sla_met) AS sla_met,
    -- SLA decided at the cut-off: finished with a duration, or still open past the SLA deadline.
    count(hours) + count(*) FILTER (WHERE NOT is_finished AND sla_due_at <= cutoff.latest_at) AS sla_decided,
    count(*) FILTER (WHERE reopened) AS reopened,
    count(star) AS rated,
    avg(star) AS star_mean,
FROM rows CROSS JOIN cutoff
GROUP BY period_start, area_id, category;

CREATE TEMP TABLE populated_cells AS
SELECT cells.*,
    CASE WHEN cells.area_id = 'ALL' THEN (SELECT sum(population) FROM areas) ELSE areas.population END
        AS population
FROM cells LEFT JOIN areas ON areas.area_id = cells.area_id;

-- Months from the first ticket to the data's latest time, each measured at its end or at that time.
CREATE TEMP TABLE months AS
WITH bounds AS (
    SELECT latest_at, (SELECT min(period_start) FROM tickets) AS first_month
    FROM cutoff
)
SELECT
    cast(month_start AS DATE) AS period_start,
    least(timezone('Asia/Bangkok', month_start + INTERVAL 1 MONTH), latest_at) AS measured_at
FROM bounds, unnest(generate_series(
    cast(first_month AS TIMESTAMP),
    cast(date_trunc('month', timezone('Asia/Bangkok', latest_at)) AS TIMESTAMP),
    INTERVAL 1 MONTH)) AS spine (month_start);

CREATE TEMP TABLE backlog AS
SELECT
    months.period_start, rows.area_id, rows.category,
    count(*) FILTER (
        WHERE rows.created_at <= months.measured_at - INTERVAL {params.backlog_age_days} DAY
        AND (rows.finished_at IS NULL OR rows.finished_at > months.measured_at)
    ) AS backlog
FROM months JOIN rows ON months.measured_at >= rows.created_at
GROUP BY ALL;

CREATE TEMP TABLE sr_indicators AS
SELECT {", ".join(RESULT_COLUMNS)} FROM (
    SELECT period_start, area_id, category, m.*
    FROM populated_cells, LATERAL (VALUES
        ('sr_received', received::DOUBLE, received::DOUBLE, NULL::DOUBLE, received),
        ('sr_finished', finished, finished, NULL, received),
        ('sr_finish_rate', finished / received, finished, received, received),
        ('sr_median_hours_to_finish', median_hours, NULL, NULL, timed),
        ('sr_p90_hours_to_finish', p90_hours, NULL, NULL, timed),
        ('sr_mean_days_to_finish', mean_hours / 24.0, NULL, NULL, timed),
        ('sr_sla_met_rate', sla_met / nullif(sla_decided, 0), sla_met, sla_decided, sla_decided),
        ('sr_reopen_rate', reopened / received, reopened, received, received),
        ('sr_satisfaction_mean', star_mean, NULL, NULL, rated),
        ('sr_per_1000_residents', received * 1000.0 / population, received, population, received)
    ) AS m (indicator_id, value, numerator, denominator, sample_size)
    UNION ALL
    SELECT period_start, area_id, category, 'sr_backlog_over_30d', backlog, backlog, NULL, backlog
    FROM backlog
)
WHERE value IS NOT NULL;
"""


def compute(inbox: Path, out: Path) -> int:
    """Run the script over ``inbox`` and write the sr_* rows to ``out`` (Parquet); return the row count."""
    connection = duckdb.connect()
    try:
        connection.execute(script(inbox))
        connection.execute(f"COPY sr_indicators TO {_literal(out)} (FORMAT parquet)")
        count = connection.execute("SELECT count(*) FROM sr_indicators").fetchone()
    finally:
        connection.close()
    return int(count[0]) if count else 0


def main(argv: list[str]) -> int:
    inbox, out = Path(argv[0]), Path(argv[1])
    print(f"floor: {compute(inbox, out):,} sr_* rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
