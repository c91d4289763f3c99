"""The Dagster code location: assets, checks, resources and the job, gathered from ``defs/``."""

from __future__ import annotations

import dagster as dg

from orchestration.defs.alerts import alert_sensors, alert_settings
from orchestration.defs.ingest.service_requests import raw_service_requests
from orchestration.defs.ingest.survey import raw_survey_responses
from orchestration.defs.jobs import city_wellbeing_job
from orchestration.defs.operations import review_batch, roll_back_published_snapshot
from orchestration.defs.publish.snapshot import published_snapshot
from orchestration.defs.quality.freshness import freshness_checks, freshness_checks_sensor
from orchestration.defs.quality.publish_gate import publish_gate
from orchestration.defs.quality.raw_batches import service_request_batches_check, survey_batches_check
from orchestration.defs.schedules import daily_refresh, inbox_arrivals
from orchestration.defs.transform.dbt_models import city_dbt_models
from orchestration.defs.transform.project import dbt_resource

defs = dg.Definitions(
    assets=[raw_service_requests, raw_survey_responses, city_dbt_models, published_snapshot],
    asset_checks=[
        service_request_batches_check,
        survey_batches_check,
        publish_gate,
        *freshness_checks,
    ],
    schedules=[daily_refresh],
    sensors=[inbox_arrivals, freshness_checks_sensor, *alert_sensors],
    jobs=[city_wellbeing_job, review_batch, roll_back_published_snapshot],
    resources={"dbt": dbt_resource(), "alerts": alert_settings()},
    # One process per run, steps in order: see docs/decisions/003-in-process-executor.md, and
    # 012-executor-and-fixed-costs.md for the multiprocess executor measured against it.
    executor=dg.in_process_executor,
)
