"""Every GX suite rule is proven live: a valid frame passes, and a frame planted to break exactly one rule
fails with exactly that rule reported. A suite that silently passes bad data is worse than no suite."""

from __future__ import annotations

import json
from collections.abc import Callable

import pandas as pd
import pytest

from orchestration.core.paths import EXPECTATIONS_DIR
from orchestration.quality.gx_validation import load_suite_definition, validate_frame
from tests.support.expectation_frames import (
    PLANTS,
    PUBLISH,
    RAW,
    SUMMARY,
    VALID,
    publish_frame,
    raw_frame,
    row_of,
    setting,
    summary_frame,
    validate,
)


@pytest.fixture(scope="module")
def definitions() -> dict[str, dict]:
    return {suite: load_suite_definition(suite) for suite in VALID}


def test_every_suite_in_the_repository_is_covered_here() -> None:
    assert set(VALID) == {path.stem for path in EXPECTATIONS_DIR.glob("*.json")}


@pytest.mark.parametrize("suite", list(VALID))
def test_valid_frame_passes_every_expectation(suite: str, definitions: dict[str, dict]) -> None:
    result = validate(suite, VALID[suite]())
    assert result.success, result.describe()
    assert [o.expectation_type for o in result.outcomes] == [
        e["type"] for e in definitions[suite]["expectations"]
    ]
    assert "passed" in result.describe()


@pytest.mark.parametrize("suite", list(VALID))
def test_every_expectation_is_planted_and_explained(suite: str, definitions: dict[str, dict]) -> None:
    expectations = definitions[suite]["expectations"]
    assert {index for name, index, _, _ in PLANTS if name == suite} == set(range(len(expectations)))
    assert all(e["meta"]["why"].strip() for e in expectations)
    assert definitions[suite]["name"] == suite


@pytest.mark.parametrize(
    ("suite", "index", "plant"), [pytest.param(s, i, p, id=f"{s}-{n}") for s, i, n, p in PLANTS]
)
def test_planted_frame_breaks_exactly_that_expectation(
    suite: str, index: int, plant: Callable[[pd.DataFrame], pd.DataFrame], definitions: dict[str, dict]
) -> None:
    result = validate(suite, plant(VALID[suite]()))
    assert not result.success
    assert [i for i, o in enumerate(result.outcomes) if not o.success] == [index], result.describe()
    failure = result.outcomes[index]
    expected = definitions[suite]["expectations"][index]
    assert failure.expectation_type == expected["type"]
    assert failure.exception is None
    assert failure.unexpected_count and failure.unexpected_count >= 1
    assert failure.label() in result.describe()


@pytest.mark.parametrize(
    ("accepted", "quarantined", "passes"),
    [
        (9, 1, True),
        (18, 2, True),
        (27, 3, True),
        (90, 10, True),
        (10, 0, True),
        (8, 2, False),
        (89, 11, False),
        (26, 3, False),
        (0, 4, False),
    ],
)
def test_batch_fails_when_more_than_ten_percent_quarantined(
    accepted: int, quarantined: int, passes: bool
) -> None:
    result = validate(RAW, raw_frame(accepted, quarantined))
    assert result.success is passes, result.describe()
    assert [o.success for o in result.outcomes][1] is passes


def test_rate_condition_handles_object_dtype_ids() -> None:
    """DuckDB's .df() may hand back object columns with None; the pandas query must still select rates."""
    frame = publish_frame().astype({"indicator_id": object})
    frame.loc[row_of(frame, "sr_resolution_rate"), "value"] = 1.5
    result = validate(PUBLISH, frame)
    assert [i for i, o in enumerate(result.outcomes) if not o.success] == [9], result.describe()


def test_missing_column_is_a_failure_not_a_pass() -> None:
    result = validate(RAW, raw_frame().drop(columns=["latitude"]))
    assert not result.success
    (failure,) = result.failures()
    assert failure.column == "latitude"
    assert failure.exception and "latitude" in failure.exception
    assert "raised" in result.describe()


def test_missing_parameter_fails_the_whole_suite() -> None:
    result = validate_frame(PUBLISH, publish_frame())
    assert not result.success
    assert result.failures()[0].exception and "catalog_indicator_ids" in result.failures()[0].exception


def test_unknown_suite_is_a_failure(tmp_path) -> None:
    result = validate_frame(RAW, raw_frame(), expectations_dir=tmp_path)
    assert not result.success
    assert "FileNotFoundError" in result.describe()


@pytest.mark.parametrize("suite", list(VALID))
def test_empty_frame_with_columns_is_validated(suite: str, definitions: dict[str, dict]) -> None:
    result = validate(suite, VALID[suite]().iloc[0:0])
    assert result.success, result.describe()
    assert len(result.outcomes) == len(definitions[suite]["expectations"])


def test_frame_without_columns_fails_without_crashing() -> None:
    result = validate(SUMMARY, pd.DataFrame())
    assert not result.success
    assert all(o.exception for o in result.failures())
    assert len(result.failures()) == len(result.outcomes)


def test_describe_names_column_count_and_examples() -> None:
    frame = raw_frame()
    frame.loc[[2, 5], "star"] = [7, 8]
    result = validate(RAW, frame)
    message = result.describe()
    assert "star" in message
    assert "2 unexpected" in message
    assert "7" in message and "8" in message
    assert "outcome == 'accepted'" in message
    assert result.failures()[0].unexpected_examples == ("7", "8")


def test_metadata_is_json_able_and_flat() -> None:
    metadata = validate(SUMMARY, setting("rows", -5)(summary_frame())).as_metadata()
    assert json.loads(json.dumps(metadata)) == metadata
    assert all(isinstance(value, str | int | float | bool) for value in metadata.values())
    assert metadata["success"] is False
    assert metadata["failed_expectations"] == 1
    assert metadata["unexpected_rows"] == 1
