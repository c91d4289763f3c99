"""Recognise which Traffy Fondue export layout a file uses, from its header alone.

Columns are matched by name, never by position (SPEC 3.1): municipalities reorder columns when they
re-export, and a positional reader would silently shift every field.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from orchestration.core.paths import REPO_ROOT

LAYOUTS_FILE = REPO_ROOT / "config" / "export_formats" / "traffy_layouts.json"


def _load_layouts(path: Path = LAYOUTS_FILE) -> dict[str, tuple[str, ...]]:
    """Each layout's columns in export order, from the data file the generators and corpus also read."""
    layouts = json.loads(path.read_text(encoding="utf-8"))["layouts"]
    return {name: tuple(layout["columns"]) for name, layout in layouts.items()}


LAYOUTS = _load_layouts()
PUBLIC_DUMP_COLUMNS = LAYOUTS["public_dump"]
EXCHANGE_API_V2_COLUMNS = LAYOUTS["exchange_api_v2"]

# The first line is read with this many bytes at most: a header longer than this is not a Traffy header.
_HEADER_READ_LIMIT = 64 * 1024


class UnknownLayoutError(ValueError):
    """The header matches no known layout; the message names the file and the closest layout's gaps."""


@dataclass(frozen=True)
class DetectedLayout:
    name: str
    header: tuple[str, ...]


# Besides whitespace (which covers the no-break space), spreadsheets and web forms leave zero-width
# spaces and stray byte-order marks around names that were pasted or re-typed.
_INVISIBLE = "\u200b\ufeff"


def normalise_column_name(name: str) -> str:
    """The name a header column is matched by: case, surrounding spaces and invisible marks ignored.

    People re-type headers (``TICKET_ID``, `` Last_Activity ``) when they re-save an export; the name
    still says which field the column holds, so it should not turn the file into an unknown layout.
    """
    return name.strip().strip(_INVISIBLE).strip().casefold()


def _first_line(path: Path) -> str:
    with path.open("rb") as handle:
        first_line = handle.readline(_HEADER_READ_LIMIT)
    return first_line.decode("utf-8-sig", errors="replace")


def header_delimiter(path: Path) -> str:
    """``,``, or a tab when the header has no comma but tabs: Excel's "Unicode Text" save.

    Only the header decides, and only between these two: a comma header is read exactly as before,
    and a file separated by anything else stays one unknown column.
    """
    return _delimiter_of(_first_line(path))


def _delimiter_of(line: str) -> str:
    return "\t" if "," not in line and "\t" in line else ","


def read_header(path: Path) -> tuple[str, ...]:
    """Return the header's normalised column names (UTF-8 byte-order mark removed).

    A column without a name (Excel's trailing comma) is kept as ``""`` so positions still line up
    with the records; the layout check ignores it.
    """
    line = _first_line(path)
    row = next(csv.reader(io.StringIO(line), delimiter=_delimiter_of(line)), [])
    return tuple(normalise_column_name(column) for column in row)


def detect_layout(path: Path) -> DetectedLayout:
    """Pick the layout whose every column is present in the header.

    The exchange layout is tried first because it is the stricter superset of distinguishing columns
    (``latitude``/``longitude``/``status`` instead of ``coords``/``state``).
    """
    header = read_header(path)
    duplicated = sorted({column for column in header if column and header.count(column) > 1})
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
