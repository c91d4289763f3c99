"""SPEC 3.1 field rules for Traffy exports, expressed as one DuckDB query per layout.

The rules run inside DuckDB so a file is streamed from CSV to Parquet without ever being held in
pandas. Every read record leaves the query exactly once: as an accepted observation (possibly with
warnings) or as a quarantined record with the field and reason that stopped it.
"""

from __future__ import annotations

from orchestration.lib.thai_calendar import common_era_timestamp_sql, is_buddhist_era_sql

# Thailand's bounding box (SPEC 3.1): valid coordinates outside it are nulled and flagged.
THAILAND_LAT = (5.0, 21.0)
THAILAND_LON = (97.0, 106.0)

# Per layout, the canonical text fields as expressions over the raw (all-VARCHAR) CSV columns.
_LAYOUT_FIELDS: dict[str, dict[str, str]] = {
    "public_dump": {
        "description": "comment",
        "lon_raw": "nullif(trim(split_part(coords, ',', 1)), '')",
        "lat_raw": "nullif(trim(split_part(coords, ',', 2)), '')",
        "in_progress_raw": "NULL",
        "finished_raw": "NULL",
        "status_raw": "state",
    },
    "exchange_api_v2": {
        "description": "description",
        "lon_raw": "nullif(trim(longitude), '')",
        "lat_raw": "nullif(trim(latitude), '')",
        "in_progress_raw": "timestamp_inprogress",
        "finished_raw": "timestamp_finished",
        "status_raw": "status",
    },
}


# Clocks drift and exports are cut at midnight: a time up to a day ahead is accepted, later is an error.
FUTURE_TOLERANCE = "INTERVAL 1 DAY"
# count_reopen is stored as a 32-bit integer; a larger count is a corrupt value, not a count.
MAX_COUNT = 2_147_483_647


def _parsed(expression: str) -> str:
    """Offsets are honoured; a timestamp without one is read in the session zone, Asia/Bangkok."""
    return f"try_cast(nullif(trim({expression}), '') AS TIMESTAMPTZ)"


def _timestamp(expression: str) -> str:
    """The instant, with a Buddhist-Era year brought back to the Common Era."""
    return common_era_timestamp_sql(_parsed(expression))


def _in_future(timestamp: str) -> str:
    return f"({timestamp} > now() + {FUTURE_TOLERANCE})"


def _not_future(timestamp: str) -> str:
    return f"CASE WHEN NOT {_in_future(timestamp)} THEN {timestamp} END"


# How much of a rejected value's shape a reason shows; the length is always given in full.
SHAPE_SHOWN = 40


def _shape(text: str) -> str:
    """SQL: a rejected cell described by its form, never its content, for a quarantine reason.

    Reasons are shown in the Dagster UI and kept in the event log, and a cell that should hold a time
    sometimes holds what a citizen typed: a phone number, a name, an ID. A scrubber only removes what
    its patterns know (a name is no pattern), so nothing of the value is echoed: digits (Arabic or
    Thai) become ``9``, Latin letters ``a``, Thai letters ``ก``, common separators stay and anything
    else becomes ``?``. ``2023-13-45 10:00`` reads ``9999-99-99 99:99``, which is enough to see what
    went wrong.
    """
    digits = f"regexp_replace({text}, '[0-9๐-๙]', '9', 'g')"
    letters = f"regexp_replace({digits}, '[A-Za-z]', 'a', 'g')"
    thai = f"regexp_replace({letters}, '[ก-๛]', 'ก', 'g')"
    shape = f"regexp_replace({thai}, '[^9aก :./+,()-]', '?', 'g')"
    shown = (
        f"CASE WHEN length({text}) > {SHAPE_SHOWN} THEN left({shape}, {SHAPE_SHOWN}) || '…' ELSE {shape} END"
    )
    return f"(length({text}) || ' characters shaped ' || to_json({shown}))"


def _unparseable(raw: str, parsed: str) -> str:
    return f"(nullif(trim({raw}), '') IS NOT NULL AND {parsed} IS NULL)"


def canonical_query(layout: str, csv_scan: str) -> str:
    """A query over ``csv_scan`` returning every record with canonical fields and its verdict.

    Columns: ``source_row`` (1-based record number), canonical fields, ``warnings`` (list of codes),
    ``quarantine_field``/``quarantine_code``/``quarantine_reason`` (NULL for accepted records) and
    ``raw_record`` (the record as JSON, for quarantined records only: an accepted record's raw text is
    not needed, and a JSON copy of every row of a 10M-row export would not fit in memory).
    """
    fields = _LAYOUT_FIELDS[layout]
    # 'nan' and 'inf' parse as doubles but are no coordinates: they count as unparseable.
    lat = "CASE WHEN isfinite(try_cast(lat_raw AS DOUBLE)) THEN try_cast(lat_raw AS DOUBLE) END"
    lon = "CASE WHEN isfinite(try_cast(lon_raw AS DOUBLE)) THEN try_cast(lon_raw AS DOUBLE) END"
    in_thailand = (
        f"({lat} BETWEEN {THAILAND_LAT[0]} AND {THAILAND_LAT[1]} "
        f"AND {lon} BETWEEN {THAILAND_LON[0]} AND {THAILAND_LON[1]})"
    )
    star = "try_cast(nullif(trim(star_raw), '') AS DOUBLE)"
    reopen = "try_cast(nullif(trim(count_reopen_raw), '') AS DOUBLE)"
    reopen_valid = f"({reopen} BETWEEN 0 AND {MAX_COUNT} AND {reopen} = floor({reopen}))"
    created = _timestamp("created_raw")
    last_activity = _timestamp("last_activity_raw")
    return f"""
WITH raw AS (
    SELECT row_number() OVER () AS source_row, r AS raw_struct, *
    FROM {csv_scan} AS r
),
mapped AS (
    SELECT
        source_row,
        to_json(raw_struct) AS raw_record,
        nullif(trim(ticket_id), '') AS ticket_id,
        type AS type_raw,
        nullif(trim(organization), '') AS organization,
        {fields["description"]} AS description,
        {fields["lat_raw"]} AS lat_raw,
        {fields["lon_raw"]} AS lon_raw,
        nullif(trim(address), '') AS address,
        nullif(trim(subdistrict), '') AS subdistrict,
        nullif(trim(district), '') AS district,
        nullif(trim(province), '') AS province,
        "timestamp" AS created_raw,
        {fields["in_progress_raw"]} AS in_progress_raw,
        {fields["finished_raw"]} AS finished_raw,
        last_activity AS last_activity_raw,
        nullif(trim({fields["status_raw"]}), '') AS status_label,
        star AS star_raw,
        count_reopen AS count_reopen_raw
    FROM raw
),
judged AS (
    SELECT
        *,
        CASE
            WHEN ticket_id IS NULL THEN 'ticket_id'
            WHEN nullif(trim(created_raw), '') IS NULL THEN 'timestamp'
            WHEN {created} IS NULL THEN 'timestamp'
            WHEN {_in_future(created)} THEN 'timestamp'
        END AS quarantine_field,
        CASE
            WHEN ticket_id IS NULL THEN 'missing_ticket_id'
            WHEN nullif(trim(created_raw), '') IS NULL THEN 'missing_timestamp'
            WHEN {created} IS NULL THEN 'unparseable_timestamp'
            WHEN {_in_future(created)} THEN 'future_timestamp'
        END AS quarantine_code,
        CASE
            WHEN ticket_id IS NULL THEN 'ticket_id is empty: a row without a ticket id cannot be a ticket'
            WHEN nullif(trim(created_raw), '') IS NULL THEN 'timestamp (creation time) is empty'
            WHEN {created} IS NULL
                THEN 'timestamp (creation time) is not a timestamp: ' || {_shape("trim(created_raw)")}
            WHEN {_in_future(created)}
                THEN 'timestamp (creation time) ' || strftime({created}, '%Y-%m-%d %H:%M:%S%z')
                    || ' is in the future'
        END AS quarantine_reason
    FROM mapped
)
SELECT
    source_row,
    CASE WHEN quarantine_reason IS NOT NULL THEN raw_record END AS raw_record,
    quarantine_field,
    quarantine_code,
    quarantine_reason,
    ticket_id,
    list_filter(
        list_transform(
            string_split(regexp_replace(coalesce(trim(type_raw), ''), '^\\{{|\\}}$', '', 'g'), ','),
            lambda label: trim(label, ' "')
        ),
        lambda label: label <> ''
    ) AS type_labels,
    organization,
    description,
    CASE WHEN {in_thailand} THEN {lat} END AS latitude,
    CASE WHEN {in_thailand} THEN {lon} END AS longitude,
    address,
    subdistrict,
    district,
    province,
    {created} AS created_at,
    {_not_future(_timestamp("in_progress_raw"))} AS in_progress_at,
    {_not_future(_timestamp("finished_raw"))} AS finished_reported_at,
    {_not_future(last_activity)} AS last_activity_at,
    status_label,
    CASE WHEN {star} BETWEEN 1 AND 5 AND {star} = floor({star}) THEN {star}::INTEGER END AS star,
    CASE WHEN {reopen_valid} THEN {reopen}::INTEGER END AS count_reopen,
    list_filter([
        CASE WHEN {lat} IS NOT NULL AND {lon} IS NOT NULL AND NOT {in_thailand}
            THEN 'coords_outside_thailand' END,
        CASE WHEN (lat_raw IS NOT NULL OR lon_raw IS NOT NULL) AND ({lat} IS NULL OR {lon} IS NULL)
            THEN 'coords_unparseable' END,
        CASE WHEN nullif(trim(star_raw), '') IS NOT NULL
                AND NOT coalesce({star} BETWEEN 1 AND 5 AND {star} = floor({star}), false)
            THEN 'star_invalid' END,
        CASE WHEN nullif(trim(count_reopen_raw), '') IS NOT NULL
                AND NOT coalesce({reopen_valid}, false)
            THEN 'count_reopen_invalid' END,
        CASE WHEN {_unparseable("last_activity_raw", last_activity)} THEN 'last_activity_unparseable' END,
        CASE WHEN {_unparseable("in_progress_raw", _timestamp("in_progress_raw"))}
            THEN 'timestamp_inprogress_unparseable' END,
        CASE WHEN {_unparseable("finished_raw", _timestamp("finished_raw"))}
            THEN 'timestamp_finished_unparseable' END,
        CASE WHEN {_in_future(last_activity)} OR {_in_future(_timestamp("in_progress_raw"))}
                OR {_in_future(_timestamp("finished_raw"))}
            THEN 'timestamp_in_future' END,
        CASE WHEN {is_buddhist_era_sql(_parsed("created_raw"))} THEN 'buddhist_era_year' END
    ], lambda code: code IS NOT NULL) AS warnings
FROM judged
"""
