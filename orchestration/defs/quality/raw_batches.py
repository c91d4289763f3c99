"""Blocking raw-data gate: each landed service-request batch is validated with its GX suite once."""

import dagster as dg
import duckdb
import pandas as pd

from orchestration.defs.ingest.service_requests import RAW_SERVICE_REQUESTS, service_request_lake
from orchestration.lib.batch_review import BatchVerdict, load_review, load_verdict, store_verdict
from orchestration.lib.gx_validation import validate_frame
from orchestration.lib.landing import BatchRecord, LakeLayout, load_batch_records

RAW_SUITE = "raw_service_requests_batch"


def batch_frame(layout: LakeLayout, record: BatchRecord) -> pd.DataFrame:
    """Every row read from one file: accepted rows with their fields, quarantined rows with outcome only."""
    accepted = layout.observation_file(record.batch_id)
    quarantined = layout.quarantine_file(record.batch_id)
    connection = duckdb.connect()
    try:
        frame = connection.execute(
            f"""
            SELECT 'accepted' AS outcome, ticket_id, created_at, latitude, longitude, star, count_reopen,
                   status_label, layout
            FROM read_parquet('{accepted}')
            UNION ALL
            SELECT 'quarantined', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
            FROM read_parquet('{quarantined}')
            """
        ).df()
    finally:
        connection.close()
    return frame.astype({"star": "Int64", "count_reopen": "Int64"})


def validate_batch(layout: LakeLayout, record: BatchRecord) -> BatchVerdict:
    result = validate_frame(RAW_SUITE, batch_frame(layout, record))
    verdict = BatchVerdict(
        batch_id=record.batch_id,
        source_file=record.source_file,
        success=result.success,
        description=f"{record.source_file}: {result.describe()}",
        metadata=result.as_metadata(),
    )
    store_verdict(layout, verdict)
    return verdict


@dg.asset_check(asset=RAW_SERVICE_REQUESTS, name="batches_pass_raw_suite", blocking=True)
def batches_pass_raw_suite() -> dg.AssetCheckResult:
    """Every landed batch passes the `raw_service_requests_batch` suite, or an operator released it.

    The suite fails a batch when more than 10% of its rows were quarantined or accepted rows break a
    field rule. A batch is validated once, when first seen; the verdict is stored beside the lake, so
    a failed batch keeps blocking publishing until it is released or rejected (see the README).
    """
    layout = service_request_lake()
    blocking: list[BatchVerdict] = []
    validated = 0
    for record in load_batch_records(layout):
        review = load_review(layout, record.batch_id)
        if review is not None and review.decision == "rejected":
            continue
        verdict = load_verdict(layout, record.batch_id)
        if verdict is None:
            verdict = validate_batch(layout, record)
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
            "batches_validated_now": validated,
            "blocked_batches": dg.MetadataValue.json(
                [{"file": v.source_file, "batch_id": v.batch_id, **v.metadata} for v in blocking]
            ),
        },
    )
