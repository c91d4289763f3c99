"""Run the platform for a test: the real job in process, or `make run`'s command as a new process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import dagster as dg

from tests.support.paths import REPO_ROOT

CLI = [sys.executable, "-m", "orchestration.cli.run"]


def run_platform() -> dg.ExecuteInProcessResult:
    """Materialize everything once, on an ephemeral Dagster instance, without raising on failure."""
    from orchestration.cli.run import materialize_inbox  # loads the code location: only when needed

    with dg.DagsterInstance.ephemeral() as instance:
        return materialize_inbox(instance)


def cli_environment(city_data_dir: Path, **extra: str) -> dict[str, str]:
    """The test's environment without its Dagster home (an ephemeral instance), unless ``extra`` names one."""
    env = {key: value for key, value in os.environ.items() if key != "DAGSTER_HOME"}
    return {**env, "CITY_DATA_DIR": str(city_data_dir), **extra}


def run_cli(city_data_dir: Path, **extra_env: str) -> subprocess.CompletedProcess[str]:
    """`make run`'s command, as a new process with its own environment (no Dagster home unless given)."""
    return subprocess.run(
        CLI,
        cwd=REPO_ROOT,
        env=cli_environment(city_data_dir, **extra_env),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
