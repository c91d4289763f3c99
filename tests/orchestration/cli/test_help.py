"""The command line as an operator meets it: `make help`, `make backfill` without its days, and the
`--help` of every command under orchestration/, in plain text."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from orchestration.cli.help import plain_text
from tests.support.paths import REPO_ROOT

COMMANDS = [
    "orchestration.cli.run",
    "orchestration.cli.review",
    "orchestration.cli.snapshots",
    "orchestration.cli.lake_to_postgres",
]
# A rule's name at the start of a line, not a variable (`X := y`) nor a special target (`.PHONY:`).
TARGET = re.compile(r"^([a-z][a-z0-9_-]*):(?!=)", re.MULTILINE)


def _make(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", *args], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60
    )


def test_make_help_lists_every_target_on_one_line() -> None:
    targets = TARGET.findall((REPO_ROOT / "Makefile").read_text(encoding="utf-8"))
    result = _make("help")
    assert result.returncode == 0, result.stderr
    listed = dict(line.split(maxsplit=1) for line in result.stdout.splitlines())
    assert sorted(listed) == sorted(targets)
    assert len(result.stdout.splitlines()) == len(targets)  # one line each
    assert all(len(description) > 10 for description in listed.values())
    assert listed["backfill"].startswith("Re-run a range of Bangkok days as one run")


def test_make_backfill_without_its_days_says_what_to_type_and_fails() -> None:
    for days in ([], ["FROM=2024-11-01"], ["TO=2024-11-02"]):
        result = _make("backfill", *days)
        assert result.returncode != 0
        assert "make backfill FROM=2024-11-01 TO=2025-10-31" in result.stderr
        assert result.stdout == ""  # stopped before setting anything up or running anything


@pytest.mark.parametrize("module", COMMANDS)
def test_help_is_plain_text(module: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", module, "--help"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: python -m {module}")
    assert "`" not in result.stdout and "::" not in result.stdout
    assert len(result.stdout.splitlines()) > 8  # the module's description, not just the usage line


def test_plain_text_drops_inline_markup_and_keeps_examples() -> None:
    doc = "Run ``make run`` or :func:`main` with `CITY_DATA_DIR`. Usage::\n\n    python -m x --help\n"
    assert plain_text(doc) == "Run make run or main with CITY_DATA_DIR. Usage:\n\n    python -m x --help"
