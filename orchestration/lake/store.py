"""The lake store every source shares: where a source's batches live, and the record of each batch.

A batch is one inbox file; its content hash is its identity, so dropping the same export twice (or
under another name) lands nothing new. Records are written atomically and last, so a crash mid-way
leaves no half-landed batch behind. Source-specific landing lives in ``orchestration.sources``.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from orchestration.core.paths import CityDataPaths, city_data_paths

# The zero-row file that lets a source's folder be queried before its first batch lands.
SCHEMA_FILE_NAME = "_schema.parquet"


@dataclass(frozen=True)
class BatchRecord:
    """What one inbox file contributed; persisted as JSON beside the batch's Parquet files."""

    batch_id: str
    source_file: str
    size_bytes: int
    layout: str
    rows_read: int
    rows_accepted: int
    rows_quarantined: int
    rows_warned: int
    batch_seq: int
    ingested_at: str

    @classmethod
    def landed_now(
        cls,
        path: Path,
        batch_id: str,
        layout: str,
        accepted: int,
        quarantined: int,
        warned: int,
        batch_seq: int,
    ) -> BatchRecord:
        """The record of ``path`` landed as ``batch_id`` now: each row read is accepted or quarantined."""
        return cls(
            batch_id=batch_id,
            source_file=path.name,
            size_bytes=path.stat().st_size,
            layout=layout,
            rows_read=accepted + quarantined,
            rows_accepted=accepted,
            rows_quarantined=quarantined,
            rows_warned=warned,
            batch_seq=batch_seq,
            ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )


@dataclass(frozen=True)
class LakeLayout:
    """Where one source's batches live inside the lake and quarantine."""

    lake_dir: Path
    quarantine_dir: Path

    @property
    def observations_dir(self) -> Path:
        return self.lake_dir / "observations"

    @property
    def batches_dir(self) -> Path:
        return self.lake_dir / "batches"

    def observation_file(self, batch_id: str) -> Path:
        return self.observations_dir / f"{batch_id}.parquet"

    def quarantine_file(self, batch_id: str) -> Path:
        return self.quarantine_dir / f"{batch_id}.parquet"

    def batch_record_file(self, batch_id: str) -> Path:
        return self.batches_dir / f"{batch_id}.json"


def lake_layout(paths: CityDataPaths, source: str) -> LakeLayout:
    """A source's lake and quarantine folders under the data root ``paths``."""
    return LakeLayout(lake_dir=paths.lake_for(source), quarantine_dir=paths.quarantine_for(source))


def source_lake(source: str) -> LakeLayout:
    """A source's lake and quarantine folders under ``$CITY_DATA_DIR`` (created if missing)."""
    return lake_layout(city_data_paths().ensure(), source)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def load_batch_records(layout: LakeLayout) -> list[BatchRecord]:
    """Every landed batch, in landing order."""
    if not layout.batches_dir.exists():
        return []
    records = [
        BatchRecord(**json.loads(path.read_text(encoding="utf-8")))
        for path in layout.batches_dir.glob("*.json")
    ]
    return sorted(records, key=lambda record: record.batch_seq)


def write_json_atomically(target: Path, payload: dict) -> None:
    """Write JSON under a temporary name and rename it into place, so readers never see half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(temporary, target)
