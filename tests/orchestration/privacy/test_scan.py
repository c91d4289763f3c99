"""The pre-publish personal-data scan: finds what leaked, masks it, and stays quiet on a clean snapshot."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from orchestration.lake.store import BatchRecord, LakeLayout, write_json_atomically
from orchestration.privacy.pii import RespondentName
from orchestration.privacy.scan import PiiFinding, scan_snapshot, split_reference_names
from orchestration.publish.manifest_sources import snapshot_source_files


def _with_check_digit(first_twelve: str) -> str:
    weighted = sum(int(digit) * (13 - position) for position, digit in enumerate(first_twelve))
    return first_twelve + str((11 - weighted % 11) % 10)


VALID_ID = _with_check_digit("310050123456")
VALID_ID_DASHED = "-".join((VALID_ID[0], VALID_ID[1:5], VALID_ID[5:10], VALID_ID[10:12], VALID_ID[12]))
INVALID_ID = VALID_ID[:12] + str((int(VALID_ID[12]) + 1) % 10)
RESPONDENTS = [  # "วัด" is too short to be scanned for
    RespondentName(name, "wave1.csv", row)
    for row, name in enumerate(("สมชาย ใจดี", "นางสาวมาลี  รักษ์ถิ่น", "วัด"), start=1)
]
ORIGIN = "survey file wave1.csv row 1"  # where the first respondent name was written
PUBLISH_ID = "20261125T163624426157Z"
RUN_ID = "6912e655-b525-4811-b216-5ffc5378cfd9"
# Hex digests that happen to contain phone- and ID-shaped digit runs, at the start, inside and at the end.
TRICKY_DIGESTS = [
    "0812345678" + "ab" * 27,
    "ab" * 10 + "021234567" + "cd" + VALID_ID + "ef" * 10,
    "ab" * 25 + VALID_ID + "c",
    "ef" * 27 + "0812345678",
]


def _manifest(**extra: Any) -> dict[str, Any]:
    """Shaped like the real one: checks, a run uuid, publish id, timestamps, row counts and sha256s."""
    return {
        "checks_passed": ["indicator_values:publish_gate_suite", "areas:unique_areas_area_id"],
        "dagster_run_id": RUN_ID,
        "publish_id": PUBLISH_ID,
        "published_at": "2026-11-25T16:36:24+00:00",
        "row_counts": {"areas": 2, "indicator_values": 50450},
        "source_files": [
            {
                "name": f"traffy_plk_2024-11-{day:02d}.csv",
                "sha256": hashlib.sha256(str(day).encode()).hexdigest(),
                "size_bytes": 7900 + day,
                "source": "service_requests",
            }
            for day in range(1, 31)
        ]
        + [
            {"name": "tricky.csv", "sha256": digest, "size_bytes": 1, "source": "survey"}
            for digest in TRICKY_DIGESTS
        ],
        **extra,
    }


def _snapshot(
    root: Path,
    statements: Sequence[str] = (),
    parquet: Mapping[str, pa.Table] | None = None,
    manifest: Mapping[str, Any] | None = None,
) -> Path:
    """A snapshot directory: a clean base (tables, Parquet, manifest) plus whatever a test plants."""
    (root / "parquet").mkdir(parents=True)
    with duckdb.connect(str(root / "indicators.duckdb")) as connection:
        connection.execute(
            "CREATE TABLE areas AS SELECT * FROM (VALUES "
            "('PLK-C01', 'ชุมชนวัดใหญ่', 'Wat Yai Community', 1074), "
            "('PLK-C02', 'ชุมชนบ้านคลอง', 'Ban Khlong Community', 403)) "
            "AS t(area_id, name_th, name_en, population)"
        )
        connection.execute(
            "CREATE TABLE indicator_values AS SELECT 'sr_per_1000_residents' AS indicator_id, "
            "DATE '2024-11-01' + INTERVAL (i % 30) DAY AS period_start, "
            "'PLK-C' || lpad((i % 60)::VARCHAR, 2, '0') AS area_id, 'road' AS category, "
            "i * 0.0812345678 AS value, 812345678 + i AS numerator, "
            "i AS sample_size FROM range(2000) AS t(i)"
        )
        connection.execute(
            f"CREATE TABLE snapshot_info AS SELECT '{PUBLISH_ID}' AS publish_id, "
            "TIMESTAMPTZ '2026-11-25 16:36:24+00' AS published_at"
        )
        connection.execute(
            "CREATE TABLE data_quality_summary AS SELECT * FROM (VALUES "
            "('survey', 'quarantined', 'ปี 2567 ค่าซ่อม 1,500 บาท บ้านเลขที่ 12/3', 7), "
            "('survey', 'warned', 'ระยะ 0.0812345678 กม. วันที่ 17/11/2565 14:03:21', 2), "
            f"('survey', 'accepted', 'run {RUN_ID} at 2026-11-25T16:36:24+00:00', 5), "
            "('survey', 'accepted', 'เรื่องที่ 123456789 และ 12345678901234', 1)) "
            "AS t(source, outcome, reason, rows)"
        )
        for statement in statements:
            connection.execute(statement)
    pq.write_table(
        pa.table(
            {
                "area_id": ["PLK-C01", "PLK-C02"],
                "name_th": ["ชุมชนวัดใหญ่", "ชุมชนบ้านคลอง"],
                "digest": TRICKY_DIGESTS[:2],
            }
        ),
        root / "parquet" / "areas.parquet",
    )
    for name, table in (parquet or {}).items():
        pq.write_table(table, root / "parquet" / name)
    text = json.dumps(manifest or _manifest(), ensure_ascii=False, indent=2, sort_keys=True)
    (root / "manifest.json").write_text(text, encoding="utf-8")
    return root


def test_clean_snapshot_has_no_findings(tmp_path: Path) -> None:
    assert scan_snapshot(_snapshot(tmp_path / "s"), RESPONDENTS) == []


def test_phone_in_a_duckdb_table_is_found_and_masked(tmp_path: Path) -> None:
    planted = "โทร ๐๘๑-๒๓๔-๕๖๗๘ นะคะ"
    snapshot = _snapshot(
        tmp_path / "s", [f"INSERT INTO indicator_values (indicator_id, category) VALUES ('x', '{planted}')"]
    )
    findings = scan_snapshot(snapshot, RESPONDENTS)
    assert findings == [PiiFinding("indicators.duckdb:indicator_values.category row 2001", "phone", "๐๘๑…")]


def test_valid_national_id_in_a_parquet_file_is_found_but_not_an_invalid_one(tmp_path: Path) -> None:
    planted = pa.table({"note": [f"เลขบัตร {VALID_ID_DASHED}", "ปกติ"], "other": [INVALID_ID, "ok"]})
    findings = scan_snapshot(_snapshot(tmp_path / "s", parquet={"responses.parquet": planted}), RESPONDENTS)
    assert findings == [PiiFinding("parquet/responses.parquet:note row 1", "national_id", "3-1…")]
    assert VALID_ID_DASHED not in repr(findings)


def test_personal_data_in_manifest_keys_and_nested_values_is_found(tmp_path: Path) -> None:
    manifest = _manifest(reviewed_by={"ส่งโดย สมชาย\u00a0 ใจดี ค่ะ": [{"note": "โทร 0812345678"}]})
    findings = scan_snapshot(_snapshot(tmp_path / "s", manifest=manifest), RESPONDENTS)
    assert findings == [
        PiiFinding("manifest.json:reviewed_by.<key 0>[0].note", "phone", "081…"),
        PiiFinding("manifest.json:reviewed_by.<key 0>", "respondent_name", "สมช…", ORIGIN),
    ]


def test_values_split_across_lines_survive_the_sql_prefilter(tmp_path: Path) -> None:
    snapshot = _snapshot(
        tmp_path / "s",
        [
            "CREATE TABLE comments AS SELECT * FROM (VALUES "
            "(chr(10) || 'นางสาวมาลี' || chr(10) || chr(9) || 'รักษ์ถิ่น', "
            "'081' || chr(10) || '234' || chr(13) || chr(10) || '5678')) AS t(who, phone)"
        ],
    )
    assert scan_snapshot(snapshot, RESPONDENTS) == [
        PiiFinding(
            "indicators.duckdb:comments.who row 1", "respondent_name", "นาง…", "survey file wave1.csv row 2"
        ),
        PiiFinding("indicators.duckdb:comments.phone row 1", "phone", "081…"),
    ]


def test_other_text_like_columns_schemas_and_binary_parquet_are_scanned(tmp_path: Path) -> None:
    snapshot = _snapshot(
        tmp_path / "s",
        [
            "CREATE SCHEMA staging",
            "CREATE TYPE contact AS ENUM ('none', '+66 81 234 5678')",
            "CREATE TABLE staging.extra AS SELECT '+66 81 234 5678'::contact AS how, "
            f"['a', '{VALID_ID}'] AS tags",
        ],
        parquet={"raw.parquet": pa.table({"blob": pa.array([b"02-123-4567"], type=pa.binary())})},
    )
    assert scan_snapshot(snapshot, RESPONDENTS) == [
        PiiFinding("indicators.duckdb:staging.extra.how row 1", "phone", "+66…"),
        PiiFinding("indicators.duckdb:staging.extra.tags row 1", "national_id", f"{VALID_ID[:3]}…"),
        PiiFinding("parquet/raw.parquet:blob row 1", "phone", "02-…"),
    ]


def test_several_kinds_in_one_column_are_each_reported_once(tmp_path: Path) -> None:
    rows = ", ".join(f"('สมชาย ใจดี โทร 08{n}-234-5678 บัตร {VALID_ID}')" for n in range(6, 10))
    snapshot = _snapshot(tmp_path / "s", [f"CREATE TABLE notes AS SELECT * FROM (VALUES {rows}) AS t(text)"])
    findings = scan_snapshot(snapshot, RESPONDENTS)
    # One finding per kind, the example taken from the first offending value in sorted order.
    assert findings == [
        PiiFinding("indicators.duckdb:notes.text row 1", "phone", "086…"),
        PiiFinding("indicators.duckdb:notes.text row 1", "national_id", "310…"),
        PiiFinding("indicators.duckdb:notes.text row 1", "respondent_name", "สมช…", ORIGIN),
    ]


def test_a_respondent_name_that_is_a_reference_name_warns_with_its_file_and_row(tmp_path: Path) -> None:
    snapshot = _snapshot(
        tmp_path / "s", ["INSERT INTO areas VALUES ('PLK-C29', 'ชุมชนบ้านแขก', 'Ban Khaek Community', 1290)"]
    )
    respondents = [RespondentName("บ้านแขก", "wave 3.csv", 7), *RESPONDENTS]
    personal, warnings = split_reference_names(respondents, {"ชุมชนบ้านแขก", "Wat Yai Community"})
    assert personal == RESPONDENTS
    assert warnings == [
        PiiFinding("wave 3.csv row 7", "reference_name", "บ้า…", origin="survey file wave 3.csv row 7")
    ]
    assert scan_snapshot(snapshot, personal) == []


def test_every_finding_names_its_table_column_and_row_and_the_survey_row_of_a_name(tmp_path: Path) -> None:
    snapshot = _snapshot(
        tmp_path / "s",
        [
            "CREATE TABLE notes AS SELECT * FROM (VALUES ('ok'), ('ok'), ('คุณสมชาย ใจดี'), "
            "('โทร ０８１.２３４.５６７８')) AS t(text)"
        ],
    )
    assert scan_snapshot(snapshot, RESPONDENTS) == [
        PiiFinding("indicators.duckdb:notes.text row 4", "phone", "０８１…"),
        PiiFinding(
            "indicators.duckdb:notes.text row 3",
            "respondent_name",
            "สมช…",
            origin=ORIGIN,
        ),
    ]


def test_a_manifest_finding_names_the_entry_and_a_listed_file_name_is_masked(tmp_path: Path) -> None:
    name = "ร้องเรียน นายสมชาย 0812345678 2024-11-10.csv"
    raw = _manifest(source_files=[{"name": name, "sha256": "ab" * 32, "size_bytes": 9, "source": "survey"}])
    findings = scan_snapshot(_snapshot(tmp_path / "raw", manifest=raw), RESPONDENTS)
    assert findings == [PiiFinding("manifest.json:source_files[0].name", "phone", "081…")]

    lake = LakeLayout(tmp_path / "lake", tmp_path / "quarantine")
    for seq, (file_name, files) in enumerate(((name, ("quarantine",)), ("gone.csv", ())), start=1):
        batch_id = hashlib.sha256(file_name.encode()).hexdigest()
        record = BatchRecord(batch_id, file_name, 9, "plk_wellbeing_v1", 1, 0, 1, 0, seq, "2024-11-10")
        write_json_atomically(lake.batch_record_file(batch_id), dataclasses.asdict(record))
        for _ in files:
            lake.quarantine_file(batch_id).parent.mkdir(parents=True, exist_ok=True)
            lake.quarantine_file(batch_id).write_bytes(b"PAR1")
    entries = snapshot_source_files({"survey": lake}, {"สมชาย ใจดี"})
    assert [entry["name"] for entry in entries] == ["ร้องเรียน นายสมชาย [phone] 2024-11-10.csv"]
    masked = _manifest(source_files=entries)
    assert scan_snapshot(_snapshot(tmp_path / "masked", manifest=masked), RESPONDENTS) == []
