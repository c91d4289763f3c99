"""Validate a source's new batches against its raw suite, with one verdict per batch.

All batches a run has not validated yet are validated together, in one DuckDB scan and one GX
validation (``orchestration.quality.batch_validation``), because a validation per batch cost a fixed
~0.2 s each. Verdicts are still per batch, stored once, and only re-read afterwards.
"""

from collections.abc import Sequence

import duckdb

from orchestration.core.sql_literals import sql_string_list
from orchestration.lake.batch_review import BatchVerdict, store_verdict
from orchestration.lake.store import BatchRecord, LakeLayout
from orchestration.quality.batch_validation import validate_batches


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
