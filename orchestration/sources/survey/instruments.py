"""Survey instrument mappings: an export's headers and answer labels → the canonical fields of SPEC 3.2.

Each wave's questionnaire is worded a little differently; a mapping file per instrument
(``config/survey_instruments/*.yaml``) absorbs that, so a new wave needs a new mapping, not new code.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from orchestration.core.paths import REPO_ROOT

INSTRUMENTS_DIR = REPO_ROOT / "config" / "survey_instruments"
# The canonical answers the survey indicators are computed from (SPEC 3.2, 4), in questionnaire order.
ANSWER_FIELDS = (
    "life_satisfaction",
    "service_satisfaction",
    "feel_safe_night",
    "health",
    "environment_satisfaction",
    "top_problem",
)
FIELD_TYPES = {
    "datetime",
    "choice",
    "text",
    "integer",
    "free_text",
    "personal_dropped",
    "national_id",
    "response_id",  # the form tool's own ID of a response (KoboToolbox _uuid): its identity across exports
}


def normalise_label(text: Any) -> str:
    """NFC, stripped, inner runs of white space folded: how headers, answers and names are compared."""
    return " ".join(unicodedata.normalize("NFC", str(text)).split())


@dataclass(frozen=True)
class FieldSpec:
    name: str
    header: str
    type: str
    answers: dict[str, Any] = field(default_factory=dict)
    minimum: int | None = None
    maximum: int | None = None
    optional: bool = False


@dataclass(frozen=True)
class Instrument:
    instrument_id: str
    version: int
    fields: tuple[FieldSpec, ...]

    def required_headers(self) -> set[str]:
        return {spec.header for spec in self.fields if not spec.optional}

    def headers(self) -> set[str]:
        return {spec.header for spec in self.fields}


class UnmappableExportError(ValueError):
    """No instrument maps the export; the message lists the headers that could not be mapped."""


def _field(name: str, raw: dict[str, Any]) -> FieldSpec:
    kind = raw["type"]
    if kind not in FIELD_TYPES:
        raise ValueError(f"field {name}: unknown type {kind!r}")
    return FieldSpec(
        name=name,
        header=normalise_label(raw["header"]),
        type=kind,
        answers={normalise_label(label): value for label, value in (raw.get("answers") or {}).items()},
        minimum=raw.get("min"),
        maximum=raw.get("max"),
        optional=bool(raw.get("optional", False)),
    )


def load_instruments(directory: Path = INSTRUMENTS_DIR) -> list[Instrument]:
    instruments = []
    for path in sorted(directory.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        fields = tuple(_field(name, spec) for name, spec in raw["fields"].items())
        instruments.append(Instrument(raw["instrument_id"], int(raw["version"]), fields))
    return instruments


def match_instrument(headers: list[str], instruments: list[Instrument]) -> Instrument:
    """The instrument whose every required header is present (extra export columns are ignored)."""
    normalised = [normalise_label(header) for header in headers]
    duplicated = sorted({header for header in normalised if header and normalised.count(header) > 1})
    if duplicated:
        raise UnmappableExportError(f"the export repeats header(s) {', '.join(map(repr, duplicated))}")
    present = set(normalised)
    candidates = [instrument for instrument in instruments if instrument.required_headers() <= present]
    if candidates:
        return max(candidates, key=lambda instrument: len(instrument.headers() & present))
    known = set().union(*(instrument.headers() for instrument in instruments)) if instruments else set()
    unmapped = [header for header in headers if normalise_label(header) not in known]
    closest = max(instruments, key=lambda instrument: len(instrument.headers() & present), default=None)
    missing = sorted(closest.required_headers() - present) if closest else []
    raise UnmappableExportError(
        "no survey instrument maps this export; headers it could not map: "
        + (", ".join(repr(header) for header in unmapped) or "none")
        + (
            f"; closest instrument {closest.instrument_id} also needs: {', '.join(missing)}"
            if closest
            else ""
        )
    )


def maps_any(headers: list[str], instruments: list[Instrument]) -> bool:
    """Whether some instrument maps these headers: how the export sheet of a workbook is recognised."""
    try:
        match_instrument(headers, instruments)
    except UnmappableExportError:
        return False
    return True
