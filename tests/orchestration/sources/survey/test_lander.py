"""SPEC 3.2 survey rules: instrument matching, encodings, dates, Thai digits, ranges, consent, PDPA."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook

from orchestration.lake.store import LakeLayout
from orchestration.privacy.pii import RespondentName
from orchestration.sources.survey.instruments import UnmappableExportError, load_instruments, match_instrument
from orchestration.sources.survey.lander import (
    land_survey_file,
    load_area_names,
    respondent_name_sources,
    respondent_names_in,
)
from orchestration.sources.survey.reader import detect_encoding, open_survey_export
from orchestration.sources.survey.values import AnswerProblem, parse_answer, parse_submitted_at
from tests.support.paths import REPO_ROOT

KEY = b"test-key"
REPO_INSTRUMENTS = REPO_ROOT / "config" / "survey_instruments"
INSTRUMENTS = load_instruments()
V1 = next(i for i in INSTRUMENTS if i.instrument_id == "plk_wellbeing_v1")
V2 = next(i for i in INSTRUMENTS if i.instrument_id == "plk_wellbeing_v2")
AREAS = load_area_names()
FIRST_AREA_NAME, FIRST_AREA_ID = next(iter(AREAS.items()))


def _spec(instrument, name: str):
    return next(spec for spec in instrument.fields if spec.name == name)


def _label(instrument, field: str, value: str) -> str:
    return next(label for label, mapped in _spec(instrument, field).answers.items() if mapped == value)


def _row(instrument, **values: str) -> list[str]:
    defaults = {
        "submitted_at": "17/11/2567 14:03:21",
        "consent": next(
            label for label, value in _spec(instrument, "consent").answers.items() if value == "yes"
        ),
        "community": FIRST_AREA_NAME,
        "life_satisfaction": "7",
    }
    merged = {**defaults, **values}
    return [merged.get(spec.name, "") for spec in instrument.fields]


def _write_csv(path: Path, instrument, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(spec.header for spec in instrument.fields)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _land(tmp_path: Path, path: Path):
    layout = LakeLayout(tmp_path / "lake", tmp_path / "quarantine")
    record = land_survey_file(
        path, layout, 1, INSTRUMENTS, AREAS, KEY, respondent_names_in(path, INSTRUMENTS)
    )
    assert record is not None
    with duckdb.connect() as connection:
        accepted = (
            connection.execute(
                f"SELECT * FROM read_parquet('{layout.observation_file(record.batch_id)}') "
                "ORDER BY source_row"
            ).df()
            if layout.observation_file(record.batch_id).exists()
            else None
        )
        quarantined = connection.execute(
            f"SELECT * FROM read_parquet('{layout.quarantine_file(record.batch_id)}') ORDER BY source_row"
        ).df()
    return record, accepted, quarantined


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17/11/2567 14:03:21", datetime(2024, 11, 17, 7, 3, 21, tzinfo=UTC)),  # B.E., Bangkok local
        ("๑๗/๑๑/๒๕๖๗ ๑๔:๐๓:๒๑", datetime(2024, 11, 17, 7, 3, 21, tzinfo=UTC)),  # Thai digits
        ("14/02/2025 09:30", datetime(2025, 2, 14, 2, 30, tzinfo=UTC)),  # C.E. (year below 2400)
        ("2025-02-14 09:30:00", datetime(2025, 2, 14, 2, 30, tzinfo=UTC)),  # ISO from some tools
        (datetime(2025, 2, 14, 9, 30), datetime(2025, 2, 14, 2, 30, tzinfo=UTC)),  # Excel datetime cell
    ],
)
def test_submission_times_in_every_era_and_form(text, expected: datetime) -> None:
    assert parse_submitted_at(text) == expected


@pytest.mark.parametrize("text", ["yesterday", "31/02/2567 10:00", "2567"])
def test_unparseable_submission_time_raises(text: str) -> None:
    with pytest.raises(ValueError):
        parse_submitted_at(text)


def test_integers_accept_thai_digits_and_reject_out_of_range() -> None:
    age = _spec(V1, "age")
    assert parse_answer(age, "๔๒") == 42
    with pytest.raises(AnswerProblem) as problem:
        parse_answer(age, "240")
    assert problem.value.code == "out_of_range_age"
    with pytest.raises(AnswerProblem) as problem:
        parse_answer(_spec(V1, "life_satisfaction"), "11")
    assert problem.value.code == "out_of_range_life_satisfaction"


def test_choices_map_labels_and_flag_unknown_ones() -> None:
    assert parse_answer(_spec(V1, "service_satisfaction"), " มากที่สุด ") == 5
    with pytest.raises(AnswerProblem) as problem:
        parse_answer(_spec(V1, "service_satisfaction"), "เฉยๆ")
    assert problem.value.code == "unknown_answer_service_satisfaction"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("ชุมชน".encode("utf-8-sig"), "utf-8-sig"),
        ("ชุมชน".encode(), "utf-8"),
        ("ชุมชน".encode("cp874"), "cp874"),
    ],
)
def test_encoding_is_detected(data: bytes, encoding: str) -> None:
    assert detect_encoding(data) == encoding


def test_cp874_export_with_be_dates_lands(tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "wave.csv", V1, [_row(V1, age="๓๕")], encoding="cp874")
    assert open_survey_export(path).encoding == "cp874"
    record, accepted, _ = _land(tmp_path, path)
    assert (record.layout, record.rows_accepted) == ("plk_wellbeing_v1", 1)
    assert accepted.loc[0, "age"] == 35
    assert accepted.loc[0, "submitted_at"].year == 2024


def test_reworded_wave_matches_its_own_mapping_and_ignores_extra_columns() -> None:
    headers = [spec.header for spec in V2.fields] + ["คำถามเพิ่มเติมที่ไม่ได้ใช้"]
    assert match_instrument(headers, INSTRUMENTS).instrument_id == "plk_wellbeing_v2"


def test_xlsx_export_of_the_reworded_wave_lands(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([spec.header for spec in V2.fields])
    sheet.append(_row(V2, submitted_at=datetime(2025, 2, 14, 9, 30)))
    workbook.save(tmp_path / "wave2.xlsx")
    record, accepted, _ = _land(tmp_path, tmp_path / "wave2.xlsx")
    assert (record.layout, record.rows_accepted, record.rows_quarantined) == ("plk_wellbeing_v2", 1, 0)
    assert accepted.loc[0, "submitted_at"] == datetime(2025, 2, 14, 2, 30, tzinfo=UTC)


def test_unmappable_export_lists_the_headers_and_lands_nothing(tmp_path: Path) -> None:
    with pytest.raises(UnmappableExportError) as error:
        match_instrument(["Timestamp", "ชุมชน", "Favourite colour"], INSTRUMENTS)
    assert "'Timestamp'" in str(error.value) and "'Favourite colour'" in str(error.value)

    path = tmp_path / "other.csv"
    path.write_text("Timestamp,Favourite colour\n2025-01-01,blue\n2025-01-02,red\n", encoding="utf-8")
    record, accepted, quarantined = _land(tmp_path, path)
    assert accepted is None
    assert (record.rows_read, record.rows_quarantined) == (2, 2)
    assert set(quarantined["reason_code"]) == {"unmapped_instrument"}
    assert "'Favourite colour'" in quarantined.loc[0, "reason"]


def test_consent_missing_or_refused_quarantines_without_answers(tmp_path: Path) -> None:
    refuse = _label(V1, "consent", "no")
    rows = [_row(V1), _row(V1, consent=refuse), _row(V1, consent=""), _row(V1, submitted_at="")]
    record, _, quarantined = _land(tmp_path, _write_csv(tmp_path / "c.csv", V1, rows))
    assert (record.rows_read, record.rows_accepted, record.rows_quarantined) == (4, 1, 3)
    assert list(quarantined["reason_code"]) == ["no_consent", "missing_consent", "missing_submitted_at"]
    assert quarantined["raw_record"].isna().all()
    assert "c.csv row 2" in quarantined.loc[0, "reason"]


def test_community_whitespace_is_normalised_and_unknown_kept(tmp_path: Path) -> None:
    spaced = f"  {FIRST_AREA_NAME}  "
    rows = [_row(V1, community=spaced), _row(V1, community="ชุมชนที่ไม่มีอยู่จริง")]
    _, accepted, _ = _land(tmp_path, _write_csv(tmp_path / "w.csv", V1, rows))
    assert list(accepted["area_id"]) == [FIRST_AREA_ID, "unknown"]
    assert list(accepted["warnings"].map(list)) == [[], ["unmatched_community"]]


def test_out_of_range_answers_are_nulled_with_a_warning(tmp_path: Path) -> None:
    rows = [_row(V1, life_satisfaction="11", age="240")]
    _, accepted, _ = _land(tmp_path, _write_csv(tmp_path / "r.csv", V1, rows))
    assert accepted[["life_satisfaction", "age"]].isna().all(axis=None)
    assert sorted(accepted.loc[0, "warnings"]) == ["out_of_range_age", "out_of_range_life_satisfaction"]


def test_personal_data_never_reaches_the_lake(tmp_path: Path) -> None:
    first12 = "310090012345"
    national_id = first12 + str((11 - sum(int(d) * (13 - i) for i, d in enumerate(first12)) % 11) % 10)
    rows = [
        _row(
            V1,
            full_name="มานี มีนามสกุล",
            phone="0891234567",
            national_id=national_id,
            comment="มานี มีนามสกุล โทร 089-123-4567 บัตร " + national_id,
        )
    ]
    record, accepted, _ = _land(tmp_path, _write_csv(tmp_path / "p.csv", V1, rows))
    lake_bytes = b"".join(
        path.read_bytes() for path in tmp_path.joinpath("lake").rglob("*") if path.is_file()
    )
    for secret in ("มานี มีนามสกุล", "0891234567", "089-123-4567", national_id):
        assert secret.encode() not in lake_bytes
    assert "full_name" not in accepted.columns and "phone" not in accepted.columns
    assert accepted.loc[0, "comment"] == "[name] โทร [phone] บัตร [national-id]"

    assert (
        accepted.loc[0, "national_id_hash"] == hmac.new(KEY, national_id.encode(), hashlib.sha256).hexdigest()
    )
    assert record.rows_warned == 0


def test_personal_data_typed_into_the_community_field_is_scrubbed(tmp_path: Path) -> None:
    national_id = "1101700203451"
    rows = [
        _row(V1, full_name="มานี มีนามสกุล"),
        _row(V1, community="โทร ๐๘๑.๒๓๔.๕๖๗๘"),
        _row(V1, community=f"บัตร {national_id}"),
        _row(V1, community="มานี มีนามสกุล"),
        _row(V1, community="(081)2345671", comment="ติดต่อ ０８１２３４５６７４ หรือ 081\u200b234\u200b5673"),
    ]
    _, accepted, _ = _land(tmp_path, _write_csv(tmp_path / "typed.csv", V1, rows))
    assert list(accepted["community_name"])[1:] == ["โทร [phone]", "บัตร [national-id]", "[name]", "[phone]"]
    assert accepted.loc[4, "comment"] == "ติดต่อ [phone] หรือ [phone]"
    assert set(accepted["area_id"][1:]) == {"unknown"}


def test_quarantine_reasons_mask_the_raw_values_they_quote(tmp_path: Path) -> None:
    rows = [
        _row(V1, full_name="มานี มีนามสกุล"),
        _row(V1, submitted_at="โทร 0812345678"),
        _row(V1, submitted_at="มานี มีนามสกุล"),
        _row(V1, consent="081-234-5678"),
        _row(V1, submitted_at="17/11/2642 14:03:21 โทร 0812345678"),
    ]
    _, _, quarantined = _land(tmp_path, _write_csv(tmp_path / "q.csv", V1, rows))
    reasons = " | ".join(quarantined["reason"])
    assert list(quarantined["reason_code"]) == [
        "unparseable_submitted_at",
        "unparseable_submitted_at",
        "unknown_consent",
        "unparseable_submitted_at",
    ]
    for secret in ("0812345678", "081-234-5678", "มานี มีนามสกุล"):
        assert secret not in reasons
    assert "[phone]" in reasons and "[name]" in reasons


def test_xlsx_export_behind_a_cover_page_is_found_by_its_headers(tmp_path: Path) -> None:
    workbook = Workbook()
    cover = workbook.active
    cover.title = "ปก"
    cover.append(["แบบสำรวจความอยู่ดีมีสุขของประชาชน เทศบาลนครพิษณุโลก"])
    cover.append(["จัดทำโดย กองยุทธศาสตร์", "ปี 2567"])
    export = workbook.create_sheet("Form Responses 1")
    export.append([spec.header for spec in V1.fields])
    for _ in range(50):
        export.append(_row(V1))
    workbook.save(tmp_path / "covered.xlsx")
    record, _, _ = _land(tmp_path, tmp_path / "covered.xlsx")
    assert (record.layout, record.rows_read, record.rows_accepted) == ("plk_wellbeing_v1", 50, 50)


def _cumulative_downloads(tmp_path: Path) -> tuple[Path, Path]:
    """Day 1 holds 60 responses; day 2 the same 60 (two of them identical twins) plus 20 new ones."""
    rows = [_row(V1, submitted_at=f"17/11/2567 14:{n // 60:02d}:{n % 60:02d}") for n in range(78)]
    rows[1:1] = [rows[0]]  # two respondents who answered alike in the same second
    rows.append(_row(V1, submitted_at="18/11/2567 09:00:00", comment="ใหม่"))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    return (
        _write_csv(inbox / "wave_day1.csv", V1, rows[:60]),
        _write_csv(inbox / "wave_day2.csv", V1, rows),
    )


def test_a_cumulative_re_download_repeats_the_response_keys_of_the_first(tmp_path: Path) -> None:
    day1, day2 = _cumulative_downloads(tmp_path)
    _, first, _ = _land(tmp_path / "a", day1)
    _, second, _ = _land(tmp_path / "b", day2)
    assert (len(first), len(second)) == (60, 80)
    assert first["response_key"].is_unique and second["response_key"].is_unique
    assert list(second["response_key"][:60]) == list(first["response_key"])


def test_a_mapped_response_id_identifies_a_response_whose_answers_changed(tmp_path: Path) -> None:
    mapping = (REPO_INSTRUMENTS / "plk_wellbeing_v1.yaml").read_text(encoding="utf-8")
    mapping = mapping.replace("instrument_id: plk_wellbeing_v1", "instrument_id: kobo_test")
    (tmp_path / "kobo.yaml").write_text(
        mapping + "  response_id:\n    header: _uuid\n    type: response_id\n    optional: true\n",
        encoding="utf-8",
    )
    kobo = load_instruments(tmp_path)[0]
    rows = [
        _row(kobo, response_id="7f0c2a9e-1", life_satisfaction="3"),
        _row(kobo, response_id="7f0c2a9e-2"),
        _row(kobo, response_id="", life_satisfaction="3"),
    ]
    edited = [_row(kobo, response_id="7f0c2a9e-1", life_satisfaction="9"), *rows[1:]]
    layout = LakeLayout(tmp_path / "lake", tmp_path / "quarantine")
    keys = []
    for seq, (name, content) in enumerate((("k1.csv", rows), ("k2.csv", edited)), start=1):
        record = land_survey_file(
            _write_csv(tmp_path / name, kobo, content), layout, seq, [kobo], AREAS, KEY, set()
        )
        keys.append(
            duckdb.sql(f"SELECT response_key FROM '{layout.observation_file(record.batch_id)}'").fetchall()
        )
    assert keys[0] == keys[1]  # the edited answer keeps its response's identity
    assert len(set(keys[0])) == 3  # and a blank id falls back to the content hash


def test_a_community_typed_as_a_name_is_not_treated_as_a_respondent_name(tmp_path: Path) -> None:
    rows = [
        _row(V1, full_name="บ้านแขก"),  # the respondent typed their community into the name field
        _row(V1, full_name="มานี มีนามสกุล", community="ชุมชนบ้านแขก", comment="อยู่บ้านแขก มานี มีนามสกุล"),
    ]
    path = _write_csv(tmp_path / "names.csv", V1, rows)
    assert respondent_names_in(path, INSTRUMENTS) == {"มานี มีนามสกุล"}
    assert respondent_name_sources(path, INSTRUMENTS) == [
        RespondentName("บ้านแขก", "names.csv", 1),
        RespondentName("มานี มีนามสกุล", "names.csv", 2),
    ]
    _, accepted, _ = _land(tmp_path, path)
    assert (accepted.loc[1, "community_name"], accepted.loc[1, "area_id"]) == ("ชุมชนบ้านแขก", "PLK-C29")
    assert accepted.loc[1, "comment"] == "อยู่บ้านแขก [name]"
