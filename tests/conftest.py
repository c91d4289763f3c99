"""Shared fixtures: every test gets its own CITY_DATA_DIR, and nothing talks to the outside world."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "False")

REPO_ROOT = Path(__file__).resolve().parents[1]
TESTS_DIR = REPO_ROOT / "tests"
# Folders whose tests share one session-scoped server (Superset, PostgreSQL, a Dagster UI with its
# browser): their tests stay on one pytest-xdist worker, so the server starts once.
SHARED_SERVER_DIRS = frozenset({"bi", "postgres", "ui"})
BANGKOK_SAMPLE = REPO_ROOT / "tests" / "fixtures" / "traffy" / "bangkok_dump_sample_2023-05.csv"


@pytest.fixture
def city_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "city"
    (root / "inbox" / "service_requests").mkdir(parents=True)
    monkeypatch.setenv("CITY_DATA_DIR", str(root))
    return root


def pytest_configure(config: pytest.Config) -> None:
    """Parse the dbt project once, before pytest-xdist starts its workers: on a fresh clone there is no
    manifest, and two workers loading the code location at once would both write it."""
    if not hasattr(config, "workerinput"):
        from orchestration.defs.transform.project import prepare_manifest

        prepare_manifest()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Group tests for `pytest -n auto --dist loadgroup` (make test): a module's tests run on one worker,
    so its module-scoped platform runs happen once, and a shared-server folder's tests on one worker."""
    for item in items:
        parts = item.path.relative_to(TESTS_DIR).parts
        group = parts[0] if parts[0] in SHARED_SERVER_DIRS else "/".join(parts)
        item.add_marker(pytest.mark.xdist_group(group))
