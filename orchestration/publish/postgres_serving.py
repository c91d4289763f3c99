"""Serve the published snapshot from a PostgreSQL schema too, for BI tools that want a database server.

The same write-audit-publish promise as the DuckDB snapshot (docs/decisions/002): readers never see a
half-written publish. Every table of the checked snapshot file is copied into a new schema
``<schema>__<publish id>``; then one short transaction locks the current tables, renames the current
schema to ``<schema>__<its publish id>`` and the new one to ``<schema>`` (the name BI tools use).

Why the locks: PostgreSQL resolves a table name when a statement first locks it. With the swap holding
ACCESS EXCLUSIVE on the old tables, a statement that has not yet touched them waits, then resolves every
name to the new schema; one that has already touched them holds them, so the swap waits for it. Either
way one statement reads one publish. The swap gives up after ``SWAP_LOCK_TIMEOUT`` and tries again, so
a reader waits at most that long, a long BI query only delays the publish, and a reader can never be
chosen as a deadlock victim (the swap times out before PostgreSQL's one-second deadlock check).
"""

from __future__ import annotations

import os
import time
from contextlib import closing
from pathlib import Path

import duckdb
import psycopg2
from psycopg2 import errors, sql
from psycopg2.extensions import connection as PgConnection

from orchestration.warehouse.lake_to_postgres import copy_query

DSN_ENV = "CITY_SERVING_POSTGRES_DSN"
SCHEMA_ENV = "CITY_SERVING_POSTGRES_SCHEMA"
READER_ROLE_ENV = "CITY_SERVING_POSTGRES_READER_ROLE"
SERVING_SCHEMA = "published"
# Earlier publishes kept as <schema>__<publish id>, for a manual rollback by two renames.
SCHEMAS_KEPT = 2
SWAP_LOCK_TIMEOUT = "200ms"
SWAP_DEADLINE_SECONDS = 120.0


def publish_to_postgres(
    dsn: str,
    snapshot_db: Path,
    publish_id: str,
    schema: str = SERVING_SCHEMA,
    reader_role: str | None = None,
    keep: int = SCHEMAS_KEPT,
) -> dict[str, int]:
    """Copy every table of ``snapshot_db`` into PostgreSQL and make it ``schema`` atomically.

    Returns the row count of every table. When anything fails before the swap, the schema readers use
    is untouched and the half-built one is dropped.
    """
    building = _versioned(schema, publish_id)
    with closing(psycopg2.connect(dsn)) as connection:
        counts = _build(connection, snapshot_db, building, reader_role)
        _swap(connection, schema, building)
        drop_old_schemas(connection, schema, keep)
    return counts


def _versioned(schema: str, publish_id: str) -> str:
    return f"{schema}__{publish_id.lower()}"


def _build(
    connection: PgConnection, snapshot_db: Path, building: str, reader_role: str | None
) -> dict[str, int]:
    """Create ``building`` with a copy of every snapshot table, in one transaction (all or nothing)."""
    counts = {}
    try:
        with connection.cursor() as cursor, duckdb.connect(str(snapshot_db), read_only=True) as source:
            cursor.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(building)))
            cursor.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(building)))
            tables = source.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()
            for (table,) in tables:
                counts[table] = copy_query(source, f'SELECT * FROM "{table}"', cursor, building, table)
            if reader_role:
                grant = "GRANT USAGE ON SCHEMA {0} TO {1}; GRANT SELECT ON ALL TABLES IN SCHEMA {0} TO {1}"
                cursor.execute(sql.SQL(grant).format(sql.Identifier(building), sql.Identifier(reader_role)))
        connection.commit()
    except Exception:
        connection.rollback()
        raise
    return counts


def _swap(connection: PgConnection, schema: str, building: str) -> None:
    """Rename the current schema aside and ``building`` into its place, retrying on lock timeouts."""
    deadline = time.monotonic() + SWAP_DEADLINE_SECONDS
    pause = 0.05
    while True:
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql.SQL("SET LOCAL lock_timeout = {}").format(sql.Literal(SWAP_LOCK_TIMEOUT)))
                current = _tables(cursor, schema)
                if current:
                    cursor.execute(
                        sql.SQL("LOCK TABLE {} IN ACCESS EXCLUSIVE MODE").format(
                            sql.SQL(", ").join(sql.Identifier(schema, table) for table in current)
                        )
                    )
                    cursor.execute(
                        sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(
                            sql.Identifier(schema),
                            sql.Identifier(_versioned(schema, _publish_id(cursor, schema))),
                        )
                    )
                cursor.execute(
                    sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(
                        sql.Identifier(building), sql.Identifier(schema)
                    )
                )
            connection.commit()
            return
        except errors.LockNotAvailable:
            connection.rollback()
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"readers held {schema} for {SWAP_DEADLINE_SECONDS:.0f} s;"
                    f" {building} is built but not served"
                ) from None
            time.sleep(pause)
            pause = min(pause * 2, 1.0)


def _tables(cursor: psycopg2.extensions.cursor, schema: str) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY tablename", [schema])
    return [row[0] for row in cursor.fetchall()]


def _publish_id(cursor: psycopg2.extensions.cursor, schema: str) -> str:
    """The publish id the current schema serves (a schema without one is set aside under the time)."""
    if "snapshot_info" in _tables(cursor, schema):
        cursor.execute(
            sql.SQL("SELECT max(publish_id) FROM {}").format(sql.Identifier(schema, "snapshot_info"))
        )
        row = cursor.fetchone()
        if row and row[0]:
            return str(row[0])
    return time.strftime("unknown%Y%m%dT%H%M%S")


def served_versions(connection: PgConnection, schema: str = SERVING_SCHEMA) -> list[str]:
    """Names of the earlier publishes set aside for ``schema``, oldest first."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s) ORDER BY nspname",
            [f"{schema}__"],
        )
        return [row[0] for row in cursor.fetchall()]


def drop_old_schemas(
    connection: PgConnection, schema: str = SERVING_SCHEMA, keep: int = SCHEMAS_KEPT
) -> list[str]:
    """Drop all but the newest ``keep`` earlier publishes. One still being read is left for next time."""
    versions = served_versions(connection, schema)
    dropped = []
    for name in versions[: max(0, len(versions) - keep)]:
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql.SQL("SET LOCAL lock_timeout = {}").format(sql.Literal(SWAP_LOCK_TIMEOUT)))
                cursor.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(name)))
            connection.commit()
            dropped.append(name)
        except errors.LockNotAvailable:
            connection.rollback()
    return dropped


def serve_if_configured(snapshot_db: Path, publish_id: str) -> dict[str, int] | None:
    """Publish to PostgreSQL when ``CITY_SERVING_POSTGRES_DSN`` is set (the optional serving target).

    Called after the DuckDB snapshot is current; a failure here fails the publish step loudly while
    PostgreSQL keeps serving the previous publish whole.
    """
    dsn = os.environ.get(DSN_ENV)
    if not dsn:
        return None
    return publish_to_postgres(
        dsn,
        snapshot_db,
        publish_id,
        schema=os.environ.get(SCHEMA_ENV) or SERVING_SCHEMA,
        reader_role=os.environ.get(READER_ROLE_ENV) or None,
    )
