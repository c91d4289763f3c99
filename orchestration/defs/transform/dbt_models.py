"""Every dbt model and seed as a Dagster asset, every dbt test as an asset check."""

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.defs.transform.project import dbt_project, prepare_manifest
from orchestration.defs.transform.translator import CityDbtTranslator


@dbt_assets(
    manifest=prepare_manifest(),
    project=dbt_project,
    dagster_dbt_translator=CityDbtTranslator(),
    pool="warehouse",
)
def city_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    """`dbt build` of the selected models: seeds, staging views, intermediate and mart tables, tests.

    A failing dbt test (severity error) fails the step, so nothing downstream is published.
    """
    yield from dbt.cli(["build"], context=context).stream()
