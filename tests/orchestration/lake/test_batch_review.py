"""Operator decisions are appended, never rewritten: the history stays, the latest holds."""

from __future__ import annotations

from pathlib import Path

from orchestration.lake.batch_review import (
    load_review,
    load_reviews,
    reject_batch,
    rejected_batch_ids,
    release_batch,
    review_history,
)
from orchestration.lake.store import BatchRecord, LakeLayout


def _record(batch_id: str) -> BatchRecord:
    return BatchRecord(
        batch_id, f"{batch_id}.csv", 10, "public_dump", 3, 2, 1, 0, 1, "2025-01-01T00:00:00+00:00"
    )


def test_a_release_after_a_reject_holds_and_both_decisions_are_kept(tmp_path: Path) -> None:
    layout = LakeLayout(lake_dir=tmp_path / "lake", quarantine_dir=tmp_path / "quarantine")
    record = _record("b1")
    reject_batch(layout, record, "broken export")
    assert rejected_batch_ids([layout]) == ["b1"]
    release_batch(layout, record, "checked again")
    assert rejected_batch_ids([layout]) == []
    assert load_review(layout, "b1").decision == "released"
    assert [(r.decision, r.note, r.sequence) for r in review_history(layout, "b1")] == [
        ("rejected", "broken export", 1),
        ("released", "checked again", 2),
    ]
    assert len(list((layout.lake_dir / "reviews").glob("b1.*.json"))) == 2


def test_rejected_batches_come_from_every_source(tmp_path: Path) -> None:
    traffy = LakeLayout(lake_dir=tmp_path / "lake" / "sr", quarantine_dir=tmp_path / "q" / "sr")
    survey = LakeLayout(lake_dir=tmp_path / "lake" / "sv", quarantine_dir=tmp_path / "q" / "sv")
    reject_batch(traffy, _record("b2"), "x")
    reject_batch(survey, _record("a1"), "y")
    release_batch(survey, _record("a3"), "z")
    assert rejected_batch_ids([traffy, survey]) == ["a1", "b2"]
    assert set(load_reviews(survey)) == {"a1", "a3"}
