"""When a dbt build may be incremental, and from which batch on."""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from pathlib import Path

import pytest

from orchestration.lake.store import BatchRecord, LakeLayout
from orchestration.warehouse.incremental_state import (
    ALL_BATCHES,
    DBT_INPUTS,
    begin_build,
    plan_build,
    record_build,
)
from tests.support.paths import REPO_ROOT


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the dbt project's inputs, free to edit."""
    copy = tmp_path / "dbt_project"
    for name in DBT_INPUTS:
        source = REPO_ROOT / "dbt_project" / name
        if source.is_dir():
            shutil.copytree(source, copy / name)
        else:
            copy.mkdir(exist_ok=True)
            shutil.copy(source, copy / name)
    return copy


@pytest.fixture
def lake(tmp_path: Path) -> LakeLayout:
    return LakeLayout(lake_dir=tmp_path / "lake", quarantine_dir=tmp_path / "quarantine")


def land(lake: LakeLayout, batch_seq: int) -> None:
    record = BatchRecord(
        f"batch{batch_seq}", f"day{batch_seq}.csv", 1, "public_dump", 1, 1, 0, 0, batch_seq, ""
    )
    lake.batches_dir.mkdir(parents=True, exist_ok=True)
    lake.batch_record_file(record.batch_id).write_text(json.dumps(asdict(record)))


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    database = tmp_path / "warehouse" / "warehouse.duckdb"
    database.parent.mkdir()
    database.touch()
    return database


def plan(warehouse: Path, project: Path, lake: LakeLayout, requested: bool = False, rejected=()):
    return plan_build(warehouse, project, lake, full_refresh_requested=requested, rejected_batches=rejected)


def test_the_first_build_is_full_and_the_next_starts_after_its_newest_batch(
    warehouse: Path, project: Path, lake: LakeLayout
) -> None:
    land(lake, 1)
    land(lake, 2)
    first = plan(warehouse, project, lake)
    assert (first.full_refresh, first.since_batch_seq, first.through_batch_seq) == (True, ALL_BATCHES, 2)
    assert first.dbt_args() == ["--vars", '{"since_batch_seq": -1, "rejected_batches": []}', "--full-refresh"]
    record_build(warehouse, first)

    land(lake, 3)
    second = plan(warehouse, project, lake)
    assert (second.full_refresh, second.since_batch_seq, second.through_batch_seq) == (False, 2, 3)
    assert second.dbt_args() == ["--vars", '{"since_batch_seq": 2, "rejected_batches": []}']


def test_a_build_that_did_not_finish_makes_the_next_one_full(
    warehouse: Path, project: Path, lake: LakeLayout
) -> None:
    land(lake, 1)
    first = plan(warehouse, project, lake)
    begin_build(warehouse, first)
    record_build(warehouse, first)
    land(lake, 2)
    second = plan(warehouse, project, lake)
    assert not second.full_refresh
    begin_build(warehouse, second)  # dbt failed (or built a subset): nothing recorded
    land(lake, 3)
    third = plan(warehouse, project, lake)
    assert third.full_refresh and "did not finish" in third.reason
    begin_build(warehouse, third)
    record_build(warehouse, third)
    assert not plan(warehouse, project, lake).full_refresh


@pytest.mark.parametrize(
    "change",
    [
        "models/intermediate/int_service_requests__tickets.sql",
        "seeds/ref_categories.csv",
        "macros/bangkok_periods.sql",
        "dbt_project.yml",
    ],
)
def test_edited_models_seeds_or_macros_force_a_full_refresh(
    warehouse: Path, project: Path, lake: LakeLayout, change: str
) -> None:
    land(lake, 1)
    record_build(warehouse, plan(warehouse, project, lake))
    with (project / change).open("a", encoding="utf-8") as handle:
        handle.write("\n")
    after = plan(warehouse, project, lake)
    assert after.full_refresh and after.since_batch_seq == ALL_BATCHES
    assert "changed" in after.reason


def test_a_rejected_batch_forces_a_full_refresh(warehouse: Path, project: Path, lake: LakeLayout) -> None:
    land(lake, 1)
    record_build(warehouse, plan(warehouse, project, lake))
    assert not plan(warehouse, project, lake).full_refresh  # a release changes no row
    rejected = plan(warehouse, project, lake, rejected=["batch1"])
    assert rejected.full_refresh
    assert rejected.dbt_args()[1] == '{"since_batch_seq": -1, "rejected_batches": ["batch1"]}'
    record_build(warehouse, rejected)
    assert plan(warehouse, project, lake).full_refresh  # released again: the rows come back


def test_a_missing_warehouse_or_a_request_forces_a_full_refresh(
    warehouse: Path, project: Path, lake: LakeLayout
) -> None:
    land(lake, 1)
    record_build(warehouse, plan(warehouse, project, lake))
    assert plan(warehouse, project, lake, requested=True).reason == "full refresh requested"
    warehouse.unlink()
    assert plan(warehouse, project, lake).full_refresh
