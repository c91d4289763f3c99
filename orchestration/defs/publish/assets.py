"""Publish asset: the BI-facing snapshot, replaced atomically only after every gate has passed."""

import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb

from orchestration.core.faults import crash_point
from orchestration.core.markdown_tables import markdown_table
from orchestration.core.paths import CityDataPaths, city_data_paths
from orchestration.core.sql_literals import sql_string
from orchestration.defs.service_requests.assets import RAW_SERVICE_REQUESTS
from orchestration.defs.survey.assets import RAW_SURVEY
from orchestration.defs.warehouse.project import dbt_project, prepare_manifest
from orchestration.privacy.pii import RespondentName
from orchestration.privacy.reference_names import load_reference_names
from orchestration.privacy.scan import scan_snapshot, split_reference_names
from orchestration.publish.headline_chart import PANEL_TITLES, headline_chart_png, markdown_image
from orchestration.publish.manifest_sources import snapshot_source_files
from orchestration.publish.open_data import write_open_data
from orchestration.publish.snapshot import (
    SNAPSHOT_DB,
    activate_snapshot,
    build_snapshot,
    new_publish_id,
    prune_snapshots,
    write_manifest,
)
from orchestration.sources.service_requests.source import service_request_lake
from orchestration.sources.survey.instruments import load_instruments
from orchestration.sources.survey.lander import respondent_sources
from orchestration.sources.survey.source import survey_lake
from orchestration.warehouse.manifest import dbt_descriptions, published_tables

# The tables every publish copies, in order: the dbt exposure published_snapshot lists them.
PUBLISHED_TABLES = published_tables(prepare_manifest())


def _gate_results(context: dg.AssetExecutionContext) -> dict[str, str]:
    """Latest status of every blocking check on the published tables and their inputs, by check name.

    Publishing refuses to run when any of them has not succeeded: selecting only this asset in the UI
    must not be a way around the gates.
    """
    upstream = {dg.AssetKey(table) for table in PUBLISHED_TABLES} | {RAW_SERVICE_REQUESTS, RAW_SURVEY}
    graph = context.job_def.asset_layer.asset_graph
    check_keys = [
        key
        for key in graph.asset_check_keys
        if key.asset_key in upstream and graph.get_check_spec(key).blocking
    ]
    statuses = {}
    for key in check_keys:
        record = context.instance.get_latest_asset_check_evaluation_record(key)
        statuses[f"{key.asset_key.to_user_string()}:{key.name}"] = (
            record.status.value if record else "NEVER_RUN"
        )
    return statuses


@dg.asset(
    key="published_snapshot",
    group_name="publish",
    deps=[dg.AssetKey(table) for table in PUBLISHED_TABLES],
    kinds={"duckdb", "parquet"},
    owners=["team:city-data"],
    pool="warehouse",
)
def published_snapshot(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    """Copy the marts into a new `published/indicators.duckdb` (+ Parquet, manifest.json), then switch.

    BI tools read only this snapshot, never the warehouse. The new snapshot is built aside, scanned
    for personal data (phone numbers, valid national IDs, respondent names from the raw survey files),
    and made current by one atomic rename; when a blocking check fails upstream, or the scan finds
    anything, the previous snapshot stays in place untouched.
    """
    gates = _gate_results(context)
    _refuse_unless_passed(gates)
    paths = city_data_paths().ensure()
    publish_id = new_publish_id()
    snapshot_dir = paths.published / "snapshots" / publish_id
    respondents = _respondent_names(context, paths)
    try:
        row_counts = build_snapshot(paths.warehouse_db, snapshot_dir, PUBLISHED_TABLES, publish_id)
        write_open_data(
            snapshot_dir, PUBLISHED_TABLES, dbt_descriptions(dbt_project.manifest_path, PUBLISHED_TABLES)
        )
        manifest = _manifest(context, publish_id, row_counts, gates, respondents)
        crash_point("publish:before_manifest")
        write_manifest(snapshot_dir, manifest)
        _refuse_personal_data(snapshot_dir, respondents)
    except Exception:
        shutil.rmtree(snapshot_dir, ignore_errors=True)
        raise
    crash_point("publish:before_activate")
    _make_current(context, paths, publish_id, snapshot_dir)
    return dg.MaterializeResult(
        metadata={
            "publish_id": publish_id,
            "path": dg.MetadataValue.path(str(paths.published / "indicators.duckdb")),
            "row_counts": dg.MetadataValue.json(row_counts),
            "checks_passed": len(gates),
            "personal_data_scan": "clean",
            "dagster/row_count": row_counts["indicator_values"],
            "manifest": dg.MetadataValue.json(manifest),
            "city_headlines": dg.MetadataValue.md(city_headlines(snapshot_dir / SNAPSHOT_DB)),
        }
    )


def _refuse_unless_passed(gates: dict[str, str]) -> None:
    not_passed = {name: status for name, status in gates.items() if status != "SUCCEEDED"}
    if not_passed:
        raise dg.Failure(
            description="publishing refused, previous snapshot kept: these checks have not passed: "
            + ", ".join(f"{name} ({status})" for name, status in sorted(not_passed.items()))
        )


def _respondent_names(context: dg.AssetExecutionContext, paths: CityDataPaths) -> list[RespondentName]:
    """The names respondents wrote in the raw survey files, which the snapshot must not contain; a name
    that is also a community or category name is reference data, and only warned about."""
    respondents, reference_warnings = split_reference_names(
        respondent_sources(paths.inbox_for("survey"), load_instruments()), load_reference_names()
    )
    for warning in reference_warnings:
        context.log.warning(
            f"a respondent name in {warning.location} ({warning.example}) is a community or category "
            "name, so it is reference data, not personal data: check that response"
        )
    return respondents


def _manifest(
    context: dg.AssetExecutionContext,
    publish_id: str,
    row_counts: dict[str, int],
    gates: dict[str, str],
    respondents: list[RespondentName],
) -> dict[str, Any]:
    return {
        "publish_id": publish_id,
        "published_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "dagster_run_id": context.run_id,
        "row_counts": row_counts,
        "checks_passed": sorted(gates),
        "source_files": snapshot_source_files(
            {"service_requests": service_request_lake(), "survey": survey_lake()},
            {respondent.name for respondent in respondents},
        ),
    }


def _refuse_personal_data(snapshot_dir: Path, respondents: list[RespondentName]) -> None:
    findings = scan_snapshot(snapshot_dir, respondents)
    if findings:
        raise dg.Failure(
            description="publishing refused, previous snapshot kept: the personal-data scan found "
            + "; ".join(finding.describe() for finding in findings[:10]),
            metadata={"findings": len(findings)},
        )


def _make_current(
    context: dg.AssetExecutionContext, paths: CityDataPaths, publish_id: str, snapshot_dir: Path
) -> None:
    """Switch readers to the new snapshot, serve it from PostgreSQL when CITY_SERVING_POSTGRES_DSN is
    set (psycopg2 is imported here, not when the code location loads), and prune old snapshots."""
    activate_snapshot(paths.published, publish_id)
    from orchestration.publish.postgres_serving import serve_if_configured

    serve_if_configured(snapshot_dir / SNAPSHOT_DB, publish_id)
    pruned = prune_snapshots(paths.published)
    context.log.info(f"published snapshot {publish_id}; pruned {len(pruned)} old snapshot(s)")


HEADLINES = tuple(PANEL_TITLES)


def city_headlines(database: Path) -> str:
    """The last 12 months of the city-wide headline indicators, as a chart and a table, for the UI."""
    headlines = ", ".join(sql_string(name) for name in HEADLINES)
    with duckdb.connect(str(database), read_only=True) as connection:
        rows = connection.execute(
            f"""
            PIVOT (SELECT period_start, indicator_id, round(value, 3) AS value FROM indicator_values
                   WHERE area_id = 'ALL' AND category = 'ALL' AND period_grain = 'month'
                     AND indicator_id IN ({headlines}))
            ON indicator_id IN ({headlines}) USING first(value)
            ORDER BY period_start DESC LIMIT 12
            """
        ).fetchall()
    if not rows:
        return "No monthly service-request indicators in this snapshot."
    table = markdown_table(("month", *HEADLINES), rows)
    chronological = rows[::-1]
    chart = headline_chart_png(
        [row[0] for row in chronological],
        {name: [row[1 + index] for row in chronological] for index, name in enumerate(HEADLINES)},
    )
    return markdown_image(chart, "City headline indicators, last 12 months") + "\n\n" + table
