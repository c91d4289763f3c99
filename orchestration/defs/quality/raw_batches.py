"""Blocking raw-data gates: each landed batch of a source is validated with its GX suite once."""

from collections.abc import Callable

import dagster as dg
import duckdb
import pandas as pd

from orchestration.defs.ingest.service_requests import RAW_SERVICE_REQUESTS, service_request_lake
from orchestration.defs.ingest.survey import RAW_SURVEY, survey_lake
from orchestration.lib.batch_review import BatchVerdict, load_review, load_verdict, store_verdict
from orchestration.lib.gx_validation import validate_frame
from orchestration.lib.landing import BatchRecord, LakeLayout, load_batch_records

# Per source: the accepted columns the suite reads, and the nullable integer ones among them.
SERVICE_REQUEST_COLUMNS = (
    "ticket_id, created_at, latitude, longitude, star, count_reopen, status_label, layout",
    ("star", "count_reopen"),
)
SURVEY_SCORES = ("age", "life_satisfaction", "service_satisfaction", "health", "environment_satisfaction")
SURVEY_COLUMNS = ("area_id, " + ", ".join(SURVEY_SCORES), SURVEY_SCORES)


def batch_frame(
    layout: LakeLayout, record: BatchRecord, columns: tuple[str, tuple[str, ...]]
) -> pd.DataFrame:
    """Every row read from one file: accepted rows with their fields, quarantined rows with their reason."""
    selected, integers = columns
    accepted = layout.observation_file(record.batch_id)
    quarantined = layout.quarantine_file(record.batch_id)
    accepted_rows = (
        f"SELECT 'accepted' AS outcome, NULL::VARCHAR AS reason_code, {selected} "
        f"FROM read_parquet('{accepted}')"
        if accepted.exists()
        else None
    )
    quarantined_rows = f"SELECT 'quarantined' AS outcome, reason_code FROM read_parquet('{quarantined}')"
    query = f"{accepted_rows} UNION ALL BY NAME {quarantined_rows}" if accepted_rows else quarantined_rows
    with duckdb.connect() as connection:
        frame = connection.execute(query).df()
    for column in [c.strip() for c in selected.split(",")]:
        if column not in frame:
            frame[column] = None
    return frame.astype({column: "Int64" for column in integers})


def build_raw_batch_check(
    asset_key: dg.AssetKey,
    lake: Callable[[], LakeLayout],
    suite: str,
    columns: tuple[str, tuple[str, ...]],
) -> dg.AssetChecksDefinition:
    """A blocking check that validates new batches of one source and fails while any is unresolved."""

    @dg.asset_check(
        asset=asset_key,
        name="batches_pass_raw_suite",
        blocking=True,
        description=(
            f"Every landed batch passes the `{suite}` suite, or an operator released it. A batch is "
            "validated once, when first seen; a failed batch blocks publishing until released or rejected."
        ),
    )
    def batches_pass_raw_suite() -> dg.AssetCheckResult:
        layout = lake()
        blocking: list[BatchVerdict] = []
        validated = 0
        for record in load_batch_records(layout):
            review = load_review(layout, record.batch_id)
            if review is not None and review.decision == "rejected":
                continue
            verdict = load_verdict(layout, record.batch_id)
            if verdict is None:
                result = validate_frame(suite, batch_frame(layout, record, columns))
                verdict = BatchVerdict(
                    batch_id=record.batch_id,
                    source_file=record.source_file,
                    success=result.success,
                    description=f"{record.source_file}: {result.describe()}",
                    metadata=result.as_metadata(),
                )
                store_verdict(layout, verdict)
                validated += 1
            if not verdict.success and review is None:
                blocking.append(verdict)
        description = (
            "All batches pass the raw suite."
            if not blocking
            else f"{len(blocking)} batch(es) blocked: " + " | ".join(v.description for v in blocking)
        )
        return dg.AssetCheckResult(
            passed=not blocking,
            description=description,
            metadata={
                "suite": suite,
                "batches_validated_now": validated,
                "blocked_batches": dg.MetadataValue.json(
                    [{"file": v.source_file, "batch_id": v.batch_id, **v.metadata} for v in blocking]
                ),
            },
        )

    return batches_pass_raw_suite


service_request_batches_check = build_raw_batch_check(
    RAW_SERVICE_REQUESTS, service_request_lake, "raw_service_requests_batch", SERVICE_REQUEST_COLUMNS
)
survey_batches_check = build_raw_batch_check(RAW_SURVEY, survey_lake, "raw_survey_batch", SURVEY_COLUMNS)
