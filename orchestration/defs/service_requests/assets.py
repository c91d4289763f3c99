"""Ingest asset: every new Traffy export in the inbox becomes one landed batch in the lake."""

import dagster as dg

from orchestration.core.paths import city_data_paths
from orchestration.defs.ingest_metadata import landing_metadata
from orchestration.defs.partitions import export_day, export_days, single_run
from orchestration.lake.inbox import land_new_files
from orchestration.sources.service_requests.lander import ensure_schema_files, land_file
from orchestration.sources.service_requests.source import SOURCE, service_request_lake

RAW_SERVICE_REQUESTS = dg.AssetKey("raw_service_requests")


@dg.asset(
    key=RAW_SERVICE_REQUESTS,
    group_name="ingest",
    kinds={"duckdb", "parquet"},
    owners=["team:city-data"],
    pool="warehouse",
    partitions_def=export_days,
    backfill_policy=single_run,
)
def raw_service_requests(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    """Land the new Traffy Fondue exports of the run's Bangkok days from `inbox/service_requests/`.

    A partition is one Asia/Bangkok calendar day: an export belongs to the date in its file name, else
    to the day it arrived (`orchestration/defs/partitions.py`).

    Either export layout is recognised from the header. Each file is streamed through DuckDB into
    `lake/service_requests/observations/<sha256>.parquet` (accepted rows, normalised per SPEC 3.1) and
    `quarantine/service_requests/<sha256>.parquet` (rejected rows with field and reason). A file whose
    content was landed before is skipped, so re-dropping an export never duplicates anything.
    """
    lake = service_request_lake()
    ensure_schema_files(lake)
    days = set(context.partition_keys)
    landed, skipped = land_new_files(
        city_data_paths().inbox_for(SOURCE),
        lake,
        lambda path, seq: land_file(path, lake, batch_seq=seq),
        selected=lambda path: export_day(path) in days,
    )
    for record in landed:
        context.log.info(
            f"landed {record.source_file}: {record.rows_read} rows read, {record.rows_accepted} accepted, "
            f"{record.rows_quarantined} quarantined ({record.layout})"
        )
    range_ = context.partition_key_range
    context.log.info(f"days {range_.start} to {range_.end}: {len(landed)} export(s) landed")
    return dg.MaterializeResult(metadata=landing_metadata(landed, skipped, lake))
