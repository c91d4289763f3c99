"""Run a command and measure it: wall time, CPU time of its whole process tree, peak RSS of each process.

CPU time comes from the kernel when the command is reaped (``wait4``: the process plus every descendant
it waited for, e.g. the dbt subprocess of a run). Peak RSS per process is each process's high-water mark
(``VmHWM`` in ``/proc/<pid>/status``), read for the whole tree every ``POLL_SECONDS`` while it runs, so a
process that lives shorter than one poll can be missed; the kernel's figure for the largest process of
the tree (``ru_maxrss``) is kept beside it as a cross-check.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

POLL_SECONDS = 0.2
KIB = 1024
MIB = 1024 * KIB


@dataclass
class ProcessPeak:
    pid: int
    command: str
    peak_rss_bytes: int


@dataclass
class Measurement:
    """What one command cost; ``processes`` lists every process of its tree seen while it ran."""

    returncode: int
    wall_seconds: float
    cpu_seconds: float
    largest_process_rss_bytes: int
    processes: list[ProcessPeak] = field(default_factory=list)

    @property
    def peak_rss_bytes(self) -> int:
        """The largest resident set of any single process of the tree."""
        return max([self.largest_process_rss_bytes, *(p.peak_rss_bytes for p in self.processes)])


def _children_by_parent() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="utf-8", errors="replace") as handle:
                stat = handle.read()
        except OSError:
            continue
        # The command name (2nd field) may hold spaces and parentheses: fields resume after the last ')'.
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    return children


def _tree(root: int) -> list[int]:
    children = _children_by_parent()
    pids, pending = [], [root]
    while pending:
        pid = pending.pop()
        pids.append(pid)
        pending.extend(children.get(pid, []))
    return pids


def _high_water_mark(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * KIB
    except OSError:
        return None
    return None


def _command(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            parts = handle.read().split(b"\0")
    except OSError:
        return "?"
    words = [
        Path(part.decode(errors="replace")).name if i == 0 else part.decode(errors="replace")
        for i, part in enumerate(parts)
        if part
    ]
    return " ".join(words)[:120]


def measure(command: Sequence[str], env: Mapping[str, str], cwd: Path, log: Path) -> Measurement:
    """Run ``command`` to completion (output to ``log``) and return what it cost."""
    peaks: dict[int, ProcessPeak] = {}
    started = time.perf_counter()
    with log.open("wb") as sink:
        process = subprocess.Popen(
            list(command), cwd=cwd, env=dict(env), stdout=sink, stderr=subprocess.STDOUT
        )
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            for member in _tree(process.pid):
                mark = _high_water_mark(member)
                if mark is None:
                    continue
                peak = peaks.setdefault(member, ProcessPeak(member, _command(member), 0))
                peak.peak_rss_bytes = max(peak.peak_rss_bytes, mark)
            time.sleep(POLL_SECONDS)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return Measurement(
        returncode=process.returncode,
        wall_seconds=wall,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        largest_process_rss_bytes=usage.ru_maxrss * KIB,
        processes=sorted(peaks.values(), key=lambda peak: peak.pid),
    )


def disk_usage_bytes(folder: Path) -> int:
    """Bytes ``folder`` takes on disk, each hard-linked file counted once (the inboxes are hard links)."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            stat = os.lstat(os.path.join(root, name))
            if (stat.st_dev, stat.st_ino) not in seen:
                seen.add((stat.st_dev, stat.st_ino))
                total += stat.st_blocks * 512
    return total
