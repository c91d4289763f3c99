"""Copy the Parquet lake (or any DuckDB query) into PostgreSQL, so the dbt ``postgres`` target reads it.

On DuckDB the lake sources are ``read_parquet`` over ``$CITY_DATA_DIR``; a PostgreSQL server cannot read
those files, so each lake source becomes a table of the same name in the ``lake`` schema, which is
where dbt's ``source('lake', ...)`` points on that target. Every run replaces the tables whole, in one
transaction: dbt never sees a half-loaded lake, and the lake on disk stays the only system of record.

The copy goes through PostgreSQL's ``COPY ... FROM STDIN`` fed from DuckDB in batches, with no DuckDB
extension (nothing is downloaded at run time).
The command is ``orchestration.cli.lake_to_postgres``.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from pathlib import Path

import duckdb
import psycopg2
from psycopg2 import sql
from psycopg2.extensions import cursor as PgCursor

from orchestration.core.paths import CityDataPaths
from orchestration.core.sql_literals import sql_string
from orchestration.lake.store import lake_layout

LAKE_SCHEMA = "lake"

# dbt source table -> its folder of Parquet files (the same folders _lake__sources.yml reads on DuckDB).
LAKE_FOLDERS: dict[str, Callable[[CityDataPaths], Path]] = {
    "service_request_observations": lambda paths: lake_layout(paths, "service_requests").observations_dir,
    "service_request_quarantine": lambda paths: lake_layout(paths, "service_requests").quarantine_dir,
    "survey_responses": lambda paths: lake_layout(paths, "survey").observations_dir,
    "survey_quarantine": lambda paths: lake_layout(paths, "survey").quarantine_dir,
}

# DuckDB column type -> PostgreSQL column type, for every type the lake and the published tables use.
_PG_TYPES = {
    "VARCHAR": "text",
    "BOOLEAN": "boolean",
    "TINYINT": "smallint",
    "SMALLINT": "smallint",
    "INTEGER": "integer",
    "BIGINT": "bigint",
    "HUGEINT": "numeric(39, 0)",
    "UTINYINT": "smallint",
    "USMALLINT": "integer",
    "UINTEGER": "bigint",
    "UBIGINT": "numeric(20, 0)",
    "FLOAT": "real",
    "DOUBLE": "double precision",
    "DATE": "date",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
    "TIME": "time",
    "UUID": "uuid",
}
_DECIMAL = re.compile(r"DECIMAL\((\d+),(\d+)\)")
_BATCH_ROWS = 10_000
_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def pg_type(duckdb_type: str) -> str:
    """The PostgreSQL type for a DuckDB column type; lists become arrays. Unknown types are an error,
    so a new column type cannot be silently turned into text."""
    if duckdb_type.endswith("[]"):
        return pg_type(duckdb_type[:-2]) + "[]"
    if decimal := _DECIMAL.fullmatch(duckdb_type):
        return f"numeric({decimal[1]}, {decimal[2]})"
    try:
        return _PG_TYPES[duckdb_type]
    except KeyError:
        raise TypeError(f"no PostgreSQL type for DuckDB type {duckdb_type}") from None


def _array_literal(values: Iterable[object]) -> str:
    elements = []
    for value in values:
        if value is None:
            elements.append("NULL")
        else:
            text = _scalar_text(value).replace("\\", "\\\\").replace('"', '\\"')
            elements.append(f'"{text}"')
    return "{" + ",".join(elements) + "}"


def _scalar_text(value: object) -> str:
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def copy_text_field(value: object) -> str:
    """One field of PostgreSQL's COPY text format: ``\\N`` for NULL, arrays as ``{"a","b"}``, and the
    backslash, newline, carriage return and tab escaped so free text cannot break a row apart."""
    if value is None:
        return "\\N"
    text = _array_literal(value) if isinstance(value, list | tuple) else _scalar_text(value)
    return text.translate(_TEXT_ESCAPES)


def copy_query(
    source: duckdb.DuckDBPyConnection, query: str, target: PgCursor, schema: str, table: str
) -> int:
    """Create ``schema.table`` shaped like ``query``'s result and COPY its rows in; return the count.

    Runs inside the caller's transaction: the caller decides when the new table becomes visible.
    """
    columns = source.execute(f"DESCRIBE {query}").fetchall()
    qualified = sql.Identifier(schema, table)
    target.execute(
        sql.SQL("CREATE TABLE {} ({})").format(
            qualified,
            sql.SQL(", ").join(
                sql.SQL("{} {}").format(sql.Identifier(name), sql.SQL(pg_type(kind)))
                for name, kind, *_ in columns
            ),
        )
    )
    copy = sql.SQL("COPY {} ({}) FROM STDIN").format(
        qualified, sql.SQL(", ").join(sql.Identifier(name) for name, *_ in columns)
    )
    result = source.execute(query)
    total = 0
    while rows := result.fetchmany(_BATCH_ROWS):
        buffer = io.StringIO()
        for row in rows:
            buffer.write("\t".join(copy_text_field(value) for value in row))
            buffer.write("\n")
        buffer.seek(0)
        target.copy_expert(copy.as_string(target.connection), buffer)
        total += len(rows)
    return total


def lake_query(folder: Path) -> str:
    """The DuckDB query of every Parquet file of a lake folder (the same read as the DuckDB source)."""
    if not any(folder.glob("*.parquet")):
        raise FileNotFoundError(f"{folder} holds no Parquet file: has its ingest asset run?")
    return f"SELECT * FROM read_parquet({sql_string(f'{folder}/*.parquet')}, union_by_name = true)"


def load_lake(dsn: str, paths: CityDataPaths, tables: Sequence[str] = tuple(LAKE_FOLDERS)) -> dict[str, int]:
    """Replace the ``lake`` schema's tables with the Parquet lake's rows, in one transaction.

    Returns the row count of every table loaded.
    """
    unknown = sorted(set(tables) - set(LAKE_FOLDERS))
    if unknown:
        raise ValueError(f"not lake sources: {', '.join(unknown)}")
    counts = {}
    with duckdb.connect() as source, psycopg2.connect(dsn) as connection:
        source.execute("SET enable_progress_bar = false")
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(LAKE_SCHEMA)))
            for table in tables:
                query = lake_query(LAKE_FOLDERS[table](paths))
                cursor.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(LAKE_SCHEMA, table)))
                counts[table] = copy_query(source, query, cursor, LAKE_SCHEMA, table)
    connection.close()  # psycopg2's context manager commits but does not close
    return counts


def warehouse_dsn() -> str:
    """The libpq connection string of the dbt ``postgres`` target, from the same ``CITY_PG_*`` variables
    as ``dbt_project/profiles.yml``."""
    parts = {
        "host": os.environ.get("CITY_PG_HOST", "127.0.0.1"),
        "port": os.environ.get("CITY_PG_PORT", "5432"),
        "user": os.environ.get("CITY_PG_USER", "city"),
        "password": os.environ.get("CITY_PG_PASSWORD", ""),
        "dbname": os.environ.get("CITY_PG_DB", "city"),
    }
    return psycopg2.extensions.make_dsn(**{key: value for key, value in parts.items() if value})
