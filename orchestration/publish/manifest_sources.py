"""The source files a snapshot was built from, as the manifest lists them (SPEC 6).

The manifest is published, so it lists only batches whose rows dbt read (a lake or quarantine file
exists), by content hash, and under a name scrubbed of phones, IDs and respondent names: an inbox file
named after a complainant must not make every later publish fail the personal-data scan.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from orchestration.lake.store import BatchRecord, LakeLayout, load_batch_records
from orchestration.privacy.pii import scrub_personal_data


def _in_snapshot(lake: LakeLayout, record: BatchRecord) -> bool:
    return lake.observation_file(record.batch_id).exists() or lake.quarantine_file(record.batch_id).exists()


def snapshot_source_files(lakes: Mapping[str, LakeLayout], names: Iterable[str]) -> list[dict[str, Any]]:
    """One entry per batch in the snapshot's data: source, masked name, size and sha256."""
    names = set(names)
    return [
        {
            "source": source,
            "name": scrub_personal_data(record.source_file, names),
            "size_bytes": record.size_bytes,
            "sha256": record.batch_id,
        }
        for source, lake in lakes.items()
        for record in load_batch_records(lake)
        if _in_snapshot(lake, record)
    ]
