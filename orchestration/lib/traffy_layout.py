"""Recognise which Traffy Fondue export layout a file uses, from its header alone.

Columns are matched by name, never by position (SPEC 3.1): municipalities reorder columns when they
re-export, and a positional reader would silently shift every field.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

PUBLIC_DUMP_COLUMNS = (
    "ticket_id",
    "type",
    "organization",
    "comment",
    "coords",
    "photo",
    "photo_after",
    "address",
    "subdistrict",
    "district",
    "province",
    "timestamp",
    "state",
    "star",
    "count_reopen",
    "last_activity",
)

EXCHANGE_API_V2_COLUMNS = (
    "ticket_id",
    "type",
    "organization",
    "description",
    "photo",
    "latitude",
    "longitude",
    "address",
    "subdistrict",
    "district",
    "province",
    "timestamp",
    "photo_after",
    "timestamp_inprogress",
    "timestamp_finished",
    "org_finished",
    "status",
    "confirmed",
    "star",
    "count_reopen",
    "last_activity",
)

LAYOUTS: dict[str, tuple[str, ...]] = {
    "public_dump": PUBLIC_DUMP_COLUMNS,
    "exchange_api_v2": EXCHANGE_API_V2_COLUMNS,
}

# The first line is read with this many bytes at most: a header longer than this is not a Traffy header.
_HEADER_READ_LIMIT = 64 * 1024


class UnknownLayoutError(ValueError):
    """The header matches no known layout; the message names the file and the closest layout's gaps."""


@dataclass(frozen=True)
class DetectedLayout:
    name: str
    header: tuple[str, ...]


def read_header(path: Path) -> tuple[str, ...]:
    """Return the header's column names, with a UTF-8 byte-order mark and surrounding spaces removed."""
    with path.open("rb") as handle:
        first_line = handle.readline(_HEADER_READ_LIMIT)
    text = first_line.decode("utf-8-sig", errors="replace")
    row = next(csv.reader(io.StringIO(text)), [])
    return tuple(column.strip() for column in row)


def detect_layout(path: Path) -> DetectedLayout:
    """Pick the layout whose every column is present in the header.

    The exchange layout is tried first because it is the stricter superset of distinguishing columns
    (``latitude``/``longitude``/``status`` instead of ``coords``/``state``).
    """
    header = read_header(path)
    duplicated = sorted({column for column in header if header.count(column) > 1})
    if duplicated:
        raise UnknownLayoutError(f"{path.name}: duplicate column(s) in the header: {', '.join(duplicated)}")
    present = set(header)
    for name in ("exchange_api_v2", "public_dump"):
        if set(LAYOUTS[name]) <= present:
            return DetectedLayout(name=name, header=header)
    closest = min(LAYOUTS, key=lambda name: len(set(LAYOUTS[name]) - present))
    missing = [column for column in LAYOUTS[closest] if column not in present]
    raise UnknownLayoutError(
        f"{path.name}: header matches no Traffy layout; closest is {closest}, "
        f"missing column(s): {', '.join(missing)}"
    )
