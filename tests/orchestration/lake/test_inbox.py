"""The inbox is read in name order, nothing outside it is ever read through a link, and a changed file is
always landed again."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import pytest

from orchestration.defs.automation.arrivals import unlanded_files
from orchestration.lake.inbox import inbox_files, land_new_files, skipped_inbox_entries
from orchestration.lake.store import BatchRecord, LakeLayout
from orchestration.sources.service_requests.lander import ensure_schema_files, land_file
from orchestration.sources.service_requests.source import service_request_lake
from tests.support.paths import BANGKOK_SAMPLE


def test_files_in_name_order_without_links_folders_or_editor_leftovers(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    outside = tmp_path / "secret.csv"
    outside.write_text("ticket_id\n", encoding="utf-8")
    for name in ("b.csv", "a.csv", ".hidden.csv", "~$lock.xlsx"):
        (inbox / name).write_text("x", encoding="utf-8")
    (inbox / "escape.csv").symlink_to(outside)
    (inbox / "parent.csv").symlink_to(Path("..") / "secret.csv")
    (inbox / "folder").mkdir()
    assert [path.name for path in inbox_files(inbox)] == ["a.csv", "b.csv"]
    assert [path.name for path in skipped_inbox_entries(inbox)] == ["escape.csv", "folder", "parent.csv"]


def test_landing_warns_about_what_it_skips(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "escape.csv").symlink_to(tmp_path)
    layout = LakeLayout(tmp_path / "lake", tmp_path / "quarantine")
    with pytest.warns(UserWarning, match="escape.csv: not a regular file"):
        landed, skipped = land_new_files(inbox, layout, lambda path, seq: land_file(path, layout, seq))
    assert (landed, skipped) == ([], 0)


def test_a_same_size_correction_copied_in_place_lands_as_a_new_batch(city_data_dir: Path) -> None:
    """`cp -p` over an export keeps its size, inode and modification time; only the content differs."""
    inbox = city_data_dir / "inbox" / "service_requests"
    export = inbox / "traffy_2025-08-01.csv"
    shutil.copy(BANGKOK_SAMPLE, export)
    lake = service_request_lake()
    ensure_schema_files(lake)
    later = time.time() + 60  # long after the copy: every digest is one the cache may remember

    def land() -> list[BatchRecord]:
        return land_new_files(inbox, lake, lambda path, seq: land_file(path, lake, seq))[0]

    assert [arrival.path for arrival in unlanded_files(now=later)] == [export]
    (first,) = land()
    assert unlanded_files(now=later) == []

    before = export.stat()
    content = export.read_bytes()
    corrected = content.replace("ถนน".encode(), "ทาง".encode(), 1)  # same size, other bytes
    assert corrected != content and len(corrected) == len(content)
    with export.open("r+b") as handle:  # in place, as cp -p does: same inode
        handle.write(corrected)
    os.utime(export, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = export.stat()
    unchanged = (before.st_size, before.st_mtime_ns, before.st_ino)
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == unchanged

    (arrival,) = unlanded_files(now=later)
    assert arrival.path == export and arrival.sha256 == hashlib.sha256(corrected).hexdigest()
    (second,) = land()
    assert second.batch_id == arrival.sha256 != first.batch_id
    assert second.batch_seq == first.batch_seq + 1
