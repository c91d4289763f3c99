"""SPEC 3.1 field rules for Traffy exports, expressed as one DuckDB query per layout.

The rules run inside DuckDB so a file is streamed from CSV to Parquet without ever being held in
pandas. Every read record leaves the query exactly once: as an accepted observation (possibly with
warnings) or as a quarantined record with the field and reason that stopped it.
"""

from __future__ import annotations

from dataclasses import dataclass

from orchestration.core.sql_literals import sql_string
from orchestration.core.thai_calendar import common_era_timestamp_sql, is_buddhist_era_sql

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


@dataclass(frozen=True)
class _QuarantineRule:
    """A record that meets ``condition`` (SQL) is quarantined: on ``field``, with ``code`` and the SQL
    text expression ``reason``. The first rule a record meets is its verdict."""

    condition: str
    field: str
    code: str
    reason: str


def _quarantine_rules(created: str) -> tuple[_QuarantineRule, ...]:
    return (
        _QuarantineRule(
            "ticket_id IS NULL",
            "ticket_id",
            "missing_ticket_id",
            sql_string("ticket_id is empty: a row without a ticket id cannot be a ticket"),
        ),
        _QuarantineRule(
            "nullif(trim(created_raw), '') IS NULL",
            "timestamp",
            "missing_timestamp",
            sql_string("timestamp (creation time) is empty"),
        ),
        _QuarantineRule(
            f"{created} IS NULL",
            "timestamp",
            "unparseable_timestamp",
            f"'timestamp (creation time) is not a timestamp: ' || {_shape('trim(created_raw)')}",
        ),
        _QuarantineRule(
            _in_future(created),
            "timestamp",
            "future_timestamp",
            f"'timestamp (creation time) ' || strftime({created}, '%Y-%m-%d %H:%M:%S%z')"
            " || ' is in the future'",
        ),
    )


def _verdict(rules: tuple[_QuarantineRule, ...]) -> str:
    """SQL: the first rule a record meets as a struct (field, code, reason), NULL when it meets none."""
    whens = "\n".join(
        f"WHEN {rule.condition} THEN "
        f"{{'field': {sql_string(rule.field)}, 'code': {sql_string(rule.code)}, 'reason': {rule.reason}}}"
        for rule in rules
    )
    return f"CASE\n{whens}\nEND"


def _warnings(warning_rules: dict[str, str]) -> str:
    """SQL: the codes of the warnings (code -> SQL condition) an accepted record carries, as a list."""
    cases = ",\n".join(
        f"CASE WHEN {condition} THEN {sql_string(code)} END" for code, condition in warning_rules.items()
    )
    return f"list_filter([\n{cases}\n], lambda code: code IS NOT NULL)"


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
    star_valid = f"({star} BETWEEN 1 AND 5 AND {star} = floor({star}))"
    reopen = "try_cast(nullif(trim(count_reopen_raw), '') AS DOUBLE)"
    reopen_valid = f"({reopen} BETWEEN 0 AND {MAX_COUNT} AND {reopen} = floor({reopen}))"
    created = _timestamp("created_raw")
    last_activity = _timestamp("last_activity_raw")
    in_progress = _timestamp("in_progress_raw")
    finished = _timestamp("finished_raw")
    warning_rules = {
        "coords_outside_thailand": f"{lat} IS NOT NULL AND {lon} IS NOT NULL AND NOT {in_thailand}",
        "coords_unparseable": (
            f"(lat_raw IS NOT NULL OR lon_raw IS NOT NULL) AND ({lat} IS NULL OR {lon} IS NULL)"
        ),
        "star_invalid": f"nullif(trim(star_raw), '') IS NOT NULL AND NOT coalesce({star_valid}, false)",
        "count_reopen_invalid": (
            f"nullif(trim(count_reopen_raw), '') IS NOT NULL AND NOT coalesce({reopen_valid}, false)"
        ),
        "last_activity_unparseable": _unparseable("last_activity_raw", last_activity),
        "timestamp_inprogress_unparseable": _unparseable("in_progress_raw", in_progress),
        "timestamp_finished_unparseable": _unparseable("finished_raw", finished),
        "timestamp_in_future": (
            f"{_in_future(last_activity)} OR {_in_future(in_progress)} OR {_in_future(finished)}"
        ),
        "buddhist_era_year": is_buddhist_era_sql(_parsed("created_raw")),
    }
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
    SELECT *, {_verdict(_quarantine_rules(created))} AS verdict
    FROM mapped
)
SELECT
    source_row,
    CASE WHEN verdict IS NOT NULL THEN raw_record END AS raw_record,
    verdict.field AS quarantine_field,
    verdict.code AS quarantine_code,
    verdict.reason AS quarantine_reason,
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
    {_not_future(in_progress)} AS in_progress_at,
    {_not_future(finished)} AS finished_reported_at,
    {_not_future(last_activity)} AS last_activity_at,
    status_label,
    CASE WHEN {star_valid} THEN {star}::INTEGER END AS star,
    CASE WHEN {reopen_valid} THEN {reopen}::INTEGER END AS count_reopen,
    {_warnings(warning_rules)} AS warnings
FROM judged
"""
