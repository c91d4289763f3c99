"""The dbt project as Dagster sees it: where it lives and how its manifest is prepared."""

import sys
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject

from orchestration.lib.paths import DBT_PROJECT_DIR, city_data_paths

# dagster-dbt runs the `dbt` executable; the one beside this interpreter is the locked version,
# whatever PATH says.
DBT_EXECUTABLE = Path(sys.executable).parent / "dbt"

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def _manifest_is_stale() -> bool:
    """True when the manifest is missing or older than any model, seed, macro or config file."""
    manifest = dbt_project.manifest_path
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    sources = (path for path in DBT_PROJECT_DIR.rglob("*") if "target" not in path.parts and path.is_file())
    return any(path.stat().st_mtime > built for path in sources)


def prepare_manifest() -> Path:
    """Parse the dbt project when the manifest is missing or stale, so the asset graph matches the SQL.

    A fresh clone has no manifest, and an edited model must appear in the graph without a manual step;
    otherwise the existing manifest is reused and loading the code location costs no dbt start-up.
    """
    city_data_paths()  # dbt's profile and sources read CITY_DATA_DIR
    if _manifest_is_stale():
        dbt_resource().cli(["parse", "--quiet"], target_path=dbt_project.target_path).wait()
    return dbt_project.manifest_path


def dbt_resource() -> DbtCliResource:
    return DbtCliResource(project_dir=dbt_project, dbt_executable=str(DBT_EXECUTABLE))
