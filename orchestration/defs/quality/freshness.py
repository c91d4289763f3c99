"""Non-blocking freshness checks: a source that delivered no new export for two days is flagged."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import dagster as dg

from orchestration.defs.ingest.service_requests import RAW_SERVICE_REQUESTS, service_request_lake
from orchestration.defs.ingest.survey import RAW_SURVEY, survey_lake
from orchestration.lib.landing import LakeLayout, load_batch_records

MAX_SILENCE = timedelta(days=2)


def build_freshness_check(asset_key: dg.AssetKey, lake: Callable[[], LakeLayout]) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=asset_key,
        name="new_data_within_2_days",
        description="Warns when the newest landed export of this source is more than 2 days old.",
    )
    def new_data_within_2_days() -> dg.AssetCheckResult:
        records = load_batch_records(lake())
        latest = max((datetime.fromisoformat(record.ingested_at) for record in records), default=None)
        age = None if latest is None else datetime.now(UTC) - latest
        return dg.AssetCheckResult(
            passed=age is not None and age <= MAX_SILENCE,
            severity=dg.AssetCheckSeverity.WARN,
            description="no export has ever landed" if age is None else f"newest export landed {age} ago",
            metadata={"latest_landing": latest.isoformat() if latest else "never"},
        )

    return new_data_within_2_days


service_request_freshness = build_freshness_check(RAW_SERVICE_REQUESTS, service_request_lake)
survey_freshness = build_freshness_check(RAW_SURVEY, survey_lake)
