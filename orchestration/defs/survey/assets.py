"""Ingest asset: every new citizen-survey export becomes one landed batch, personal data left behind."""

import dagster as dg

from orchestration.core.paths import city_data_paths
from orchestration.defs.ingest_metadata import landing_metadata
from orchestration.defs.partitions import export_days, single_run
from orchestration.lake.inbox import land_new_files
from orchestration.privacy.pii import resolve_pii_key, scrub_free_text
from orchestration.sources.survey.instruments import load_instruments
from orchestration.sources.survey.lander import (
    ensure_survey_schema_files,
    land_survey_file,
    load_area_names,
    respondent_names,
)
from orchestration.sources.survey.source import SOURCE, survey_lake

RAW_SURVEY = dg.AssetKey("raw_survey_responses")


@dg.asset(
    key=RAW_SURVEY,
    group_name="ingest",
    kinds={"parquet"},
    owners=["team:city-data"],
    pool="warehouse",
    partitions_def=export_days,
    backfill_policy=single_run,
)
def raw_survey_responses(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    """Land every new survey export (CSV in UTF-8 or cp874, or XLSX) from `inbox/survey/`.

    The export's headers pick its instrument mapping (`config/survey_instruments/`); an export no
    mapping fits is quarantined whole with the headers it could not map. Names and phone numbers are
    dropped, national IDs kept only as an HMAC (key `CITY_PII_KEY`), comments scrubbed, and responses
    without consent quarantined without their answers: the inbox file is the only place personal data
    remains.

    Survey waves are not daily: whatever day partitions a run covers, it lands every new survey export.
    """
    paths = city_data_paths()
    lake = survey_lake()
    ensure_survey_schema_files(lake)
    instruments = load_instruments()
    areas = load_area_names()
    pii_key = resolve_pii_key(paths.root)
    if pii_key.notice:
        context.log.warning(pii_key.notice)
    known_names = respondent_names(paths.inbox_for(SOURCE), instruments)
    landed, skipped = land_new_files(
        paths.inbox_for(SOURCE),
        lake,
        lambda path, seq: land_survey_file(path, lake, seq, instruments, areas, pii_key.key, known_names),
    )
    for record in landed:
        context.log.info(
            f"landed {scrub_free_text(record.source_file)} ({record.layout}): "
            f"{record.rows_accepted} responses accepted, {record.rows_quarantined} quarantined"
        )
    return dg.MaterializeResult(metadata=landing_metadata(landed, skipped, lake))
