"""Write-audit-publish for BI: build a complete snapshot aside, then switch to it in one rename.

Layout under ``published/``::

    snapshots/<publish_id>/{indicators.duckdb, parquet/<table>.parquet, manifest.json}
    current            -> snapshots/<publish_id>     (the only link that ever changes)
    indicators.duckdb  -> current/indicators.duckdb  (stable names BI tools are pointed at)
    parquet            -> current/parquet
    manifest.json      -> current/manifest.json

Replacing ``current`` with ``rename(2)`` is atomic, so a reader resolving any stable name sees the whole
previous or the whole new snapshot, never a mix; a reader that already holds the old file open keeps
reading it, and no reader ever waits on a writer's lock because the files are never written in place.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from orchestration.core.sql_literals import sql_string

SNAPSHOT_DB = "indicators.duckdb"
# Readers on DuckDB 1.x must be able to open the snapshot, whatever DuckDB version writes it.
STORAGE_VERSION = "v1.0.0"
# The recovery runbook promises rollback across the last week of daily publishes.
SNAPSHOTS_KEPT = 7
_STABLE_NAMES = (SNAPSHOT_DB, "parquet", "open_data", "datapackage.json", "manifest.json")


def new_publish_id(now: datetime | None = None) -> str:
    moment = now or datetime.now(UTC)
    return moment.strftime("%Y%m%dT%H%M%S%fZ")


def build_snapshot(
    warehouse_db: Path, snapshot_dir: Path, tables: Sequence[str], publish_id: str
) -> dict[str, int]:
    """Copy ``tables`` from the warehouse into a new DuckDB file and Parquet files; return row counts.

    The file also gets a one-row ``snapshot_info`` table, so a reader holding only the DuckDB file can
    tell which publish it is looking at.
    """
    parquet_dir = snapshot_dir / "parquet"
    parquet_dir.mkdir(parents=True)
    target = snapshot_dir / SNAPSHOT_DB
    connection = duckdb.connect()
    try:
        connection.execute("SET enable_progress_bar = false")
        connection.execute(f"ATTACH {sql_string(warehouse_db)} AS warehouse (READ_ONLY)")
        connection.execute(
            f"ATTACH {sql_string(target)} AS snapshot (STORAGE_VERSION {sql_string(STORAGE_VERSION)})"
        )
        row_counts: dict[str, int] = {}
        for table in tables:
            connection.execute(f"CREATE TABLE snapshot.main.{table} AS SELECT * FROM warehouse.main.{table}")
            parquet = sql_string(parquet_dir / f"{table}.parquet")
            connection.execute(f"COPY snapshot.main.{table} TO {parquet} (FORMAT parquet)")
            count = connection.execute(f"SELECT count(*) FROM snapshot.main.{table}").fetchone()
            row_counts[table] = int(count[0]) if count else 0
        connection.execute(
            "CREATE TABLE snapshot.main.snapshot_info AS SELECT ? AS publish_id, now() AS published_at",
            [publish_id],
        )
        connection.execute("DETACH snapshot")
    finally:
        connection.close()
    return row_counts


def write_manifest(snapshot_dir: Path, manifest: Mapping[str, Any]) -> Path:
    path = snapshot_dir / "manifest.json"
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True), encoding="utf-8")
    return path


def _replace_symlink(link: Path, target: str) -> None:
    """Point ``link`` at ``target`` atomically: create a new link aside, rename it over the old one."""
    temporary = link.with_name(f".{link.name}.tmp")
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(target)
    os.replace(temporary, link)


def activate_snapshot(published_dir: Path, publish_id: str) -> None:
    """Make ``snapshots/<publish_id>`` current; everything before this call is invisible to readers."""
    for name in _STABLE_NAMES:
        link = published_dir / name
        if not link.is_symlink():
            _replace_symlink(link, f"current/{name}")
    _replace_symlink(published_dir / "current", f"snapshots/{publish_id}")


def current_publish_id(published_dir: Path) -> str | None:
    current = published_dir / "current"
    return Path(os.readlink(current)).name if current.is_symlink() else None


def complete_snapshots(published_dir: Path) -> list[str]:
    """Publish ids of the snapshots that were fully written (a manifest is their last file), oldest first."""
    folder = published_dir / "snapshots"
    if not folder.exists():
        return []
    return sorted(path.name for path in folder.iterdir() if (path / "manifest.json").exists())


def prune_snapshots(published_dir: Path, keep: int = SNAPSHOTS_KEPT) -> list[str]:
    """Delete all but the newest ``keep`` complete snapshots, and any a crash left half-written.

    The current snapshot is never deleted. Readers that opened an older file keep it alive until they
    close it (POSIX unlink semantics).
    """
    current = current_publish_id(published_dir)
    complete = complete_snapshots(published_dir)
    kept = set(complete[-keep:]) if keep else set()
    removed = []
    for snapshot in sorted((published_dir / "snapshots").iterdir(), key=lambda path: path.name):
        if snapshot.name != current and snapshot.name not in kept:
            shutil.rmtree(snapshot)
            removed.append(snapshot.name)
    return removed


def rollback(published_dir: Path, to: str | None = None) -> str:
    """Make an earlier complete snapshot current (by default the one before the current one)."""
    complete = complete_snapshots(published_dir)
    current = current_publish_id(published_dir)
    if to is None:
        earlier = [publish_id for publish_id in complete if current is None or publish_id < current]
        if not earlier:
            raise LookupError("there is no earlier complete snapshot to roll back to")
        to = earlier[-1]
    elif to not in complete:
        raise LookupError(f"{to} is not a complete snapshot; choose from: {', '.join(complete)}")
    activate_snapshot(published_dir, to)
    return to
