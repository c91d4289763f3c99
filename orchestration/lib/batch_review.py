"""Validation verdicts and operator decisions for landed batches.

A batch that fails its raw suite blocks publishing until an operator decides:

* **release**: the batch is fine after all (e.g. a day with many test tickets); it stays in the lake and
  the raw check no longer counts it as failing;
* **reject**: the batch is bad; its accepted rows move to quarantine with reason
  ``rejected_by_operator``, so they leave every indicator but are still counted as read.

Both decisions are files under the lake, so they survive restarts and are visible to every process.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import duckdb

from orchestration.lib.landing import BatchRecord, LakeLayout, load_batch_records, write_json_atomically
from orchestration.lib.sql_literals import sql_string

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
    batch_id: str
    decision: Decision
    note: str
    decided_at: str


def _verdict_file(layout: LakeLayout, batch_id: str) -> Path:
    return layout.lake_dir / _VERDICTS / f"{batch_id}.json"


def _review_file(layout: LakeLayout, batch_id: str) -> Path:
    return layout.lake_dir / _REVIEWS / f"{batch_id}.json"


def load_verdict(layout: LakeLayout, batch_id: str) -> BatchVerdict | None:
    path = _verdict_file(layout, batch_id)
    return BatchVerdict(**json.loads(path.read_text(encoding="utf-8"))) if path.exists() else None


def store_verdict(layout: LakeLayout, verdict: BatchVerdict) -> None:
    write_json_atomically(_verdict_file(layout, verdict.batch_id), asdict(verdict))


def load_review(layout: LakeLayout, batch_id: str) -> Review | None:
    path = _review_file(layout, batch_id)
    return Review(**json.loads(path.read_text(encoding="utf-8"))) if path.exists() else None


def load_verdicts(layout: LakeLayout) -> dict[str, BatchVerdict]:
    """Every stored verdict by batch id, from one listing of the folder rather than a probe per batch."""
    return {payload["batch_id"]: BatchVerdict(**payload) for payload in _stored(layout, _VERDICTS)}


def load_reviews(layout: LakeLayout) -> dict[str, Review]:
    """Every operator decision by batch id, from one listing of the folder."""
    return {payload["batch_id"]: Review(**payload) for payload in _stored(layout, _REVIEWS)}


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


def release_batch(layout: LakeLayout, record: BatchRecord, note: str) -> Review:
    review = Review(record.batch_id, "released", note, datetime.now(UTC).isoformat(timespec="seconds"))
    write_json_atomically(_review_file(layout, record.batch_id), asdict(review))
    return review


def reject_batch(layout: LakeLayout, record: BatchRecord, note: str) -> Review:
    """Move the batch's accepted rows into its quarantine file, then drop its lake file.

    The quarantine file is rewritten before the lake file is removed, so a crash in between leaves
    rows counted twice (visible, recoverable by rejecting again) rather than lost.
    """
    observations = layout.observation_file(record.batch_id)
    quarantine = layout.quarantine_file(record.batch_id)
    if observations.exists():
        temporary = quarantine.with_name(quarantine.name + ".tmp")
        reason = sql_string(f"batch rejected by operator: {note}")
        connection = duckdb.connect()
        try:
            connection.execute(
                f"""COPY (
                    SELECT * FROM read_parquet({sql_string(quarantine)})
                    UNION ALL BY NAME
                    SELECT batch_id, source_file, source_row, NULL::BIGINT AS source_line,
                           'batch' AS field, 'rejected_by_operator' AS reason_code, {reason} AS reason,
                           to_json(o)::VARCHAR AS raw_record
                    FROM read_parquet({sql_string(observations)}) AS o
                ) TO {sql_string(temporary)} (FORMAT parquet)"""
            )
        finally:
            connection.close()
        os.replace(temporary, quarantine)
        observations.unlink()
    review = Review(record.batch_id, "rejected", note, datetime.now(UTC).isoformat(timespec="seconds"))
    write_json_atomically(_review_file(layout, record.batch_id), asdict(review))
    return review
