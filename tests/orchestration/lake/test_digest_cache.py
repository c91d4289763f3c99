"""Inbox digests are reused only while a file is untouched."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from orchestration.lake import digest_cache
from orchestration.lake.digest_cache import file_digests


@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files actually read to compute a digest."""
    read: list[Path] = []
    real = digest_cache.file_sha256

    def counting(path: Path) -> str:
        read.append(path)
        return real(path)

    monkeypatch.setattr(digest_cache, "file_sha256", counting)
    return read


@pytest.fixture
def day(tmp_path: Path) -> Path:
    """One export, holding "a"; its digests are cached in ``tmp_path / "digests.json"``."""
    path = tmp_path / "day.csv"
    path.write_text("a")
    return path


def test_untouched_files_are_not_read_again(tmp_path: Path, hashed: list[Path]) -> None:
    day1, day2 = tmp_path / "day1.csv", tmp_path / "day2.csv"
    day1.write_text("a")
    day2.write_text("b")
    cache = tmp_path / "cache" / "digests.json"
    later = time.time() + 60
    first = file_digests([day1, day2], cache, now=later)
    assert first == {day1: hashlib.sha256(b"a").hexdigest(), day2: hashlib.sha256(b"b").hexdigest()}
    assert file_digests([day1, day2], cache, now=later) == first
    assert hashed == [day1, day2]


def test_a_rewritten_file_is_hashed_again_even_at_the_same_size(
    tmp_path: Path, day: Path, hashed: list[Path]
) -> None:
    cache = tmp_path / "digests.json"
    file_digests([day], cache)
    stat = day.stat()
    day.write_text("b")
    os.utime(day, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    assert file_digests([day], cache) == {day: hashlib.sha256(b"b").hexdigest()}
    assert hashed == [day, day]


def test_a_file_changed_within_the_last_clock_ticks_is_hashed_again(
    tmp_path: Path, day: Path, hashed: list[Path]
) -> None:
    """Written again in the tick it was hashed in, it could keep its size and every time it had."""
    cache = tmp_path / "digests.json"
    file_digests([day], cache)
    file_digests([day], cache)
    assert hashed == [day, day]
    file_digests([day], cache, now=time.time() + digest_cache.RACY_SECONDS + 1)
    file_digests([day], cache, now=time.time() + digest_cache.RACY_SECONDS + 1)
    assert hashed == [day, day, day]


def test_a_same_size_rewrite_with_its_times_set_back_is_hashed_again(
    tmp_path: Path, day: Path, hashed: list[Path]
) -> None:
    cache = tmp_path / "digests.json"
    later = time.time() + 60
    file_digests([day], cache, now=later)
    stat = day.stat()
    day.write_text("b")  # in place: same inode
    os.utime(day, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert file_digests([day], cache, now=later) == {day: hashlib.sha256(b"b").hexdigest()}
    assert hashed == [day, day]
