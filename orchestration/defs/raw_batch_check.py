"""The blocking raw-data gate every source gets: each landed batch passes its GX suite once.

Each source's ``checks.py`` builds its gate from this factory with its own suite and columns; the
validation itself is domain code (``orchestration.quality.raw_batches``).
"""

from collections.abc import Callable, Sequence

import dagster as dg

from orchestration.lake.batch_review import load_reviews, load_verdicts
from orchestration.lake.store import LakeLayout, load_batch_records
from orchestration.quality.blocked_batches import describe_blocked_batch
from orchestration.quality.raw_batches import validate_new_batches


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
