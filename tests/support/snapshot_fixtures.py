"""Small published snapshots for tests: a warehouse of two tables, built and activated like a publish."""

from __future__ import annotations

from pathlib import Path

import duckdb

from orchestration.publish.snapshot import activate_snapshot, build_snapshot, write_manifest


def small_warehouse(path: Path, rows: int) -> Path:
    """A warehouse whose indicator_values has ``rows`` rows, so snapshots can be told apart by count."""
    with duckdb.connect(str(path)) as connection:
        connection.execute(f"CREATE TABLE indicator_values AS SELECT range AS id FROM range({rows})")
        connection.execute("CREATE TABLE areas AS SELECT 'PLK-C01' AS area_id, 'ชุมชนวัดใหญ่' AS name_th")
    return path


def publish_small_snapshot(published: Path, warehouse: Path, publish_id: str) -> dict[str, int]:
    """Build, write the manifest of and activate one snapshot, as the publish asset does."""
    snapshot_dir = published / "snapshots" / publish_id
    counts = build_snapshot(warehouse, snapshot_dir, ["indicator_values", "areas"], publish_id)
    write_manifest(snapshot_dir, {"publish_id": publish_id, "row_counts": counts})
    activate_snapshot(published, publish_id)
    return counts
