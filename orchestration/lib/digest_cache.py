"""Content digests of inbox files, remembered while a file stays untouched.

Finding what a run still has to land means knowing the sha256 of every inbox file (batches are keyed
by content). Hashing a year of national exports reads about 13 GB, on every run and every sensor tick,
for files that did not change. Like git's index, a digest is reused while the file's size, modification
time (nanoseconds) and inode are those it was hashed with; any write to the file changes one of them.
"""

from __future__ import annotations

import json
from pathlib import Path

from orchestration.lib.landing import file_sha256, write_json_atomically


def _identity(path: Path) -> str:
    stat = path.stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ino}"


def file_digests(paths: list[Path], cache_file: Path) -> dict[Path, str]:
    """The sha256 of each file, hashing only those new or changed since the cache was written."""
    cached = json.loads(cache_file.read_text(encoding="utf-8")) if cache_file.exists() else {}
    current: dict[str, dict[str, str]] = {}
    digests: dict[Path, str] = {}
    for path in paths:
        identity = _identity(path)
        entry = cached.get(str(path))
        digest = entry["sha256"] if entry and entry["identity"] == identity else file_sha256(path)
        current[str(path)] = {"identity": identity, "sha256": digest}
        digests[path] = digest
    if current != cached:
        write_json_atomically(cache_file, current)
    return digests
