"""What an operator needs to unblock a batch the raw suite failed: why, where, and what to type.

A failed expectation alone ("18 unexpected (e.g. quarantined, quarantined, quarantined)") says neither
which rows nor what to do. This adds the batch's quarantine reasons with counts, a few example rows
(row, field, reason code; never the raw value, which may be personal data) and the exact `review`
command, for the check result in the UI and `make run`'s output alike.
"""

from __future__ import annotations

import shlex

import duckdb

from orchestration.core.sql_literals import sql_string
from orchestration.lake.store import LakeLayout

EXAMPLE_ROWS = 3


def quarantine_reasons(layout: LakeLayout, batch_id: str) -> list[tuple[str, int]]:
    """(reason code, rows) of one batch's quarantined rows, most frequent first."""
    return _query(
        layout,
        batch_id,
        "SELECT reason_code, count(*) AS n FROM quarantine GROUP BY reason_code ORDER BY n DESC, reason_code",
    )


def quarantine_examples(layout: LakeLayout, batch_id: str) -> list[tuple[int | None, str, str]]:
    """The first few quarantined rows of one batch: (row, field, reason code)."""
    return _query(
        layout,
        batch_id,
        f"SELECT source_row, field, reason_code FROM quarantine ORDER BY source_row LIMIT {EXAMPLE_ROWS}",
    )


def review_command(source: str, source_file: str) -> str:
    """The command that rejects (or, with `release`, accepts) the batch, quoted for a shell."""
    return (
        f"python -m orchestration.cli.review --source {source} reject {shlex.quote(source_file)} "
        '--note "why" (or: release)'
    )


def describe_blocked_batch(layout: LakeLayout, source: str, batch_id: str, source_file: str) -> str:
    """One line per blocked batch: quarantine reasons with counts, example rows and the review command."""
    reasons = ", ".join(f"{code} {rows}" for code, rows in quarantine_reasons(layout, batch_id)) or "none"
    examples = "; ".join(
        f"row {row if row is not None else '?'} field {field}: {code}"
        for row, field, code in quarantine_examples(layout, batch_id)
    )
    example_text = f"; e.g. {examples}" if examples else ""
    return (
        f"quarantined rows by reason: {reasons}{example_text}. "
        f"Decide with: {review_command(source, source_file)}"
    )


def _query(layout: LakeLayout, batch_id: str, query: str) -> list:
    path = layout.quarantine_file(batch_id)
    if not path.exists():
        return []
    with duckdb.connect() as connection:
        connection.execute(f"CREATE VIEW quarantine AS SELECT * FROM read_parquet({sql_string(path)})")
        return connection.execute(query).fetchall()
