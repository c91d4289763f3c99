"""Land one Traffy export into the lake: accepted observations and quarantined records, as one batch.

Every record of the file is judged in one DuckDB scan (layout, encoding and the SPEC 3.1 rules) and
written under a temporary name, then renamed into place; the batch record is written last
(``orchestration.lake.store``), so a crash mid-way leaves no half-landed batch behind.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import asdict
from pathlib import Path

import duckdb

from orchestration.core.faults import crash_point
from orchestration.core.sql_literals import sql_string
from orchestration.lake.export_encoding import SAVE_AS_CSV, UTF8, ExportFormat, sniff_format, utf8_copy
from orchestration.lake.store import (
    SCHEMA_FILE_NAME,
    BatchRecord,
    LakeLayout,
    file_sha256,
    write_json_atomically,
)
from orchestration.sources.service_requests.layout import (
    LAYOUTS,
    UnknownLayoutError,
    detect_layout,
    header_delimiter,
    read_header,
)
from orchestration.sources.service_requests.normalise import canonical_query

OBSERVATION_COLUMNS = (
    "batch_id, source_file, source_row, layout, batch_seq, ticket_id, type_labels, organization, "
    "description, latitude, longitude, address, subdistrict, district, province, created_at, "
    "in_progress_at, finished_reported_at, last_activity_at, status_label, star, count_reopen, warnings"
)

# The dialect is fixed, not sniffed: a sniffer gives up on a file with one unterminated quote, and the
# whole file would fail instead of that one record being quarantined. Only the delimiter is told, from
# the header alone (traffy_layout.header_delimiter).
_CSV_OPTIONS = (
    "header = true, auto_detect = false, quote = '\"', escape = '\"', "
    "store_rejects = true, rejects_table = 'csv_rejects', rejects_scan = 'csv_reject_scans', "
    "max_line_size = 4194304"
)


# DuckDB would take 80% of RAM for one export; past this it spills to the scratch folder under the data
# root (SPEC 2: everything lives there), so an export of any size lands in bounded memory.
LANDING_MEMORY_LIMIT = "500MB"


def _connect(scratch: Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'Asia/Bangkok'")
    connection.execute("SET enable_progress_bar = false")
    connection.execute(f"SET memory_limit = {sql_string(LANDING_MEMORY_LIMIT)}")
    connection.execute(f"SET temp_directory = {sql_string(scratch / 'spill')}")
    return connection


def _scratch_dir(layout: LakeLayout) -> tempfile.TemporaryDirectory[str]:
    """A scratch folder beside the lake (``<data root>/tmp/``), for decoded copies and DuckDB's spill."""
    parent = layout.lake_dir.parent.parent / "tmp"
    parent.mkdir(parents=True, exist_ok=True)
    return tempfile.TemporaryDirectory(dir=parent)


def _csv_scan(path: Path) -> str:
    """A DuckDB scan of ``path`` reading every column of its header as text, by its normalised name.

    A name the header repeats gets a numbered suffix, so such a file can still be read (and quarantined).
    A column without a name (Excel's trailing comma) is read as ``unnamed_<position>`` and, like any
    column no layout uses, ignored.
    """
    names: list[str] = []
    for position, name in enumerate(read_header(path), start=1):
        name = name or f"unnamed_{position}"
        names.append(name if name not in names else f"{name}_{names.count(name) + 1}")
    columns = ", ".join(f"{sql_string(name)}: 'VARCHAR'" for name in names)
    delimiter = sql_string(header_delimiter(path))
    return f"read_csv({sql_string(path)}, columns = {{{columns}}}, delim = {delimiter}, {_CSV_OPTIONS})"


def _quarantine_select(batch_id: str, source_file: str) -> str:
    """Quarantine rows from the judged records plus the CSV reader's malformed records.

    The reader logs one error per missing or extra field; grouping by line keeps one row per record.
    """
    return f"""
SELECT {sql_string(batch_id)} AS batch_id, {sql_string(source_file)} AS source_file,
       source_row, CAST(NULL AS BIGINT) AS source_line, quarantine_field AS field,
       quarantine_code AS reason_code, quarantine_reason AS reason, raw_record::VARCHAR AS raw_record
FROM judged WHERE quarantine_reason IS NOT NULL
UNION ALL
SELECT {sql_string(batch_id)}, {sql_string(source_file)}, NULL, CAST(line AS BIGINT),
       'record', 'malformed_csv_record',
       'malformed CSV record (' || string_agg(DISTINCT error_type, ', ') || '): '
           || string_agg(DISTINCT error_message, '; '),
       to_json(min(csv_line))::VARCHAR
FROM csv_rejects
GROUP BY line
"""


def _copy(connection: duckdb.DuckDBPyConnection, query: str, target: Path) -> None:
    """Write a query's result as Parquet under a temporary name, then rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".tmp")
    connection.execute(f"COPY ({query}) TO {sql_string(temporary)} (FORMAT parquet)")
    os.replace(temporary, target)


def _judge_known_layout(connection: duckdb.DuckDBPyConnection, path: Path, layout_name: str) -> None:
    connection.execute(f"CREATE TEMP TABLE judged AS {canonical_query(layout_name, _csv_scan(path))}")


def _judge_unknown_layout(connection: duckdb.DuckDBPyConnection, path: Path, reason: str) -> None:
    """Quarantine every record of a file whose header is not a Traffy header, so none is lost."""
    scan = _csv_scan(path)
    connection.execute(
        f"""CREATE TEMP TABLE judged AS
        SELECT row_number() OVER () AS source_row, to_json(r) AS raw_record, 'header' AS quarantine_field,
               'unknown_layout' AS quarantine_code, {sql_string(reason)} AS quarantine_reason
        FROM {scan} AS r"""
    )


def _judge_as_quarantined(
    connection: duckdb.DuckDBPyConnection, code: str, reason: str, records: list[list[str]]
) -> None:
    """Quarantine ``records`` (their fields) of a file that cannot be judged record by record, alike."""
    connection.execute(
        "CREATE TEMP TABLE csv_rejects (line UBIGINT, column_name VARCHAR, error_type VARCHAR, "
        "error_message VARCHAR, csv_line VARCHAR)"
    )
    connection.execute(
        "CREATE TEMP TABLE judged (source_row BIGINT, raw_record VARCHAR, quarantine_field VARCHAR, "
        "quarantine_code VARCHAR, quarantine_reason VARCHAR)"
    )
    if records:
        connection.executemany(
            "INSERT INTO judged VALUES (?, to_json(?::VARCHAR[]), 'file', ?, ?)",
            [(number, fields, code, reason) for number, fields in enumerate(records, start=1)],
        )


def _csv_records(path: Path) -> list[list[str]]:
    """The records after the header of a UTF-8 file, split by CSV rules.

    Rows read counts records, not lines: a quoted comment over three lines is one record. A file
    even Python's lenient reader cannot split counts as one record holding its whole text.
    """
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        text = handle.read()
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=header_delimiter(path)))
    except csv.Error:
        return [[text]]
    return rows[1:]


def _normalised_line_endings(path: Path, scratch: Path) -> Path:
    """A copy of ``path`` with CRLF and lone CR line endings turned into LF, streamed in chunks.

    DuckDB's reader and Python's header reader reject a file whose line endings change midway
    (old Mac CR, a CRLF export appended to an LF one); the records themselves are fine.
    """
    target = scratch / path.name
    with path.open("rb") as source, target.open("wb") as sink:
        pending = b""
        for chunk in iter(lambda: source.read(1 << 20), b""):
            data = pending + chunk
            pending = b"\r" if data.endswith(b"\r") else b""
            data = data[:-1] if pending else data
            sink.write(data.replace(b"\r\n", b"\n").replace(b"\r", b"\n"))
        sink.write(b"\n" if pending else b"")
    return target


def _judge(connection: duckdb.DuckDBPyConnection, path: Path) -> str:
    """Judge every record of ``path`` into the ``judged`` table; return the layout it was read with."""
    try:
        layout_name = detect_layout(path).name
    except UnknownLayoutError as error:
        _judge_unknown_layout(connection, path, str(error))
        return "unknown"
    _judge_known_layout(connection, path, layout_name)
    return layout_name


def _refuse(code: str, reason: str, scratch: Path) -> tuple[duckdb.DuckDBPyConnection, str]:
    """Quarantine a file that is not CSV text the landing can read as one record: it has no others."""
    connection = _connect(scratch)
    _judge_as_quarantined(connection, code, reason, [[]])
    return connection, "unknown"


def _judge_robustly(path: Path, scratch: Path) -> tuple[duckdb.DuckDBPyConnection, str]:
    """Judge the file as UTF-8 text (decoded first if need be): as it is, else with normalised line
    endings, else quarantined record by record. A file that is no text is refused whole, by name."""
    export = sniff_format(path)
    if not export.codecs:
        return _refuse(
            "unsupported_format",
            f"{path.name} is {export.name}, not a CSV text file: {export.advice}",
            scratch,
        )
    try:
        text = _utf8_text(path, export, scratch)
    except UnicodeDecodeError as error:
        return _refuse(
            "wrong_encoding",
            f"{path.name} is {export.name} that does not decode ({error.reason}): {SAVE_AS_CSV}",
            scratch,
        )
    failure: Exception | None = None
    for candidate in (text, None):
        connection = _connect(scratch)
        try:
            readable = candidate or _normalised_line_endings(text, scratch)
            return connection, _judge(connection, readable)
        except (duckdb.Error, csv.Error, UnicodeError) as error:
            failure = error
            connection.close()
    connection = _connect(scratch)
    # The error's type only: DuckDB's messages quote the header and records, which may be personal data.
    reason = f"{path.name}: cannot be read as a CSV export ({type(failure).__name__})"
    _judge_as_quarantined(connection, "unreadable_file", reason, _csv_records(text))
    return connection, "unknown"


def _utf8_text(path: Path, export: ExportFormat, scratch: Path) -> Path:
    """``path`` itself when it is read as UTF-8, else a UTF-8 copy (same name) in ``scratch``.

    Tries ``export``'s codecs in order; raises the last ``UnicodeDecodeError`` when none decodes it.
    """
    failure: UnicodeDecodeError | None = None
    for codec in export.codecs:
        if codec == UTF8:
            return path
        try:
            return utf8_copy(path, codec, scratch / "decoded" / path.name)
        except UnicodeDecodeError as error:
            failure = error
    assert failure is not None
    raise failure


def land_file(path: Path, layout: LakeLayout, batch_seq: int) -> BatchRecord | None:
    """Land ``path`` as one batch; return its record, or None when the same content was landed before.

    Whatever the file holds (an empty file, duplicate headers, binary data, mixed line endings), every
    record ends up accepted or quarantined with a reason; a bad file never stops the ingest of others.
    """
    batch_id = file_sha256(path)
    if layout.batch_record_file(batch_id).exists():
        return None
    with _scratch_dir(layout) as scratch:
        connection, layout_name = _judge_robustly(path, Path(scratch))
        return _write_batch(connection, path, layout, batch_id, layout_name, batch_seq)


def _write_batch(
    connection: duckdb.DuckDBPyConnection,
    path: Path,
    layout: LakeLayout,
    batch_id: str,
    layout_name: str,
    batch_seq: int,
) -> BatchRecord:
    try:
        accepted_query = f"""
            SELECT {sql_string(batch_id)} AS batch_id, {sql_string(path.name)} AS source_file,
                   source_row, {sql_string(layout_name)} AS layout, {batch_seq}::INTEGER AS batch_seq,
                   * EXCLUDE (source_row, raw_record, quarantine_field, quarantine_code, quarantine_reason)
            FROM judged WHERE quarantine_reason IS NULL"""
        if layout_name != "unknown":
            _copy(connection, accepted_query, layout.observation_file(batch_id))
        _copy(connection, _quarantine_select(batch_id, path.name), layout.quarantine_file(batch_id))
        counts = connection.execute(
            "SELECT count(*) FILTER (WHERE quarantine_reason IS NULL), "
            "count(*) FILTER (WHERE quarantine_reason IS NOT NULL) FROM judged"
        ).fetchone()
        rejected = connection.execute("SELECT count(DISTINCT line) FROM csv_rejects").fetchone()
        warned = (
            connection.execute(
                "SELECT count(*) FROM judged WHERE quarantine_reason IS NULL AND len(warnings) > 0"
            ).fetchone()
            if layout_name != "unknown"
            else (0,)
        )
    finally:
        connection.close()
    assert counts is not None and rejected is not None and warned is not None
    record = BatchRecord.landed_now(
        path, batch_id, layout_name, counts[0], counts[1] + rejected[0], warned[0], batch_seq
    )
    crash_point("ingest:before_batch_record")
    write_json_atomically(layout.batch_record_file(batch_id), asdict(record))
    return record


def ensure_schema_files(layout: LakeLayout) -> None:
    """Write zero-row observation and quarantine files so both can be queried before any batch lands.

    dbt's staging view globs the observations folder; an empty folder would make every model fail
    for a data directory that simply holds no service requests yet (SPEC 2).
    """
    observations = layout.observations_dir / SCHEMA_FILE_NAME
    quarantine = layout.quarantine_dir / SCHEMA_FILE_NAME
    if observations.exists() and quarantine.exists():
        return
    with tempfile.TemporaryDirectory() as scratch:
        header_only = Path(scratch) / "header.csv"
        header_only.write_text(",".join(LAYOUTS["exchange_api_v2"]) + "\n", encoding="utf-8")
        connection = _connect(Path(scratch))
        try:
            _judge_known_layout(connection, header_only, "exchange_api_v2")
            _copy(
                connection,
                "SELECT ''::VARCHAR AS batch_id, ''::VARCHAR AS source_file, source_row, "
                "''::VARCHAR AS layout, 0::INTEGER AS batch_seq, "
                "* EXCLUDE (source_row, raw_record, quarantine_field, quarantine_code, quarantine_reason) "
                "FROM judged",
                observations,
            )
            _copy(connection, _quarantine_select("", ""), quarantine)
        finally:
            connection.close()
