"""The job that materializes the whole platform: ingest, dbt, gates, publish."""

from __future__ import annotations

import dagster as dg

# One process, steps in order: every step writes the warehouse or lake, DuckDB allows one writer, and
# a process per step would cost seconds of start-up each for steps that take milliseconds.
city_wellbeing_job = dg.define_asset_job(
    name="city_wellbeing",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    description="Ingest every new inbox file, build the dbt models, run the quality gates, publish.",
)
