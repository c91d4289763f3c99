"""Daily runs build incrementally, and what they build equals a full rebuild of the same lake.

A first day's export lands, then the next day's, which finishes, reclassifies, moves and re-dates tickets
(one of them out of the only month it was in), together with an older day's export delivered late, whose
stale observation must not win. The second run must be incremental; then a full refresh of the same lake
must reproduce every table, row for row.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
from pathlib import Path

import dagster as dg
import duckdb

from orchestration.cli.run import materialize_inbox, run_config
from orchestration.core.paths import DBT_PROJECT_DIR
from orchestration.defs.warehouse.project import DBT_EXECUTABLE

COLUMNS = [
    *("ticket_id", "type", "organization", "comment", "coords", "photo", "photo_after", "address"),
    *("subdistrict", "district", "province", "timestamp", "state", "star", "count_reopen", "last_activity"),
]
WAT_YAI = "100.25095,16.81446"  # PLK-C01's centroid
BAN_KHLONG = "100.26122,16.82770"  # PLK-C02's centroid
WAITING, IN_PROGRESS, FINISHED = "รอรับเรื่อง", "กำลังดำเนินการ", "เสร็จสิ้น"

# (ticket, labels, coords, created, state, star, reopened, last activity); instants in UTC.
FIRST_DAY = [
    ("INC-1", "{ถนน}", WAT_YAI, "2024-12-20 03:00:00", WAITING, "", "0", "2024-12-20 03:00:00"),
    ("INC-2", "{ร้องเรียน}", BAN_KHLONG, "2025-01-05 02:00:00", FINISHED, "4", "0", "2025-01-06 02:00:00"),
    # 00:00 on 1 February in Bangkok: a month's first moment, measured by January's month end.
    ("INC-3", "{ทางเท้า}", WAT_YAI, "2025-01-31 17:00:00", WAITING, "", "0", "2025-01-31 17:00:00"),
    ("INC-4", "{ความปลอดภัย}", BAN_KHLONG, "2024-11-15 05:00:00", WAITING, "", "0", "2024-11-15 05:00:00"),
    ("INC-5", "{ถนน}", BAN_KHLONG, "2024-10-01 05:00:00", WAITING, "", "0", "2024-10-01 05:00:00"),
    ("INC-8", "{ถนน}", WAT_YAI, "2025-01-02 05:00:00", FINISHED, "3", "0", "2025-01-08 05:00:00"),
]
NEXT_DAY = [
    ("INC-1", "{ถนน}", WAT_YAI, "2024-12-20 03:00:00", FINISHED, "5", "0", "2025-01-11 04:00:00"),
    ("INC-2", "{ถนน,ทางเท้า}", WAT_YAI, "2025-01-05 02:00:00", IN_PROGRESS, "", "1", "2025-01-11 04:00:00"),
    # Re-dated into December: November loses its only ticket.
    ("INC-4", "{ความปลอดภัย}", BAN_KHLONG, "2024-12-15 05:00:00", WAITING, "", "0", "2025-01-11 05:00:00"),
    ("INC-6", "{ร้องเรียน}", WAT_YAI, "2025-01-11 06:00:00", WAITING, "", "0", "2025-01-11 06:00:00"),
]
LATE_OLDER_DAY = [
    ("INC-1", "{ถนน}", WAT_YAI, "2024-12-20 03:00:00", IN_PROGRESS, "", "0", "2025-01-09 04:00:00"),
    ("INC-7", "{ทางเท้า}", BAN_KHLONG, "2025-01-09 06:00:00", WAITING, "", "0", "2025-01-09 06:00:00"),
    # Older than INC-8's stored state: it loses against what the warehouse already holds.
    ("INC-8", "{ถนน}", WAT_YAI, "2025-01-02 05:00:00", IN_PROGRESS, "", "0", "2025-01-07 05:00:00"),
]
CHANGE_SETS = {"int_service_requests__changed_tickets", "int_service_requests__replaced_cells"}


def _write_export(inbox: Path, name: str, tickets: list[tuple[str, ...]]) -> None:
    with (inbox / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for ticket, labels, coords, created, state, star, reopened, activity in tickets:
            writer.writerow(
                {column: "" for column in COLUMNS}
                | {
                    "ticket_id": ticket,
                    "type": labels,
                    "coords": coords,
                    "timestamp": created + "+00",
                    "state": state,
                    "star": star,
                    "count_reopen": reopened,
                    "last_activity": activity + "+00",
                }
            )


def _run(full_refresh: bool = False) -> None:
    with dg.DagsterInstance.ephemeral() as instance:
        assert materialize_inbox(instance, run_config=run_config(full_refresh)).success


def _build_state(city_data_dir: Path) -> dict:
    return json.loads((city_data_dir / "warehouse" / "incremental_state.json").read_text())


def _tables(city_data_dir: Path) -> dict[str, list[tuple]]:
    """Every warehouse table but the per-build change sets, sorted, doubles to 9 decimals."""
    with duckdb.connect(str(city_data_dir / "warehouse" / "warehouse.duckdb"), read_only=True) as db:
        names = [
            name
            for (name,) in db.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1"
            ).fetchall()
            if name not in CHANGE_SETS
        ]
        tables = {}
        for name in names:
            columns = db.execute(
                "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? "
                "AND schema_name = 'main' ORDER BY column_index",
                [name],
            ).fetchall()
            select = ", ".join(
                f'round("{column}", 9)' if data_type == "DOUBLE" else f'"{column}"'
                for column, data_type in columns
            )
            tables[name] = db.execute(f"SELECT {select} FROM {name} ORDER BY ALL").fetchall()
        return tables


def _unique_ticket_test_passes(city_data_dir: Path, since_batch_seq: int) -> bool:
    """dbt's unique test of the current state, as a build with this watermark runs it."""
    select = ["--select", "unique_int_service_requests__current_ticket_id"]
    test = subprocess.run(
        [
            str(DBT_EXECUTABLE),
            "test",
            "--quiet",
            *select,
            "--vars",
            json.dumps({"since_batch_seq": since_batch_seq}),
            # Its own artefacts: the project's target/ holds the manifest other processes load.
            *("--target-path", str(city_data_dir / "dbt_target")),
        ],
        cwd=DBT_PROJECT_DIR,
        env={**os.environ, "CITY_DATA_DIR": str(city_data_dir)},
        capture_output=True,
        check=False,
    )
    return test.returncode == 0


def _query(city_data_dir: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(city_data_dir / "warehouse" / "warehouse.duckdb"), read_only=True) as db:
        return db.execute(sql).fetchall()


def test_daily_runs_are_incremental_and_equal_a_full_rebuild(city_data_dir: Path) -> None:
    inbox = city_data_dir / "inbox" / "service_requests"
    inbox.mkdir(parents=True, exist_ok=True)

    _write_export(inbox, "traffy_2025-01-10.csv", FIRST_DAY)
    _run()
    assert _build_state(city_data_dir)["full_refresh"]
    assert _query(
        city_data_dir,
        "SELECT count(*) FROM int_service_requests__monthly_cells WHERE period_start = '2024-11-01'",
    ) == [(4,)]  # INC-4: its area and 'ALL', its category and 'ALL'

    # The next day, and an older day's export delivered late: both land in the next run.
    _write_export(inbox, "traffy_2025-01-11.csv", NEXT_DAY)
    _write_export(inbox, "traffy_2025-01-09.csv", LATE_OLDER_DAY)
    _run()
    state = _build_state(city_data_dir)
    assert (state["full_refresh"], state["since_batch_seq"], state["through_batch_seq"]) == (False, 1, 3)
    assert _query(city_data_dir, "SELECT count(*) FROM int_service_requests__changed_tickets") == [(6,)]
    assert _query(
        city_data_dir,
        "SELECT count(*) FROM int_service_requests__monthly_cells WHERE period_start = '2024-11-01'",
    ) == [(0,)]
    assert _query(
        city_data_dir,
        "SELECT ticket_id, status_type FROM int_service_requests__current "
        "WHERE ticket_id IN ('INC-1', 'INC-8') ORDER BY 1",
    ) == [("INC-1", "finished"), ("INC-8", "finished")]

    incremental = _tables(city_data_dir)
    # An incremental build tests only the rows it replaced, and still catches a bad one among them.
    warehouse = str(city_data_dir / "warehouse" / "warehouse.duckdb")
    with duckdb.connect(warehouse) as db:
        db.execute(
            "INSERT INTO int_service_requests__current "
            "SELECT * FROM int_service_requests__current WHERE ticket_id = 'INC-1'"
        )
    assert not _unique_ticket_test_passes(city_data_dir, since_batch_seq=1)

    _run(full_refresh=True)
    assert _build_state(city_data_dir)["reason"] == "full refresh requested"
    rebuilt = _tables(city_data_dir)
    assert incremental.keys() == rebuilt.keys()
    assert len(incremental["int_service_requests__tickets"]) == 8
    assert len(incremental["int_service_requests__monthly_backlog"]) > 0
    for name, rows in rebuilt.items():
        assert incremental[name] == rows, name
