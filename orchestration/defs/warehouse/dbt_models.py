"""Every dbt model and seed as a Dagster asset, every dbt test as an asset check."""

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.core.paths import DBT_PROJECT_DIR, city_data_paths
from orchestration.defs.warehouse.project import dbt_project, keep_parse_state, prepare_manifest
from orchestration.defs.warehouse.table_metadata import with_table_metadata
from orchestration.defs.warehouse.translator import CityDbtTranslator
from orchestration.lake.batch_review import rejected_batch_ids
from orchestration.sources.service_requests.source import service_request_lake
from orchestration.sources.survey.source import survey_lake
from orchestration.warehouse.incremental_state import begin_build, plan_build, record_build


class DbtBuildConfig(dg.Config):
    """Launchpad options of the dbt step."""

    full_refresh: bool = False
    """Rebuild every incremental model from the whole lake instead of only the newly landed batches."""


@dbt_assets(
    manifest=prepare_manifest(),
    project=dbt_project,
    dagster_dbt_translator=CityDbtTranslator(),
    pool="warehouse",
)
def city_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, config: DbtBuildConfig):
    """`dbt build` of the selected models: seeds, staging views, intermediate and mart tables, tests.

    The ticket-level models only recompute the tickets of batches landed since the last successful build
    (`orchestration/warehouse/incremental_state.py`); a full refresh happens when asked for, after a build
    that did not finish or built only some models, and when models, seeds or rejected batches changed.
    A failing dbt test (severity error) fails the step, so nothing downstream is published. Events are
    reported once dbt has finished and released the warehouse, each with its table's row count and a
    preview (see `table_metadata.py`).
    """
    warehouse = city_data_paths().warehouse_db
    plan = plan_build(
        warehouse,
        DBT_PROJECT_DIR,
        service_request_lake(),
        full_refresh_requested=config.full_refresh,
        rejected_batches=rejected_batch_ids([service_request_lake(), survey_lake()]),
    )
    context.log.info(f"dbt build, {plan.reason}")
    begin_build(warehouse, plan)
    invocation = dbt.cli(["build", *plan.dbt_args()], context=context)
    events = []
    try:
        events.extend(invocation.stream())
    except Exception:
        yield from events  # what dbt built before failing is still reported, without the extras
        raise
    keep_parse_state(invocation.target_path)
    if not context.is_subset:  # after a partial build, the next one is full
        record_build(warehouse, plan)
    yield from with_table_metadata(events, warehouse, invocation.manifest)
