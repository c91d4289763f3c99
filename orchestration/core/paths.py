"""Where the platform reads and writes: every path derives from one root, ``$CITY_DATA_DIR``.

Keeping the layout in one module means the ingest, dbt, quality and publish code cannot drift apart on
where a file lives, and pointing ``CITY_DATA_DIR`` elsewhere moves everything at once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA_DIR = REPO_ROOT / "data"
SAMPLE_DIR = REPO_ROOT / "data" / "sample"
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
EXPECTATIONS_DIR = REPO_ROOT / "expectations"

SOURCES = ("service_requests", "survey")


@dataclass(frozen=True)
class CityDataPaths:
    """The SPEC section 2 layout under one data root."""

    root: Path

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    def inbox_for(self, source: str) -> Path:
        return self.inbox / source

    def lake_for(self, source: str) -> Path:
        return self.root / "lake" / source

    def quarantine_for(self, source: str) -> Path:
        return self.root / "quarantine" / source

    @property
    def warehouse_db(self) -> Path:
        return self.root / "warehouse" / "warehouse.duckdb"

    @property
    def published(self) -> Path:
        return self.root / "published"

    def ensure(self) -> CityDataPaths:
        """Create the directory skeleton so every later step can assume it exists."""
        for source in SOURCES:
            self.inbox_for(source).mkdir(parents=True, exist_ok=True)
            self.lake_for(source).mkdir(parents=True, exist_ok=True)
            self.quarantine_for(source).mkdir(parents=True, exist_ok=True)
        self.warehouse_db.parent.mkdir(parents=True, exist_ok=True)
        self.published.mkdir(parents=True, exist_ok=True)
        return self


def city_data_paths() -> CityDataPaths:
    """Resolve ``$CITY_DATA_DIR`` (default ``data/`` in the repo) to an absolute path.

    The absolute path is written back to the environment because dbt, run as a subprocess from another
    working directory, reads the same variable in ``profiles.yml`` and the lake sources.
    """
    root = Path(os.environ.get("CITY_DATA_DIR") or DEFAULT_DATA_DIR).expanduser().resolve()
    os.environ["CITY_DATA_DIR"] = str(root)
    return CityDataPaths(root)
