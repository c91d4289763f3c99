"""What the publish step reads from dbt's manifest: which tables it publishes and what they mean.

The dbt project is where the published tables are described, tested and shown in the lineage, so it is
also where they are listed: the exposure ``published_snapshot`` (models/marts/bi/_bi.yml) refers to
each, in publish order. Nothing else lists them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

PUBLISHED_SNAPSHOT_EXPOSURE = "published_snapshot"


def _manifest(manifest_path: Path) -> dict:
    return json.loads(manifest_path.read_text(encoding="utf-8"))


def published_tables(manifest_path: Path) -> tuple[str, ...]:
    """The models the ``published_snapshot`` exposure refers to, in the order it lists them."""
    for exposure in _manifest(manifest_path)["exposures"].values():
        if exposure["name"] == PUBLISHED_SNAPSHOT_EXPOSURE:
            return tuple(ref["name"] for ref in exposure["refs"])
    raise LookupError(
        f"{manifest_path} has no exposure {PUBLISHED_SNAPSHOT_EXPOSURE!r}: "
        "it lists the published tables (dbt_project/models/marts/bi/_bi.yml)"
    )


def dbt_descriptions(manifest_path: Path, tables: Sequence[str]) -> dict[str, dict[str, str]]:
    """Table and column descriptions from the dbt manifest (key "" holds the table's own description)."""
    manifest = _manifest(manifest_path)
    found: dict[str, dict[str, str]] = {}
    for node in manifest["nodes"].values():
        if node.get("resource_type") == "model" and node["name"] in tables:
            found[node["name"]] = {
                "": node.get("description", "").strip(),
                **{name: column.get("description", "") for name, column in node.get("columns", {}).items()},
            }
    return found
