"""Every dbt model and seed as a Dagster asset, every dbt test as an asset check."""

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.defs.transform.project import dbt_project, prepare_manifest
from orchestration.defs.transform.table_metadata import with_table_metadata
from orchestration.defs.transform.translator import CityDbtTranslator
from orchestration.lib.paths import city_data_paths


@dbt_assets(
    manifest=prepare_manifest(),
    project=dbt_project,
    dagster_dbt_translator=CityDbtTranslator(),
    pool="warehouse",
)
def city_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    """`dbt build` of the selected models: seeds, staging views, intermediate and mart tables, tests.

    A failing dbt test (severity error) fails the step, so nothing downstream is published. Events are
    reported once dbt has finished and released the warehouse, each with its table's row count and a
    preview (see `table_metadata.py`).
    """
    invocation = dbt.cli(["build"], context=context)
    events = []
    try:
        events.extend(invocation.stream())
    except Exception:
        yield from events  # what dbt built before failing is still reported, without the extras
        raise
    yield from with_table_metadata(events, city_data_paths().warehouse_db, invocation.manifest)
