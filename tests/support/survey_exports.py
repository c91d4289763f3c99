"""Hand-made survey exports for tests: the reference instrument's headers, public areas, responses.

One module, so every test writes exports the same way the landing reads them (the instrument mapping
in config/survey_instruments/) and uses the same public community list (ref_areas).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml

from tests.support.paths import REPO_ROOT

INSTRUMENT = REPO_ROOT / "config" / "survey_instruments" / "plk_wellbeing_v1.yaml"
AREAS = REPO_ROOT / "dbt_project" / "seeds" / "ref_areas.csv"


def areas(count: int) -> list[dict[str, str]]:
    """The first ``count`` communities of the public areas reference (area_id, name_th, population, ...)."""
    with AREAS.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))[:count]


def instrument_headers() -> dict[str, str]:
    """Canonical field -> the export header the reference instrument maps it from."""
    instrument = yaml.safe_load(INSTRUMENT.read_text(encoding="utf-8"))
    return {name: spec["header"] for name, spec in instrument["fields"].items()}


def response(
    community: str,
    life: int,
    safe: bool,
    consent: str = "ยินยอม",
    submitted_at: str = "17/11/2567 14:03:21",  # B.E. 2567 = 2024, fourth quarter
    **extra: str,
) -> dict[str, str]:
    """One response with every answer filled in; ``extra`` overrides or adds canonical fields."""
    return {
        "submitted_at": submitted_at,
        "consent": consent,
        "community": community,
        "sex": "หญิง",
        "age": "๔๒",  # Thai digits
        "life_satisfaction": str(life),
        "service_satisfaction": "มาก",
        "feel_safe_night": "ใช่" if safe else "ไม่ใช่",
        "health": "ดี",
        "environment_satisfaction": "ปานกลาง",
        "top_problem": "น้ำท่วม",
        "comment": "",
        **extra,
    }


def write_export(path: Path, rows: Iterable[Mapping[str, str]]) -> None:
    """Write ``rows`` as a UTF-8 (BOM) CSV export with the instrument's Thai headers."""
    headers = instrument_headers()
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers.values())
        for row in rows:
            writer.writerow(row.get(name, "") for name in headers)
