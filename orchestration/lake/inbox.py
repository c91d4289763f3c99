"""Find inbox files and land the new ones, in a stable order, as batches of a source's lake."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from orchestration.lake.store import BatchRecord, LakeLayout, load_batch_records

# Editors and copy tools leave these behind; they are never exports.
_IGNORED_PREFIXES = (".", "~$")


def inbox_files(inbox_dir: Path) -> list[Path]:
    """Every regular file in the inbox folder, sorted by name; symbolic links are never followed.

    Name order is the landing order, and landing order breaks ties between observations with the same
    last_activity (SPEC 3.1: "ties: the later file"); daily exports named by date sort chronologically.
    A link could point anywhere on the machine, so only files that really live in the inbox are read.
    """
    if not inbox_dir.exists():
        return []
    return sorted(
        path
        for path in inbox_dir.iterdir()
        if not path.is_symlink() and path.is_file() and not path.name.startswith(_IGNORED_PREFIXES)
    )


def skipped_inbox_entries(inbox_dir: Path) -> list[Path]:
    """Inbox entries that are not landed (links, folders), so the ingest can say so instead of silently."""
    if not inbox_dir.exists():
        return []
    landed = set(inbox_files(inbox_dir))
    return sorted(
        path
        for path in inbox_dir.iterdir()
        if path not in landed and not path.name.startswith(_IGNORED_PREFIXES)
    )


def land_new_files(
    inbox_dir: Path,
    layout: LakeLayout,
    land: Callable[[Path, int], BatchRecord | None],
    selected: Callable[[Path], bool] = lambda path: True,
) -> tuple[list[BatchRecord], int]:
    """Land every ``selected`` inbox file not landed before, numbering new batches after existing ones.

    ``selected`` narrows a partitioned run to the files of its days. Returns the new batch records and
    how many files were skipped because their content had landed.
    """
    for path in skipped_inbox_entries(inbox_dir):
        warnings.warn(
            f"{path}: not a regular file in the inbox (a link or a folder); it is not read", stacklevel=2
        )
    next_seq = max((record.batch_seq for record in load_batch_records(layout)), default=0) + 1
    landed: list[BatchRecord] = []
    skipped = 0
    for path in filter(selected, inbox_files(inbox_dir)):
        record = land(path, next_seq)
        if record is None:
            skipped += 1
            continue
        next_seq += 1
        landed.append(record)
    return landed, skipped


# A source that never landed anything reports the epoch's first second, so it reads as long overdue.
NEVER_LANDED = 1.0


def newest_landing_timestamp(layout: LakeLayout) -> float:
    """When the source's newest export landed (a Unix time), or NEVER_LANDED.

    A run over an empty inbox still materializes the ingest asset: its own time would make a source
    that has gone quiet look fresh (orchestration/defs/automation/freshness.py).
    """
    landed = [datetime.fromisoformat(record.ingested_at) for record in load_batch_records(layout)]
    newest = max(landed, default=None)
    return newest.astimezone(UTC).timestamp() if newest else NEVER_LANDED
