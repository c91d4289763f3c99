"""Content digests of inbox files, remembered while a file stays untouched.

Finding what a run still has to land means knowing the sha256 of every inbox file (batches are keyed
by content). Hashing a year of national exports reads about 13 GB, on every run and every sensor tick,
for files that did not change. Like git's index, a digest is reused while the file's size, modification
time, inode-change time (nanoseconds) and inode are those it was hashed with. The modification time
alone is not enough: a same-size correction copied over the export in place (`cp -p`, `rsync -t`)
keeps size, inode and modification time, but writing the file or setting its times always moves the
inode-change time, which no tool can set back.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from orchestration.lake.store import file_sha256, write_json_atomically

# File times advance in clock ticks (a few milliseconds on Linux, 2 s on FAT), so a file written again
# within the tick it was hashed in can keep every time it had. As git does with such "racy" entries, a
# digest of a file changed this recently is not remembered: the file is hashed again next time.
RACY_SECONDS = 2.0


def _identity(stat: os.stat_result) -> str:
    return f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}:{stat.st_ino}"


def file_digests(paths: list[Path], cache_file: Path, now: float | None = None) -> dict[Path, str]:
    """The sha256 of each file, hashing only those new or changed since the cache was written.

    ``now`` (a Unix time, by default the current one) decides which files changed too recently for
    their digest to be remembered.
    """
    recent = (time.time() if now is None else now) - RACY_SECONDS
    cached = json.loads(cache_file.read_text(encoding="utf-8")) if cache_file.exists() else {}
    current: dict[str, dict[str, str]] = {}
    digests: dict[Path, str] = {}
    for path in paths:
        stat = path.stat()
        identity = _identity(stat)
        entry = cached.get(str(path))
        digest = entry["sha256"] if entry and entry["identity"] == identity else file_sha256(path)
        if stat.st_ctime < recent:
            current[str(path)] = {"identity": identity, "sha256": digest}
        digests[path] = digest
    if current != cached:
        write_json_atomically(cache_file, current)
    return digests
