"""Names that are reference data: communities, categories, problems and roll-up labels (dbt seeds).

They are published on purpose, so a respondent who types their community into the name field has not
given a personal name: such a "name" is neither scrubbed from answers nor blocks a publish.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from orchestration.core.paths import DBT_PROJECT_DIR
from orchestration.sources.survey.instruments import normalise_label

# Seed file -> its columns that hold names in Thai or English.
_NAME_COLUMNS = {
    "ref_areas.csv": ("name_th", "name_en"),
    "ref_categories.csv": ("label_th", "name_en"),
    "ref_citizen_problems.csv": ("name_th", "name_en"),
    "ref_rollup_labels.csv": ("name_th", "name_en"),
}


@cache
def load_reference_names(seeds_dir: Path = DBT_PROJECT_DIR / "seeds") -> frozenset[str]:
    """Every reference name, normalised as answers are (NFC, white space folded)."""
    names: set[str] = set()
    for file_name, columns in _NAME_COLUMNS.items():
        with (seeds_dir / file_name).open(encoding="utf-8", newline="") as handle:
            names.update(normalise_label(row[column]) for row in csv.DictReader(handle) for column in columns)
    return frozenset(name for name in names if name)


def is_reference_name(name: str, reference_names: Iterable[str]) -> bool:
    """Whether ``name`` is written inside a reference name ("บ้านแขก" in "ชุมชนบ้านแขก")."""
    folded = normalise_label(name)
    return any(folded in reference for reference in reference_names)
