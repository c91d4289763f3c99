"""How dbt resources appear in Dagster: groups from the dbt folder, owners and kinds for every asset."""

from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings

_LAYERS = ("staging", "intermediate", "marts")


class CityDbtTranslator(DagsterDbtTranslator):
    """Groups follow dbt's staging → intermediate → marts folders; seeds are reference data."""

    def __init__(self) -> None:
        super().__init__(settings=DagsterDbtTranslatorSettings(enable_duplicate_source_asset_keys=True))

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project: Any) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        props = self.get_resource_props(manifest, unique_id)
        if props.get("resource_type") == "source":
            return spec
        return spec.replace_attributes(
            group_name=_group_for(props),
            owners=["team:city-data"],
            kinds={"dbt", "duckdb"},
        )


def _group_for(props: Mapping[str, Any]) -> str:
    if props.get("resource_type") == "seed":
        return "reference"
    fqn = props.get("fqn", [])
    return next((layer for layer in _LAYERS if layer in fqn), "transform")
