"""Serving on PostgreSQL: a publish is copied whole into a new schema and swapped in atomically. Readers
querying in a loop during several publishes see one complete publish per statement (and per
transaction), never a mix and never an error; a failed publish leaves the served one untouched."""

from __future__ import annotations

import secrets
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import psycopg2
import pytest
from psycopg2 import sql

from orchestration.operations.operator_actions import roll_back_snapshot
from orchestration.publish.postgres_serving import DSN_ENV, publish_to_postgres, served_versions
from orchestration.publish.snapshot import SNAPSHOT_DB
from tests.support.postgres import PostgresServer
from tests.support.snapshot_fixtures import publish_small_snapshot, small_warehouse

pytestmark = pytest.mark.slow

TRICKY_TEXT = "ชุมชน\tวัดใหญ่\nบรรทัดสอง \\ \"quoted\" 'single' =1+1"


def expected_counts(number: int) -> dict[str, int]:
    """Every publish has its own row counts, so a reader mixing two publishes is caught."""
    return {"snapshot_info": 1, "indicator_values": 1000 + 37 * number, "areas": 3 + number}


def write_snapshot(folder: Path, number: int) -> tuple[Path, str]:
    publish_id = f"20260101T0000{number:02d}000000Z"
    path = folder / f"snapshot_{number}.duckdb"
    counts = expected_counts(number)
    with duckdb.connect(str(path)) as connection:
        connection.execute(
            "CREATE TABLE snapshot_info AS SELECT ? AS publish_id, TIMESTAMPTZ '2026-01-01 07:00:00+07' "
            "AS published_at",
            [publish_id],
        )
        connection.execute(
            f"""CREATE TABLE indicator_values AS
                SELECT 'sr_received' AS indicator_id, DATE '2025-01-01' + CAST(i AS INTEGER) AS period_start,
                       i / 7.0 AS value, CAST(i AS BIGINT) AS sample_size, i % 2 = 0 AS suppressed
                FROM range({counts["indicator_values"]}) AS t(i)"""
        )
        connection.execute(
            f"""CREATE TABLE areas AS
                SELECT 'A' || i AS area_id, CASE WHEN i = 0 THEN ? END AS name_th,
                       CASE WHEN i = 1 THEN NULL ELSE 1.5 * i END AS centroid_lat
                FROM range({counts["areas"]}) AS t(i)""",
            [TRICKY_TEXT],
        )
    return path, publish_id


@pytest.fixture
def serving_dsn(postgres_server: PostgresServer, request: pytest.FixtureRequest) -> str:
    return postgres_server.create_database(database_for(request.node.name))


def database_for(test_name: str) -> str:
    return f"serving_{test_name[:40].lower()}"


def served(dsn: str, query: str) -> list[tuple]:
    with psycopg2.connect(dsn) as connection, connection.cursor() as cursor:
        cursor.execute(query)
        rows = cursor.fetchall()
    connection.close()
    return rows


def test_a_publish_is_served_whole_earlier_ones_are_kept_then_dropped(
    serving_dsn: str, postgres_server: PostgresServer, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    database = database_for(request.node.name)
    reader_password = secrets.token_hex(12)  # made up per run: no credential lives in the repository
    with psycopg2.connect(serving_dsn) as connection, connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("CREATE ROLE bi_reader LOGIN PASSWORD {}").format(sql.Literal(reader_password))
        )
    connection.close()
    ids = []
    for number in range(1, 5):
        snapshot, publish_id = write_snapshot(tmp_path, number)
        counts = publish_to_postgres(serving_dsn, snapshot, publish_id, reader_role="bi_reader", keep=2)
        assert counts == expected_counts(number)
        ids.append(publish_id)

    with duckdb.connect(str(snapshot), read_only=True) as source:
        for table in ("indicator_values", "areas", "snapshot_info"):
            expected = sorted(source.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            assert sorted(served(serving_dsn, f"SELECT * FROM published.{table}"), key=repr) == expected
    assert served(serving_dsn, "SELECT name_th FROM published.areas WHERE area_id = 'A0'") == [(TRICKY_TEXT,)]

    with psycopg2.connect(serving_dsn) as connection:
        assert served_versions(connection) == [f"published__{publish_id.lower()}" for publish_id in ids[1:3]]
    connection.close()

    reader = postgres_server.dsn(database, user="bi_reader", password=reader_password)
    assert served(reader, "SELECT publish_id FROM published.snapshot_info") == [(ids[-1],)]


def test_a_failed_publish_leaves_the_served_one_untouched(serving_dsn: str, tmp_path: Path) -> None:
    snapshot, first_id = write_snapshot(tmp_path, 1)
    publish_to_postgres(serving_dsn, snapshot, first_id)
    broken, broken_id = write_snapshot(tmp_path, 2)
    with duckdb.connect(str(broken)) as connection:  # a column type the serving copy cannot map
        connection.execute("CREATE TABLE zz_unmappable AS SELECT map([1], ['a']) AS m")

    with pytest.raises(TypeError, match="no PostgreSQL type"):
        publish_to_postgres(serving_dsn, broken, broken_id)

    assert served(serving_dsn, "SELECT publish_id FROM published.snapshot_info") == [(first_id,)]
    assert served(serving_dsn, "SELECT count(*) FROM published.indicator_values") == [(1037,)]
    with psycopg2.connect(serving_dsn) as connection:
        assert served_versions(connection) == []  # the half-built schema is gone
    connection.close()


STATEMENT = sql.SQL(
    "SELECT (SELECT publish_id FROM published.snapshot_info), "
    "(SELECT count(*) FROM published.indicator_values), (SELECT count(*) FROM published.areas)"
)


def read_continuously(
    dsn: str, kind: str, expected: dict[str, dict[str, int]], stop: threading.Event, report: dict
) -> None:
    """Query in a loop; every answer must be one publish's counts. `statement` readers use one
    statement per read (autocommit, like BI tools), `transaction` readers three statements per
    REPEATABLE READ transaction that must all agree."""
    seen, errors, reads, slowest = set(), [], 0, 0.0
    connection = psycopg2.connect(dsn)
    connection.autocommit = kind == "statement"
    if kind == "transaction":
        connection.set_session(isolation_level="REPEATABLE READ")
    while not stop.is_set():
        started = time.monotonic()
        try:
            with connection.cursor() as cursor:
                if kind == "statement":
                    cursor.execute(STATEMENT)
                    views = [cursor.fetchone()]
                else:
                    views = []
                    for _ in range(3):
                        cursor.execute("SELECT publish_id FROM published.snapshot_info")
                        publish_id = cursor.fetchone()[0]
                        cursor.execute("SELECT count(*) FROM published.indicator_values")
                        values = cursor.fetchone()[0]
                        cursor.execute("SELECT count(*) FROM published.areas")
                        views.append((publish_id, values, cursor.fetchone()[0]))
                        time.sleep(0.05)
                    connection.commit()
            for publish_id, values, areas in views:
                wanted = expected[publish_id]
                if (values, areas) != (wanted["indicator_values"], wanted["areas"]):
                    errors.append(f"mixed read: {publish_id} with {values} values and {areas} areas")
            if len({view[0] for view in views}) != 1:
                errors.append(f"one transaction saw several publishes: {views}")
            seen.update(view[0] for view in views)
            reads += 1
        except Exception as error:  # every error is a finding, reported to the test
            errors.append(f"{type(error).__name__}: {error}")
            connection.rollback()
        slowest = max(slowest, time.monotonic() - started)
        time.sleep(0.01 if kind == "statement" else 0.2)  # a dashboard refresh, not a tight loop
    connection.close()
    report.update(kind=kind, seen=seen, errors=errors[:5], reads=reads, slowest=slowest)


def test_readers_see_one_whole_publish_during_several_publishes(serving_dsn: str, tmp_path: Path) -> None:
    snapshots = [write_snapshot(tmp_path, number) for number in range(1, 7)]
    expected = {publish_id: expected_counts(number) for number, (_, publish_id) in enumerate(snapshots, 1)}
    publish_to_postgres(serving_dsn, *snapshots[0])

    stop = threading.Event()
    kinds = ("statement", "statement", "transaction")
    reports: list[dict] = [{} for _ in kinds]
    readers = [
        threading.Thread(target=read_continuously, args=(serving_dsn, kind, expected, stop, report))
        for kind, report in zip(kinds, reports, strict=True)
    ]
    for reader in readers:
        reader.start()
    time.sleep(0.5)
    publish_seconds = []
    for snapshot, publish_id in snapshots[1:]:
        started = datetime.now(UTC)
        publish_to_postgres(serving_dsn, snapshot, publish_id)
        publish_seconds.append((datetime.now(UTC) - started).total_seconds())
        time.sleep(0.6)
    stop.set()
    for reader in readers:
        reader.join(timeout=60)

    print("reads, slowest read (s):", [(r["kind"], r["reads"], round(r["slowest"], 2)) for r in reports])
    print("publish seconds:", [round(seconds, 2) for seconds in publish_seconds])
    assert [report["errors"] for report in reports] == [[]] * len(readers)
    assert served(serving_dsn, "SELECT publish_id FROM published.snapshot_info") == [(snapshots[-1][1],)]
    for report in reports:
        assert report["reads"] > (50 if report["kind"] == "statement" else 5)
        assert len(report["seen"]) >= 3  # readers moved on to newer publishes as they were served


def test_a_rollback_serves_the_earlier_snapshot_from_postgres_too(
    serving_dsn: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CITY_DATA_DIR", str(tmp_path))
    monkeypatch.setenv(DSN_ENV, serving_dsn)
    published = tmp_path / "published"
    for publish_id, rows in (("p1", 3), ("p2", 5)):
        publish_small_snapshot(
            published, small_warehouse(tmp_path / f"{publish_id}.duckdb", rows), publish_id
        )
        publish_to_postgres(serving_dsn, published / "snapshots" / publish_id / SNAPSHOT_DB, publish_id)
    assert served(serving_dsn, "SELECT publish_id FROM published.snapshot_info") == [("p2",)]
    done = roll_back_snapshot()
    assert done.publish_id == "p1" and done.served_rows is not None
    assert served(serving_dsn, "SELECT publish_id FROM published.snapshot_info") == [("p1",)]
    assert served(serving_dsn, "SELECT count(*) FROM published.indicator_values") == [(3,)]
