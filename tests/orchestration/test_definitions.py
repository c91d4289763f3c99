"""The code location as an engineer sees it in the UI: every asset, group and gate is where it belongs."""

from __future__ import annotations

import dagster as dg

from orchestration.definitions import defs

EXPECTED_GROUPS = {
    "raw_service_requests": "ingest",
    "stg_lake__service_request_observations": "staging",
    "stg_lake__service_request_quarantine": "staging",
    "int_service_requests__current": "intermediate",
    "int_service_requests__tickets": "intermediate",
    "indicator_values": "marts",
    "data_quality_summary": "marts",
    "citizen_priorities": "marts",
    "ref_areas": "reference",
    "ref_categories": "reference",
    "published_snapshot": "publish",
}


def test_assets_sit_in_their_layer_group() -> None:
    graph = defs.resolve_asset_graph()
    for key, group in EXPECTED_GROUPS.items():
        assert graph.get(dg.AssetKey(key)).group_name == group, key


def test_every_asset_has_a_description_and_an_owner() -> None:
    graph = defs.resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        if not node.is_materializable:
            continue
        assert node.description, key
        assert node.owners, key


def test_quality_gates_are_blocking_checks_upstream_of_publish() -> None:
    graph = defs.resolve_asset_graph()
    checks = {f"{key.asset_key.to_user_string()}:{key.name}": key for key in graph.asset_check_keys}
    for name in (
        "raw_service_requests:batches_pass_raw_suite",
        "indicator_values:publish_gate_suite",
        "data_quality_summary:publish_gate_suite",
    ):
        assert graph.get_check_spec(checks[name]).blocking, name
    dbt_checks = [name for name in checks if name.startswith("indicator_values:unique_combination")]
    assert dbt_checks, "dbt tests must surface as asset checks"
    assert dg.AssetKey("indicator_values") in graph.get(dg.AssetKey("published_snapshot")).parent_keys


def test_the_dbt_sources_depend_on_the_ingest_asset() -> None:
    graph = defs.resolve_asset_graph()
    parents = graph.get(dg.AssetKey("stg_lake__service_request_observations")).parent_keys
    assert parents == {dg.AssetKey("raw_service_requests")}
