"""BI readers during publishes: several reader processes query the DuckDB file and the Parquet files in a
loop while several publishes happen. Zero errors; every read matches one manifest, never a mix; a reader
holding a connection open keeps its snapshot."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import time
from multiprocessing.synchronize import Event
from pathlib import Path

import duckdb

from tests.support.paths import BANGKOK_SAMPLE, REPO_ROOT
from tests.support.platform_runs import run_platform

LATER_EXPORTS = sorted(
    (REPO_ROOT / "data" / "sample" / "service_requests").glob("traffy_plk_2025-0[67]-01.csv")
)


def _manifest(published: Path, publish_id: str) -> dict:
    return json.loads((published / "snapshots" / publish_id / "manifest.json").read_text(encoding="utf-8"))


def _duckdb_view(connection: duckdb.DuckDBPyConnection, published: Path) -> str:
    """The publish id a connection sees, after checking every table against that publish's manifest."""
    publish_id = connection.execute("SELECT publish_id FROM snapshot_info").fetchone()[0]
    for table, expected in _manifest(published, publish_id)["row_counts"].items():
        count = connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        if count != expected:
            raise AssertionError(f"{table}: {count} rows, manifest of {publish_id} says {expected}")
    return publish_id


def _parquet_view(published: Path) -> str:
    """Parquet readers resolve `current` once and read that snapshot's files: all from one publish."""
    snapshot = (published / "current").resolve()
    manifest = json.loads((snapshot / "manifest.json").read_text(encoding="utf-8"))
    with duckdb.connect() as connection:
        for table, expected in manifest["row_counts"].items():
            count = connection.execute(
                f"SELECT count(*) FROM '{snapshot / 'parquet' / table}.parquet'"
            ).fetchone()[0]
            if count != expected:
                raise AssertionError(f"{table}.parquet: {count} rows, its manifest says {expected}")
    return snapshot.name


def read_continuously(kind: str, published: str, stop: Event, results: multiprocessing.Queue) -> None:
    root = Path(published)
    held = duckdb.connect(str(root / "indicators.duckdb"), read_only=True) if kind == "duckdb" else None
    seen, held_seen, errors, reads = set(), set(), [], 0
    while not stop.is_set():
        try:
            if held is not None:
                held_seen.add(_duckdb_view(held, root))
                with duckdb.connect(str(root / "indicators.duckdb"), read_only=True) as fresh:
                    seen.add(_duckdb_view(fresh, root))
            else:
                seen.add(_parquet_view(root))
                stable = root / "parquet" / "indicator_values.parquet"  # the stable name: whole file, always
                with duckdb.connect() as connection:
                    connection.execute(f"SELECT count(*) FROM '{stable}'").fetchone()
            reads += 1
        except Exception as error:  # every error is a finding, reported to the test
            errors.append(f"{type(error).__name__}: {error}")
        time.sleep(0.02)
    if held is not None:
        held.close()
    results.put(
        {"kind": kind, "seen": sorted(seen), "held": sorted(held_seen), "errors": errors[:5], "reads": reads}
    )


def test_many_readers_during_several_publishes(city_data_dir: Path) -> None:
    inbox = city_data_dir / "inbox" / "service_requests"
    shutil.copy(BANGKOK_SAMPLE, inbox)
    assert run_platform().success
    published = city_data_dir / "published"
    publish_ids = [os.readlink(published / "current").split("/")[-1]]

    context = multiprocessing.get_context("spawn")
    stop, results = context.Event(), context.Queue()
    kinds = ["duckdb", "duckdb", "parquet"]
    readers = [
        context.Process(target=read_continuously, args=(k, str(published), stop, results)) for k in kinds
    ]
    for reader in readers:
        reader.start()
    time.sleep(3)
    for export in LATER_EXPORTS:
        shutil.copy(export, inbox)
        assert run_platform().success
        publish_ids.append(os.readlink(published / "current").split("/")[-1])
    time.sleep(1)
    stop.set()
    reports = [results.get(timeout=60) for _ in readers]
    for reader in readers:
        reader.join(timeout=60)

    print("reads per reader:", {f"{r['kind']}#{i}": r["reads"] for i, r in enumerate(reports)})
    assert len(set(publish_ids)) == len(LATER_EXPORTS) + 1 == 3
    assert [report["errors"] for report in reports] == [[]] * len(readers)
    assert all(report["reads"] > 10 for report in reports), [report["reads"] for report in reports]
    for report in reports:
        assert set(report["seen"]) <= set(publish_ids)
        assert len(report["seen"]) >= 2  # readers moved on to newer snapshots as they were published
        if report["kind"] == "duckdb":
            assert report["held"] == [publish_ids[0]]  # an open connection keeps its snapshot
