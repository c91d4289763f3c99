"""The job that materializes the whole platform: ingest, dbt, gates, publish."""

from __future__ import annotations

import dagster as dg

city_wellbeing_job = dg.define_asset_job(
    name="city_wellbeing",
    selection=dg.AssetSelection.all(),
    description="Ingest every new inbox file, build the dbt models, run the quality gates, publish.",
)
