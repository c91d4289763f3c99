"""dbt build of a few models on a hand-made warehouse: how model tests check rules on planted inputs."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from orchestration.core.paths import DBT_PROJECT_DIR
from orchestration.defs.warehouse.project import DBT_EXECUTABLE


def build_selected(root: Path, selection: Sequence[str]) -> str:
    """`dbt build` of ``selection`` (with their tests, not their parents') over the warehouse under
    ``root``, with artefacts of its own; returns dbt's output after asserting that the build passed."""
    build = subprocess.run(
        [
            str(DBT_EXECUTABLE),
            "build",
            "--select",
            *selection,
            "--indirect-selection",
            "cautious",
            "--target-path",
            str(root / "target"),
            "--log-path",
            str(root / "logs"),
        ],
        cwd=DBT_PROJECT_DIR,
        env={**os.environ, "CITY_DATA_DIR": str(root), "DBT_PROFILES_DIR": str(DBT_PROJECT_DIR)},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert build.returncode == 0, build.stdout[-4000:]
    return build.stdout
