"""What an operator can decide: reject or release a landed batch, roll the published snapshot back.

One implementation behind both ways of asking: the command line (`orchestration.cli.review`,
`orchestration.cli.snapshots`) and the Dagster jobs of `orchestration/defs/automation/operator_jobs.py`,
which record who asked and why in the run history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from orchestration.core.paths import city_data_paths
from orchestration.lake.batch_review import Review, find_batch, reject_batch, release_batch
from orchestration.lake.store import BatchRecord, source_lake
from orchestration.publish.snapshot import SNAPSHOT_DB, rollback

Source = Literal["service_requests", "survey"]
Action = Literal["reject", "release"]
_DECIDE: dict[str, Callable[..., Review]] = {"reject": reject_batch, "release": release_batch}


def decide_batch(
    source: Source, reference: str, action: Action, note: str, decided_by: str
) -> tuple[BatchRecord, Review]:
    """Reject or release the batch ``reference`` names (file name or sha256 prefix); LookupError if none."""
    layout = source_lake(source)
    record = find_batch(layout, reference)
    return record, _DECIDE[action](layout, record, note, decided_by=decided_by)


@dataclass(frozen=True)
class Rollback:
    publish_id: str
    served_rows: dict[str, int] | None  # rows per table re-served to PostgreSQL, None when serving is off


def roll_back_snapshot(to: str | None = None) -> Rollback:
    """Make an earlier snapshot current (default: the one before), and serve it from PostgreSQL too
    when serving is configured, so both read paths show the same publish again."""
    from orchestration.publish.postgres_serving import serve_if_configured  # psycopg2 only when needed

    published = city_data_paths().published
    activated = rollback(published, to)
    served = serve_if_configured(published / "snapshots" / activated / SNAPSHOT_DB, activated)
    return Rollback(activated, served)
