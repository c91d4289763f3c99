"""Shared fixtures: every test gets its own CITY_DATA_DIR, and nothing talks to the outside world."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.paths import REPO_ROOT

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "False")

TESTS_DIR = REPO_ROOT / "tests"
# Folders whose tests share one session-scoped server (Superset, PostgreSQL, a Dagster UI with its
# browser): their tests stay on one pytest-xdist worker, so the server starts once.
SHARED_SERVER_DIRS = frozenset({"bi", "postgres", "ui"})


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
        from orchestration.defs.warehouse.project import prepare_manifest

        prepare_manifest()


def _work_unit(path: str) -> str:
    """A test file's unit of work for pytest-xdist: its folder when that folder shares a server, else
    the file itself (so its module-scoped platform runs happen once)."""
    parts = path.split("/")
    return "/".join(parts[:2]) if len(parts) > 2 and parts[1] in SHARED_SERVER_DIRS else path


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """`make test` runs one worker per core, each taking whole work units (see ``_work_unit``)."""
    from xdist.scheduler import LoadScopeScheduling

    class ByWorkUnit(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _work_unit(nodeid.split("::", 1)[0])

    return ByWorkUnit(config, log)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The long work units first (shared servers, then end-to-end runs), so that the two workers of
    `make test` finish together instead of one starting the Dagster UI tests last."""
    weight = {"ui": 0, "bi": 1, "postgres": 1, "e2e": 2}  # ui: a live Dagster per test file, the longest
    items.sort(key=lambda item: weight.get(item.path.relative_to(TESTS_DIR).parts[0], 3))
