"""The job that materializes the whole platform: ingest, dbt, gates, publish."""

from __future__ import annotations

import dagster as dg

from orchestration.defs.partitions import export_days

city_wellbeing_job = dg.define_asset_job(
    name="city_wellbeing",
    selection=dg.AssetSelection.all(),
    # Partitioned by the service-request exports' Bangkok day (orchestration/defs/partitions.py).
    partitions_def=export_days,
    description="Land the new inbox files of the run's days, build the dbt models, run the quality gates, "
    "publish.",
)
