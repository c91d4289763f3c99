"""The reference data and parameters every implementation shares, read from the dbt project itself.

The floor and the pandas peer compute the published sr_* indicators independently of dbt, but they
must use the same seeds and the same project variables, or a difference would mean nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
SEEDS_DIR = DBT_PROJECT_DIR / "seeds"

# The key of a published indicator cell, and the measured columns compared across implementations.
KEY_COLUMNS = ("indicator_id", "period_start", "area_id", "category")
VALUE_COLUMNS = ("value", "numerator", "denominator", "sample_size")
RESULT_COLUMNS = KEY_COLUMNS + VALUE_COLUMNS

# SPEC 3.3: tickets are assigned to the nearest community centroid within this distance.
AREA_RADIUS_KM = 2.0
EARTH_RADIUS_KM = 6371.0088  # mean Earth radius, as in int_service_requests__areas
# SPEC 3.1: accepted timestamps may run this far ahead of the clock; B.E. years start here.
FUTURE_TOLERANCE_DAYS = 1
BUDDHIST_ERA_FROM = 2400
MAX_COUNT = 2_147_483_647


@dataclass(frozen=True)
class Parameters:
    """The dbt project variables the sr_* indicators depend on."""

    default_sla_hours: int
    backlog_age_days: int


def parameters() -> Parameters:
    project = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    variables = project["vars"]
    return Parameters(int(variables["default_sla_hours"]), int(variables["backlog_age_days"]))


def seed(name: str) -> Path:
    return SEEDS_DIR / f"{name}.csv"
