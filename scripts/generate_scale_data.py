"""Generate SYNTHETIC inbox files at national scale, deterministically, for `make bench`.

Why this exists: the platform must stay fast and lean at tens of millions of tickets (all Thai
municipalities on Traffy Fondue), and that can only be measured on inputs of that size in the real
layouts. The committed sample generators build a few thousand rows one by one in Python; this one
builds every row inside DuckDB from hashes of the row number, so ten million tickets take minutes and
the same arguments always give byte-identical files, whatever the thread count.

What it writes under ``--out`` (an inbox folder):

- ``service_requests/traffy_YYYY-MM-DD.csv``: one Traffy Fondue export per Asia/Bangkok day, holding
  every ticket created that day plus every older ticket whose status changed that day, in its end-of-day
  state. The first half of the days use the public dump layout, the rest the exchange API v2 layout
  (``orchestration/sources/service_requests/layout.py``); 30% of the days carry Bangkok-local
  timestamps without an offset, the others UTC with ``+00``; files of the 1st of a month start with a
  UTF-8 byte-order mark.
- ``survey/survey_plk_wellbeing_v1_YYYYQn.csv``: one export per quarter in the reference instrument's
  headers and answer labels (``config/survey_instruments/plk_wellbeing_v1.yaml``), B.E. dates. No
  personal data: the name, phone and ID columns are present but empty.

Labels, statuses and communities come from the dbt seeds, so the data speaks the reference tables'
language, plus the mess the rules must handle: rows without a ticket id or with an unparseable
timestamp (quarantined, never more than 1% of a file), tickets without labels, unknown labels and
statuses, coordinates outside Thailand, empty or far from every community, an invalid star, a finish
reported before creation, responses without consent, blank answers and unknown communities.

    python scripts/generate_scale_data.py --tickets 1000000 --responses 20000 --days 365 --out DIR
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb
import yaml

# Run as a script from anywhere: the platform's own modules (calendar, SQL literals) are the truth.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from orchestration.core.sql_literals import sql_string, sql_string_list
from orchestration.core.thai_calendar import BUDDHIST_ERA_OFFSET

REPO_ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = REPO_ROOT / "dbt_project" / "seeds"
INSTRUMENT_FILE = REPO_ROOT / "config" / "survey_instruments" / "plk_wellbeing_v1.yaml"

DEFAULT_SEED = 2566
DEFAULT_LAST_DAY = date(2025, 10, 31)  # the window ends here (Asia/Bangkok), safely in the past
BANGKOK_OFFSET_HOURS = 7  # Asia/Bangkok has no daylight saving time
BOM = b"\xef\xbb\xbf"
MEMORY_LIMIT = "3GB"

# Columns of the two Traffy layouts, in the order real exports use: the lander's data file.
_LAYOUTS_FILE = REPO_ROOT / "config" / "export_formats" / "traffy_layouts.json"
_LAYOUTS = json.loads(_LAYOUTS_FILE.read_text(encoding="utf-8"))["layouts"]
PUBLIC_DUMP = ", ".join(_LAYOUTS["public_dump"]["columns"])
EXCHANGE_API_V2 = ", ".join(_LAYOUTS["exchange_api_v2"]["columns"])

# Shares of tickets, observations or responses that carry each property (all drawn from hashes).
P_EMPTY_TYPE = 0.07
P_MULTI_LABEL = 0.20
P_UNKNOWN_LABEL = 0.003
P_FAR = 0.05  # more than 2 km from every community centroid: unassigned
P_OUTSIDE_THAILAND = 0.0005
P_EMPTY_COORDS = 0.001
P_FINISHED = 0.84
P_STALLED = 0.55  # of the unfinished tickets: they reach in-progress and stay there
P_SKIP_IN_PROGRESS = 0.12
P_FORWARDED = 0.12
P_OTHER_IN_PROGRESS = 0.25
P_UNKNOWN_STATUS = 0.01
P_RATED = 0.40
P_INVALID_STAR = 0.0002
P_REOPENED = 0.05
P_FINISH_BEFORE_CREATION = 0.0002
P_LOCAL_TIME_DAY = 0.30
P_MISSING_TICKET_ID = 0.0005
P_BAD_TIMESTAMP = 0.0002
MIN_ROWS_FOR_BAD_ROWS = 200  # a smaller file gets no bad row, so no file nears the 10% batch gate
MEDIAN_HOURS_TO_FINISH = 40.0
FINISH_SIGMA = 1.3
MEDIAN_HOURS_TO_START = 8.0

P_NO_CONSENT = 0.03
P_BLANK_ANSWER = 0.03
P_UNKNOWN_COMMUNITY = 0.01
P_STRAY_SPACES = 0.03

# Odd and not a multiple of 3: multiplying by it modulo 36**7 permutes the row numbers (unique ids).
ID_MULTIPLIER = 2654435761
UNKNOWN_LABELS = ("ขยะล้น", "ยุงลาย", "หาบเร่แผงลอย")
UNKNOWN_STATUS = "รอตรวจสอบ"
OUTSIDE_THAILAND = "35.68950, 139.69171"  # (lat, lon) of Tokyo: a swapped or foreign point
FAR_OFFSET_DEGREES = 0.035  # about 3.9 km north-east of the community centroid
SPREAD_DEGREES = 0.0027  # about 300 m: one standard deviation around the centroid
ORGANIZATIONS = ("เทศบาลนครพิษณุโลก", "กองช่าง เทศบาลนครพิษณุโลก", "กองสาธารณสุขและสิ่งแวดล้อม เทศบาลนครพิษณุโลก")
ROADS = ("บรมไตรโลกนาถ", "สิงหวัฒน์", "พระองค์ดำ", "ศรีธรรมไตรปิฎก", "มิตรภาพ", "เอกาทศรถ", "นเรศวร")
COMPLAINTS = (
    "ขอให้เจ้าหน้าที่มาตรวจสอบ บริเวณถนน{road}",
    "มีปัญหาบริเวณถนน{road} รบกวนช่วยแก้ไขด้วย ครับ",
    "แจ้งเป็นครั้งที่สองแล้ว ถนน{road}, รบกวนด้วยค่ะ",
    'ชาวบ้านบอกว่า "อันตรายมาก" ถนน{road}\nขอบคุณค่ะ',
)
PHOTO_URL = "https://storage.googleapis.com/traffy_public_bucket/attachment/"
SURVEY_TOP_PROBLEM_WEIGHTS = (5, 4, 3, 2, 2, 2, 3, 1)  # in the instrument's answer order


@dataclass(frozen=True)
class ScaleSpec:
    """What to generate; the same spec always yields byte-identical files."""

    tickets: int
    responses: int
    days: int
    seed: int = DEFAULT_SEED
    last_day: date = DEFAULT_LAST_DAY

    @property
    def first_day(self) -> date:
        return self.last_day - timedelta(days=self.days - 1)


def _connect(spec: ScaleSpec, scratch: Path) -> duckdb.DuckDBPyConnection:
    """A connection with the deterministic random helpers: every draw is a hash of (key, salt, seed).

    Memory is capped (tables spill to ``scratch``), so ten million tickets fit a modest machine.
    """
    connection = duckdb.connect()
    connection.execute("SET enable_progress_bar = false")
    connection.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    connection.execute(f"SET temp_directory = {sql_string(scratch)}")
    connection.execute("SET TimeZone = 'UTC'")
    seed = int(spec.seed)
    # u(): uniform in (0, 1); z(): standard normal (Box-Muller). Keys are row numbers, salts are names.
    connection.execute(
        f"CREATE MACRO u(key, salt) AS ((hash(key, salt, {seed}) % 1000000000) + 0.5) / 1000000000.0"
    )
    connection.execute(
        "CREATE MACRO z(key, salt) AS "
        "sqrt(-2 * ln(u(key, salt || ':1'))) * cos(2 * pi() * u(key, salt || ':2'))"
    )
    connection.execute(
        "CREATE MACRO pick(options, key, salt) AS options[1 + floor(u(key, salt) * len(options))::BIGINT]"
    )
    return connection


def _reference_tables(connection: duckdb.DuckDBPyConnection) -> None:
    """Labels, statuses and communities from the dbt seeds the platform itself uses."""
    connection.execute(
        f"""CREATE TABLE areas AS
        SELECT row_number() OVER (ORDER BY area_id) - 1 AS area_index, *
        FROM read_csv({sql_string(SEEDS_DIR / "ref_areas.csv")}, header = true)"""
    )
    connection.execute(
        f"""CREATE TABLE labels AS
        SELECT list(label_th ORDER BY category_code) AS known
        FROM read_csv({sql_string(SEEDS_DIR / "ref_categories.csv")}, header = true, all_varchar = true)
        WHERE category_code NOT IN ('other', 'unspecified')"""
    )
    connection.execute(
        f"""CREATE TABLE statuses AS
        SELECT
            list(status_label ORDER BY status_label) FILTER (WHERE status_type = 'waiting') AS waiting,
            list(status_label ORDER BY status_label) FILTER (WHERE status_type = 'in_progress') AS working,
            any_value(status_label) FILTER (WHERE status_type = 'finished') AS finished
        FROM read_csv({sql_string(SEEDS_DIR / "ref_statuses.csv")}, header = true, all_varchar = true)"""
    )


def _tickets(connection: duckdb.DuckDBPyConnection, spec: ScaleSpec) -> None:
    """One row per ticket: creation, labels, place, and the times it started and finished (UTC)."""
    first_midnight_utc = f"(TIMESTAMP '{spec.first_day.isoformat()}' - INTERVAL {BANGKOK_OFFSET_HOURS} HOUR)"
    created = f"({first_midnight_utc} + to_days(drawn.created_day) + to_seconds(drawn.created_second))"
    connection.execute(
        f"""CREATE TABLE tickets AS
        WITH drawn AS (
            SELECT
                i,
                floor(u(i, 'day') * {spec.days})::INTEGER AS created_day,
                floor(u(i, 'second') * 86400)::INTEGER AS created_second,
                CASE
                    WHEN u(i, 'ntype') < {P_EMPTY_TYPE} THEN 0
                    WHEN u(i, 'ntype') < {P_EMPTY_TYPE + P_MULTI_LABEL}
                        THEN 2 + (u(i, 'three') < 0.15)::INTEGER
                    ELSE 1
                END AS label_count,
                floor(u(i, 'area') * (SELECT count(*) FROM areas))::INTEGER AS area_index,
                u(i, 'finished') < {P_FINISHED} AS will_finish,
                exp(ln({MEDIAN_HOURS_TO_FINISH}) + {FINISH_SIGMA} * z(i, 'finish')) AS finish_hours,
                exp(ln({MEDIAN_HOURS_TO_START}) + z(i, 'start')) AS start_hours
            FROM range({spec.tickets}) AS t (i)
        )
        SELECT
            drawn.i,
            drawn.created_day,
            {created} AS created_at,
            CASE WHEN u(i, 'unknown_label') < {P_UNKNOWN_LABEL}
                THEN [pick({sql_string_list(UNKNOWN_LABELS)}, i, 'unknown_label_value')]
                ELSE list_transform(
                    range(label_count),
                    lambda j: labels.known[
                        1 + floor(pow(u(i, 'label' || j), 1.6) * len(labels.known))::INTEGER
                    ]
                )
            END AS type_labels,
            CASE
                WHEN u(i, 'coords') < {P_EMPTY_COORDS} THEN NULL
                WHEN u(i, 'coords') < {P_EMPTY_COORDS + P_OUTSIDE_THAILAND}
                    THEN {sql_string(OUTSIDE_THAILAND)}
                ELSE printf(
                    '%.5f, %.5f',
                    areas.centroid_lat + {SPREAD_DEGREES} * z(i, 'lat')
                        + CASE WHEN u(i, 'far') < {P_FAR} THEN {FAR_OFFSET_DEGREES} ELSE 0 END,
                    areas.centroid_lon + {SPREAD_DEGREES} * z(i, 'lon')
                        + CASE WHEN u(i, 'far') < {P_FAR} THEN {FAR_OFFSET_DEGREES} ELSE 0 END
                )
            END AS lat_lon,
            -- Unfinished tickets mostly stall in progress; finished ones mostly pass through it first.
            CASE
                WHEN NOT drawn.will_finish AND u(i, 'stalled') >= {P_STALLED} THEN NULL
                WHEN drawn.will_finish AND (u(i, 'skip') < {P_SKIP_IN_PROGRESS}
                    OR drawn.start_hours >= drawn.finish_hours) THEN NULL
                ELSE {created} + to_microseconds((drawn.start_hours * 3600e6)::BIGINT)
            END AS started_at,
            CASE WHEN drawn.will_finish
                THEN {created} + to_microseconds((drawn.finish_hours * 3600e6)::BIGINT)
            END AS finished_at,
            u(i, 'before_creation') < {P_FINISH_BEFORE_CREATION} AS finish_reported_before_creation,
            CASE WHEN u(i, 'rated') < {P_RATED} THEN
                CASE WHEN u(i, 'star_invalid') < {P_INVALID_STAR} THEN '6'
                    ELSE (1 + floor(pow(u(i, 'star'), 0.45) * 5))::INTEGER::VARCHAR END
            END AS star,
            CASE WHEN u(i, 'reopen') < {P_REOPENED} THEN 1 + (u(i, 'reopen2') < 0.25)::INTEGER ELSE 0 END
                AS count_reopen,
            -- Texts are kept as small codes and only spelled out when a file is written.
            floor(u(i, 'organization') * {len(ORGANIZATIONS)})::UTINYINT AS organization_code,
            floor(u(i, 'complaint') * {len(COMPLAINTS)})::UTINYINT AS complaint_code,
            floor(u(i, 'road') * {len(ROADS)})::UTINYINT AS road_code,
            (1 + floor(u(i, 'house') * 500))::USMALLINT AS house_number,
            u(i, 'photo') < 0.75 AS has_photo
        FROM drawn
        CROSS JOIN labels
        JOIN areas ON areas.area_index = drawn.area_index"""
    )


def _observations(connection: duckdb.DuckDBPyConnection, spec: ScaleSpec) -> None:
    """One row per (ticket, day it changed): its end-of-day state, as a daily export would hold it."""
    connection.execute(
        f"""CREATE TABLE events AS
        WITH all_events AS (
            SELECT i, 0 AS stage, created_at AS event_at FROM tickets
            UNION ALL
            SELECT i, 1, started_at FROM tickets WHERE started_at IS NOT NULL
            UNION ALL
            SELECT i, 2, finished_at FROM tickets WHERE finished_at IS NOT NULL
        )
        SELECT
            i,
            datediff('day', DATE '{spec.first_day.isoformat()}',
                     CAST(event_at + INTERVAL {BANGKOK_OFFSET_HOURS} HOUR AS DATE)) AS day,
            max(stage) AS stage,  -- stages happen in order, so the last one of the day is the latest
            max(event_at) AS event_at
        FROM all_events
        GROUP BY ALL
        HAVING day < {spec.days}"""
    )
    connection.execute(
        f"""CREATE TABLE observations AS
        WITH day_sizes AS (
            SELECT day, count(*) AS rows_that_day FROM events GROUP BY day
        )
        SELECT
            events.day,
            events.i,
            CASE WHEN rows_that_day >= {MIN_ROWS_FOR_BAD_ROWS}
                AND u(events.i * 100000 + events.day, 'no_id') < {P_MISSING_TICKET_ID} THEN NULL
                -- Traffy-like ids: the creation year and 7 base-36 digits, a bijection of the row number.
                ELSE year(created_at + INTERVAL {BANGKOK_OFFSET_HOURS} HOUR) || '-'
                    || to_base((events.i * {ID_MULTIPLIER}) % {36**7}, 36, 7)
            END AS ticket_id,
            '{{' || array_to_string(type_labels, ',') || '}}' AS type,
            organization_code,
            complaint_code,
            road_code,
            house_number,
            lat_lon,
            has_photo,
            stage = 2 AND u(events.i, 'photo_after') < 0.5 AS has_photo_after,
            created_at,
            rows_that_day >= {MIN_ROWS_FOR_BAD_ROWS}
                AND u(events.i * 100000 + events.day, 'bad_timestamp') < {P_BAD_TIMESTAMP} AS bad_timestamp,
            CASE WHEN started_at <= event_at THEN started_at END AS started_at,
            CASE WHEN stage = 2 THEN
                CASE WHEN finish_reported_before_creation THEN created_at - INTERVAL 1 HOUR
                    ELSE finished_at END
            END AS finished_reported_at,
            CASE
                WHEN stage = 0 AND u(events.i, 'forwarded') < {P_FORWARDED} THEN statuses.waiting[2]
                WHEN stage = 0 THEN statuses.waiting[1]
                WHEN stage = 1 AND u(events.i * 100000 + events.day, 'unknown_status') < {P_UNKNOWN_STATUS}
                    THEN {sql_string(UNKNOWN_STATUS)}
                WHEN stage = 1 AND u(events.i, 'other_working') < {P_OTHER_IN_PROGRESS}
                    THEN pick(statuses.working, events.i, 'working')
                WHEN stage = 1 THEN 'กำลังดำเนินการ'
                ELSE statuses.finished
            END AS status,
            CASE WHEN stage = 2 THEN star END AS star,
            CASE WHEN stage = 2 THEN count_reopen ELSE 0 END AS count_reopen,
            event_at AS last_activity
        FROM events
        JOIN tickets ON tickets.i = events.i
        JOIN day_sizes ON day_sizes.day = events.day
        CROSS JOIN statuses
        ORDER BY events.day, events.i"""
    )


def _timestamp_text(column: str, local: str) -> str:
    """UTC with '+00' (microseconds when there are any), or Bangkok wall time without an offset."""
    utc = (
        f"CASE WHEN microsecond({column}) % 1000000 = 0 "
        f"THEN strftime({column}, '%Y-%m-%d %H:%M:%S') "
        f"ELSE strftime({column}, '%Y-%m-%d %H:%M:%S.%f') END || '+00'"
    )
    bangkok = f"strftime({column} + INTERVAL {BANGKOK_OFFSET_HOURS} HOUR, '%Y-%m-%d %H:%M:%S')"
    return f"CASE WHEN {local} THEN {bangkok} ELSE {utc} END"


def _export_query(spec: ScaleSpec, day: int) -> str:
    """One day's observations in that day's layout, as text: the first half of the days use the public
    dump layout, the second half the exchange API v2 layout."""
    local = f"u(day, 'local_time') < {P_LOCAL_TIME_DAY}"
    created = f"CASE WHEN bad_timestamp THEN 'not-a-date' ELSE {_timestamp_text('created_at', local)} END"
    road = f"{sql_string_list(ROADS)}[road_code + 1]"
    organization = f"{sql_string_list(ORGANIZATIONS)}[organization_code + 1]"
    seed = int(spec.seed)
    common = {
        "ticket_id": "ticket_id",
        "type": "type",
        "organization": organization,
        "photo": f"CASE WHEN has_photo THEN {sql_string(PHOTO_URL)} "
        f"|| to_hex(hash(i, 'photo', {seed})) || '.jpg' END",
        "photo_after": f"CASE WHEN has_photo_after THEN {sql_string(PHOTO_URL)} "
        f"|| to_hex(hash(i, 'after', {seed})) || '.jpg' END",
        "address": f"house_number || ' ถนน' || {road} || ' ต.ในเมือง อ.เมืองพิษณุโลก จ.พิษณุโลก 65000'",
        "subdistrict": "'ในเมือง'",
        "district": "'เมืองพิษณุโลก'",
        "province": "'พิษณุโลก'",
        "timestamp": created,
        "star": "star",
        "count_reopen": "count_reopen::VARCHAR",
        "last_activity": _timestamp_text("last_activity", local),
    }
    complaint = f"replace({sql_string_list(COMPLAINTS)}[complaint_code + 1], '{{road}}', {road})"
    if day < spec.days // 2:
        columns = PUBLIC_DUMP
        specific = {
            "comment": complaint,
            # coords is "lon,lat": the generated pair is "lat, lon".
            "coords": "split_part(lat_lon, ', ', 2) || ',' || split_part(lat_lon, ', ', 1)",
            "state": "status",
        }
    else:
        columns = EXCHANGE_API_V2
        specific = {
            "description": complaint,
            "latitude": "split_part(lat_lon, ', ', 1)",
            "longitude": "split_part(lat_lon, ', ', 2)",
            "timestamp_inprogress": _timestamp_text("started_at", local),
            "timestamp_finished": _timestamp_text("finished_reported_at", local),
            "org_finished": f"CASE WHEN finished_reported_at IS NOT NULL THEN {organization} END",
            "status": "status",
            "confirmed": "'true'",
        }
    expressions = {**common, **specific}
    select = ", ".join(f'{expressions[name]} AS "{name}"' for name in columns.split(", "))
    return f"SELECT {select} FROM observations WHERE day = {day} ORDER BY i"


def _write_file(connection: duckdb.DuckDBPyConnection, query: str, target: Path, bom: bool = False) -> None:
    """COPY one query to one CSV file (header first, quoting as Traffy does), optionally after a BOM."""
    written = target.with_name(target.name + ".part") if bom else target
    connection.execute(f"COPY ({query}) TO {sql_string(written)} (FORMAT csv, HEADER true)")
    if bom:
        with target.open("wb") as sink, written.open("rb") as source:
            sink.write(BOM)
            shutil.copyfileobj(source, sink, 1 << 22)
        written.unlink()


def write_service_requests(connection: duckdb.DuckDBPyConnection, spec: ScaleSpec, folder: Path) -> int:
    """Write the daily Traffy exports; return the number of rows written."""
    _tickets(connection, spec)
    _observations(connection, spec)
    folder.mkdir(parents=True, exist_ok=True)
    for day in range(spec.days):
        name = f"traffy_{(spec.first_day + timedelta(days=day)).isoformat()}.csv"
        # Exports of the 1st of a month start with a byte-order mark, as Excel-saved ones do.
        _write_file(connection, _export_query(spec, day), folder / name, bom=name.endswith("-01.csv"))
    rows = connection.execute("SELECT count(*) FROM observations").fetchone()
    connection.execute("DROP TABLE events; DROP TABLE observations; DROP TABLE tickets")
    return int(rows[0]) if rows else 0


def _instrument() -> dict[str, dict]:
    return yaml.safe_load(INSTRUMENT_FILE.read_text(encoding="utf-8"))["fields"]


def _answer(fields: dict[str, dict], name: str, key: str, choice: str) -> str:
    """An answer label of a choice field, or a blank (missing answer) now and then."""
    return (
        f"CASE WHEN u({key}, 'blank_{name}') < {P_BLANK_ANSWER} THEN NULL "
        f"ELSE {sql_string_list(list(fields[name]['answers']))}[{choice}] END"
    )


def write_surveys(connection: duckdb.DuckDBPyConnection, spec: ScaleSpec, folder: Path) -> int:
    """Write one survey export per quarter of the window, in the reference instrument's headers."""
    fields = _instrument()
    folder.mkdir(parents=True, exist_ok=True)
    if spec.responses == 0:
        return 0
    first = f"TIMESTAMP '{spec.first_day.isoformat()}'"
    top_problem_weights = list(SURVEY_TOP_PROBLEM_WEIGHTS)
    cumulative = [sum(top_problem_weights[: k + 1]) / sum(top_problem_weights) for k in range(8)]
    top_problem_index = " + ".join(f"(u(i, 'top') >= {edge})::INTEGER" for edge in cumulative[:-1])
    submitted_local = f"{first} + to_seconds(floor(u(i, 'submitted') * {spec.days * 86400})::BIGINT)"
    connection.execute(
        f"""CREATE TABLE responses AS
        SELECT
            i,
            {submitted_local} AS submitted_local,
            areas.name_th,
            u(i, 'community') AS community_draw,
            u(i, 'consent') AS consent_draw,
            floor(15 + pow(u(i, 'age'), 1.2) * 70)::INTEGER AS age,
            least(10, greatest(0, round(6.8 + 1.8 * z(i, 'life'))))::INTEGER AS life
        FROM range({spec.responses}) AS r (i)
        JOIN areas ON areas.area_index = floor(u(i, 'area') * (SELECT count(*) FROM areas))::INTEGER"""
    )
    scale5 = "1 + least(4, floor(pow(u(i, '{salt}'), 0.6) * 5))::INTEGER"
    columns = {
        "submitted_at": "strftime(submitted_local, '%d/%m/') "
        f"|| (year(submitted_local) + {BUDDHIST_ERA_OFFSET}) || strftime(submitted_local, ' %H:%M:%S')",
        "consent": f"{sql_string_list(list(fields['consent']['answers']))}"
        f"[1 + (consent_draw < {P_NO_CONSENT})::INTEGER]",
        "community": f"CASE WHEN community_draw < {P_UNKNOWN_COMMUNITY} THEN 'ชุมชนนอกเขตเทศบาล' "
        f"WHEN community_draw < {P_UNKNOWN_COMMUNITY + P_STRAY_SPACES} THEN ' ' || name_th || '  ' "
        "ELSE name_th END",
        "sex": _answer(fields, "sex", "i", "1 + floor(u(i, 'sex') * 3)::INTEGER"),
        "age": "age::VARCHAR",
        "life_satisfaction": f"CASE WHEN u(i, 'blank_life') < {P_BLANK_ANSWER} THEN NULL "
        "ELSE life::VARCHAR END",
        # Answers are listed best first in the instrument (5..1).
        "service_satisfaction": _answer(
            fields, "service_satisfaction", "i", f"6 - ({scale5.format(salt='service')})"
        ),
        "feel_safe_night": _answer(fields, "feel_safe_night", "i", "1 + (u(i, 'safe') < 0.35)::INTEGER"),
        "health": _answer(fields, "health", "i", f"6 - ({scale5.format(salt='health')})"),
        "environment_satisfaction": _answer(
            fields, "environment_satisfaction", "i", f"6 - ({scale5.format(salt='environment')})"
        ),
        "top_problem": _answer(fields, "top_problem", "i", f"1 + {top_problem_index}"),
        "comment": "CASE WHEN u(i, 'comment') < 0.1 THEN 'อยากให้แก้ไขปัญหาในชุมชน, ขอบคุณค่ะ' END",
        "full_name": "NULL::VARCHAR",
        "phone": "NULL::VARCHAR",
        "national_id": "NULL::VARCHAR",
    }
    select = ", ".join(f'{expression} AS "{fields[name]["header"]}"' for name, expression in columns.items())
    quarter = "year(submitted_local) * 10 + quarter(submitted_local)"
    for (code,) in connection.execute(f"SELECT DISTINCT {quarter} FROM responses ORDER BY 1").fetchall():
        query = f"SELECT {select} FROM responses WHERE {quarter} = {code} ORDER BY submitted_local, i"
        _write_file(connection, query, folder / f"survey_plk_wellbeing_v1_{code // 10}Q{code % 10}.csv")
    connection.execute("DROP TABLE responses")
    return spec.responses


def generate(spec: ScaleSpec, out: Path) -> dict[str, int]:
    """Write the inbox under ``out`` (``service_requests/`` and ``survey/``); return row counts."""
    with tempfile.TemporaryDirectory(prefix="scale-data-") as scratch:
        connection = _connect(spec, Path(scratch))
        try:
            _reference_tables(connection)
            rows = write_service_requests(connection, spec, out / "service_requests")
            responses = write_surveys(connection, spec, out / "survey")
        finally:
            connection.close()
    return {"service_request_rows": rows, "survey_responses": responses}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, required=True, help="distinct tickets to create")
    parser.add_argument("--responses", type=int, default=0, help="survey responses to create")
    parser.add_argument("--days", type=int, default=365, help="daily exports (window length in days)")
    parser.add_argument("--out", type=Path, required=True, help="inbox folder to write into")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--last-day", type=date.fromisoformat, default=DEFAULT_LAST_DAY)
    args = parser.parse_args(argv)
    if args.tickets < 0 or args.responses < 0 or args.days < 2:
        parser.error("--tickets and --responses must be >= 0 and --days >= 2")
    spec = ScaleSpec(args.tickets, args.responses, args.days, args.seed, args.last_day)
    started = time.perf_counter()
    counts = generate(spec, args.out)
    print(
        f"wrote {counts['service_request_rows']:,} service-request rows ({spec.tickets:,} tickets, "
        f"{spec.days} daily files) and {counts['survey_responses']:,} survey responses to {args.out} "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
