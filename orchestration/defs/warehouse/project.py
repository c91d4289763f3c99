"""The dbt project as Dagster sees it: where it lives, how its manifest is prepared, how dbt is run.

Everything here runs on every load of the code location (every run process, every UI reload), so it
must stay cheap: see docs/decisions/012-executor-and-fixed-costs.md.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence
from functools import cached_property
from importlib.metadata import version as installed_version
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject
from packaging.version import Version

from orchestration.core.paths import DBT_PROJECT_DIR, city_data_paths

# dagster-dbt runs the `dbt` executable; the one beside this interpreter is the locked version,
# whatever PATH says.
DBT_EXECUTABLE = Path(sys.executable).parent / "dbt"

# What dbt writes (artifacts, a folder per dagster-dbt invocation, logs) or installs: never a source of
# the manifest, and target/ alone holds tens of thousands of files after a few hundred runs.
GENERATED_DIRS = frozenset({"target", "logs", "dbt_packages"})

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def manifest_is_stale(manifest: Path, project_dir: Path) -> bool:
    """True when the manifest is missing or older than any file of the project outside the folders
    dbt writes: a model, seed, macro, test or config file."""
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    for folder, subfolders, files in os.walk(project_dir):
        subfolders[:] = [name for name in subfolders if name not in GENERATED_DIRS]
        if any(os.stat(os.path.join(folder, name)).st_mtime > built for name in files):
            return True
    return False


def prepare_manifest() -> Path:
    """Parse the dbt project when the manifest is missing or stale, so the asset graph matches the SQL.

    A fresh clone has no manifest, and an edited model must appear in the graph without a manual step;
    otherwise the existing manifest is reused, and loading the code location costs a walk over the
    project's few dozen source files and no dbt start-up.
    """
    city_data_paths()  # dbt's profile and sources read CITY_DATA_DIR
    if manifest_is_stale(dbt_project.manifest_path, DBT_PROJECT_DIR):
        dbt_resource().cli(["parse", "--quiet"], target_path=dbt_project.target_path).wait()
    return dbt_project.manifest_path


class CityDbtCliResource(DbtCliResource):
    """dagster-dbt's dbt resource, without two start-up costs this project never uses.

    Before running a dbt command, dagster-dbt (1) asks the executable for its version with
    `dbt --version` (a whole dbt start-up, about 3 s here) once per resource instance, that is once
    per run and once more per manifest parse, and (2) builds a dbt adapter inside the Dagster process
    (about 2 s: dbt's profile, project and every macro), which serves only `fetch_row_counts()` and
    `fetch_column_metadata()`. The executable is the one installed beside this interpreter, so its
    version is the installed dbt-core package's; and this project reads row counts and previews itself
    once dbt has released the warehouse (table_metadata.py), so it needs no adapter.
    """

    @cached_property
    def _cli_version(self) -> Version:
        return Version(installed_version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:
        return None


def dbt_resource() -> CityDbtCliResource:
    return CityDbtCliResource(project_dir=dbt_project, dbt_executable=str(DBT_EXECUTABLE))


RUN_FOLDERS_KEPT = 20
RUN_FOLDER_PREFIX = "city_dbt_models-"  # dagster-dbt names them <op>-<run id>-<invocation id>


def keep_parse_state(
    run_target: Path, project_target: Path = DBT_PROJECT_DIR / dbt_project.target_path
) -> None:
    """After a dbt invocation, keep what the next one needs and drop what no one reads.

    dagster-dbt gives every invocation its own target folder, seeded with the project's
    `partial_parse.msgpack` but never copied back: once the profile's data directory differs from the
    last `dbt parse`, every run re-parsed the whole project (3-4 s). The newest parse state is moved
    back, and only the newest run folders are kept (they held 27,000 files after a few hundred runs).
    """
    parsed = run_target / "partial_parse.msgpack"
    if parsed.exists():
        os.replace(parsed, project_target / "partial_parse.msgpack")
    run_folders = sorted(
        (folder for folder in project_target.iterdir() if folder.name.startswith(RUN_FOLDER_PREFIX)),
        key=lambda folder: folder.stat().st_mtime,
    )
    for folder in run_folders[:-RUN_FOLDERS_KEPT]:
        if folder != run_target:
            shutil.rmtree(folder, ignore_errors=True)
