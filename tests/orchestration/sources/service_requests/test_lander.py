"""SPEC 3.1 landing rules for Traffy Fondue exports, one focused test per rule.

Every test writes a tiny CSV into ``tmp_path``, lands it with ``land_file`` and reads the Parquet results
back with DuckDB, asserting exact values so that breaking the rule breaks the test.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from orchestration.lake.store import BatchRecord, LakeLayout, load_batch_records
from orchestration.sources.service_requests import lander as landing
from orchestration.sources.service_requests.lander import ensure_schema_files, land_file
from orchestration.sources.service_requests.layout import (
    EXCHANGE_API_V2_COLUMNS,
    PUBLIC_DUMP_COLUMNS,
    UnknownLayoutError,
    detect_layout,
    header_delimiter,
    read_header,
)
from tests.support.paths import BANGKOK_SAMPLE

PUBLIC = "public_dump"
EXCHANGE = "exchange_api_v2"
COLUMNS = {PUBLIC: PUBLIC_DUMP_COLUMNS, EXCHANGE: EXCHANGE_API_V2_COLUMNS}
LAYOUTS = (PUBLIC, EXCHANGE)

# The minimum an accepted row needs; every test overrides only the fields its rule is about.
BASE_ROW = {"ticket_id": "2023-TEST01", "type": "{ถนน}", "timestamp": "2023-05-12 13:27:54+00"}
BASE_CREATED_AT = datetime(2023, 5, 12, 13, 27, 54, tzinfo=UTC)


# --------------------------------------------------------------------------------------------- helpers


@pytest.fixture
def lake(tmp_path: Path) -> LakeLayout:
    return LakeLayout(lake_dir=tmp_path / "lake", quarantine_dir=tmp_path / "quarantine")


def csv_text(columns: Iterable[str], rows: Iterable[Mapping[str, str]]) -> str:
    """A well-formed CSV (RFC 4180 quoting, so multi-line values are quoted) with BASE_ROW defaults."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), restval="", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**BASE_ROW, **row})  # DictWriter rejects a key that is not a column
    return buffer.getvalue()


def write_file(directory: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = directory / "inbox" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding=encoding, newline="")
    return path


def land_rows(
    tmp_path: Path,
    lake: LakeLayout,
    layout: str,
    rows: Iterable[Mapping[str, str]],
    *,
    encoding: str = "utf-8",
    columns: Iterable[str] | None = None,
) -> BatchRecord:
    text = csv_text(COLUMNS[layout] if columns is None else columns, rows)
    record = land_file(write_file(tmp_path, f"{layout}.csv", text, encoding), lake, batch_seq=1)
    assert record is not None
    return record


def _query(path: Path) -> list[dict[str, Any]]:
    connection = duckdb.connect()
    try:
        connection.execute("SET TimeZone = 'UTC'")
        cursor = connection.execute(f"SELECT * FROM read_parquet('{path}') ORDER BY ALL")
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    finally:
        connection.close()


def observations(lake: LakeLayout, record: BatchRecord) -> list[dict[str, Any]]:
    return _query(lake.observation_file(record.batch_id))


def quarantined(lake: LakeLayout, record: BatchRecord) -> list[dict[str, Any]]:
    return _query(lake.quarantine_file(record.batch_id))


def only_observation(lake: LakeLayout, record: BatchRecord) -> dict[str, Any]:
    rows = observations(lake, record)
    assert len(rows) == 1, rows
    assert quarantined(lake, record) == []
    return rows[0]


def coord_fields(layout: str, lat: str, lon: str) -> dict[str, str]:
    """The raw coordinate columns of one layout: the dump's ``coords`` is "lon,lat" (longitude first)."""
    if layout == EXCHANGE:
        return {"latitude": lat, "longitude": lon}
    return {"coords": f"{lon},{lat}" if (lat or lon) else ""}


# ------------------------------------------------------------------------------------ layout detection


@pytest.mark.parametrize("layout", LAYOUTS)
def test_layout_is_told_apart_by_header(tmp_path: Path, lake: LakeLayout, layout: str) -> None:
    record = land_rows(tmp_path, lake, layout, [{}])
    path = tmp_path / "inbox" / f"{layout}.csv"
    assert detect_layout(path).name == layout
    assert record.layout == layout
    row = only_observation(lake, record)
    assert (row["layout"], row["ticket_id"], row["type_labels"]) == (layout, "2023-TEST01", ["ถนน"])


@pytest.mark.parametrize("layout", LAYOUTS)
def test_columns_are_matched_by_name_not_position(tmp_path: Path, lake: LakeLayout, layout: str) -> None:
    values = {
        "ticket_id": "2023-ORDER1",
        "type": "{กีดขวาง,ถนน}",
        "organization": "เขตหนองจอก",
        "address": "13 ถนน อยู่วิทยา",
        "subdistrict": "กระทุ่มราย",
        "district": "หนองจอก",
        "province": "กรุงเทพมหานคร",
        "timestamp": "2023-05-12 13:27:54+00",
        "star": "4",
        "count_reopen": "2",
        "last_activity": "2023-05-13 01:00:00+00",
        **coord_fields(layout, "13.81565", "100.87281"),
    }
    if layout == PUBLIC:
        values |= {"comment": "ไฟดับ", "state": "เสร็จสิ้น"}
    else:
        values |= {
            "description": "ไฟดับ",
            "status": "เสร็จสิ้น",
            "timestamp_inprogress": "2023-05-12 14:00:00+00",
            "timestamp_finished": "2023-05-13 00:00:00+00",
        }
    # Rotated by 7: no column keeps its position, so a positional reader would shift every field.
    shuffled = COLUMNS[layout][7:] + COLUMNS[layout][:7]
    assert all(a != b for a, b in zip(shuffled, COLUMNS[layout], strict=True))
    record = land_rows(tmp_path, lake, layout, [values], columns=shuffled)
    assert record.layout == layout
    row = only_observation(lake, record)
    assert {key: row[key] for key in row if key not in ("batch_id", "source_file", "batch_seq")} == {
        "source_row": 1,
        "layout": layout,
        "ticket_id": "2023-ORDER1",
        "type_labels": ["กีดขวาง", "ถนน"],
        "organization": "เขตหนองจอก",
        "description": "ไฟดับ",
        "latitude": 13.81565,
        "longitude": 100.87281,
        "address": "13 ถนน อยู่วิทยา",
        "subdistrict": "กระทุ่มราย",
        "district": "หนองจอก",
        "province": "กรุงเทพมหานคร",
        "created_at": BASE_CREATED_AT,
        "in_progress_at": datetime(2023, 5, 12, 14, tzinfo=UTC) if layout == EXCHANGE else None,
        "finished_reported_at": datetime(2023, 5, 13, tzinfo=UTC) if layout == EXCHANGE else None,
        "last_activity_at": datetime(2023, 5, 13, 1, tzinfo=UTC),
        "status_label": "เสร็จสิ้น",
        "star": 4,
        "count_reopen": 2,
        "warnings": [],
    }


@pytest.mark.parametrize("layout", LAYOUTS)
def test_utf8_byte_order_mark_before_header_is_accepted(
    tmp_path: Path, lake: LakeLayout, layout: str
) -> None:
    record = land_rows(tmp_path, lake, layout, [{}], encoding="utf-8-sig")
    path = tmp_path / "inbox" / f"{layout}.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbfticket_id,")
    assert read_header(path) == COLUMNS[layout]
    assert record.layout == layout
    # The BOM must not leak into the first column's name, or ticket_id would be unreadable.
    assert only_observation(lake, record)["ticket_id"] == "2023-TEST01"


@pytest.mark.parametrize(
    "spelling", ["TICKET_ID", " Ticket_Id ", "\u00a0ticket_id\t", "\u200bticket_id", "ticket_id\ufeff"]
)
def test_header_names_are_matched_whatever_their_case_and_spacing(tmp_path: Path, spelling: str) -> None:
    path = write_file(tmp_path, "retyped.csv", ",".join([spelling, *PUBLIC_DUMP_COLUMNS[1:]]) + "\n")
    assert read_header(path) == PUBLIC_DUMP_COLUMNS
    assert detect_layout(path).name == PUBLIC


def test_tab_separated_export_is_read_by_its_header(tmp_path: Path, lake: LakeLayout) -> None:
    """Excel's "Unicode Text" separates by tabs; a comma inside a value is then just a character."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, PUBLIC_DUMP_COLUMNS, restval="", delimiter="\t", lineterminator="\n")
    writer.writeheader()
    writer.writerow({**BASE_ROW, "comment": "ถนนพัง, น้ำขัง", "coords": "100.5,13.7"})
    path = write_file(tmp_path, "unicode_text.txt", buffer.getvalue())
    assert header_delimiter(path) == "\t"
    record = land_file(path, lake, batch_seq=1)
    assert record is not None
    row = only_observation(lake, record)
    assert (row["description"], row["latitude"], row["longitude"]) == ("ถนนพัง, น้ำขัง", 13.7, 100.5)


def test_a_header_with_commas_is_comma_separated_whatever_else_it_holds(tmp_path: Path) -> None:
    path = write_file(tmp_path, "x.csv", ",".join(["ticket_id\tx", *PUBLIC_DUMP_COLUMNS[1:]]) + "\n")
    assert header_delimiter(path) == ","


def test_columns_without_a_name_are_ignored(tmp_path: Path, lake: LakeLayout) -> None:
    """Excel's trailing comma: an unnamed last column, and every record ends with an empty field."""
    lines = csv_text(EXCHANGE_API_V2_COLUMNS, [{}, {"ticket_id": "2023-TEST02"}]).splitlines()
    path = write_file(tmp_path, "trailing.csv", "".join(line + ",,\n" for line in lines))
    assert read_header(path) == (*EXCHANGE_API_V2_COLUMNS, "", "")
    record = land_file(path, lake, batch_seq=1)
    assert record is not None
    assert (record.layout, record.rows_read, record.rows_accepted) == (EXCHANGE, 2, 2)


def test_unknown_header_quarantines_every_row_naming_file_and_missing_columns(
    tmp_path: Path, lake: LakeLayout
) -> None:
    columns = [column for column in PUBLIC_DUMP_COLUMNS if column not in ("coords", "state")]
    path = write_file(
        tmp_path,
        "mystery_export.csv",
        csv_text(columns, [{"ticket_id": "2023-AAAAAA"}, {"ticket_id": "2023-BBBBBB"}]),
    )
    expected_message = (
        "mystery_export.csv: header matches no Traffy layout; closest is public_dump, "
        "missing column(s): coords, state"
    )
    with pytest.raises(UnknownLayoutError) as raised:
        detect_layout(path)
    assert str(raised.value) == expected_message

    record = land_file(path, lake, batch_seq=1)
    assert record is not None
    assert (record.layout, record.rows_read, record.rows_accepted, record.rows_quarantined) == (
        "unknown",
        2,
        0,
        2,
    )
    assert not lake.observation_file(record.batch_id).exists()
    rows = quarantined(lake, record)
    assert [(row["source_row"], row["field"], row["reason_code"], row["reason"]) for row in rows] == [
        (1, "header", "unknown_layout", expected_message),
        (2, "header", "unknown_layout", expected_message),
    ]
    assert {row["source_file"] for row in rows} == {"mystery_export.csv"}
    assert '"ticket_id":"2023-AAAAAA"' in rows[0]["raw_record"]  # the raw record is kept for repair


# ----------------------------------------------------------------------------------------- CSV framing


@pytest.mark.parametrize("layout", LAYOUTS)
def test_multi_line_quoted_comment_is_one_record(tmp_path: Path, lake: LakeLayout, layout: str) -> None:
    text = 'ถนนพัง, น้ำขัง\nซอย "5"\n\n  ขอบคุณครับ'
    field = "comment" if layout == PUBLIC else "description"
    record = land_rows(tmp_path, lake, layout, [{field: text}, {"ticket_id": "2023-TEST02"}])
    assert (record.rows_read, record.rows_accepted, record.rows_quarantined) == (2, 2, 0)
    rows = observations(lake, record)
    assert [(row["ticket_id"], row["description"]) for row in rows] == [
        ("2023-TEST01", text),
        ("2023-TEST02", None),
    ]


def _good_line(ticket_id: str) -> str:
    return csv_text(PUBLIC_DUMP_COLUMNS, [{"ticket_id": ticket_id}]).split("\n")[1]


_GOOD = _good_line("2023-BAD001")


@pytest.mark.parametrize(
    ("bad_line", "error_type"),
    [
        pytest.param(_GOOD.rsplit(",", 1)[0], "MISSING COLUMNS", id="one-field-short"),
        pytest.param(_GOOD + ",extra", "TOO MANY COLUMNS", id="one-field-extra"),
        pytest.param(
            "2023-BAD001,{ถนน},truncated",
            "MISSING COLUMNS",
            id="many-fields-short",
        ),
        pytest.param(
            _GOOD + ",extra,more",
            "TOO MANY COLUMNS",
            id="many-fields-extra",
        ),
    ],
)
def test_malformed_csv_record_is_quarantined_with_its_line(
    tmp_path: Path, lake: LakeLayout, bad_line: str, error_type: str
) -> None:
    text = csv_text(PUBLIC_DUMP_COLUMNS, [{"ticket_id": "2023-GOOD01"}])
    text += bad_line + "\n" + _good_line("2023-GOOD02") + "\n"
    record = land_file(write_file(tmp_path, "malformed.csv", text), lake, batch_seq=1)
    assert record is not None
    assert [row["ticket_id"] for row in observations(lake, record)] == ["2023-GOOD01", "2023-GOOD02"]
    rows = quarantined(lake, record)
    # One quarantine row for the one bad record, on physical line 3 (the header is line 1).
    assert [(row["reason_code"], row["source_line"], row["source_row"]) for row in rows] == [
        ("malformed_csv_record", 3, None)
    ]
    assert rows[0]["reason"].startswith(f"malformed CSV record ({error_type})")
    assert "2023-BAD001" in rows[0]["raw_record"]
    assert (record.rows_read, record.rows_accepted, record.rows_quarantined) == (3, 2, 1)


def test_malformed_record_source_line_counts_records_after_a_multi_line_record(
    tmp_path: Path, lake: LakeLayout
) -> None:
    """source_line is the CSV reader's record line: header 1, the multi-line record 2, the bad one 3."""
    text = csv_text(PUBLIC_DUMP_COLUMNS, [{"comment": "line 2\nline 3\nline 4"}])
    text += _GOOD + ",extra\n"  # physical line 5, third record
    record = land_file(write_file(tmp_path, "multi.csv", text), lake, batch_seq=1)
    assert record is not None
    assert [row["source_line"] for row in quarantined(lake, record)] == [3]


def test_unterminated_quote_is_quarantined_not_fatal(tmp_path: Path, lake: LakeLayout) -> None:
    text = csv_text(PUBLIC_DUMP_COLUMNS, [{"ticket_id": "2023-GOOD01"}, {"ticket_id": "2023-GOOD02"}])
    text += '2023-BAD001,"{ถนน},never closed\n'
    record = land_file(write_file(tmp_path, "unterminated.csv", text), lake, batch_seq=1)
    assert record is not None
    assert (record.rows_accepted, record.rows_quarantined) == (2, 1)
    assert [row["reason_code"] for row in quarantined(lake, record)] == ["malformed_csv_record"]


# ----------------------------------------------------------------------------------------- field rules


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(
    ("raw", "labels"),
    [
        ("{ถนน}", ["ถนน"]),
        ("{กีดขวาง,ถนน}", ["กีดขวาง", "ถนน"]),
        ('{"กีดขวาง","ถนน"}', ["กีดขวาง", "ถนน"]),
        ("{}", []),
        ("", []),
    ],
)
def test_type_postgres_array_literal_becomes_label_list(
    tmp_path: Path, lake: LakeLayout, layout: str, raw: str, labels: list[str]
) -> None:
    record = land_rows(tmp_path, lake, layout, [{"type": raw}])
    row = only_observation(lake, record)
    assert (row["type_labels"], row["warnings"]) == (labels, [])


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(
    ("lat", "lon", "expected", "warnings"),
    [
        pytest.param("13.81565", "100.87281", (13.81565, 100.87281), [], id="bangkok"),
        pytest.param("5", "97", (5.0, 97.0), [], id="box-corner-inclusive"),
        pytest.param("21", "106", (21.0, 106.0), [], id="box-opposite-corner"),
        # Latitude in the longitude slot: the classic swapped-order mistake lands far outside the box.
        pytest.param("100.87281", "13.81565", (None, None), ["coords_outside_thailand"], id="swapped"),
        pytest.param("48.8566", "2.3522", (None, None), ["coords_outside_thailand"], id="paris"),
        pytest.param("4.99", "100.5", (None, None), ["coords_outside_thailand"], id="just-south"),
        pytest.param("21.01", "100.5", (None, None), ["coords_outside_thailand"], id="just-north"),
        pytest.param("13.7", "96.99", (None, None), ["coords_outside_thailand"], id="just-west"),
        pytest.param("13.7", "106.01", (None, None), ["coords_outside_thailand"], id="just-east"),
        pytest.param("13.7", "abc", (None, None), ["coords_unparseable"], id="text"),
        pytest.param("", "100.5", (None, None), ["coords_unparseable"], id="half-missing"),
        pytest.param("", "", (None, None), [], id="empty"),
        pytest.param(
            "nan",
            "nan",
            (None, None),
            ["coords_unparseable"],
            id="nan",
        ),
    ],
)
def test_coordinates_lon_first_in_dump_and_thailand_box(
    tmp_path: Path,
    lake: LakeLayout,
    layout: str,
    lat: str,
    lon: str,
    expected: tuple[float | None, float | None],
    warnings: list[str],
) -> None:
    record = land_rows(tmp_path, lake, layout, [coord_fields(layout, lat, lon)])
    row = only_observation(lake, record)
    assert ((row["latitude"], row["longitude"]), row["warnings"]) == (expected, warnings)
    assert record.rows_warned == (1 if warnings else 0)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(
    ("raw", "instant"),
    [
        ("2023-05-12 13:27:54.482138+00", datetime(2023, 5, 12, 13, 27, 54, 482138, tzinfo=UTC)),
        ("2023-05-12 20:27:54+07", datetime(2023, 5, 12, 13, 27, 54, tzinfo=UTC)),
        ("2023-05-12T13:27:54Z", datetime(2023, 5, 12, 13, 27, 54, tzinfo=UTC)),
        # No offset: Asia/Bangkok wall-clock time (UTC+7), including across a date boundary.
        ("2023-05-12 20:27:54", datetime(2023, 5, 12, 13, 27, 54, tzinfo=UTC)),
        ("2023-05-01 03:00:00", datetime(2023, 4, 30, 20, 0, tzinfo=UTC)),
    ],
)
def test_timestamp_offset_honoured_else_bangkok_local(
    tmp_path: Path, lake: LakeLayout, layout: str, raw: str, instant: datetime
) -> None:
    record = land_rows(tmp_path, lake, layout, [{"timestamp": raw, "last_activity": raw}])
    row = only_observation(lake, record)
    assert (row["created_at"], row["last_activity_at"], row["warnings"]) == (instant, instant, [])


@pytest.mark.parametrize(
    ("inprogress", "finished", "expected", "warnings"),
    [
        (
            "2023-05-13 10:00:00",
            "2023-05-14 03:00:00.5+00",
            (datetime(2023, 5, 13, 3, tzinfo=UTC), datetime(2023, 5, 14, 3, 0, 0, 500000, tzinfo=UTC)),
            [],
        ),
        ("", "", (None, None), []),
        ("soon", "", (None, None), ["timestamp_inprogress_unparseable"]),
        ("", "done", (None, None), ["timestamp_finished_unparseable"]),
    ],
)
def test_exchange_progress_and_finish_timestamps(
    tmp_path: Path,
    lake: LakeLayout,
    inprogress: str,
    finished: str,
    expected: tuple[datetime | None, datetime | None],
    warnings: list[str],
) -> None:
    record = land_rows(
        tmp_path, lake, EXCHANGE, [{"timestamp_inprogress": inprogress, "timestamp_finished": finished}]
    )
    row = only_observation(lake, record)
    assert ((row["in_progress_at"], row["finished_reported_at"]), row["warnings"]) == (expected, warnings)


def test_public_dump_has_no_progress_or_finish_timestamps(tmp_path: Path, lake: LakeLayout) -> None:
    record = land_rows(tmp_path, lake, PUBLIC, [{"state": "เสร็จสิ้น", "last_activity": "2023-05-13 00:00+00"}])
    row = only_observation(lake, record)
    assert (row["in_progress_at"], row["finished_reported_at"], row["status_label"]) == (None, None, "เสร็จสิ้น")


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(
    ("column", "raw", "value", "warnings"),
    [
        ("star", "1", 1, []),
        ("star", "5", 5, []),
        ("star", "", None, []),
        ("star", "6", None, ["star_invalid"]),
        ("star", "abc", None, ["star_invalid"]),
        ("star", "0", None, ["star_invalid"]),
        ("star", "2.5", None, ["star_invalid"]),
        ("count_reopen", "0", 0, []),
        ("count_reopen", "3", 3, []),
        ("count_reopen", "", None, []),
        ("count_reopen", "-1", None, ["count_reopen_invalid"]),
        ("count_reopen", "x", None, ["count_reopen_invalid"]),
    ],
)
def test_star_and_count_reopen_validated(
    tmp_path: Path,
    lake: LakeLayout,
    layout: str,
    column: str,
    raw: str,
    value: int | None,
    warnings: list[str],
) -> None:
    record = land_rows(tmp_path, lake, layout, [{column: raw}])
    row = only_observation(lake, record)
    assert (row[column], row["warnings"]) == (value, warnings)
    assert (record.rows_accepted, record.rows_warned) == (1, 1 if warnings else 0)


# ------------------------------------------------------------------------------------------ quarantine


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(
    ("fields", "field", "code", "reason_contains"),
    [
        ({"ticket_id": ""}, "ticket_id", "missing_ticket_id", "ticket_id is empty"),
        ({"ticket_id": "   "}, "ticket_id", "missing_ticket_id", "ticket_id is empty"),
        ({"timestamp": ""}, "timestamp", "missing_timestamp", "timestamp (creation time) is empty"),
        (
            {"timestamp": "yesterday"},
            "timestamp",
            "unparseable_timestamp",
            'is not a timestamp: 9 characters shaped "aaaaaaaaa"',
        ),
        (
            {"timestamp": "2023-13-45 10:00:00"},
            "timestamp",
            "unparseable_timestamp",
            'is not a timestamp: 19 characters shaped "9999-99-99 99:99:99"',
        ),
        (
            {"timestamp": "โทร ๐๘๑-๒๓๔-๕๖๗๘ คุณ Ann <ann@example.org> " * 2},
            "timestamp",
            "unparseable_timestamp",
            '85 characters shaped "กกก 999-999-9999 กกก aaa ?aaa?aaaaaaa.aa…"',
        ),
        (
            {"timestamp": "2099-01-01 09:00:00+00"},
            "timestamp",
            "future_timestamp",
            "timestamp (creation time) 2099-01-01 16:00:00+07 is in the future",
        ),
    ],
)
def test_row_that_cannot_be_a_ticket_is_quarantined_with_reason(
    tmp_path: Path,
    lake: LakeLayout,
    layout: str,
    fields: dict[str, str],
    field: str,
    code: str,
    reason_contains: str,
) -> None:
    record = land_rows(tmp_path, lake, layout, [{"ticket_id": "2023-GOOD01"}, fields])
    assert (record.rows_read, record.rows_accepted, record.rows_quarantined) == (2, 1, 1)
    assert [row["ticket_id"] for row in observations(lake, record)] == ["2023-GOOD01"]
    [row] = quarantined(lake, record)
    assert (row["source_row"], row["source_line"], row["field"], row["reason_code"]) == (2, None, field, code)
    assert reason_contains in row["reason"]
    assert row["reason"] != code and " " in row["reason"]  # a sentence for a human, not a bare code
    assert row["source_file"] == f"{layout}.csv"


def test_accepted_plus_quarantined_equals_rows_read(tmp_path: Path, lake: LakeLayout) -> None:
    rows = [
        {"ticket_id": "2023-GOOD01"},
        {"ticket_id": "2023-GOOD02", "star": "9", "comment": "มี\nหลาย\nบรรทัด"},
        {"ticket_id": ""},
        {"ticket_id": "2023-NOTS01", "timestamp": ""},
        {"ticket_id": "2023-BADTS1", "timestamp": "not a time"},
    ]
    text = csv_text(PUBLIC_DUMP_COLUMNS, rows) + _GOOD + ",extra\n"
    path = write_file(tmp_path, "mixed.csv", text)
    with path.open(encoding="utf-8", newline="") as handle:
        records_in_file = sum(1 for _ in csv.reader(handle)) - 1
    record = land_file(path, lake, batch_seq=7)
    assert record is not None
    assert records_in_file == 6
    assert (record.rows_read, record.rows_accepted, record.rows_quarantined, record.rows_warned) == (
        6,
        2,
        4,
        1,
    )
    assert record.rows_read == record.rows_accepted + record.rows_quarantined
    assert len(observations(lake, record)) == record.rows_accepted
    assert sorted(row["reason_code"] for row in quarantined(lake, record)) == [
        "malformed_csv_record",
        "missing_ticket_id",
        "missing_timestamp",
        "unparseable_timestamp",
    ]


def test_file_duckdb_cannot_read_counts_records_and_quotes_no_error_text(
    tmp_path: Path, lake: LakeLayout, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last resort still counts records by CSV rules, and its reason names the error, not its text.

    DuckDB's messages quote header names and SQL, which may hold what was typed into the file.
    """

    def unreadable(connection: duckdb.DuckDBPyConnection, path: Path) -> str:
        raise duckdb.BinderException('Binder Error: column "โทร 0812345678" does not exist')

    monkeypatch.setattr(landing, "_judge", unreadable)
    text = csv_text(PUBLIC_DUMP_COLUMNS, [{"comment": "มี\nหลาย\nบรรทัด"}, {}, {"ticket_id": ""}])
    record = land_file(write_file(tmp_path, "broken.csv", text), lake, batch_seq=1)
    assert record is not None
    assert (record.layout, record.rows_read, record.rows_accepted, record.rows_quarantined) == (
        "unknown",
        3,
        0,
        3,
    )
    rows = quarantined(lake, record)
    assert {(row["field"], row["reason_code"], row["reason"]) for row in rows} == {
        ("file", "unreadable_file", "broken.csv: cannot be read as a CSV export (BinderException)")
    }
    multi_line = next(row for row in rows if row["source_row"] == 1)
    assert json.loads(multi_line["raw_record"])[3] == "มี\nหลาย\nบรรทัด"


# ---------------------------------------------------------------------------------- batches and files


def test_lake_files_are_keyed_by_content_sha256(tmp_path: Path, lake: LakeLayout) -> None:
    path = write_file(tmp_path, "export.csv", csv_text(PUBLIC_DUMP_COLUMNS, [{}, {"ticket_id": ""}]))
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    record = land_file(path, lake, batch_seq=3)
    assert record is not None
    assert record.batch_id == sha
    assert sorted(
        p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.*") if "inbox" not in p.parts
    ) == [
        f"lake/batches/{sha}.json",
        f"lake/observations/{sha}.parquet",
        f"quarantine/{sha}.parquet",
    ]
    assert load_batch_records(lake) == [record]
    assert (record.source_file, record.size_bytes, record.batch_seq) == ("export.csv", path.stat().st_size, 3)
    assert [(row["batch_id"], row["batch_seq"]) for row in observations(lake, record)] == [(sha, 3)]
    assert [row["batch_id"] for row in quarantined(lake, record)] == [sha]


def test_relanding_same_content_under_any_name_writes_nothing(tmp_path: Path, lake: LakeLayout) -> None:
    text = csv_text(EXCHANGE_API_V2_COLUMNS, [{}])
    first = land_file(write_file(tmp_path, "day1.csv", text), lake, batch_seq=1)
    assert first is not None

    def snapshot() -> dict[str, tuple[int, int]]:
        return {
            p.relative_to(tmp_path).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in tmp_path.rglob("*")
            if p.is_file() and "inbox" not in p.parts
        }

    before = snapshot()
    assert len(before) == 3
    assert land_file(write_file(tmp_path, "day1.csv", text), lake, batch_seq=2) is None
    assert land_file(write_file(tmp_path, "renamed_copy.csv", text), lake, batch_seq=3) is None
    assert snapshot() == before
    assert load_batch_records(lake) == [first]
    # Different content is a different batch: deduplication is by content, not a blanket refusal.
    text2 = csv_text(EXCHANGE_API_V2_COLUMNS, [{}, {"ticket_id": "2023-TEST02"}])
    changed = land_file(write_file(tmp_path, "day2.csv", text2), lake, batch_seq=4)
    assert changed is not None and changed.batch_id != first.batch_id
    assert [r.batch_seq for r in load_batch_records(lake)] == [1, 4]


def test_schema_files_match_landed_batch_schema(tmp_path: Path, lake: LakeLayout) -> None:
    ensure_schema_files(lake)
    schema_observations = lake.observations_dir / "_schema.parquet"
    schema_quarantine = lake.quarantine_dir / "_schema.parquet"
    assert _query(schema_observations) == [] and _query(schema_quarantine) == []
    record = land_rows(tmp_path, lake, PUBLIC, [{}, {"ticket_id": ""}])

    def describe(path: Path) -> list[tuple[str, str]]:
        connection = duckdb.connect()
        try:
            return connection.execute(f"SELECT name, type FROM parquet_schema('{path}')").fetchall()
        finally:
            connection.close()

    assert describe(schema_observations) == describe(lake.observation_file(record.batch_id))
    assert describe(schema_quarantine) == describe(lake.quarantine_file(record.batch_id))


# --------------------------------------------------------------------------------- real Bangkok sample


def test_real_bangkok_sample(lake: LakeLayout) -> None:
    with BANGKOK_SAMPLE.open(encoding="utf-8-sig", newline="") as handle:
        source = list(csv.DictReader(handle))
    empty_ticket_ids = sum(1 for row in source if not row["ticket_id"].strip())
    expected_comment = next(row["comment"] for row in source if row["ticket_id"] == "2023-FCX4QQ")
    assert len(source) == 1000 and empty_ticket_ids > 0 and "\n" in expected_comment

    record = land_file(BANGKOK_SAMPLE, lake, batch_seq=1)
    assert record is not None
    assert (record.layout, record.rows_read, record.rows_accepted, record.rows_quarantined) == (
        PUBLIC,
        1000,
        1000 - empty_ticket_ids,
        empty_ticket_ids,
    )
    quarantine = quarantined(lake, record)
    assert [row["reason_code"] for row in quarantine] == ["missing_ticket_id"] * empty_ticket_ids
    accepted = {row["ticket_id"]: row for row in observations(lake, record)}
    assert len(accepted) == 1000 - empty_ticket_ids
    ticket = accepted["2023-FCX4QQ"]
    assert ticket["description"] == expected_comment
    assert (ticket["latitude"], ticket["longitude"]) == (13.81565, 100.87281)
    assert ticket["created_at"] == datetime(2023, 5, 12, 13, 27, 54, 482138, tzinfo=UTC)
