"""Read survey exports (CSV or XLSX) row by row, whatever encoding Thai Excel or a form tool chose.

CSV encodings are detected, not configured: a byte-order mark means UTF-8; otherwise strict UTF-8 is
tried and Windows-874 (cp874, what Thai Excel saves as "CSV") is the fallback.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

UTF8_BOM = b"\xef\xbb\xbf"
# Whether a worksheet's first row is the header of a survey export (some instrument maps it).
HeaderTest = Callable[[list[str]], bool]


class UnreadableExportError(ValueError):
    """The file is neither a readable CSV in a supported encoding nor an XLSX workbook."""


@dataclass(frozen=True)
class SurveyTable:
    encoding: str
    headers: list[str]
    rows: Iterator[tuple[int, list[Any]]]  # (1-based data row number, cell values)


def detect_encoding(data: bytes) -> str:
    if data.startswith(UTF8_BOM):
        return "utf-8-sig"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    try:
        data.decode("cp874")
    except UnicodeDecodeError as error:
        raise UnreadableExportError(f"neither UTF-8 nor Windows-874 (cp874): {error}") from error
    return "cp874"


# Large enough for any real answer, small enough that a runaway field is an error, not a memory spike.
MAX_FIELD_CHARACTERS = 16 * 1024 * 1024
csv.field_size_limit(MAX_FIELD_CHARACTERS)


def _csv_table(path: Path) -> SurveyTable:
    """Rows parsed strictly: a quote left open to the end of the file is an error, not one huge answer.

    A lenient reader would swallow every later response (names included) into one comment.
    """
    data = path.read_bytes()  # survey exports are small (thousands of rows)
    encoding = detect_encoding(data)
    try:
        records = list(csv.reader(io.StringIO(data.decode(encoding), newline=""), strict=True))
    except csv.Error as error:
        raise UnreadableExportError(f"not a well-formed CSV file: {error}") from error
    headers = records[0] if records else []
    return SurveyTable(encoding, headers, iter(list(enumerate(records[1:], start=1))))


def _header_row(row: tuple[Any, ...]) -> list[str]:
    return ["" if value is None else str(value) for value in row]


def _xlsx_table(path: Path, is_export_header: HeaderTest) -> SurveyTable:
    """The first worksheet whose header row is an export's; the first worksheet when none is.

    Workbooks keyed by hand often open with a cover page or instructions, so position says nothing.
    """
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several unrelated types for a damaged file
        raise UnreadableExportError(f"not a readable XLSX workbook: {error}") from error
    sheet = next(
        (
            sheet
            for sheet in workbook.worksheets
            if is_export_header(_header_row(next(sheet.iter_rows(max_row=1, values_only=True), ())))
        ),
        workbook.worksheets[0],
    )
    rows = sheet.iter_rows(values_only=True)
    headers = _header_row(next(rows, ()))

    def data_rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for number, row in enumerate(rows, start=1):
                if any(value not in (None, "") for value in row):
                    # A sheet's rows span its widest row; cells beyond the header are not answers.
                    yield number, [*row[: len(headers)], *[None] * (len(headers) - len(row))]
        finally:
            workbook.close()

    return SurveyTable("xlsx", headers, data_rows())


def open_survey_export(path: Path, is_export_header: HeaderTest = lambda _: True) -> SurveyTable:
    """The export's header and rows; in a workbook, the first sheet whose header ``is_export_header``."""
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return _xlsx_table(path, is_export_header)
    return _csv_table(path)
