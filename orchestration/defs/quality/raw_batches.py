"""Blocking raw-data gates: every landed batch of a source passes its GX suite once, with its own verdict.

All batches a run has not validated yet are validated together, in one DuckDB scan and one GX
validation (``orchestration.lib.batch_validation``), because a validation per batch cost a fixed
~0.2 s each. Verdicts are still per batch, stored once, and only re-read afterwards.
"""

from collections.abc import Callable, Sequence

import dagster as dg
import duckdb

from orchestration.defs.ingest.service_requests import RAW_SERVICE_REQUESTS, service_request_lake
from orchestration.defs.ingest.survey import RAW_SURVEY, survey_lake
from orchestration.lib.batch_review import BatchVerdict, load_reviews, load_verdicts, store_verdict
from orchestration.lib.batch_validation import validate_batches
from orchestration.lib.blocked_batches import describe_blocked_batch
from orchestration.lib.landing import BatchRecord, LakeLayout, load_batch_records
from orchestration.lib.sql_literals import sql_string_list

# Per source: the accepted columns its suite reads.
SERVICE_REQUEST_COLUMNS = (
    "ticket_id",
    "created_at",
    "latitude",
    "longitude",
    "star",
    "count_reopen",
    "status_label",
    "layout",
)
SURVEY_COLUMNS = (
    "area_id",
    "age",
    "life_satisfaction",
    "service_satisfaction",
    "health",
    "environment_satisfaction",
)


def batch_rows(layout: LakeLayout, records: Sequence[BatchRecord], columns: Sequence[str]) -> str:
    """A query over every row read from the given batches: accepted rows with the suite's columns,
    quarantined rows with their reason code, each tagged with its ``batch_id`` and ``outcome``."""
    accepted = [layout.observation_file(r.batch_id) for r in records]
    accepted = [path for path in accepted if path.exists()]  # a file of unknown layout accepts nothing
    quarantined = [layout.quarantine_file(r.batch_id) for r in records]
    if accepted:
        accepted_rows = (
            f"SELECT batch_id, 'accepted' AS outcome, NULL::VARCHAR AS reason_code, {', '.join(columns)} "
            f"FROM read_parquet({sql_string_list(accepted)}, union_by_name = true)"
        )
    else:
        nulls = ", ".join(f"NULL AS {column}" for column in columns)
        accepted_rows = f"SELECT NULL::VARCHAR AS batch_id, 'accepted' AS outcome, {nulls} WHERE false"
    return (
        f"{accepted_rows} UNION ALL BY NAME SELECT batch_id, 'quarantined' AS outcome, reason_code "
        f"FROM read_parquet({sql_string_list(quarantined)}, union_by_name = true)"
    )


def validate_new_batches(
    layout: LakeLayout, records: Sequence[BatchRecord], suite: str, columns: Sequence[str]
) -> list[BatchVerdict]:
    """Validate ``records`` together and store each one's verdict; an unreadable lake raises instead."""
    if not records:
        return []
    with duckdb.connect() as connection:
        results = validate_batches(
            suite, connection, batch_rows(layout, records, columns), [r.batch_id for r in records]
        )
    verdicts = []
    for record in records:
        result = results[record.batch_id]
        verdict = BatchVerdict(
            batch_id=record.batch_id,
            source_file=record.source_file,
            success=result.success,
            description=f"{record.source_file}: {result.describe()}",
            metadata=result.as_metadata(),
        )
        store_verdict(layout, verdict)
        verdicts.append(verdict)
    return verdicts


def build_raw_batch_check(
    asset_key: dg.AssetKey,
    source: str,
    lake: Callable[[], LakeLayout],
    suite: str,
    columns: Sequence[str],
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
        reviews = load_reviews(layout)
        verdicts = load_verdicts(layout)
        records = [
            record
            for record in load_batch_records(layout)
            if record.batch_id not in reviews or reviews[record.batch_id].decision != "rejected"
        ]
        new = [record for record in records if record.batch_id not in verdicts]
        verdicts.update((v.batch_id, v) for v in validate_new_batches(layout, new, suite, columns))
        blocking = [
            verdicts[record.batch_id]
            for record in records
            if not verdicts[record.batch_id].success and record.batch_id not in reviews
        ]
        description = (
            "All batches pass the raw suite."
            if not blocking
            else f"{len(blocking)} batch(es) blocked: "
            + " | ".join(
                f"{v.description} {describe_blocked_batch(layout, source, v.batch_id, v.source_file)}"
                for v in blocking
            )
        )
        return dg.AssetCheckResult(
            passed=not blocking,
            description=description,
            metadata={
                "suite": suite,
                "batches_validated_now": len(new),
                "blocked_batches": dg.MetadataValue.json(
                    [{"file": v.source_file, "batch_id": v.batch_id, **v.metadata} for v in blocking]
                ),
            },
        )

    return batches_pass_raw_suite


service_request_batches_check = build_raw_batch_check(
    RAW_SERVICE_REQUESTS,
    "service_requests",
    service_request_lake,
    "raw_service_requests_batch",
    SERVICE_REQUEST_COLUMNS,
)
survey_batches_check = build_raw_batch_check(
    RAW_SURVEY, "survey", survey_lake, "raw_survey_batch", SURVEY_COLUMNS
)
