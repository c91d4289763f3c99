"""Validation verdicts and operator decisions for landed batches.

A batch that fails its raw suite blocks publishing until an operator decides:

* **release**: the batch is fine after all (e.g. a day with many test tickets); it stays in the lake and
  the raw check no longer counts it as failing;
* **reject**: the batch is bad; dbt's staging leaves its rows out of every indicator and counts them as
  quarantined with reason ``rejected_by_operator``, so they are still counted as read.

The lake itself is never rewritten: every decision is a new file under the lake (the history is kept,
and the latest decision of a batch is the one that holds), so a release after a reject restores the
batch exactly, and every process sees the same decisions.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from orchestration.lake.store import BatchRecord, LakeLayout, load_batch_records, write_json_atomically

Decision = Literal["released", "rejected"]
_VERDICTS = "validations"
_REVIEWS = "reviews"


@dataclass(frozen=True)
class BatchVerdict:
    """The stored outcome of validating one batch with the raw suite."""

    batch_id: str
    source_file: str
    success: bool
    description: str
    metadata: dict[str, Any]


@dataclass(frozen=True)
class Review:
    """One operator decision; ``sequence`` orders a batch's decisions (0 for a file of the old layout)."""

    batch_id: str
    decision: Decision
    note: str
    decided_at: str
    sequence: int = 0
    decided_by: str = ""


def _verdict_file(layout: LakeLayout, batch_id: str) -> Path:
    return layout.lake_dir / _VERDICTS / f"{batch_id}.json"


def _review_file(layout: LakeLayout, review: Review) -> Path:
    return layout.lake_dir / _REVIEWS / f"{review.batch_id}.{review.sequence:04d}.json"


def load_verdict(layout: LakeLayout, batch_id: str) -> BatchVerdict | None:
    path = _verdict_file(layout, batch_id)
    return BatchVerdict(**json.loads(path.read_text(encoding="utf-8"))) if path.exists() else None


def store_verdict(layout: LakeLayout, verdict: BatchVerdict) -> None:
    write_json_atomically(_verdict_file(layout, verdict.batch_id), asdict(verdict))


def review_history(layout: LakeLayout, batch_id: str) -> list[Review]:
    """Every decision taken on one batch, oldest first."""
    return sorted(
        (review for review in _all_reviews(layout) if review.batch_id == batch_id),
        key=lambda review: review.sequence,
    )


def load_review(layout: LakeLayout, batch_id: str) -> Review | None:
    """The decision that holds for a batch: its latest."""
    history = review_history(layout, batch_id)
    return history[-1] if history else None


def load_verdicts(layout: LakeLayout) -> dict[str, BatchVerdict]:
    """Every stored verdict by batch id, from one listing of the folder rather than a probe per batch."""
    return {payload["batch_id"]: BatchVerdict(**payload) for payload in _stored(layout, _VERDICTS)}


def load_reviews(layout: LakeLayout) -> dict[str, Review]:
    """The decision that holds for each reviewed batch (its latest), from one listing of the folder."""
    latest: dict[str, Review] = {}
    for review in sorted(_all_reviews(layout), key=lambda review: review.sequence):
        latest[review.batch_id] = review
    return latest


def rejected_batch_ids(layouts: Iterable[LakeLayout]) -> list[str]:
    """The batches whose decision that holds is a reject, over several sources, sorted."""
    return sorted(
        batch_id
        for layout in layouts
        for batch_id, review in load_reviews(layout).items()
        if review.decision == "rejected"
    )


def _all_reviews(layout: LakeLayout) -> list[Review]:
    return [Review(**payload) for payload in _stored(layout, _REVIEWS)]


def _stored(layout: LakeLayout, folder: str) -> list[dict[str, Any]]:
    directory = layout.lake_dir / folder
    return [json.loads(path.read_text(encoding="utf-8")) for path in directory.glob("*.json")]


def find_batch(layout: LakeLayout, reference: str) -> BatchRecord:
    """Find a batch by file name or by a prefix of its sha256; ambiguity is an error, not a guess."""
    matches = [
        record
        for record in load_batch_records(layout)
        if record.source_file == reference or record.batch_id.startswith(reference)
    ]
    if len(matches) != 1:
        found = ", ".join(f"{r.source_file} ({r.batch_id[:12]})" for r in matches) or "none"
        raise LookupError(f"{reference!r} must name exactly one landed batch; matches: {found}")
    return matches[0]


def release_batch(layout: LakeLayout, record: BatchRecord, note: str, decided_by: str = "") -> Review:
    return _decide(layout, record, "released", note, decided_by)


def reject_batch(layout: LakeLayout, record: BatchRecord, note: str, decided_by: str = "") -> Review:
    """Leave the batch's rows out of every indicator from the next build on; the lake keeps them."""
    return _decide(layout, record, "rejected", note, decided_by)


def _decide(
    layout: LakeLayout, record: BatchRecord, decision: Decision, note: str, decided_by: str
) -> Review:
    """Append a decision after the batch's earlier ones; earlier files are never touched."""
    history = review_history(layout, record.batch_id)
    review = Review(
        record.batch_id,
        decision,
        note,
        datetime.now(UTC).isoformat(timespec="seconds"),
        sequence=history[-1].sequence + 1 if history else 1,
        decided_by=decided_by,
    )
    write_json_atomically(_review_file(layout, review), asdict(review))
    return review
