"""Blocking publish gate: GX suites over the marts, run after dbt and before the snapshot is replaced."""

import dagster as dg
import duckdb

from orchestration.core.paths import city_data_paths
from orchestration.quality.gx_validation import SuiteResult, validate_frame

INDICATOR_VALUES = dg.AssetKey("indicator_values")
DATA_QUALITY_SUMMARY = dg.AssetKey("data_quality_summary")
WELLBEING_COMPONENTS = dg.AssetKey("wellbeing_components")
CITIZEN_NEEDS = dg.AssetKey("citizen_needs")
LEAGUE_TABLE = dg.AssetKey("bi_community_league_table")
SENSITIVITY = dg.AssetKey("wellbeing_sensitivity")


def _read(table: str) -> tuple:
    """Read a mart (small by design) and the catalog ids into pandas; GX cannot read DuckDB directly."""
    connection = duckdb.connect(str(city_data_paths().warehouse_db), read_only=True)
    try:
        frame = connection.execute(f"SELECT * FROM {table}").df()
        catalog_ids = [
            row[0] for row in connection.execute("SELECT indicator_id FROM indicator_catalog").fetchall()
        ]
    finally:
        connection.close()
    return frame, catalog_ids


def _result(asset_key: dg.AssetKey, check_name: str, result: SuiteResult) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        asset_key=asset_key,
        check_name=check_name,
        passed=result.success,
        description=result.describe(),
        metadata=result.as_metadata(),
    )


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(
            "publish_gate_suite",
            asset=INDICATOR_VALUES,
            blocking=True,
            description="GX suite publish_indicator_values: keys, ranges, catalog coverage.",
        ),
        dg.AssetCheckSpec(
            "publish_gate_suite",
            asset=DATA_QUALITY_SUMMARY,
            blocking=True,
            description="GX suite publish_data_quality_summary: outcomes and counts.",
        ),
        dg.AssetCheckSpec(
            "publish_gate_suite",
            asset=WELLBEING_COMPONENTS,
            blocking=True,
            description="GX suite publish_wellbeing_components: scores 0-10, statuses, weights, directions.",
        ),
        dg.AssetCheckSpec(
            "publish_gate_suite",
            asset=CITIZEN_NEEDS,
            blocking=True,
            description="GX suite publish_citizen_needs: keys, fractions, counts, suppressed cells hidden.",
        ),
        dg.AssetCheckSpec(
            "publish_gate_suite",
            asset=LEAGUE_TABLE,
            blocking=True,
            description="GX suite publish_community_league_table: ranks inside their intervals, tiers.",
        ),
        dg.AssetCheckSpec(
            "publish_gate_suite",
            asset=SENSITIVITY,
            blocking=True,
            description="GX suite publish_wellbeing_sensitivity: scenarios, ranks, a zero-shift baseline.",
        ),
    ],
)
def publish_gate(context: dg.AssetCheckExecutionContext):
    """Validate the marts BI will read; a failure here stops the publish step."""
    indicator_values, catalog_ids = _read("indicator_values")
    frame_types = {"sample_size": "Int64"}
    yield _result(
        INDICATOR_VALUES,
        "publish_gate_suite",
        validate_frame(
            "publish_indicator_values",
            indicator_values.astype(frame_types),
            parameters={"catalog_indicator_ids": catalog_ids},
        ),
    )
    summary, _ = _read("data_quality_summary")
    yield _result(
        DATA_QUALITY_SUMMARY, "publish_gate_suite", validate_frame("publish_data_quality_summary", summary)
    )
    components, _ = _read("wellbeing_components")
    yield _result(
        WELLBEING_COMPONENTS,
        "publish_gate_suite",
        validate_frame("publish_wellbeing_components", components.astype({"sample_size": "Int64"})),
    )
    needs, _ = _read("citizen_needs")
    yield _result(
        CITIZEN_NEEDS,
        "publish_gate_suite",
        validate_frame("publish_citizen_needs", needs.astype({"respondents": "Int64", "requests": "Int64"})),
    )
    league, _ = _read("bi_community_league_table")
    yield _result(
        LEAGUE_TABLE, "publish_gate_suite", validate_frame("publish_community_league_table", league)
    )
    sensitivity, _ = _read("wellbeing_sensitivity")
    yield _result(
        SENSITIVITY, "publish_gate_suite", validate_frame("publish_wellbeing_sensitivity", sensitivity)
    )
