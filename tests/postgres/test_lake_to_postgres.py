"""The path from the Parquet lake into PostgreSQL: every lake source has a folder, and values the lake
holds (Thai text with tabs and newlines, arrays with quotes and NULLs, instants) arrive unchanged."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb
import psycopg2
import pytest
import yaml

from orchestration.core.paths import DBT_PROJECT_DIR, CityDataPaths
from orchestration.warehouse.lake_to_postgres import LAKE_FOLDERS, LAKE_SCHEMA, copy_text_field, load_lake
from tests.support.postgres import PostgresServer


def test_every_lake_source_of_the_dbt_project_has_a_folder_to_load() -> None:
    sources = yaml.safe_load((DBT_PROJECT_DIR / "models" / "staging" / "_lake__sources.yml").read_text())
    (lake,) = [source for source in sources["sources"] if source["name"] == LAKE_SCHEMA]
    assert {table["name"] for table in lake["tables"]} == set(LAKE_FOLDERS)


def test_copy_fields_escape_what_would_break_a_row() -> None:
    assert copy_text_field(None) == "\\N"
    assert copy_text_field("a\tb\nc\\d") == "a\\tb\\nc\\\\d"
    assert copy_text_field(["x", None, 'say "hi"']) == '{"x",NULL,"say \\\\"hi\\\\""}'
    assert copy_text_field([]) == "{}"
    assert copy_text_field(True) == "t"


TRICKY_ROWS = [
    ("T1", ["ถนน", "ไฟฟ้า"], "ชุมชน\tวัด\nใหญ่ \\ end", datetime(2025, 1, 1, 3, 4, 5, 678901, tzinfo=UTC), 4, []),
    ("T2", [], None, None, None, ["coordinates_outside_thailand"]),
    (
        "T3",
        ['with "quotes"', "back\\slash", "comma, brace}"],
        "",
        datetime(2024, 12, 31, 17, 0, tzinfo=UTC),
        1,
        [],
    ),
    ("T4", None, "'single'", datetime(2025, 6, 1, tzinfo=UTC), 5, None),
]


@pytest.mark.slow
def test_the_lake_arrives_in_postgres_unchanged(postgres_server: PostgresServer, tmp_path: Path) -> None:
    paths = CityDataPaths(tmp_path / "city")
    folder = LAKE_FOLDERS["service_request_observations"](paths)
    folder.mkdir(parents=True)
    with duckdb.connect() as connection:
        connection.execute(
            "CREATE TABLE rows (ticket_id VARCHAR, type_labels VARCHAR[], description VARCHAR, "
            "created_at TIMESTAMPTZ, star INTEGER, warnings VARCHAR[])"
        )
        connection.executemany("INSERT INTO rows VALUES (?, ?, ?, ?, ?, ?)", TRICKY_ROWS[:2])
        connection.execute(f"COPY rows TO '{folder / 'a.parquet'}' (FORMAT parquet)")
        connection.execute("DELETE FROM rows")
        connection.executemany("INSERT INTO rows VALUES (?, ?, ?, ?, ?, ?)", TRICKY_ROWS[2:])
        connection.execute(f"COPY rows TO '{folder / 'b.parquet'}' (FORMAT parquet)")
    dsn = postgres_server.create_database("lake_round_trip")

    for _ in range(2):  # loading again replaces the tables, it does not append
        assert load_lake(dsn, paths, ["service_request_observations"]) == {"service_request_observations": 4}

    with psycopg2.connect(dsn) as connection, connection.cursor() as cursor:
        cursor.execute("SET TIME ZONE 'UTC'")
        cursor.execute("SELECT * FROM lake.service_request_observations ORDER BY ticket_id")
        assert cursor.fetchall() == TRICKY_ROWS
    connection.close()

    with pytest.raises(FileNotFoundError, match="holds no Parquet file"):
        load_lake(dsn, paths, ["service_request_quarantine"])
