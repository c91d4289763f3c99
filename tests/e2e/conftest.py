"""End-to-end helpers: run the real job in process against a temporary data directory."""

from __future__ import annotations

import dagster as dg
import pytest

from orchestration.definitions import defs


def run_platform() -> dg.ExecuteInProcessResult:
    """Materialize everything once, on an ephemeral Dagster instance, without raising on failure."""
    job = defs.resolve_job_def("city_wellbeing")
    with dg.DagsterInstance.ephemeral() as instance:
        return job.execute_in_process(instance=instance, raise_on_error=False)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.slow)
