"""Malformed inputs: every file of ``tests/corpus/`` is landed and its outcome checked against a table.

Each case states what landing must produce: the layout or instrument, rows read / accepted / quarantined,
the set of quarantine reason codes and the set of warning codes on accepted rows (``None`` = not pinned,
left to whoever fixes a suspected bug). Every case also checks the invariants that hold for any input:
rows_read == rows_accepted + rows_quarantined, the Parquet files hold exactly those rows, and every
quarantine row carries a reason that names its field or its file.

A case whose current outcome looks wrong (a crash, lost rows, garbage accepted silently) carries ``bug``
(expected vs got) and ``got`` (today's outcome, exactly). It runs as ``xfail(strict=True)``: it xfails
only while the outcome is exactly ``got``; a fix makes it XPASS (strict: remove ``bug``/``got``), and any
other change fails it with ``BehaviourChanged`` so nobody mistakes a different failure for the known one.

The inputs are described in ``tests/corpus/README.md``; ``tests/corpus/make_corpus.py`` writes them.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

import duckdb
import jinja2
import pyarrow.parquet as pq
import pytest

from orchestration.lake.inbox import inbox_files
from orchestration.lake.store import BatchRecord, LakeLayout
from orchestration.sources.service_requests.lander import land_file
from orchestration.sources.survey.instruments import load_instruments
from orchestration.sources.survey.lander import land_survey_file, load_area_names, respondent_names
from tests.support.paths import REPO_ROOT

REPO = REPO_ROOT
CORPUS = REPO / "tests" / "corpus"
MAKE_CORPUS = CORPUS / "make_corpus.py"
CURRENT_STATE_MODEL = REPO / "dbt_project" / "models" / "intermediate" / "int_service_requests__current.sql"
STATUS_SEED = REPO / "dbt_project" / "seeds" / "ref_statuses.csv"

SR, SV = "service_requests", "survey"
PUBLIC, EXCHANGE, V1, UNKNOWN = "public_dump", "exchange_api_v2", "plk_wellbeing_v1", "unknown"
INSTRUMENTS = load_instruments()
AREAS = load_area_names()
KEY = b"bad-inputs-test-key"
NONE: frozenset[str] = frozenset()


def _load_make_corpus() -> Any:
    spec = importlib.util.spec_from_file_location("make_corpus", MAKE_CORPUS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(module)
    return module


corpus = _load_make_corpus()

# Inputs too big to commit: generated into tmp_path by the test, by these make_corpus functions.
GENERATED: dict[str, Callable[[], bytes]] = {
    "ten_megabyte_field.csv": corpus.ten_megabyte_field_service_request,
    "ten_megabyte_field_survey.csv": corpus.ten_megabyte_field_survey,
}


# ------------------------------------------------------------------------------------------- outcomes


class Summary(NamedTuple):
    """The comparable part of an outcome: a crash, or layouts, counts and code sets."""

    error: str | None
    layouts: tuple[str, ...] | None = None
    read: int | None = None
    accepted: int | None = None
    quarantined: int | None = None
    reasons: frozenset[str] | None = None
    warnings: frozenset[str] | None = None


def crashed(error: str) -> Summary:
    return Summary(error=error)


def landed_as(
    layouts: tuple[str, ...],
    read: int,
    accepted: int,
    quarantined: int,
    reasons: frozenset[str] = NONE,
    warnings: frozenset[str] = NONE,
) -> Summary:
    return Summary(None, layouts, read, accepted, quarantined, reasons, warnings)


@dataclass
class Landed:
    """What landing every file of one case produced."""

    lake: LakeLayout
    error: str | None = None  # module-qualified exception type of a crash
    error_detail: str = ""
    records: list[BatchRecord] = field(default_factory=list)
    observations: list[dict[str, Any]] = field(default_factory=list)
    quarantine: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> Summary:
        if self.error is not None:
            return crashed(self.error)
        return landed_as(
            tuple(record.layout for record in self.records),
            sum(record.rows_read for record in self.records),
            sum(record.rows_accepted for record in self.records),
            sum(record.rows_quarantined for record in self.records),
            frozenset(row["reason_code"] for row in self.quarantine),
            frozenset(code for row in self.observations for code in row["warnings"] or []),
        )

    def accepted(self, key: str = "ticket_id") -> dict[Any, dict[str, Any]]:
        return {row[key]: row for row in self.observations}


def _rows(path: Path) -> list[dict[str, Any]]:
    return pq.read_table(path).to_pylist() if path.exists() else []


def land_case(source: str, files: tuple[str, ...], tmp_path: Path) -> Landed:
    """Copy the case's files into an inbox and land them in order, as the ingest assets do."""
    inbox = tmp_path / "inbox" / source
    inbox.mkdir(parents=True)
    landed = Landed(LakeLayout(tmp_path / "lake" / source, tmp_path / "quarantine" / source))
    paths = []
    for name in files:
        target = inbox / name
        if name in GENERATED:
            target.write_bytes(GENERATED[name]())
        else:
            shutil.copyfile(CORPUS / source / name, target)
        paths.append(target)
    current = inbox
    try:
        names = respondent_names(inbox, INSTRUMENTS) if source == SV else set()
        for seq, current in enumerate(paths, start=1):
            if source == SR:
                record = land_file(current, landed.lake, batch_seq=seq)
            else:
                record = land_survey_file(current, landed.lake, seq, INSTRUMENTS, AREAS, KEY, names)
            assert record is not None, f"{current.name} was not landed"
            landed.records.append(record)
    except Exception as error:  # a crash is an outcome to compare, not a test error
        landed.error = f"{type(error).__module__.lstrip('_')}.{type(error).__name__}"
        landed.error_detail = f"{current.name}: {str(error).strip().splitlines()[0]}"
        return landed
    for record in landed.records:
        landed.observations += _rows(landed.lake.observation_file(record.batch_id))
        landed.quarantine += _rows(landed.lake.quarantine_file(record.batch_id))
    return landed


# ------------------------------------------------------------------------------------- extra checks


def _quarantined_where(landed: Landed, **expected: Any) -> None:
    for row in landed.quarantine:
        assert {key: row[key] for key in expected} == expected, row


def _reason_contains(*fragments: str) -> Callable[[Landed], None]:
    def check(landed: Landed) -> None:
        for row in landed.quarantine:
            for fragment in fragments:
                assert fragment in row["reason"], (fragment, row["reason"])

    return check


def _accepted_ids(*ids: str) -> Callable[[Landed], None]:
    def check(landed: Landed) -> None:
        assert sorted(landed.accepted()) == sorted(ids)

    return check


def _all(*checks: Callable[[Landed], None]) -> Callable[[Landed], None]:
    def check(landed: Landed) -> None:
        for each in checks:
            each(landed)

    return check


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def check_truncated(landed: Landed) -> None:
    _accepted_ids("2024-CORP01", "2024-CORP02")(landed)
    _quarantined_where(landed, source_line=4, field="record")


def check_extra_columns(landed: Landed) -> None:
    rows = landed.accepted()
    assert sorted(rows) == ["2024-CORP01", "2024-CORP02"]
    assert rows["2024-CORP01"]["description"] == "ถนนเป็นหลุมเป็นบ่อ รถจักรยานยนต์เกือบล้ม"
    assert (rows["2024-CORP01"]["latitude"], rows["2024-CORP01"]["longitude"]) == (16.81639, 100.26541)
    assert "remark" not in rows["2024-CORP01"] and "exported_by" not in rows["2024-CORP01"]


def check_cp874_service_requests(landed: Landed) -> None:
    rows = landed.accepted()
    assert sorted(rows) == ["2024-CORP01", "2024-CORP02", "2024-CORP03", "2024-CORP04"]
    assert rows["2024-CORP01"]["description"] == "ถนนเป็นหลุมเป็นบ่อ รถจักรยานยนต์เกือบล้ม"
    assert rows["2024-CORP01"]["status_label"] == corpus.WAITING
    assert rows["2024-CORP04"]["description"] == "pothole near the market"


def check_nul_service_request(landed: Landed) -> None:
    # Pinned: the NUL bytes are kept verbatim in the description (nothing strips or flags them).
    assert landed.accepted()["2024-CORP01"]["description"] == "ไฟดับ\x00\x00ทั้งซอย"


def check_future_service_requests(landed: Landed) -> None:
    [row] = landed.quarantine
    assert (row["source_row"], row["field"]) == (1, "timestamp"), row
    accepted = landed.accepted()
    assert accepted["2024-CORP02"]["warnings"], "a last_activity in 2099 must be flagged"
    assert accepted["2024-CORP03"]["warnings"] == []


def check_buddhist_era_service_requests(landed: Landed) -> None:
    accepted = landed.accepted()
    # 2567-11-01 09:15:09 Bangkok local (B.E.) is 2024-11-01 02:15:09 UTC.
    assert accepted["2024-CORP01"]["created_at"] == _utc(2024, 11, 1, 2, 15, 9)
    assert accepted["2024-CORP02"]["created_at"] == _utc(2024, 11, 3, 2, 15, 9)
    assert accepted["2024-CORP02"]["last_activity_at"] == _utc(2024, 11, 3, 5)


def check_finish_before_creation(landed: Landed) -> None:
    # Pinned: kept as reported; int_service_requests__tickets leaves the negative duration out.
    [row] = landed.observations
    assert (row["created_at"], row["in_progress_at"], row["finished_reported_at"]) == (
        _utc(2024, 11, 5, 10),
        _utc(2024, 11, 4, 8),
        _utc(2024, 11, 3, 8),
    )


def check_count_reopen(landed: Landed) -> None:
    accepted = landed.accepted()
    assert accepted["2024-CORP01"]["count_reopen"] is None
    assert accepted["2024-CORP01"]["warnings"] == ["count_reopen_invalid"]
    assert accepted["2024-CORP02"]["warnings"] == []


def check_coords_swapped(landed: Landed) -> None:
    accepted = landed.accepted()
    assert (accepted["2024-CORP01"]["latitude"], accepted["2024-CORP01"]["longitude"]) == (None, None)
    assert (accepted["2024-CORP02"]["latitude"], accepted["2024-CORP02"]["longitude"]) == (
        16.81639,
        100.26541,
    )


def check_formulas_service_requests(landed: Landed) -> None:
    row = landed.accepted()["2024-CORP01"]
    assert (row["description"], row["organization"], row["address"], row["star"]) == (
        corpus.FORMULA_TEXT,
        "+cmd|' /C calc'!A0",
        "@SUM(A1:A9)",
        None,
    )
    assert landed.accepted()["2024-CORP03"]["description"] == "-2+3 ถนนพัง"
    _quarantined_where(landed, source_row=2, field="timestamp")


def check_current_states(landed: Landed) -> None:
    """Run the real dbt model for a ticket's current state over the two landed batches."""
    files = ", ".join(f"'{landed.lake.observation_file(r.batch_id)}'" for r in landed.records)
    refs = {
        "stg_lake__service_request_observations": f"read_parquet([{files}])",
        "ref_statuses": f"read_csv('{STATUS_SEED}', header = true, all_varchar = true)",
    }
    # Rendered as a full build compiles it: no incremental branch, no materialization config.
    sql = (
        jinja2.Environment(undefined=jinja2.StrictUndefined)
        .from_string(CURRENT_STATE_MODEL.read_text())
        .render(
            ref=lambda name: refs.get(name, name),
            is_incremental=lambda: False,
            keyed_incremental_config=lambda unique_key: "",
        )
    )
    with duckdb.connect() as connection:
        states = connection.execute(
            f"SELECT ticket_id, status_type, batch_id FROM ({sql}\n) ORDER BY ticket_id"
        ).fetchall()
    day1, day2 = (record.batch_id for record in landed.records)
    assert states == [("2024-CORP01", "in_progress", day2), ("2024-CORP02", "finished", day1)]
    assert sorted((row["ticket_id"], row["batch_seq"]) for row in landed.observations) == [
        ("2024-CORP01", 1),
        ("2024-CORP01", 2),
        ("2024-CORP02", 1),
        ("2024-CORP02", 2),
    ]


def check_ten_megabyte_service_request(landed: Landed) -> None:
    _accepted_ids("2024-CORP02")(landed)
    _reason_contains("LINE SIZE OVER MAXIMUM")(landed)


def check_several_sheets(landed: Landed) -> None:
    rows = landed.accepted("source_row")
    assert sorted(rows) == [1, 3], "only the first sheet is the export"
    assert [rows[1]["comment"], rows[3]["comment"]] == ["ไฟทางดับบ่อย", "คลิก"]  # formula: cached value
    assert {row["area_id"] for row in rows.values()} == {"PLK-C01", "PLK-C02"}
    assert {row["submitted_at"] for row in rows.values()} == {_utc(2024, 11, 17, 7, 3, 21)}


def check_cp874_survey(landed: Landed) -> None:
    rows = landed.accepted("source_row")
    assert [rows[n]["submitted_at"] for n in (1, 2, 3)] == [
        _utc(2024, 9, 30, 22, 2, 33),
        _utc(2024, 11, 20, 2, 15),
        _utc(2024, 12, 31, 16, 59, 59),
    ]
    assert [rows[n]["area_id"] for n in (1, 2, 3)] == ["PLK-C01", "PLK-C02", "PLK-C01"]
    assert (rows[2]["age"], rows[3]["life_satisfaction"]) == (42, 10)
    _quarantined_where(landed, source_row=4)


def check_no_personal_data_in_lake(landed: Landed) -> None:
    values = [
        value
        for row in landed.observations + landed.quarantine
        for value in row.values()
        if isinstance(value, str)
    ]
    for name in corpus.SWALLOWED_NAMES:
        assert not any(name in value for value in values), f"respondent name {name!r} reached the lake"


def check_duplicate_header_survey(landed: Landed) -> None:
    _quarantined_where(landed, field="file")
    _reason_contains("ชุมชน")(landed)


def check_future_survey(landed: Landed) -> None:
    assert sorted((row["source_row"], row["field"]) for row in landed.quarantine) == [
        (1, "submitted_at"),
        (2, "submitted_at"),
    ]


def check_partial_survey_row(landed: Landed) -> None:
    assert [row["source_row"] for row in landed.quarantine] == [3]
    assert sorted(landed.accepted("source_row")) == [1, 2]


def check_formulas_survey(landed: Landed) -> None:
    rows = landed.accepted("source_row")
    assert [rows[1]["comment"], rows[2]["comment"]] == [corpus.FORMULA_TEXT, "-1+1"]
    assert (rows[1]["community_name"], rows[1]["area_id"], rows[1]["age"]) == ("@SUM(A1:A9)", "unknown", None)


def check_nul_survey(landed: Landed) -> None:
    assert landed.accepted("source_row")[1]["comment"] == "ขยะ\x00เยอะ"  # pinned: kept verbatim


def check_personal_data_in_community(landed: Landed) -> None:
    rows = landed.accepted("source_row")
    assert [rows[n]["community_name"] for n in (2, 3, 4, 5)] == [
        "[phone]",
        "บัตร [national-id]",
        "[name]",
        "[phone]",
    ]
    assert rows[5]["comment"] == "[phone] / [phone] / [phone]"
    values = [value for row in landed.observations for value in row.values() if isinstance(value, str)]
    for secret in (corpus.TYPED_NAME, corpus.TYPED_NATIONAL_ID, *corpus.TYPED_PHONES):
        assert not any(secret in value for value in values), f"{secret!r} reached the lake"


def check_cumulative_downloads(landed: Landed) -> None:
    day1, day2 = (
        [row["response_key"] for row in landed.observations if row["batch_seq"] == n] for n in (1, 2)
    )
    assert len(set(day1 + day2)) == 80
    assert day1 == day2[:60]


def check_community_typed_as_name(landed: Landed) -> None:
    row = landed.accepted("source_row")[2]
    assert (row["community_name"], row["area_id"], row["comment"]) == ("ชุมชนบ้านแขก", "PLK-C29", "อยู่บ้านแขกค่ะ")


def check_ten_megabyte_survey(landed: Landed) -> None:
    assert [row["source_row"] for row in landed.quarantine] == [1]


# ---------------------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Case:
    id: str
    source: str
    files: tuple[str, ...]
    expected: Summary
    check: Callable[[Landed], None] | None = None
    bug: str | None = None  # suspected bug: what should happen and what happens today
    got: Summary | None = None  # today's outcome of the suspected bug, exactly


CASES: tuple[Case, ...] = (
    # ----------------------------------------------------------------------------- service requests
    Case(
        "sr-truncated-mid-row",
        SR,
        ("truncated_mid_row.csv",),
        landed_as((PUBLIC,), 3, 2, 1, frozenset({"malformed_csv_record"})),
        check_truncated,
    ),
    Case(
        "sr-empty-0-bytes",
        SR,
        ("empty_0_bytes.csv",),
        landed_as((UNKNOWN,), 0, 0, 0),
    ),
    Case(
        "sr-header-only",
        SR,
        ("header_only_exchange_v2.csv",),
        landed_as((EXCHANGE,), 0, 0, 0),
    ),
    Case(
        "sr-wrong-delimiter",
        SR,
        ("wrong_delimiter_semicolons.csv",),
        landed_as((UNKNOWN,), 3, 0, 3, frozenset({"malformed_csv_record"})),
        _reason_contains("TOO MANY COLUMNS"),
    ),
    Case(
        "sr-unknown-layout",
        SR,
        ("unknown_layout_other_system.csv",),
        landed_as((UNKNOWN,), 3, 0, 3, frozenset({"unknown_layout"})),
        _reason_contains("unknown_layout_other_system.csv: header matches no Traffy layout"),
    ),
    Case(
        "sr-duplicate-headers",
        SR,
        ("duplicate_headers_state_twice.csv",),
        Summary(None, None, 2, 0, 2, None, NONE),
        _all(lambda landed: _quarantined_where(landed, field="header"), _reason_contains("state")),
    ),
    Case(
        "sr-extra-columns",
        SR,
        ("extra_columns.csv",),
        landed_as((EXCHANGE,), 2, 2, 0),
        check_extra_columns,
    ),
    Case(
        "sr-missing-columns",
        SR,
        ("missing_columns_no_photo.csv",),
        landed_as((UNKNOWN,), 2, 0, 2, frozenset({"unknown_layout"})),
        _reason_contains("missing column(s): photo, photo_after, org_finished, confirmed"),
    ),
    Case(
        "sr-invalid-utf8",
        SR,
        ("invalid_utf8_bytes.csv",),
        landed_as((PUBLIC,), 3, 2, 1, frozenset({"malformed_csv_record"})),
        _all(_accepted_ids("2024-CORP01", "2024-CORP03"), _reason_contains("INVALID ENCODING")),
    ),
    Case(
        "sr-cp874-mislabelled",
        SR,
        ("cp874_mislabelled.csv",),
        landed_as((PUBLIC,), 4, 4, 0),
        check_cp874_service_requests,
    ),
    Case(
        "sr-nul-byte",
        SR,
        ("nul_byte_in_field.csv",),
        landed_as((PUBLIC,), 2, 2, 0),
        check_nul_service_request,
    ),
    Case(
        "sr-unbalanced-quote-recovers",
        SR,
        ("unbalanced_quote_mid_file.csv",),
        landed_as((PUBLIC,), 4, 3, 1, frozenset({"malformed_csv_record"})),
        _all(_accepted_ids("2024-CORP01", "2024-CORP03", "2024-CORP04"), _reason_contains("unterminated")),
    ),
    Case(
        "sr-unbalanced-quote-swallows",
        SR,
        ("unbalanced_quote_swallows_rest_v2.csv",),
        # By CSV rules a quote nothing closes runs to the end of the file: one record, quarantined with
        # its whole text kept, so the two tickets inside it are not lost (they can be re-exported).
        landed_as((EXCHANGE,), 2, 1, 1, frozenset({"malformed_csv_record"})),
        _accepted_ids("2024-CORP01"),
    ),
    Case(
        "sr-future-dates-2099",
        SR,
        ("future_dates_2099.csv",),
        Summary(None, (EXCHANGE,), 3, 2, 1, None, None),
        check_future_service_requests,
    ),
    Case(
        "sr-buddhist-era-2567",
        SR,
        ("buddhist_era_timestamp_2567.csv",),
        Summary(None, (PUBLIC,), 2, 2, 0, NONE, None),
        check_buddhist_era_service_requests,
    ),
    Case(
        "sr-finish-before-creation",
        SR,
        ("finish_before_creation_v2.csv",),
        landed_as((EXCHANGE,), 1, 1, 0),
        check_finish_before_creation,
    ),
    Case(
        "sr-count-reopen-negative",
        SR,
        ("count_reopen_negative.csv",),
        landed_as((PUBLIC,), 2, 2, 0, NONE, frozenset({"count_reopen_invalid"})),
        check_count_reopen,
    ),
    Case(
        "sr-count-reopen-huge",
        SR,
        ("count_reopen_huge.csv",),
        landed_as((PUBLIC,), 2, 2, 0, NONE, frozenset({"count_reopen_invalid"})),
        check_count_reopen,
    ),
    Case(
        "sr-coords-swapped",
        SR,
        ("coords_swapped_lat_lon.csv",),
        landed_as((PUBLIC,), 2, 2, 0, NONE, frozenset({"coords_outside_thailand"})),
        check_coords_swapped,
    ),
    Case(
        "sr-excel-formulas",
        SR,
        ("excel_formula_cells.csv",),
        landed_as((PUBLIC,), 3, 2, 1, frozenset({"unparseable_timestamp"}), frozenset({"star_invalid"})),
        check_formulas_service_requests,
    ),
    Case(
        "sr-mixed-line-endings",
        SR,
        ("mixed_line_endings.csv",),
        landed_as((PUBLIC,), 4, 4, 0),
    ),
    Case(
        "sr-cr-only-line-endings",
        SR,
        ("old_mac_cr_line_endings.csv",),
        landed_as((PUBLIC,), 3, 3, 0),
    ),
    Case(
        "sr-gzip-named-csv",
        SR,
        ("gzip_named_csv.csv",),
        landed_as((UNKNOWN,), 1, 0, 1, frozenset({"unsupported_format"})),
        _all(
            lambda landed: _quarantined_where(landed, field="file"),
            _reason_contains("gzip_named_csv.csv is gzip-compressed"),
        ),
    ),
    Case(
        "sr-still-being-written",
        SR,
        ("still_being_written_partial_last_line.csv",),
        landed_as((EXCHANGE,), 3, 2, 1, frozenset({"malformed_csv_record"})),
        _all(_accepted_ids("2024-CORP01", "2024-CORP02"), _reason_contains("MISSING COLUMNS")),
    ),
    Case(
        "sr-conflicting-states-two-files",
        SR,
        ("conflicting_states_day1.csv", "conflicting_states_day2.csv"),
        landed_as((PUBLIC, EXCHANGE), 4, 4, 0),
        check_current_states,
    ),
    Case(
        "sr-ten-megabyte-field",
        SR,
        ("ten_megabyte_field.csv",),
        landed_as((PUBLIC,), 2, 1, 1, frozenset({"malformed_csv_record"})),
        check_ten_megabyte_service_request,
    ),
    # ------------------------------------------------------------------------------------------ survey
    Case(
        "sv-several-sheets-xlsx",
        SV,
        ("several_sheets.xlsx",),
        landed_as((V1,), 3, 2, 1, frozenset({"no_consent"})),
        check_several_sheets,
    ),
    Case(
        "sv-no-consent-column",
        SV,
        ("no_consent_column.csv",),
        landed_as((UNKNOWN,), 3, 0, 3, frozenset({"unmapped_instrument"})),
        _reason_contains("also needs: ยินยอมให้ใช้ข้อมูล"),
    ),
    Case("sv-headers-only", SV, ("headers_only.csv",), landed_as((V1,), 0, 0, 0)),
    Case(
        "sv-cp874-buddhist-era",
        SV,
        ("cp874_buddhist_era.csv",),
        landed_as((V1,), 4, 3, 1, frozenset({"no_consent"})),
        check_cp874_survey,
    ),
    Case("sv-empty-0-bytes", SV, ("empty_0_bytes.csv",), landed_as((UNKNOWN,), 0, 0, 0)),
    Case(
        "sv-unbalanced-quote-swallows",
        SV,
        ("unbalanced_quote_swallows_rows.csv",),
        # A quote left open to the end makes the file unreadable (strict CSV): all four rows quarantined
        # without their answers, so the names in the swallowed rows cannot reach the lake.
        landed_as((UNKNOWN,), 4, 0, 4, frozenset({"unreadable_file"})),
        check_no_personal_data_in_lake,
    ),
    Case(
        "sv-duplicate-headers",
        SV,
        ("duplicate_headers_community_twice.csv",),
        Summary(None, None, 2, 0, 2, None, NONE),
        check_duplicate_header_survey,
    ),
    Case(
        "sv-future-dates-2099",
        SV,
        ("future_dates_2099.csv",),
        Summary(None, (V1,), 3, 1, 2, None, NONE),
        check_future_survey,
    ),
    Case(
        "sv-still-being-written",
        SV,
        ("still_being_written_partial_last_line.csv",),
        Summary(None, (V1,), 3, 2, 1, None, NONE),
        check_partial_survey_row,
    ),
    Case(
        "sv-invalid-utf8",
        SV,
        ("invalid_utf8_bytes.csv",),
        landed_as((UNKNOWN,), 3, 0, 3, frozenset({"unreadable_file"})),
        _reason_contains("invalid_utf8_bytes.csv: neither UTF-8 nor Windows-874"),
    ),
    Case(
        "sv-gzip-named-csv",
        SV,
        ("gzip_named_csv.csv",),
        landed_as((UNKNOWN,), 1, 0, 1, frozenset({"unreadable_file"})),
        _reason_contains("gzip_named_csv.csv"),
    ),
    Case(
        "sv-wrong-delimiter",
        SV,
        ("wrong_delimiter_semicolons.csv",),
        landed_as((UNKNOWN,), 2, 0, 2, frozenset({"unmapped_instrument"})),
    ),
    Case(
        "sv-excel-formulas",
        SV,
        ("excel_formula_cells.csv",),
        landed_as(
            (V1,),
            2,
            2,
            0,
            NONE,
            frozenset({"unmatched_community", "unparseable_age", "unparseable_life_satisfaction"}),
        ),
        check_formulas_survey,
    ),
    Case("sv-mixed-line-endings", SV, ("mixed_line_endings.csv",), landed_as((V1,), 3, 3, 0)),
    Case("sv-nul-byte", SV, ("nul_byte_in_field.csv",), landed_as((V1,), 2, 2, 0), check_nul_survey),
    Case(
        "sv-cover-page-first-sheet",
        SV,
        ("cover_page_first_sheet.xlsx",),
        landed_as((V1,), 50, 50, 0),
    ),
    Case(
        "sv-personal-data-in-community",
        SV,
        ("personal_data_in_community.csv",),
        landed_as((V1,), 5, 5, 0, NONE, frozenset({"unmatched_community"})),
        check_personal_data_in_community,
    ),
    Case(
        "sv-cumulative-downloads",
        SV,
        ("cumulative_download_day1.csv", "cumulative_download_day2.csv"),
        landed_as((V1, V1), 140, 140, 0),
        check_cumulative_downloads,
    ),
    Case(
        "sv-community-typed-as-name",
        SV,
        ("community_typed_as_name.csv",),
        landed_as((V1,), 2, 2, 0),
        check_community_typed_as_name,
    ),
    Case(
        "sv-truncated-mid-character",
        SV,
        ("truncated_mid_character.csv",),
        landed_as((UNKNOWN,), 3, 0, 3, frozenset({"unreadable_file"})),
        _reason_contains("truncated_mid_character.csv"),
    ),
    Case(
        "sv-ten-megabyte-field",
        SV,
        ("ten_megabyte_field_survey.csv",),
        Summary(None, (V1,), 2, 1, 1, None, NONE),
        check_ten_megabyte_survey,
    ),
)


# ------------------------------------------------------------ service requests: real export shapes

SHAPE_IDS = tuple(f"2024-CORP{n:02d}" for n in range(1, 18))


def check_shape_tickets(landed: Landed) -> None:
    """The 17 tickets of every decodable shape, with Thai text and the three-line comment intact."""
    rows = landed.accepted()
    assert sorted(rows) == list(SHAPE_IDS)
    assert rows["2024-CORP05"]["description"] == "น้ำท่วมขังหน้าบ้าน\nบรรทัดที่สองของความเห็น\nบรรทัดที่สาม"
    assert rows["2024-CORP01"]["organization"] == "กองช่าง เทศบาลนครพิษณุโลก"
    assert rows["2024-CORP01"]["created_at"] == _utc(2024, 11, 1, 2, 15, 9)


def check_no_personal_data_in_reasons(landed: Landed) -> None:
    """No reason repeats what was typed into the timestamp; the shape says what kind of value it was."""
    _accepted_ids("2024-CORP03")(landed)
    reasons = {row["source_row"]: row["reason"] for row in landed.quarantine}
    for value in (*corpus.PERSONAL_TIMESTAMPS, "0812345678", "สมชาย", "1101700207366"):
        assert not any(value in reason for reason in reasons.values()), (value, reasons)
    assert '"กกก 9999999999 กกกกกกกก"' in reasons[1], reasons[1]
    assert "13 characters" in reasons[2], reasons[2]
    assert "in the future" in reasons[4], reasons[4]


SR_EXPORT_SHAPE_CASES: tuple[Case, ...] = (
    Case(
        "sr-trailing-empty-column",
        SR,
        ("trailing_empty_column.csv",),
        landed_as((PUBLIC,), 17, 17, 0),
        check_shape_tickets,
    ),
    Case(
        "sr-utf16le-bom",
        SR,
        ("utf16le_bom.csv",),
        landed_as((PUBLIC,), 17, 17, 0),
        check_shape_tickets,
    ),
    Case(
        "sr-utf16be-no-bom",
        SR,
        ("utf16be_no_bom.csv",),
        landed_as((EXCHANGE,), 17, 17, 0),
        check_shape_tickets,
    ),
    Case(
        "sr-utf16le-cut-mid-character",
        SR,
        ("utf16le_cut_mid_character.csv",),
        landed_as((UNKNOWN,), 1, 0, 1, frozenset({"wrong_encoding"})),
        _all(
            lambda landed: _quarantined_where(landed, field="file"),
            _reason_contains("utf16le_cut_mid_character.csv", "UTF-16", "save it as CSV UTF-8"),
        ),
    ),
    Case(
        "sr-excel-unicode-text",
        SR,
        ("excel_unicode_text.txt",),
        landed_as((PUBLIC,), 17, 17, 0),
        check_shape_tickets,
    ),
    Case(
        "sr-xlsx-workbook",
        SR,
        ("xlsx_workbook.xlsx",),
        landed_as((UNKNOWN,), 1, 0, 1, frozenset({"unsupported_format"})),
        _all(
            lambda landed: _quarantined_where(landed, field="file"),
            _reason_contains("xlsx_workbook.xlsx", "XLSX", "save it as CSV UTF-8"),
        ),
    ),
    Case(
        "sr-upper-case-header",
        SR,
        ("upper_case_header.csv",),
        landed_as((EXCHANGE,), 17, 17, 0),
        check_shape_tickets,
    ),
    Case(
        "sr-personal-data-in-bad-timestamp",
        SR,
        ("personal_data_in_bad_timestamp.csv",),
        landed_as((EXCHANGE,), 4, 1, 3, frozenset({"unparseable_timestamp", "future_timestamp"})),
        check_no_personal_data_in_reasons,
    ),
)
ALL_CASES = (*CASES, *SR_EXPORT_SHAPE_CASES)


class BehaviourChanged(Exception):
    """A suspected bug no longer behaves as reported, yet is not fixed: look again, update the table."""


class InvariantBroken(Exception):
    """rows_read != accepted + quarantined, rows missing from the Parquet files, or a reason that names
    neither field nor file: a failure whatever the case, so an xfail can never hide it."""


def assert_invariants(landed: Landed) -> None:
    for record in landed.records:
        assert record.rows_read == record.rows_accepted + record.rows_quarantined, record
    assert len(landed.observations) == sum(record.rows_accepted for record in landed.records)
    assert len(landed.quarantine) == sum(record.rows_quarantined for record in landed.records)
    for row in landed.quarantine:
        reason, where = row["reason"], row["field"]
        assert isinstance(reason, str) and reason.strip() and where, row
        assert where in reason or row["source_file"] in reason, f"reason names neither field nor file: {row}"


def assert_expected(expected: Summary, landed: Landed) -> None:
    assert landed.error is None, f"landing raised {landed.error}: {landed.error_detail}"
    actual = landed.summary()
    pinned = {name: value for name, value in expected._asdict().items() if value is not None}
    assert {name: getattr(actual, name) for name in pinned} == pinned, f"landed as {actual}"


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            case,
            id=case.id,
            marks=[pytest.mark.xfail(strict=True, raises=AssertionError, reason=case.bug)]
            if case.bug
            else [],
        )
        for case in ALL_CASES
    ],
)
def test_corpus_input(case: Case, tmp_path: Path) -> None:
    landed = land_case(case.source, case.files, tmp_path)
    if landed.error is None:
        # Checked first and never xfailed: the invariants hold for every input, bug or no bug.
        try:
            assert_invariants(landed)
        except AssertionError as broken:
            raise InvariantBroken(f"{case.id}: {broken}") from broken
    try:
        assert_expected(case.expected, landed)
        if case.check is not None:
            case.check(landed)
    except AssertionError:
        if case.got is not None and landed.summary() != case.got:
            raise BehaviourChanged(
                f"{case.id}: reported as {case.got}, now {landed.summary()}; not the expected outcome either"
            ) from None
        raise


# ------------------------------------------------------------------------------- corpus bookkeeping


def _corpus_tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != "make_corpus.py" and "__pycache__" not in path.parts
    }


def test_committed_corpus_is_what_make_corpus_writes(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(MAKE_CORPUS), "--out-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    generated, committed = _corpus_tree(tmp_path), _corpus_tree(CORPUS)
    assert sorted(generated) == sorted(committed)
    assert [name for name in generated if generated[name] != committed[name]] == []


def test_every_corpus_input_has_a_case_and_a_readme_line() -> None:
    on_disk = {f"{source}/{path.name}" for source in (SR, SV) for path in (CORPUS / source).iterdir()}
    in_table = {f"{case.source}/{name}" for case in ALL_CASES for name in case.files if name not in GENERATED}
    assert on_disk == in_table
    assert len(on_disk) >= 25
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert [name for name in sorted(on_disk) if f"`{name}`" not in readme] == []


# -------------------------------------------------------------------------------------------- inbox


def test_inbox_skips_symlink_pointing_outside_the_inbox(tmp_path: Path) -> None:
    """A link could point anywhere on the machine (another source, /etc): only real inbox files land."""
    inbox = tmp_path / "inbox" / SR
    inbox.mkdir(parents=True)
    outside = tmp_path / "outside" / "secret.csv"
    outside.parent.mkdir()
    shutil.copyfile(CORPUS / SR / "extra_columns.csv", outside)
    shutil.copyfile(CORPUS / SR / "header_only_exchange_v2.csv", inbox / "traffy_2024-11-01.csv")
    (inbox / "traffy_2024-11-02.csv").symlink_to(outside)
    (inbox / "escape_dir").symlink_to(outside.parent, target_is_directory=True)

    found = inbox_files(inbox)
    assert [path.name for path in found] == ["traffy_2024-11-01.csv"]
    assert all(path.resolve().is_relative_to(inbox.resolve()) for path in found)


def test_inbox_names_with_dot_dot_stay_inside_the_inbox(tmp_path: Path) -> None:
    """A file name cannot hold '/', so '..' is only ever part of a name: it must not escape anything."""
    inbox = tmp_path / "inbox" / SR
    inbox.mkdir(parents=True)
    for name in ("..traffy.csv", "traffy..2024-11-01.csv", "...csv"):
        shutil.copyfile(CORPUS / SR / "extra_columns.csv", inbox / name)

    found = inbox_files(inbox)
    assert [path.name for path in found] == ["traffy..2024-11-01.csv"]  # dot-files are editor leftovers
    assert all(path.parent == inbox and path.resolve().parent == inbox.resolve() for path in found)

    lake = LakeLayout(tmp_path / "lake", tmp_path / "quarantine")
    record = land_file(found[0], lake, batch_seq=1)
    assert record is not None and record.source_file == "traffy..2024-11-01.csv"
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert [p for p in written if not p.startswith(("inbox/", "lake/", "quarantine/"))] == []
    assert all(".." not in p for p in written if not p.startswith("inbox/"))
