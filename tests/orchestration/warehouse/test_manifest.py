"""The published tables are the refs of one dbt exposure, in its order; without it nothing publishes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from orchestration.warehouse.manifest import published_tables


def _manifest(tmp_path: Path, exposures: dict[str, dict]) -> Path:
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps({"nodes": {}, "exposures": exposures}), encoding="utf-8")
    return path


def test_the_exposure_lists_the_published_tables_in_its_order(tmp_path: Path) -> None:
    manifest = _manifest(
        tmp_path,
        {
            "exposure.p.mayor_dashboard": {"name": "mayor_dashboard", "refs": [{"name": "citizen_needs"}]},
            "exposure.p.published_snapshot": {
                "name": "published_snapshot",
                "refs": [{"name": "indicator_values"}, {"name": "areas"}, {"name": "citizen_needs"}],
            },
        },
    )
    assert published_tables(manifest) == ("indicator_values", "areas", "citizen_needs")


def test_a_project_without_the_exposure_says_where_the_list_belongs(tmp_path: Path) -> None:
    manifest = _manifest(tmp_path, {"exposure.p.other": {"name": "other", "refs": [{"name": "areas"}]}})
    with pytest.raises(LookupError, match=r"published_snapshot.*_bi\.yml"):
        published_tables(manifest)
