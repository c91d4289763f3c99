"""Helpers shared by the tests that drive a live platform: a bad export to block a gate, and polling."""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from orchestration.sources.service_requests.layout import PUBLIC_DUMP_COLUMNS

T = TypeVar("T")


def write_garbage_export(path: Path, day: str, rows: int = 20, good: int = 2) -> None:
    """A real header, then mostly rows with neither ticket id nor a timestamp: the raw suite fails it.
    The ``good`` rows are tickets created on ``day`` (YYYY-MM-DD)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=PUBLIC_DUMP_COLUMNS)
        writer.writeheader()
        for index in range(rows):
            is_good = index < good
            writer.writerow(
                {
                    "ticket_id": f"{day[:4]}-GOOD{index:02d}" if is_good else "",
                    "type": "{ถนน}",
                    "timestamp": f"{day} 09:00:00" if is_good else "???",
                    "state": "รอรับเรื่อง",
                    "count_reopen": "0",
                    "last_activity": f"{day} 09:00:00",
                }
            )


def wait_for(condition: Callable[[], T], what: str, log_tail: Callable[[], str], seconds: float) -> T:
    """``condition()`` once it is truthy, polled every 2 s; after ``seconds`` the test fails with what it
    waited for and the tail of the server's log."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(2)
    pytest.fail(f"gave up after {seconds} s waiting for {what}:\n{log_tail()}")
