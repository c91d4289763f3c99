"""What an ingest asset shows in the Dagster UI, for every source: counts, files, and freshness."""

from __future__ import annotations

from typing import Any

from dagster import MetadataValue

from orchestration.core.markdown_tables import markdown_table
from orchestration.lake.inbox import newest_landing_timestamp
from orchestration.lake.store import BatchRecord, LakeLayout
from orchestration.privacy.pii import scrub_free_text

# Dagster's freshness checks read this instead of the materialization's time when it is set and not 0.
LAST_UPDATED = "dagster/last_updated_timestamp"


def landing_metadata(landed: list[BatchRecord], skipped: int, layout: LakeLayout) -> dict[str, Any]:
    """What an ingest asset shows in the UI: counts, a table of the files landed in this run, and when
    the source's newest export landed (what its freshness check reads).

    File names are shown scrubbed: an inbox file is sometimes named after a complainant and a phone.
    """
    rows_read = sum(record.rows_read for record in landed)
    table = markdown_table(
        ("file", "layout", "read", "accepted", "quarantined"),
        [
            (scrub_free_text(r.source_file), r.layout, r.rows_read, r.rows_accepted, r.rows_quarantined)
            for r in landed
        ],
    )
    return {
        "files_landed": len(landed),
        "files_already_landed": skipped,
        "rows_read": rows_read,
        "rows_accepted": sum(record.rows_accepted for record in landed),
        "rows_quarantined": sum(record.rows_quarantined for record in landed),
        "dagster/row_count": rows_read,
        "batches": MetadataValue.md(table if landed else "No new inbox files."),
        LAST_UPDATED: MetadataValue.timestamp(newest_landing_timestamp(layout)),
    }
