"""The blocking personal-data scan of a snapshot, run before it is made current (SPEC 3.2).

Scrubbing at the lake boundary is the first line of defence; this is the last: whatever a model change or
a new mart might leak, a snapshot holding a phone number, a national ID or a respondent's name is never
shown to BI users. It reads every text value in the snapshot's DuckDB file, Parquet files and manifest.

DuckDB does the heavy lifting: it reads each column's distinct values once and keeps only candidates
(nine or more digits in a row, allowing separators, or a value containing a respondent name), so Python
applies the exact patterns to a handful of strings rather than to every cell.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from orchestration.lib.pii import PHONE_PATTERN, find_national_ids
from orchestration.lib.snapshot import SNAPSHOT_DB

KINDS = ("phone", "national_id", "respondent_name")
MIN_NAME_LENGTH = 4  # shorter "names" (nicknames, initials) match ordinary words and community names

# RE2 spelling of exactly the characters Python's str.split() treats as whitespace, so the SQL prefilter
# and the Python check normalise text the same way and the prefilter cannot drop a real match.
_WHITESPACE_RE2 = r"\s\pZ\x{0B}\x{1C}-\x{1F}\x{85}"
# Nine digits with any whitespace or dashes between them: every phone and ID form has at least that many.
_CANDIDATE_RE2 = rf"[0-9๐-๙](?:[{_WHITESPACE_RE2}-]*[0-9๐-๙]){{8}}"
_ALIAS = "snapshot_db"


@dataclass(frozen=True)
class PiiFinding:
    """One kind of personal data found in one place; ``example`` is masked so the report leaks nothing."""

    location: str
    kind: str
    example: str


def mask(value: str) -> str:
    """Enough to find the value again (first three characters), too little to identify anyone."""
    return f"{value[:3]}…"


def _normalise_whitespace(text: str) -> str:
    return " ".join(text.split())


def _respondent_names(names: Iterable[str]) -> list[str]:
    normalised = {_normalise_whitespace(name) for name in names}
    return sorted(name for name in normalised if len(name) >= MIN_NAME_LENGTH)


def _matches(text: str, names: Sequence[str]) -> dict[str, str]:
    """Kind -> the first offending substring of ``text``, for each kind present."""
    normalised = _normalise_whitespace(text)
    found: dict[str, str] = {}
    if (phone := PHONE_PATTERN.search(normalised)) is not None:
        found["phone"] = phone.group()
    if national_ids := find_national_ids(normalised):
        found["national_id"] = national_ids[0]
    if (name := next((name for name in names if name in normalised), None)) is not None:
        found["respondent_name"] = name
    return found


def _scan_texts(location: str, texts: Iterable[str], names: Sequence[str]) -> list[PiiFinding]:
    """At most one finding per kind per location: enough to block the publish and point at the column."""
    examples: dict[str, str] = {}
    for text in texts:
        for kind, match in _matches(text, names).items():
            examples.setdefault(kind, match)
    return [PiiFinding(location, kind, mask(examples[kind])) for kind in KINDS if kind in examples]


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _candidates_sql(relation: str, column: str) -> str:
    """Distinct values of one column that could hold personal data; the exact check is done in Python."""
    return f"""
        WITH texts AS (
            SELECT DISTINCT CAST({column} AS VARCHAR) AS raw FROM {relation} WHERE {column} IS NOT NULL
        ), normalised AS (
            SELECT raw, regexp_replace(raw, '[{_WHITESPACE_RE2}]+', ' ', 'g') AS text FROM texts
        )
        SELECT raw FROM normalised WHERE regexp_matches(raw, '{_CANDIDATE_RE2}')
        UNION
        SELECT raw FROM normalised JOIN respondent_names ON contains(normalised.text, respondent_names.name)
        ORDER BY raw
    """


def _is_text_type(column_type: str) -> bool:
    return "VARCHAR" in column_type or column_type.startswith("ENUM") or column_type == "JSON"


def _scan_relation(
    connection: duckdb.DuckDBPyConnection, relation: str, location: str, names: Sequence[str]
) -> list[PiiFinding]:
    """Scan every text-like column (lists and structs of text too, via their VARCHAR form).

    ``location`` is the prefix the column name is appended to, e.g. ``parquet/areas.parquet:``.
    """
    findings: list[PiiFinding] = []
    for column_name, column_type, *_ in connection.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall():
        if _is_text_type(column_type):
            sql = _candidates_sql(relation, _quote(column_name))
            candidates = (row[0] for row in connection.execute(sql).fetchall())
            findings += _scan_texts(f"{location}{column_name}", candidates, names)
    return findings


def _database_relations(connection: duckdb.DuckDBPyConnection) -> Iterator[tuple[str, str]]:
    """(relation SQL, location prefix) for every table in the attached snapshot file.

    Views are not listed: they only re-expose table data that is scanned anyway.
    """
    tables = connection.execute(
        "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = ? ORDER BY ALL", [_ALIAS]
    ).fetchall()
    for schema, table in tables:
        qualified = table if schema == "main" else f"{schema}.{table}"
        yield f"{_ALIAS}.{_quote(schema)}.{_quote(table)}", f"{SNAPSHOT_DB}:{qualified}."


def _parquet_relations(parquet_dir: Path) -> Iterator[tuple[str, str]]:
    # binary_as_string: some writers store text as unannotated BINARY; it must not escape the scan.
    for path in sorted(parquet_dir.glob("*.parquet")):
        yield f"read_parquet({_sql_string(str(path))}, binary_as_string = true)", f"parquet/{path.name}:"


def _json_strings(value: Any) -> Iterator[str]:
    """Every key and string value of a decoded JSON document (decoded, so escapes hide nothing)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def scan_snapshot(snapshot_dir: Path, respondent_names: Iterable[str]) -> list[PiiFinding]:
    """All personal data found in a built snapshot; an empty list means it may be made current."""
    names = _respondent_names(respondent_names)
    connection = duckdb.connect()
    try:
        connection.execute("SET enable_progress_bar = false")
        connection.execute("CREATE TEMP TABLE respondent_names (name VARCHAR)")
        connection.execute("INSERT INTO respondent_names SELECT unnest(?::VARCHAR[])", [names])
        database = snapshot_dir / SNAPSHOT_DB
        connection.execute(f"ATTACH {_sql_string(str(database))} AS {_ALIAS} (READ_ONLY)")
        relations = [*_database_relations(connection), *_parquet_relations(snapshot_dir / "parquet")]
        findings = [
            finding
            for relation, location in relations
            for finding in _scan_relation(connection, relation, location, names)
        ]
    finally:
        connection.close()
    manifest = json.loads((snapshot_dir / "manifest.json").read_text(encoding="utf-8"))
    return findings + _scan_texts("manifest.json", _json_strings(manifest), names)
