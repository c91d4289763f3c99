"""Land one survey export as a batch: consenting responses to the lake, personal data left behind.

The lake boundary is where PDPA is enforced (SPEC 3.2): names and phone numbers are never written,
national IDs only as a keyed hash, free text scrubbed, and responses without consent are quarantined
without their answers. The raw inbox file stays the only place the personal data exists.
"""

from __future__ import annotations

import csv
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orchestration.core.paths import DBT_PROJECT_DIR
from orchestration.lake.inbox import inbox_files
from orchestration.lake.store import (
    SCHEMA_FILE_NAME,
    BatchRecord,
    LakeLayout,
    file_sha256,
    write_json_atomically,
)
from orchestration.privacy.pii import (
    RespondentName,
    hash_national_id,
    is_valid_national_id,
    mask_raw_value,
    scrub_personal_data,
)
from orchestration.privacy.reference_names import is_reference_name, load_reference_names
from orchestration.sources.survey.identity import ResponseKeys
from orchestration.sources.survey.instruments import (
    Instrument,
    UnmappableExportError,
    maps_any,
    match_instrument,
    normalise_label,
)
from orchestration.sources.survey.reader import SurveyTable, UnreadableExportError, open_survey_export
from orchestration.sources.survey.values import AnswerProblem, is_blank, parse_answer, parse_submitted_at

if TYPE_CHECKING:
    import pyarrow as pa

UNKNOWN_AREA = "unknown"
UNKNOWN_INSTRUMENT = "unknown"  # the layout of a batch no instrument maps
# Clocks drift and forms close at midnight: up to a day ahead is accepted, later is an error.
FUTURE_TOLERANCE = timedelta(days=1)
# No question's answer is longer than this; a longer cell is a broken export, not free text.
MAX_ANSWER_CHARACTERS = 100_000
_SCORES = ("age", "life_satisfaction", "service_satisfaction", "health", "environment_satisfaction")


# pyarrow is imported where a batch is written, not when the code location loads (about 0.3 s).
@cache
def response_schema() -> pa.Schema:
    """The columns of a landed survey response, as dbt's staging model reads them."""
    import pyarrow as pa

    return pa.schema(
        [
            ("batch_id", pa.string()),
            ("source_file", pa.string()),
            ("source_row", pa.int64()),
            ("instrument_id", pa.string()),
            ("batch_seq", pa.int32()),
            ("submitted_at", pa.timestamp("us", tz="UTC")),
            ("community_name", pa.string()),
            ("area_id", pa.string()),
            ("sex", pa.string()),
            *[(name, pa.int32()) for name in _SCORES],
            ("feel_safe_night", pa.bool_()),
            ("top_problem", pa.string()),
            ("comment", pa.string()),
            ("national_id_hash", pa.string()),
            ("response_key", pa.string()),
            ("warnings", pa.list_(pa.string())),
        ]
    )


@cache
def quarantine_schema() -> pa.Schema:
    """The columns of a quarantined survey record."""
    import pyarrow as pa

    return pa.schema(
        [
            ("batch_id", pa.string()),
            ("source_file", pa.string()),
            ("source_row", pa.int64()),
            ("source_line", pa.int64()),
            ("field", pa.string()),
            ("reason_code", pa.string()),
            ("reason", pa.string()),
            ("raw_record", pa.string()),  # always NULL for surveys: the raw record holds personal data
        ]
    )


def load_area_names(seeds_dir: Path = DBT_PROJECT_DIR / "seeds") -> dict[str, str]:
    """Community name (normalised) → area_id, from the same reference dbt seeds."""
    with (seeds_dir / "ref_areas.csv").open(encoding="utf-8", newline="") as handle:
        return {normalise_label(row["name_th"]): row["area_id"] for row in csv.DictReader(handle)}


class _Quarantined(Exception):
    def __init__(self, field: str, code: str, reason: str) -> None:
        super().__init__(reason)
        self.field, self.code, self.reason = field, code, reason


def _response(
    instrument: Instrument, cells: dict[str, Any], areas: dict[str, str], key: bytes, names: set[str]
) -> dict[str, Any]:
    """Canonical values of one row; raises _Quarantined when the row cannot be a consenting response."""
    specs = {spec.name: spec for spec in instrument.fields}
    values: dict[str, Any] = {}
    warnings: list[str] = []
    submitted = cells.get("submitted_at")
    if is_blank(submitted):
        raise _Quarantined("submitted_at", "missing_submitted_at", "submitted_at is empty")
    try:
        values["submitted_at"] = parse_submitted_at(submitted).astimezone(UTC)
    except ValueError as error:
        raise _Quarantined(
            "submitted_at",
            "unparseable_submitted_at",
            f"submitted_at {mask_raw_value(submitted, names)} is not a date and time",
        ) from error
    if values["submitted_at"] > datetime.now(UTC) + FUTURE_TOLERANCE:
        raise _Quarantined(
            "submitted_at",
            "future_submitted_at",
            f"submitted_at {mask_raw_value(submitted, names)} is in the future",
        )
    for name, value in cells.items():
        if isinstance(value, str) and len(value) > MAX_ANSWER_CHARACTERS:
            raise _Quarantined(
                name, "oversized_answer", f"{name}: {len(value):,} characters is not an answer"
            )
    consent = cells.get("consent")
    if is_blank(consent):
        raise _Quarantined(
            "consent", "missing_consent", "consent is not answered: the response cannot be used"
        )
    try:
        consented = parse_answer(specs["consent"], consent) == "yes"
    except AnswerProblem as problem:
        raise _Quarantined(
            "consent", "unknown_consent", f"consent: answer {mask_raw_value(consent, names)} is not mapped"
        ) from problem
    if not consented:
        raise _Quarantined("consent", "no_consent", "the respondent did not consent to the use of the data")
    for name in ("sex", "top_problem", "feel_safe_night", *_SCORES):
        if name not in specs or is_blank(cells.get(name)):
            values[name] = None
            continue
        try:
            values[name] = parse_answer(specs[name], cells[name])
        except AnswerProblem as problem:
            values[name] = None
            warnings.append(problem.code)
    if values["feel_safe_night"] is not None:
        values["feel_safe_night"] = values["feel_safe_night"] == "yes"
    # Typed by the respondent, so it may hold anything a comment may: scrubbed the same way.
    community = (
        None
        if is_blank(cells.get("community"))
        else scrub_personal_data(normalise_label(cells["community"]), names)
    )
    values["community_name"] = community
    values["area_id"] = areas.get(community or "", UNKNOWN_AREA)
    if values["area_id"] == UNKNOWN_AREA:
        warnings.append("unmatched_community" if community else "missing_community")
    comment = cells.get("comment")
    values["comment"] = None if is_blank(comment) else scrub_personal_data(normalise_label(comment), names)
    national_id = cells.get("national_id")
    values["national_id_hash"] = None
    if not is_blank(national_id):
        if is_valid_national_id(str(national_id)):
            values["national_id_hash"] = hash_national_id(str(national_id), key)
        else:
            warnings.append("invalid_national_id")
    values["warnings"] = warnings
    return values


def open_export(path: Path, instruments: list[Instrument]) -> SurveyTable:
    """The survey table in ``path``: in a workbook, the sheet some instrument maps."""
    return open_survey_export(path, lambda headers: maps_any(headers, instruments))


def _write_parquet(rows: list[dict[str, Any]], schema: pa.Schema, target: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".tmp")
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), temporary)
    os.replace(temporary, target)


def _line_numbers(path: Path) -> list[int | None]:
    """Data rows of a file that cannot be parsed: one per line after the header, or one for a binary file."""
    data = path.read_bytes()
    if path.suffix.lower() in {".xlsx", ".xlsm"} or b"\x00" in data[:1024]:
        return [None]
    return list(range(1, len(data.splitlines()))) or [None]


def land_survey_file(
    path: Path,
    layout: LakeLayout,
    batch_seq: int,
    instruments: list[Instrument],
    areas: dict[str, str],
    key: bytes,
    known_names: set[str],
) -> BatchRecord | None:
    """Land ``path`` as one batch; None when the same content was landed before.

    An export no instrument maps, or that cannot be decoded, lands nothing but quarantine rows naming
    the problem (one per data row, or one for the file): nothing of it is half-ingested. Respondent
    names in ``known_names`` (from every raw export) are scrubbed from comments, with titles around them
    left as they are.
    """
    batch_id = file_sha256(path)
    if layout.batch_record_file(batch_id).exists():
        return None
    batch = _SurveyBatch(path, batch_id, batch_seq)
    table = None
    try:
        table = open_export(path, instruments)
        instrument = match_instrument(table.headers, instruments)
    except (UnreadableExportError, UnmappableExportError) as error:
        code = "unreadable_file" if table is None else "unmapped_instrument"
        # Every data row of an unmappable export is counted; an unreadable file by its lines.
        numbers = [number for number, _ in table.rows] if table is not None else _line_numbers(path)
        for number in numbers:
            batch.quarantine_file(number, code, str(error))
    else:
        batch.instrument_id = instrument.instrument_id
        _judge_rows(batch, table, instrument, areas, key, known_names)
    if batch.instrument_id != UNKNOWN_INSTRUMENT:
        _write_parquet(batch.accepted, response_schema(), layout.observation_file(batch_id))
    _write_parquet(batch.quarantined, quarantine_schema(), layout.quarantine_file(batch_id))
    record = batch.record()
    write_json_atomically(layout.batch_record_file(batch_id), asdict(record))
    return record


@dataclass
class _SurveyBatch:
    """The rows one export lands, accepted and quarantined, as they are judged."""

    path: Path
    batch_id: str
    batch_seq: int
    instrument_id: str = UNKNOWN_INSTRUMENT
    accepted: list[dict[str, Any]] = field(default_factory=list)
    quarantined: list[dict[str, Any]] = field(default_factory=list)

    def quarantine_file(self, number: int | None, code: str, reason: str) -> None:
        """A row (or, with ``number`` None, a line) of an export that cannot be read as a whole."""
        self._quarantine(number, "file", code, f"{self.path.name}: {reason}")

    def quarantine_row(self, number: int, field_name: str, code: str, reason: str) -> None:
        self._quarantine(number, field_name, code, f"{self.path.name} row {number}: {reason}")

    def _quarantine(self, number: int | None, field_name: str, code: str, reason: str) -> None:
        self.quarantined.append(
            {
                "batch_id": self.batch_id,
                "source_file": self.path.name,
                "source_row": number,
                "field": field_name,
                "reason_code": code,
                "reason": reason,
            }
        )

    def accept(self, number: int, values: dict[str, Any], response_key: str) -> None:
        self.accepted.append(
            {
                "batch_id": self.batch_id,
                "source_file": self.path.name,
                "source_row": number,
                "instrument_id": self.instrument_id,
                "batch_seq": self.batch_seq,
                **values,
                "response_key": response_key,
            }
        )

    def record(self) -> BatchRecord:
        return BatchRecord.landed_now(
            self.path,
            self.batch_id,
            self.instrument_id,
            len(self.accepted),
            len(self.quarantined),
            sum(1 for row in self.accepted if row["warnings"]),
            self.batch_seq,
        )


def _judge_rows(
    batch: _SurveyBatch,
    table: SurveyTable,
    instrument: Instrument,
    areas: dict[str, str],
    key: bytes,
    known_names: set[str],
) -> None:
    """Accept or quarantine every data row of an export its instrument maps."""
    columns = {normalise_label(header): index for index, header in enumerate(table.headers)}
    positions = {spec.name: columns[spec.header] for spec in instrument.fields if spec.header in columns}
    keys = ResponseKeys()
    for number, row in table.rows:
        if len(row) != len(table.headers):
            batch.quarantine_row(
                number, "row", "malformed_row", f"{len(row)} cells, the header has {len(table.headers)}"
            )
            continue
        cells = {name: row[index] if index < len(row) else None for name, index in positions.items()}
        try:
            values = _response(instrument, cells, areas, key, known_names)
        except _Quarantined as problem:
            batch.quarantine_row(number, problem.field, problem.code, problem.reason)
            continue
        batch.accept(number, values, keys.key(values, cells.get("response_id")))


def ensure_survey_schema_files(layout: LakeLayout) -> None:
    """Zero-row files so dbt can read the survey lake before any export has landed.

    Rewritten when the schema gained a column (``response_key``), so a lake whose batches all predate
    it still shows dbt every column.
    """
    import pyarrow.parquet as pq

    for schema, folder in (
        (response_schema(), layout.observations_dir),
        (quarantine_schema(), layout.quarantine_dir),
    ):
        target = folder / SCHEMA_FILE_NAME
        if not target.exists() or not pq.read_schema(target).equals(schema):
            _write_parquet([], schema, target)


def respondent_name_sources(path: Path, instruments: list[Instrument]) -> list[RespondentName]:
    """Every full name written in one raw survey export with its row, read in memory and never stored."""
    try:
        table = open_export(path, instruments)
        instrument = match_instrument(table.headers, instruments)
    except (UnreadableExportError, UnmappableExportError):
        return []
    columns = {normalise_label(header): index for index, header in enumerate(table.headers)}
    positions = [
        columns[spec.header]
        for spec in instrument.fields
        if spec.name == "full_name" and spec.header in columns
    ]
    return [
        RespondentName(normalise_label(row[i]), path.name, number)
        for number, row in table.rows
        for i in positions
        if i < len(row) and not is_blank(row[i])
    ]


def respondent_names_in(path: Path, instruments: list[Instrument]) -> set[str]:
    """The personal names of one export: its full names, less those that are reference names.

    A respondent who typed their community into the name field gave no name; scrubbing it would turn
    community answers such as "ชุมชนบ้านแขก" into "ชุมชน[name]".
    """
    reference = load_reference_names()
    return {
        source.name
        for source in respondent_name_sources(path, instruments)
        if not is_reference_name(source.name, reference)
    }


def respondent_sources(inbox_dir: Path, instruments: list[Instrument]) -> list[RespondentName]:
    """Every full name in the raw survey exports with its file and row, for the publish scan."""
    return [
        source for path in inbox_files(inbox_dir) for source in respondent_name_sources(path, instruments)
    ]


def respondent_names(inbox_dir: Path, instruments: list[Instrument]) -> set[str]:
    """Every personal name in the raw survey exports, scrubbed from the answers of every export."""
    return set().union(*(respondent_names_in(path, instruments) for path in inbox_files(inbox_dir)))
