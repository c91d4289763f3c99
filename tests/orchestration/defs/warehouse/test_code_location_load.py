"""Fixed costs of loading the code location and starting dbt stay cut.

Every run process, every UI reload and every step of a multiprocess run loads the code location, so
a heavy library imported at module level, a manifest check that walks dbt's output folders, or a dbt
start-up per resource costs seconds each time (docs/decisions/012-executor-and-fixed-costs.md).
Timings themselves are not asserted (they are noisy on shared machines); what makes them is.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import version as installed_version
from pathlib import Path

import pytest
from dagster_dbt import DbtCliResource
from dagster_dbt.core import resource as dbt_resource_module
from dagster_dbt.core.dbt_cli_invocation import DbtCliInvocation
from packaging.version import Version

from orchestration.defs.warehouse.project import (
    RUN_FOLDER_PREFIX,
    RUN_FOLDERS_KEPT,
    dbt_resource,
    keep_parse_state,
    manifest_is_stale,
)
from tests.support.paths import REPO_ROOT

# Each is only needed while a step runs (landing, checking, charting, publishing, serving).
HEAVY_LIBRARIES = (
    "pandas",
    "pyarrow",
    "great_expectations",
    "matplotlib",
    "frictionless",
    "openpyxl",
    "psycopg2",
)

LOAD_AND_LIST = f"""
import json, sys
from orchestration.definitions import defs
defs.get_repository_def()
defs.resolve_all_asset_specs()
defs.resolve_job_def("city_wellbeing")
print(json.dumps(sorted(name for name in {HEAVY_LIBRARIES!r} if name in sys.modules)))
"""


def test_loading_the_code_location_imports_no_heavy_library(tmp_path: Path) -> None:
    environment = {**os.environ, "CITY_DATA_DIR": str(tmp_path), "GX_ANALYTICS_ENABLED": "False"}
    loaded = subprocess.run(
        [sys.executable, "-c", LOAD_AND_LIST],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    assert json.loads(loaded.stdout.strip().splitlines()[-1]) == []


def _touch(path: Path, mtime: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()
    os.utime(path, (mtime, mtime))


@pytest.fixture
def parsed_project(tmp_path: Path) -> tuple[Path, Path]:
    """A dbt project whose manifest was written after its sources."""
    project = tmp_path / "dbt_project"
    _touch(project / "dbt_project.yml", 1_000)
    _touch(project / "models" / "staging" / "stg_a.sql", 1_000)
    _touch(project / "target" / "manifest.json", 2_000)
    return project / "target" / "manifest.json", project


def test_a_manifest_newer_than_every_source_is_fresh(parsed_project: tuple[Path, Path]) -> None:
    assert not manifest_is_stale(*parsed_project)


def test_a_missing_manifest_is_stale(parsed_project: tuple[Path, Path]) -> None:
    manifest, project = parsed_project
    manifest.unlink()
    assert manifest_is_stale(manifest, project)


@pytest.mark.parametrize(
    "edited", ["models/staging/stg_a.sql", "macros/new.sql", "seeds/ref.csv", "profiles.yml"]
)
def test_an_edited_or_added_source_makes_the_manifest_stale(
    parsed_project: tuple[Path, Path], edited: str
) -> None:
    manifest, project = parsed_project
    _touch(project / edited, 3_000)
    assert manifest_is_stale(manifest, project)


@pytest.mark.parametrize(
    "written", ["target/city_dbt_models-1a2b3c4-5d6e7f8/run_results.json", "logs/dbt.log"]
)
def test_what_dbt_writes_does_not_make_the_manifest_stale(
    parsed_project: tuple[Path, Path], written: str
) -> None:
    manifest, project = parsed_project
    _touch(project / written, 3_000)
    assert not manifest_is_stale(manifest, project)


def test_a_dbt_command_starts_without_a_version_probe_or_an_in_process_adapter(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """dagster-dbt would run `dbt --version` and build a dbt adapter in this process before the command."""
    monkeypatch.setenv("CITY_DATA_DIR", str(tmp_path))
    probes: list[object] = []
    adapters_built: list[object] = []
    started: dict[str, object] = {}

    def no_probe(command: list[str], *args: object, **kwargs: object) -> bytes:
        probes.append(command)
        return b"Core:\n  - installed: 1.11.0"

    def no_adapter(self: DbtCliResource, args: object) -> None:
        adapters_built.append(args)

    def start(**kwargs: object) -> str:
        started.update(kwargs)
        return "started"

    monkeypatch.setattr(dbt_resource_module, "check_output", no_probe)
    monkeypatch.setattr(DbtCliResource, "_initialize_dbt_core_adapter", no_adapter)
    monkeypatch.setattr(DbtCliInvocation, "run", start)

    assert dbt_resource().cli(["parse", "--quiet"]) == "started"
    assert (probes, adapters_built) == ([], [])
    assert started["adapter"] is None
    assert started["cli_version"] == Version(installed_version("dbt-core"))


def test_a_dbt_run_hands_its_parse_state_back_and_old_run_folders_go(tmp_path: Path) -> None:
    project_target = tmp_path / "target"
    (project_target / "compiled").mkdir(parents=True)
    folders = []
    for number in range(RUN_FOLDERS_KEPT + 5):
        folder = project_target / f"{RUN_FOLDER_PREFIX}run{number:02d}-abc"
        folder.mkdir()
        os.utime(folder, (number, number))
        folders.append(folder)
    current = folders[0]  # handing the parse state back makes the finished run's folder the newest
    (current / "partial_parse.msgpack").write_bytes(b"parsed")
    keep_parse_state(current, project_target)
    assert (project_target / "partial_parse.msgpack").read_bytes() == b"parsed"
    remaining = sorted(p.name for p in project_target.iterdir() if p.name.startswith(RUN_FOLDER_PREFIX))
    assert remaining == sorted([current.name] + [folder.name for folder in folders[1 - RUN_FOLDERS_KEPT :]])
    assert (project_target / "compiled").is_dir()
