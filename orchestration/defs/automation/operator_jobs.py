"""Operator actions as Dagster jobs: launched from the UI's launchpad with typed config, and kept in the
run history with who asked and why (the command line calls the same code,
``orchestration.operations.operator_actions``)."""

import dagster as dg

from orchestration.operations.operator_actions import Action, Source, decide_batch, roll_back_snapshot


class BatchDecisionConfig(dg.Config):
    """A decision on one landed batch that the raw suite blocked."""

    source: Source = "service_requests"
    batch: str
    """The inbox file name, or a prefix of the batch's sha256 (`review list` shows both)."""
    action: Action
    note: str
    """Why: kept with the decision in the lake's review history."""
    decided_by: str
    """Who decides (a name or login), kept with the decision."""


class RollbackConfig(dg.Config):
    """Which published snapshot to make current again."""

    to: str | None = None
    """A publish id; by default the snapshot before the current one."""
    reason: str
    requested_by: str


@dg.op(pool="warehouse")
def decide_on_batch(context: dg.OpExecutionContext, config: BatchDecisionConfig) -> None:
    """Reject or release the batch; the next platform run publishes without (or with) its rows."""
    try:
        record, review = decide_batch(
            config.source, config.batch, config.action, config.note, config.decided_by
        )
    except LookupError as error:
        raise dg.Failure(description=str(error)) from error
    context.log.info(f"{record.source_file}: {review.decision} by {review.decided_by}: {review.note}")
    context.add_output_metadata(
        {"file": record.source_file, "batch_id": record.batch_id, "decision": review.decision}
    )


@dg.op(pool="warehouse")
def roll_back(context: dg.OpExecutionContext, config: RollbackConfig) -> None:
    """Make an earlier complete snapshot current, in DuckDB/Parquet and in PostgreSQL when it serves."""
    try:
        done = roll_back_snapshot(config.to)
    except LookupError as error:
        raise dg.Failure(description=str(error)) from error
    served = "not configured" if done.served_rows is None else f"{sum(done.served_rows.values())} rows"
    context.log.info(f"current snapshot is now {done.publish_id} ({config.requested_by}: {config.reason})")
    context.add_output_metadata({"publish_id": done.publish_id, "postgres_serving": served})


@dg.job(description="Reject or release a landed batch (who and why are kept with the decision).")
def review_batch() -> None:
    decide_on_batch()


@dg.job(description="Roll the published snapshot back to an earlier one, for every reader at once.")
def roll_back_published_snapshot() -> None:
    roll_back()
