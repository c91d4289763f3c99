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
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from orchestration.core.sql_literals import sql_string
from orchestration.privacy.pii import PHONE_PATTERN, RespondentName, find_national_ids
from orchestration.privacy.reference_names import is_reference_name
from orchestration.publish.snapshot import SNAPSHOT_DB

KINDS = ("phone", "national_id", "respondent_name")
MIN_NAME_LENGTH = 4  # shorter "names" (nicknames, initials) match ordinary words and community names

# RE2 spelling of exactly the characters Python's str.split() treats as whitespace, so the SQL prefilter
# and the Python check normalise text the same way and the prefilter cannot drop a real match.
_WHITESPACE_RE2 = r"\s\pZ\x{0B}\x{1C}-\x{1F}\x{85}"
# Nine digits (Arabic, Thai or full-width) with any white space, dashes, dots, brackets or zero-width
# characters between them: every phone and ID form pii.py knows has at least that many.
_DIGIT_RE2 = "[0-9๐-๙０-９]"
_CANDIDATE_RE2 = (
    rf"{_DIGIT_RE2}(?:[{_WHITESPACE_RE2}\-.()\x{{200B}}-\x{{200D}}\x{{2060}}\x{{FEFF}}]*{_DIGIT_RE2}){{8}}"
)
_ALIAS = "snapshot_db"
_IDENTIFIER = re.compile("[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class PiiFinding:
    """One kind of personal data found in one place; ``example`` is masked so the report leaks nothing.

    ``location`` is the file, table, column and row (or manifest entry) of the first offending value;
    ``origin`` is the survey file and row a respondent name came from.
    """

    location: str
    kind: str
    example: str
    origin: str = ""

    def describe(self) -> str:
        where = f"{self.location}, from {self.origin}" if self.origin else self.location
        return f"{self.kind} in {where} ({self.example})"


def mask(value: str) -> str:
    """Enough to find the value again (first three characters), too little to identify anyone."""
    return f"{value[:3]}…"


def _normalise_whitespace(text: str) -> str:
    return " ".join(text.split())


def split_reference_names(
    respondents: Iterable[RespondentName], reference_names: Iterable[str]
) -> tuple[list[RespondentName], list[PiiFinding]]:
    """Respondent names that are personal, and a warning for each that is a reference name instead.

    A respondent who typed their community ("บ้านแขก") into the name field gave no personal data, and
    the published ``areas`` table rightly holds it; the warning names the response for a look.
    """
    reference = set(reference_names)
    personal, warnings = [], []
    for respondent in respondents:
        if is_reference_name(respondent.name, reference):
            warning = PiiFinding(
                respondent.place(), "reference_name", mask(respondent.name), respondent.origin()
            )
            warnings.append(warning)
        else:
            personal.append(respondent)
    return personal, warnings


def _respondent_names(respondents: Iterable[RespondentName]) -> dict[str, RespondentName]:
    """Scanned name -> the first response that wrote it."""
    names: dict[str, RespondentName] = {}
    for respondent in sorted(respondents):
        name = _normalise_whitespace(respondent.name)
        if len(name) >= MIN_NAME_LENGTH:
            names.setdefault(name, respondent)
    return dict(sorted(names.items()))


def _matches(text: str, names: Iterable[str]) -> dict[str, str]:
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


def _scan_texts(
    location: str, texts: Iterable[tuple[str, str]], names: Mapping[str, RespondentName]
) -> list[PiiFinding]:
    """At most one finding per kind per location, at the first (place, text) that holds it.

    ``place`` is appended to ``location``: a row number or a manifest entry.
    """
    first: dict[str, tuple[str, str]] = {}
    for place, text in texts:
        for kind, match in _matches(text, names).items():
            first.setdefault(kind, (place, match))
    return [
        PiiFinding(
            f"{location}{first[kind][0]}",
            kind,
            mask(first[kind][1]),
            names[first[kind][1]].origin() if kind == "respondent_name" else "",
        )
        for kind in KINDS
        if kind in first
    ]


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _candidates_sql(relation: str, column: str, row_number: str) -> str:
    """Distinct values of one column that could hold personal data, each with its first row (1-based)."""
    return f"""
        WITH texts AS (
            SELECT CAST({column} AS VARCHAR) AS raw, min({row_number}) + 1 AS row_number
            FROM {relation} WHERE {column} IS NOT NULL GROUP BY ALL
        ), normalised AS (
            SELECT raw, row_number, regexp_replace(raw, '[{_WHITESPACE_RE2}]+', ' ', 'g') AS text FROM texts
        )
        SELECT raw, row_number FROM normalised WHERE regexp_matches(raw, '{_CANDIDATE_RE2}')
        UNION
        SELECT raw, row_number FROM normalised
        JOIN respondent_names ON contains(normalised.text, respondent_names.name)
        ORDER BY raw
    """


def _is_text_type(column_type: str) -> bool:
    return "VARCHAR" in column_type or column_type.startswith("ENUM") or column_type == "JSON"


def _scan_relation(
    connection: duckdb.DuckDBPyConnection,
    relation: Relation,
    names: Mapping[str, RespondentName],
) -> list[PiiFinding]:
    """Scan every text-like column (lists and structs of text too, via their VARCHAR form)."""
    findings: list[PiiFinding] = []
    describe = f"DESCRIBE SELECT * FROM {relation.sql}"
    for column_name, column_type, *_ in connection.execute(describe).fetchall():
        if _is_text_type(column_type):
            sql = _candidates_sql(relation.sql, _quote(column_name), relation.row_number)
            candidates = ((f" row {row}", raw) for raw, row in connection.execute(sql).fetchall())
            findings += _scan_texts(f"{relation.location}{column_name}", candidates, names)
    return findings


@dataclass(frozen=True)
class Relation:
    """A table to scan: its SQL, the location prefix its column names follow, its row-number SQL."""

    sql: str
    location: str  # e.g. ``parquet/areas.parquet:``
    row_number: str  # 0-based position of a row


def _database_relations(connection: duckdb.DuckDBPyConnection) -> Iterator[Relation]:
    """Every table in the attached snapshot file.

    Views are not listed: they only re-expose table data that is scanned anyway.
    """
    tables = connection.execute(
        "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = ? ORDER BY ALL", [_ALIAS]
    ).fetchall()
    for schema, table in tables:
        qualified = table if schema == "main" else f"{schema}.{table}"
        yield Relation(f"{_ALIAS}.{_quote(schema)}.{_quote(table)}", f"{SNAPSHOT_DB}:{qualified}.", "rowid")


def _parquet_relations(parquet_dir: Path) -> Iterator[Relation]:
    # binary_as_string: some writers store text as unannotated BINARY; it must not escape the scan.
    for path in sorted(parquet_dir.glob("*.parquet")):
        sql = f"read_parquet({sql_string(path)}, binary_as_string = true, file_row_number = true)"
        yield Relation(sql, f"parquet/{path.name}:", "file_row_number")


def _json_strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(JSON path, text) for every key and string value of a decoded document (escapes hide nothing)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for position, (key, item) in enumerate(value.items()):
            # A key can itself be personal data: only identifier-like keys are spelled in the path.
            step = key if _IDENTIFIER.fullmatch(key) else f"<key {position}>"
            child = f"{path}.{step}" if path else step
            yield child, key
            yield from _json_strings(item, child)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _json_strings(item, f"{path}[{index}]")


def scan_snapshot(snapshot_dir: Path, respondents: Iterable[RespondentName]) -> list[PiiFinding]:
    """All personal data found in a built snapshot; an empty list means it may be made current.

    ``respondents`` are the personal names only: reference names are split off first
    (``split_reference_names``).
    """
    names = _respondent_names(respondents)
    connection = duckdb.connect()
    try:
        connection.execute("SET enable_progress_bar = false")
        connection.execute("CREATE TEMP TABLE respondent_names (name VARCHAR)")
        connection.execute("INSERT INTO respondent_names SELECT unnest(?::VARCHAR[])", [list(names)])
        database = snapshot_dir / SNAPSHOT_DB
        connection.execute(f"ATTACH {sql_string(database)} AS {_ALIAS} (READ_ONLY)")
        relations = [*_database_relations(connection), *_parquet_relations(snapshot_dir / "parquet")]
        findings = [
            finding for relation in relations for finding in _scan_relation(connection, relation, names)
        ]
    finally:
        connection.close()
    manifest = json.loads((snapshot_dir / "manifest.json").read_text(encoding="utf-8"))
    entries = ((f":{path}", text) for path, text in _json_strings(manifest))
    return findings + _scan_texts("manifest.json", entries, names)
