"""The Dagster code location: every asset, check, job, schedule, sensor and resource under ``defs/``.

Definitions are found, not listed (``dg`` project conventions, docs/decisions/025-a-source-is-a-folder.md):
adding one is adding a module under ``defs/``.
"""

from pathlib import Path

import dagster as dg

defs = dg.load_from_defs_folder(path_within_project=Path(__file__).parent)
