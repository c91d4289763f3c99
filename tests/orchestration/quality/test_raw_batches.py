"""The raw-batch gates validate all new batches at once yet judge each batch alone.

Batches are written to a real lake layout (accepted rows to the observations Parquet, quarantined rows
to the quarantine Parquet) and validated in one go. Every verdict is compared with GX's own row-level
validation of that batch's frame, so a summary that drifts from GX's semantics fails here; bad batches
sit among good ones, so validating the concatenation instead of each batch fails here too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import pytest

from orchestration.defs.raw_batch_check import build_raw_batch_check
from orchestration.lake.batch_review import load_verdicts, reject_batch, release_batch
from orchestration.lake.store import BatchRecord, LakeLayout, load_batch_records, write_json_atomically
from orchestration.quality.batch_validation import validate_batches
from orchestration.quality.gx_validation import validate_frame
from orchestration.quality.raw_batches import batch_rows, validate_new_batches
from orchestration.sources.service_requests.source import RAW_SUITE_COLUMNS as SERVICE_REQUEST_COLUMNS
from orchestration.sources.survey.source import RAW_SUITE_COLUMNS as SURVEY_COLUMNS
from tests.support.expectation_frames import PLANTS, RAW, SURVEY, raw_frame, survey_frame

COLUMNS = {RAW: SERVICE_REQUEST_COLUMNS, SURVEY: SURVEY_COLUMNS}
VALID = {RAW: raw_frame, SURVEY: survey_frame}
# A lake row is accepted or quarantined by which file holds it, so a row without an outcome cannot exist.
LAKE_PLANTS = [
    (suite, index, name, plant)
    for suite, index, name, plant in PLANTS
    if suite in VALID and name != "outcome_null"
]

PLANTS_BY_NAME: dict[str, Callable[[pd.DataFrame], pd.DataFrame]] = {
    name: plant for suite, _, name, plant in PLANTS if suite == RAW
}


def land(layout: LakeLayout, name: str, frame: pd.DataFrame, seq: int) -> BatchRecord:
    """Write ``frame`` as one landed batch: Parquet files plus its record, as the ingest does."""
    batch_id = hashlib.sha256(name.encode()).hexdigest()
    frame = frame.assign(batch_id=batch_id, source_file=name, source_row=range(1, len(frame) + 1))
    accepted = frame[frame["outcome"] == "accepted"].drop(columns=["outcome", "reason_code"], errors="ignore")
    quarantined = frame[frame["outcome"] != "accepted"]
    if "reason_code" not in quarantined:
        quarantined = quarantined.assign(reason_code="unparseable_timestamp")
    quarantined = quarantined.assign(field="timestamp")[
        ["batch_id", "source_file", "source_row", "field", "reason_code"]
    ]
    layout.observations_dir.mkdir(parents=True, exist_ok=True)
    layout.quarantine_dir.mkdir(parents=True, exist_ok=True)
    with duckdb.connect() as connection:
        if len(accepted):  # a file of unknown layout lands no observations file at all
            connection.register("accepted_rows", accepted)
            connection.execute(
                f"COPY accepted_rows TO '{layout.observation_file(batch_id)}' (FORMAT parquet)"
            )
        connection.register("quarantined_rows", quarantined)
        connection.execute(f"COPY quarantined_rows TO '{layout.quarantine_file(batch_id)}' (FORMAT parquet)")
    record = BatchRecord(
        batch_id=batch_id,
        source_file=name,
        size_bytes=1,
        layout="public_dump",
        rows_read=len(frame),
        rows_accepted=len(accepted),
        rows_quarantined=len(quarantined),
        rows_warned=0,
        batch_seq=seq,
        ingested_at="2025-01-01T00:00:00+00:00",
    )
    write_json_atomically(layout.batch_record_file(batch_id), asdict(record))
    return record


@pytest.fixture
def layout(tmp_path: Path) -> LakeLayout:
    return LakeLayout(lake_dir=tmp_path / "lake", quarantine_dir=tmp_path / "quarantine")


def land_all(layout: LakeLayout, frames: dict[str, pd.DataFrame]) -> dict[str, BatchRecord]:
    return {name: land(layout, name, frame, seq) for seq, (name, frame) in enumerate(frames.items(), start=1)}


def good_frames(suite: str, count: int = 12) -> dict[str, pd.DataFrame]:
    """Clean batches of several sizes, including one at exactly the quarantine limit and an empty one."""
    build = VALID[suite]
    frames = {f"good_{i:02d}.csv": build(11 + 7 * i, i % 2) for i in range(count)}
    limit = (90, 10) if suite == RAW else (80, 20)
    frames["at_the_limit.csv"] = build(*limit)
    frames["empty.csv"] = build().iloc[0:0]
    return frames


@pytest.mark.parametrize("suite", list(VALID))
def test_each_planted_batch_fails_alone_with_gx_row_level_verdict(suite: str, layout: LakeLayout) -> None:
    planted = {f"{name}.csv": plant(VALID[suite]()) for s, _, name, plant in LAKE_PLANTS if s == suite}
    frames = {**good_frames(suite, count=6), **planted}
    records = land_all(layout, frames)

    results = validate_batches(
        suite,
        duckdb.connect(),
        batch_rows(layout, list(records.values()), COLUMNS[suite]),
        [r.batch_id for r in records.values()],
    )

    failed = {name for name, record in records.items() if not results[record.batch_id].success}
    assert failed == set(planted)
    for name, frame in frames.items():
        result = results[records[name].batch_id]
        expected = validate_frame(suite, frame)
        assert [o.success for o in result.outcomes] == [o.success for o in expected.outcomes], name
        assert [o.unexpected_count or 0 for o in result.failures()] == [
            o.unexpected_count for o in expected.failures()
        ], name
    for _, index, name, _ in (p for p in LAKE_PLANTS if p[0] == suite):
        result = results[records[f"{name}.csv"].batch_id]
        assert [i for i, o in enumerate(result.outcomes) if not o.success] == [index], result.describe()
        assert result.outcomes[index].label() in result.describe()


@pytest.mark.parametrize(
    ("accepted", "quarantined", "passes"),
    [
        (9, 1, True),
        (90, 10, True),
        (27, 3, True),
        (8, 2, False),
        (89, 11, False),
        (26, 3, False),
        (0, 4, False),
    ],
)
def test_quarantine_share_is_judged_per_batch(
    accepted: int, quarantined: int, passes: bool, layout: LakeLayout
) -> None:
    """One batch just over or under 10% among large clean ones: the concatenation would always pass."""
    frames = {**good_frames(RAW), "judged.csv": raw_frame(accepted, quarantined)}
    frames["large.csv"] = raw_frame(400, 0)
    records = land_all(layout, frames)
    verdicts = validate_new_batches(layout, list(records.values()), RAW, SERVICE_REQUEST_COLUMNS)
    by_file = {v.source_file: v for v in verdicts}
    assert by_file["judged.csv"].success is passes, by_file["judged.csv"].description
    assert all(v.success for name, v in by_file.items() if name != "judged.csv")


def test_batches_without_any_observations_file_are_still_validated(layout: LakeLayout) -> None:
    """Only quarantined rows (an unknown layout): the suite's columns exist, as NULL, and rule 1 fails."""
    record = land(layout, "unknown_layout.csv", raw_frame(0, 4), seq=1)
    assert not layout.observation_file(record.batch_id).exists()
    (verdict,) = validate_new_batches(layout, [record], RAW, SERVICE_REQUEST_COLUMNS)
    assert not verdict.success
    assert verdict.metadata["failed_expectations"] == 1
    assert "expect_column_values_to_be_in_set on outcome: 4 unexpected" in verdict.description


def run_check(layout: LakeLayout) -> dg.AssetCheckResult:
    check = build_raw_batch_check(
        dg.AssetKey("raw_service_requests"), "service_requests", lambda: layout, RAW, SERVICE_REQUEST_COLUMNS
    )
    return check()


def test_check_names_every_blocked_file_and_honours_operator_decisions(layout: LakeLayout) -> None:
    frames = {
        **good_frames(RAW, count=30),
        "bad_star.csv": PLANTS_BY_NAME["star_7"](raw_frame()),
        "bad_coordinates.csv": PLANTS_BY_NAME["latitude_50"](raw_frame()),
        "mostly_quarantined.csv": raw_frame(8, 2),
    }
    records = land_all(layout, frames)

    first = run_check(layout)
    assert not first.passed
    assert first.metadata["batches_validated_now"].value == len(frames)
    blocked = {entry["file"] for entry in first.metadata["blocked_batches"].value}
    assert blocked == {"bad_star.csv", "bad_coordinates.csv", "mostly_quarantined.csv"}
    assert first.description.startswith("3 batch(es) blocked")
    assert "bad_star.csv: Suite raw_service_requests_batch failed 1 of 10 expectations" in first.description
    assert (
        "expect_column_values_to_be_between on star where outcome == 'accepted': 1 unexpected (e.g. 7)"
        in (first.description)
    )
    assert len(load_verdicts(layout)) == len(frames)
    # What to do about each, in the result itself: reasons with counts, example rows, the command.
    assert (
        "Decide with: python -m orchestration.cli.review --source service_requests reject "
        "mostly_quarantined.csv" in first.description
    )
    assert (
        "quarantined rows by reason: unparseable_timestamp 2; e.g. row 9 field timestamp: "
        "unparseable_timestamp; row 10 field timestamp: unparseable_timestamp." in first.description
    )

    release_batch(layout, records["bad_star.csv"], "known test day")
    reject_batch(layout, records["bad_coordinates.csv"], "broken export")
    second = run_check(layout)
    assert second.metadata["batches_validated_now"].value == 0
    assert [e["file"] for e in second.metadata["blocked_batches"].value] == ["mostly_quarantined.csv"]

    release_batch(layout, records["mostly_quarantined.csv"], "holiday")
    land(layout, "late_and_bad.csv", PLANTS_BY_NAME["count_reopen_negative"](raw_frame()), seq=99)
    third = run_check(layout)
    assert third.metadata["batches_validated_now"].value == 1
    assert [e["file"] for e in third.metadata["blocked_batches"].value] == ["late_and_bad.csv"]
    assert len(load_batch_records(layout)) == len(frames) + 1


def test_check_passes_when_every_batch_is_clean(layout: LakeLayout) -> None:
    land_all(layout, good_frames(RAW))
    result = run_check(layout)
    assert result.passed, result.description
    assert run_check(layout).metadata["batches_validated_now"].value == 0


def write_suite(directory: Path, expectation: dict) -> None:
    directory.mkdir(exist_ok=True)
    (directory / f"{RAW}.json").write_text(json.dumps({"name": RAW, "expectations": [expectation]}))


@pytest.mark.parametrize(
    "expectation",
    [
        {"type": "expect_column_values_to_match_regex", "kwargs": {"column": "ticket_id", "regex": "^2"}},
        {
            "type": "expect_column_values_to_be_between",
            "kwargs": {"column": "star", "min_value": 1, "strict_min": True},
        },
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "no_such_column"}},
        {
            "type": "expect_column_values_to_not_be_null",
            "kwargs": {"column": "ticket_id", "row_condition": 'outcome != "accepted"'},
        },
    ],
    ids=["unsupported_type", "unsupported_argument", "unknown_column", "string_condition"],
)
def test_a_suite_that_cannot_be_translated_fails_every_batch(
    expectation: dict, layout: LakeLayout, tmp_path: Path
) -> None:
    records = list(land_all(layout, good_frames(RAW, count=3)).values())
    write_suite(tmp_path / "suites", expectation)
    results = validate_batches(
        RAW,
        duckdb.connect(),
        batch_rows(layout, records, SERVICE_REQUEST_COLUMNS),
        [r.batch_id for r in records],
        expectations_dir=tmp_path / "suites",
    )
    assert len(results) == len(records)
    assert all(not r.success and "UnsupportedExpectation" in r.describe() for r in results.values())


def test_missing_suite_fails_every_batch(layout: LakeLayout, tmp_path: Path) -> None:
    records = list(land_all(layout, good_frames(RAW, count=2)).values())
    results = validate_batches(
        RAW,
        duckdb.connect(),
        batch_rows(layout, records, SERVICE_REQUEST_COLUMNS),
        [r.batch_id for r in records],
        expectations_dir=tmp_path,
    )
    assert all(not r.success and "FileNotFoundError" in r.describe() for r in results.values())
