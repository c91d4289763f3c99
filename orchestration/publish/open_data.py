"""The open-data package partners and the national portal (CKAN) ingest: CSV plus a Frictionless
``datapackage.json`` describing every table and field.

CSV files carry a UTF-8 byte-order mark so Excel shows Thai text correctly, and text cells that begin
with ``=``, ``+``, ``-`` or ``@`` are prefixed with an apostrophe so a spreadsheet never runs them as a
formula (CSV injection). Descriptions come from the dbt docs; the licence and the unit of every numeric
field from ``config/open_data.yaml``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import yaml

from orchestration.core.paths import REPO_ROOT
from orchestration.core.sql_literals import sql_string

OPEN_DATA_DIR = "open_data"
# The licence and the unit of every numeric column: metadata dbt does not hold, edited by the city.
OPEN_DATA_CONFIG = REPO_ROOT / "config" / "open_data.yaml"
UTF8_BOM = b"\xef\xbb\xbf"
FORMULA_PREFIX = r"^[=+\-@\t\r]"
APOSTROPHE = "''''"  # a SQL string literal holding one apostrophe

# Table Schema types by DuckDB type; DECIMAL(p, s) is a number, anything else (ENUM, UUID, INTERVAL,
# nested types) is written as text and declared as a string.
_SIGNED_INTEGERS = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT")
_INTEGERS = [*_SIGNED_INTEGERS, *(f"U{name}" for name in _SIGNED_INTEGERS)]
_TIMESTAMPS = ["TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS"]
_FRICTIONLESS_TYPES = {
    **dict.fromkeys(_INTEGERS, "integer"),
    **dict.fromkeys(_TIMESTAMPS, "datetime"),
    "FLOAT": "number",
    "DOUBLE": "number",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIME": "time",
}


@dataclass(frozen=True)
class PackageMetadata:
    """What the package says beyond the dbt descriptions: its licence and the units of numeric fields."""

    licence: Mapping[str, str]
    units: Mapping[str, Mapping[str, str]]


def load_package_metadata(path: Path = OPEN_DATA_CONFIG) -> PackageMetadata:
    settings = yaml.safe_load(path.read_text(encoding="utf-8"))
    return PackageMetadata(licence=settings["licence"], units=settings.get("units") or {})


def frictionless_type(duckdb_type: str) -> str:
    """The Table Schema type a partner's tool should read a DuckDB column's CSV text as."""
    return "number" if duckdb_type.startswith("DECIMAL") else _FRICTIONLESS_TYPES.get(duckdb_type, "string")


def _formula_safe(column: str) -> str:
    """A column as text that cannot start a spreadsheet formula (an apostrophe is put in front)."""
    text = f'CAST("{column}" AS VARCHAR)'
    starts_formula = f"regexp_matches({text}, '{FORMULA_PREFIX}')"
    return f'CASE WHEN {starts_formula} THEN {APOSTROPHE} || {text} ELSE {text} END AS "{column}"'


def _safe_select(connection: duckdb.DuckDBPyConnection, table: str) -> tuple[str, list[tuple[str, str]]]:
    """The query that writes a table's CSV: every column declared a string is made formula-safe."""
    columns = connection.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
        "ORDER BY ordinal_position",
        [table],
    ).fetchall()
    expressions = [
        _formula_safe(name) if frictionless_type(data_type) == "string" else f'"{name}"'
        for name, data_type in columns
    ]
    return f"SELECT {', '.join(expressions)} FROM {table}", columns


def write_open_data(
    snapshot_dir: Path,
    tables: Sequence[str],
    descriptions: Mapping[str, Mapping[str, str]],
    metadata: PackageMetadata | None = None,
) -> Path:
    """Write ``open_data/<table>.csv`` and ``datapackage.json`` from the snapshot's DuckDB file.

    ``descriptions`` come from dbt (see ``dbt_descriptions``); licence and units from ``metadata``
    (``config/open_data.yaml`` by default). The written package is validated with Frictionless and an
    invalid one raises, so the publish stops. A field without a description or unit is still published:
    the tests, not the daily publish, are where a documentation gap is caught.
    """
    folder = snapshot_dir / OPEN_DATA_DIR
    folder.mkdir()
    metadata = metadata or load_package_metadata()
    resources = []
    with duckdb.connect(str(snapshot_dir / "indicators.duckdb"), read_only=True) as connection:
        for table in tables:
            query, columns = _safe_select(connection, table)
            body = folder / f"{table}.csv.body"
            connection.execute(f"COPY ({query}) TO {sql_string(body)} (FORMAT csv, HEADER true)")
            with (folder / f"{table}.csv").open("wb") as target:
                target.write(UTF8_BOM)
                target.write(body.read_bytes())
            body.unlink()
            resources.append(
                _resource(table, columns, descriptions.get(table, {}), metadata.units.get(table, {}))
            )
    package = {
        "profile": "tabular-data-package",
        "name": "phitsanulok-city-wellbeing-indicators",
        "title": "Phitsanulok City Municipality well-being indicators",
        "licenses": [dict(metadata.licence)],
        "resources": resources,
    }
    path = snapshot_dir / "datapackage.json"
    path.write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")
    errors = package_errors(path)
    if errors:
        raise InvalidPackageError(f"{len(errors)} Frictionless error(s), first: " + "; ".join(errors[:5]))
    return path


class InvalidPackageError(ValueError):
    """The written package does not validate: publishing it would hand partners a broken file."""


def package_errors(datapackage: Path) -> list[str]:
    """Every Frictionless error: the descriptor against the Data Package profile, every CSV cell against
    its field's type, and every header against the schema."""
    from frictionless import validate  # about a second to import; only publishing needs it

    report = validate(str(datapackage))
    return [error.message for error in report.errors] + [
        f"{task.name}: {error.message}" for task in report.tasks for error in task.errors
    ]


def _resource(
    table: str,
    columns: Sequence[tuple[str, str]],
    descriptions: Mapping[str, str],
    units: Mapping[str, str],
) -> dict:
    """One tabular data resource: the CSV's path and encoding, and a typed, described field per column."""
    fields = []
    for name, data_type in columns:
        field = {
            "name": name,
            "type": frictionless_type(data_type),
            "description": descriptions.get(name, ""),
        }
        if name in units:
            field["unit"] = units[name]  # Table Schema allows extra properties
        fields.append(field)
    return {
        "name": table.replace("_", "-"),
        "path": f"{OPEN_DATA_DIR}/{table}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "description": descriptions.get("", ""),
        "schema": {"fields": fields},
    }
