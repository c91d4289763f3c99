"""The inbox is read in name order, and nothing outside it is ever read through a link."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.lib.inbox import inbox_files, land_new_files, skipped_inbox_entries
from orchestration.lib.landing import LakeLayout, land_file


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
