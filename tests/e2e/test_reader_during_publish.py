"""BI readers during a publish: a reader holding the snapshot open keeps a consistent old view, and
readers opening it afresh see either the whole old or the whole new snapshot, never an error."""

from __future__ import annotations

import csv
import json
import multiprocessing
import shutil
import time
from pathlib import Path

import duckdb

from orchestration.lib.traffy_layout import PUBLIC_DUMP_COLUMNS
from tests.conftest import BANGKOK_SAMPLE
from tests.e2e.conftest import run_platform


def _consistent_view(connection: duckdb.DuckDBPyConnection, published: Path) -> str:
    """The publish id the connection sees, after checking every table against that publish's manifest."""
    publish_id = connection.execute("SELECT publish_id FROM snapshot_info").fetchone()[0]
    manifest = json.loads(
        (published / "snapshots" / publish_id / "manifest.json").read_text(encoding="utf-8")
    )
    for table, expected in manifest["row_counts"].items():
        count = connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        if count != expected:
            raise AssertionError(f"{table}: {count} rows, manifest of {publish_id} says {expected}")
    return publish_id


def read_continuously(
    published: str, stop: multiprocessing.synchronize.Event, results: multiprocessing.Queue
) -> None:
    """Hold one connection open for the whole run and open fresh ones in a loop; report what was seen."""
    root = Path(published)
    held = duckdb.connect(str(root / "indicators.duckdb"), read_only=True)
    held_ids, fresh_ids, errors = set(), set(), []
    while not stop.is_set():
        try:
            held_ids.add(_consistent_view(held, root))
            with duckdb.connect(str(root / "indicators.duckdb"), read_only=True) as fresh:
                fresh_ids.add(_consistent_view(fresh, root))
        except Exception as error:  # every error is a finding, reported to the test
            errors.append(f"{type(error).__name__}: {error}")
        time.sleep(0.01)
    held.close()
    results.put({"held": sorted(held_ids), "fresh": sorted(fresh_ids), "errors": errors[:5]})


def _write_small_export(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=PUBLIC_DUMP_COLUMNS)
        writer.writeheader()
        for index in range(5):
            writer.writerow(
                {
                    "ticket_id": f"2023-NEW{index:03d}",
                    "type": "{ถนน}",
                    "timestamp": "2023-05-20 09:00:00",
                    "state": "รอรับเรื่อง",
                    "count_reopen": "0",
                    "last_activity": "2023-05-20 09:00:00",
                }
            )


def test_readers_never_error_nor_see_a_mix(city_data_dir: Path) -> None:
    inbox = city_data_dir / "inbox" / "service_requests"
    shutil.copy(BANGKOK_SAMPLE, inbox)
    assert run_platform().success
    published = city_data_dir / "published"
    first_id = (published / "current").resolve().name

    context = multiprocessing.get_context("spawn")
    stop, results = context.Event(), context.Queue()
    reader = context.Process(target=read_continuously, args=(str(published), stop, results))
    reader.start()
    time.sleep(3)  # let the reader start and see the first snapshot
    _write_small_export(inbox / "later_2023-05-20.csv")
    assert run_platform().success
    second_id = (published / "current").resolve().name
    time.sleep(1)
    stop.set()
    seen = results.get(timeout=60)
    reader.join(timeout=60)

    assert second_id != first_id
    assert seen["errors"] == []
    assert seen["held"] == [first_id]  # the open connection keeps its snapshot
    assert seen["fresh"] == sorted([first_id, second_id])  # new readers move over whole
