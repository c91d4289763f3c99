"""The dbt project as Dagster sees it: where it lives and how its manifest is prepared."""

import sys
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject

from orchestration.lib.paths import DBT_PROJECT_DIR, city_data_paths

# dagster-dbt runs the `dbt` executable; the one beside this interpreter is the locked version,
# whatever PATH says.
DBT_EXECUTABLE = Path(sys.executable).parent / "dbt"

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def prepare_manifest() -> Path:
    """Parse the dbt project once when no manifest exists (fresh clone), so loading never fails."""
    city_data_paths()  # dbt's profile and sources read CITY_DATA_DIR
    dbt_project.prepare_if_dev()
    if not dbt_project.manifest_path.exists():
        dbt_project.preparer.prepare(dbt_project)
    return dbt_project.manifest_path


def dbt_resource() -> DbtCliResource:
    return DbtCliResource(project_dir=dbt_project, dbt_executable=str(DBT_EXECUTABLE))
