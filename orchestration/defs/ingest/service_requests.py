"""Ingest asset: every new Traffy export in the inbox becomes one landed batch in the lake."""

import dagster as dg

from orchestration.lib.inbox import inbox_files
from orchestration.lib.landing import LakeLayout, ensure_schema_files, land_file, load_batch_records
from orchestration.lib.paths import city_data_paths

SOURCE = "service_requests"
RAW_SERVICE_REQUESTS = dg.AssetKey("raw_service_requests")


def service_request_lake() -> LakeLayout:
    paths = city_data_paths().ensure()
    return LakeLayout(lake_dir=paths.lake_for(SOURCE), quarantine_dir=paths.quarantine_for(SOURCE))


@dg.asset(
    key=RAW_SERVICE_REQUESTS,
    group_name="ingest",
    kinds={"duckdb", "parquet"},
    owners=["team:city-data"],
    pool="warehouse",
)
def raw_service_requests(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    """Land every new Traffy Fondue export from `inbox/service_requests/` into the lake.

    Either export layout is recognised from the header. Each file is streamed through DuckDB into
    `lake/service_requests/observations/<sha256>.parquet` (accepted rows, normalised per SPEC 3.1) and
    `quarantine/service_requests/<sha256>.parquet` (rejected rows with field and reason). A file whose
    content was landed before is skipped, so re-dropping an export never duplicates anything.
    """
    paths = city_data_paths().ensure()
    lake = service_request_lake()
    ensure_schema_files(lake)
    next_seq = max((record.batch_seq for record in load_batch_records(lake)), default=0) + 1
    landed = []
    skipped = 0
    for path in inbox_files(paths.inbox_for(SOURCE)):
        record = land_file(path, lake, batch_seq=next_seq)
        if record is None:
            skipped += 1
            continue
        next_seq += 1
        landed.append(record)
        context.log.info(
            f"landed {record.source_file}: {record.rows_read} rows read, {record.rows_accepted} accepted, "
            f"{record.rows_quarantined} quarantined ({record.layout})"
        )
    rows_read = sum(record.rows_read for record in landed)
    return dg.MaterializeResult(
        metadata={
            "files_landed": len(landed),
            "files_already_landed": skipped,
            "rows_read": rows_read,
            "rows_accepted": sum(record.rows_accepted for record in landed),
            "rows_quarantined": sum(record.rows_quarantined for record in landed),
            "dagster/row_count": rows_read,
            "batches": dg.MetadataValue.md(_batches_table(landed)),
        }
    )


def _batches_table(records: list) -> str:
    if not records:
        return "No new inbox files."
    lines = ["| file | layout | read | accepted | quarantined |", "|---|---|---|---|---|"]
    lines += [
        f"| {r.source_file} | {r.layout} | {r.rows_read} | {r.rows_accepted} | {r.rows_quarantined} |"
        for r in records
    ]
    return "\n".join(lines)
