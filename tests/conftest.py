"""Shared fixtures: every test gets its own CITY_DATA_DIR, and nothing talks to the outside world."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "False")

REPO_ROOT = Path(__file__).resolve().parents[1]
BANGKOK_SAMPLE = REPO_ROOT / "tests" / "fixtures" / "traffy" / "bangkok_dump_sample_2023-05.csv"


@pytest.fixture
def city_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "city"
    (root / "inbox" / "service_requests").mkdir(parents=True)
    monkeypatch.setenv("CITY_DATA_DIR", str(root))
    return root
