"""The open-data package partners and the national portal (CKAN) ingest: CSV plus a Frictionless
``datapackage.json`` describing every table and field.

CSV files carry a UTF-8 byte-order mark so Excel shows Thai text correctly, and text cells that begin
with ``=``, ``+``, ``-`` or ``@`` are prefixed with an apostrophe so a spreadsheet never runs them as a
formula (CSV injection).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import duckdb

OPEN_DATA_DIR = "open_data"
UTF8_BOM = b"\xef\xbb\xbf"
FORMULA_PREFIX = r"^[=+\-@\t\r]"
LICENSE_PLACEHOLDER = {
    "name": "to-be-decided",
    "title": "Licence to be chosen by Phitsanulok City Municipality before publication",
}
_FRICTIONLESS_TYPES = {
    "VARCHAR": "string",
    "DOUBLE": "number",
    "FLOAT": "number",
    "BIGINT": "integer",
    "INTEGER": "integer",
    "HUGEINT": "integer",
    "DATE": "date",
    "BOOLEAN": "boolean",
    "TIMESTAMP WITH TIME ZONE": "datetime",
    "TIMESTAMP": "datetime",
}


APOSTROPHE = "''''"  # a SQL string literal holding one apostrophe


def _frictionless_type(duckdb_type: str) -> str:
    return "number" if duckdb_type.startswith("DECIMAL") else _FRICTIONLESS_TYPES.get(duckdb_type, "string")


def _formula_safe(column: str) -> str:
    """A text column whose values cannot start a spreadsheet formula (an apostrophe is put in front)."""
    starts_formula = f"regexp_matches({column}, '{FORMULA_PREFIX}')"
    return f"CASE WHEN {starts_formula} THEN {APOSTROPHE} || {column} ELSE {column} END AS {column}"


def _safe_select(connection: duckdb.DuckDBPyConnection, table: str) -> tuple[str, list[tuple[str, str]]]:
    columns = connection.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
        "ORDER BY ordinal_position",
        [table],
    ).fetchall()
    expressions = [
        _formula_safe(f'"{name}"') if data_type == "VARCHAR" else f'"{name}"' for name, data_type in columns
    ]
    return f"SELECT {', '.join(expressions)} FROM {table}", columns


def write_open_data(
    snapshot_dir: Path,
    tables: Sequence[str],
    descriptions: Mapping[str, Mapping[str, str]],
) -> Path:
    """Write ``open_data/<table>.csv`` and ``datapackage.json`` from the snapshot's DuckDB file."""
    folder = snapshot_dir / OPEN_DATA_DIR
    folder.mkdir()
    resources = []
    with duckdb.connect(str(snapshot_dir / "indicators.duckdb"), read_only=True) as connection:
        for table in tables:
            query, columns = _safe_select(connection, table)
            body = folder / f"{table}.csv.body"
            connection.execute(f"COPY ({query}) TO '{body}' (FORMAT csv, HEADER true)")
            with (folder / f"{table}.csv").open("wb") as target:
                target.write(UTF8_BOM)
                target.write(body.read_bytes())
            body.unlink()
            table_descriptions = descriptions.get(table, {})
            resources.append(
                {
                    "name": table.replace("_", "-"),
                    "path": f"{OPEN_DATA_DIR}/{table}.csv",
                    "profile": "tabular-data-resource",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8-sig",
                    "description": table_descriptions.get("", ""),
                    "schema": {
                        "fields": [
                            {
                                "name": name,
                                "type": _frictionless_type(data_type),
                                "description": table_descriptions.get(name, ""),
                            }
                            for name, data_type in columns
                        ]
                    },
                }
            )
    package = {
        "profile": "tabular-data-package",
        "name": "phitsanulok-city-wellbeing-indicators",
        "title": "Phitsanulok City Municipality well-being indicators",
        "licenses": [LICENSE_PLACEHOLDER],
        "resources": resources,
    }
    path = snapshot_dir / "datapackage.json"
    path.write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def dbt_descriptions(manifest_path: Path, tables: Sequence[str]) -> dict[str, dict[str, str]]:
    """Table and column descriptions from the dbt manifest (key "" holds the table's own description)."""
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    found: dict[str, dict[str, str]] = {}
    for node in manifest["nodes"].values():
        if node.get("resource_type") == "model" and node["name"] in tables:
            found[node["name"]] = {
                "": node.get("description", "").strip(),
                **{name: column.get("description", "") for name, column in node.get("columns", {}).items()},
            }
    return found
