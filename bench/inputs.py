"""The bench's inputs: one generated inbox of D+1 days, split into the history and the day that follows.

The daily-run target is about one more day on top of a long history, so the generator writes D+1 days
in one go (deterministic, like every other size) and the last day's service-request export is held back:
the full run and its peers read the first D days (``history``), the daily run then gets the held-back
export, and the floor recomputes over all D+1 days (``everything``) as the daily run's reference.
Survey exports are per quarter, not per day, so they all belong to the history. The history is a folder
of hard links, so splitting copies nothing.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bench.measure import Measurement, measure
from bench.reference import REPO_ROOT

GENERATOR = REPO_ROOT / "scripts" / "generate_scale_data.py"
SERVICE_REQUESTS = "service_requests"


@dataclass(frozen=True)
class Inputs:
    """Where each phase reads: ``history`` (D days), ``last_day`` (its export), ``everything`` (D+1)."""

    everything: Path
    history: Path
    last_day: Path


def generate(
    tickets: int, responses: int, days: int, out: Path, env: Mapping[str, str], log: Path
) -> Measurement:
    """Run the generator for ``days`` days into ``out`` (an inbox folder), measured like the rest."""
    arguments = {"--tickets": tickets, "--responses": responses, "--days": days, "--out": out}
    command = [sys.executable, str(GENERATOR), *(str(part) for pair in arguments.items() for part in pair)]
    return measure(command, env, REPO_ROOT, log)


def hold_back_last_day(everything: Path, history: Path) -> Inputs:
    """Hard-link every generated file into ``history`` except the latest day's service-request export.

    The generator names daily exports ``traffy_YYYY-MM-DD.csv``, so the latest day sorts last.
    """
    exports = sorted((everything / SERVICE_REQUESTS).glob("*.csv"))
    if len(exports) < 2:
        raise ValueError(f"{everything / SERVICE_REQUESTS} needs at least two daily exports to hold one back")
    last_day = exports[-1]
    for source_dir in sorted(path for path in everything.iterdir() if path.is_dir()):
        target_dir = history / source_dir.name
        target_dir.mkdir(parents=True, exist_ok=True)
        for path in sorted(source_dir.iterdir()):
            if path != last_day:
                os.link(path, target_dir / path.name)
    return Inputs(everything, history, last_day)
