"""How much of the lake a dbt build must read: only the batches landed since the last good build.

The ticket-level models are incremental (docs/decisions/013-incremental-daily-runs.md): a build passes
dbt the `since_batch_seq` of the last successful build, and the models recompute only the tickets that
newer batches observed. That is only right while the stored tables were built by the same SQL, seeds and
lake contents, so a fingerprint of those is kept beside the watermark; when it changes (an edited model or
seed, a batch rejected by an operator, another dbt target) the next build is a full refresh.

The state file lives beside the warehouse and is written only after a whole-graph build succeeded. A
marker is written before every build and removed with that state: a build that failed, was killed or
built only some models leaves it behind, and the next build is a full refresh, because the stored
tables may then disagree about which batches they hold.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from orchestration.lake.store import LakeLayout, load_batch_records, write_json_atomically

ALL_BATCHES = -1  # `since_batch_seq` meaning "every landed batch is new"
DBT_INPUTS = ("models", "seeds", "macros", "dbt_project.yml")


@dataclass(frozen=True)
class BuildPlan:
    """What the next dbt build does, and why (shown in the run's log)."""

    full_refresh: bool
    since_batch_seq: int
    through_batch_seq: int
    fingerprint: str
    reason: str
    rejected_batches: list[str] = field(default_factory=list)
    """Batches an operator rejected: staging leaves their rows out (the lake keeps them)."""

    def dbt_args(self) -> list[str]:
        dbt_vars = {"since_batch_seq": self.since_batch_seq, "rejected_batches": self.rejected_batches}
        args = ["--vars", json.dumps(dbt_vars)]
        return [*args, "--full-refresh"] if self.full_refresh else args


def state_file(warehouse_db: Path) -> Path:
    return warehouse_db.with_name("incremental_state.json")


def _unfinished_marker(warehouse_db: Path) -> Path:
    return warehouse_db.with_name("incremental_state.unfinished")


def fingerprint(dbt_project_dir: Path, rejected_batches: Sequence[str]) -> str:
    """A digest of everything the stored tables depend on besides the batches themselves."""
    digest = hashlib.sha256()
    digest.update(os.environ.get("CITY_DBT_TARGET", "duckdb").encode())
    for name in DBT_INPUTS:
        root = dbt_project_dir / name
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in (file for file in files if file.is_file()):
            digest.update(str(path.relative_to(dbt_project_dir)).encode())
            digest.update(path.read_bytes())
    for batch_id in sorted(rejected_batches):
        digest.update(batch_id.encode())
    return digest.hexdigest()


def plan_build(
    warehouse_db: Path,
    dbt_project_dir: Path,
    layout: LakeLayout,
    *,
    full_refresh_requested: bool,
    rejected_batches: Sequence[str] = (),
) -> BuildPlan:
    """Incremental when the warehouse holds a good build of the same inputs; otherwise a full refresh.

    ``layout`` is the lake of the incremental models; ``rejected_batches`` are every source's.
    """
    records = load_batch_records(layout)
    through = records[-1].batch_seq if records else ALL_BATCHES
    rejected = sorted(rejected_batches)
    current = fingerprint(dbt_project_dir, rejected)
    stored_file = state_file(warehouse_db)
    stored = json.loads(stored_file.read_text(encoding="utf-8")) if stored_file.exists() else None
    if full_refresh_requested:
        reason = "full refresh requested"
    elif not warehouse_db.exists() or stored is None:
        reason = "full refresh: no earlier build recorded"
    elif _unfinished_marker(warehouse_db).exists():
        reason = "full refresh: the last build did not finish, or built only some models"
    elif stored["fingerprint"] != current:
        reason = "full refresh: models, seeds or rejected batches changed since the last build"
    else:
        since = int(stored["through_batch_seq"])
        return BuildPlan(False, since, through, current, f"incremental: batches after #{since}", rejected)
    return BuildPlan(True, ALL_BATCHES, through, current, reason, rejected)


def begin_build(warehouse_db: Path, plan: BuildPlan) -> None:
    """Note that the stored tables are about to change; only `record_build` clears the note."""
    write_json_atomically(_unfinished_marker(warehouse_db), asdict(plan))


def record_build(warehouse_db: Path, plan: BuildPlan) -> None:
    """Remember a successful whole-graph build, so the next one starts after its newest batch."""
    write_json_atomically(state_file(warehouse_db), asdict(plan))
    _unfinished_marker(warehouse_db).unlink(missing_ok=True)
