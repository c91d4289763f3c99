"""Row counts and a small preview of every dbt model, for the asset's page in the Dagster UI.

dagster-dbt can count rows through the dbt adapter while dbt runs, but the dbt process holds DuckDB's
single-writer lock on the warehouse for the whole build, so that query cannot open the file. The events
are therefore enriched after `dbt build` has finished, from one read-only connection.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb

from orchestration.core.markdown_tables import markdown_table

PREVIEW_ROWS = 5
PREVIEW_CHARACTERS = 60
# Models tagged with one of these meta keys are counted, never previewed: why, as the UI says it.
WITHHELD_PREVIEWS = {
    "row_level_personal_data": "Preview withheld: one row per survey respondent.",
    "unsuppressed_survey_cells": "Preview withheld: survey figures before disclosure control.",
}


def with_table_metadata(
    events: Iterable[Any], warehouse_db: Path, manifest: Mapping[str, Any]
) -> Iterator[Any]:
    """Yield ``events`` with row count and preview added to every dbt model or seed materialization."""
    if not warehouse_db.exists():  # dbt failed before creating it: nothing to describe
        yield from events
        return
    with duckdb.connect(str(warehouse_db), read_only=True) as connection:
        for event in events:
            node = _node_of(event, manifest)
            if node is None:
                yield event
                continue
            yield event.with_metadata({**event.metadata, **_describe(connection, node)})


def _node_of(event: Any, manifest: Mapping[str, Any]) -> Mapping[str, Any] | None:
    if not isinstance(event, dg.Output | dg.AssetMaterialization):
        return None
    unique_id = event.metadata.get("unique_id")
    if unique_id is None:
        return None
    return manifest["nodes"].get(unique_id.value)


def _describe(connection: duckdb.DuckDBPyConnection, node: Mapping[str, Any]) -> dict[str, Any]:
    relation = node["relation_name"]
    metadata: dict[str, Any] = {}
    # A staging view re-reads the whole lake when counted; its table downstream carries the count.
    if node["config"].get("materialized") != "view":
        (count,) = connection.execute(f"SELECT count(*) FROM {relation}").fetchone() or (0,)
        metadata["dagster/row_count"] = int(count)
    meta = node["config"].get("meta", {})
    withheld = [reason for key, reason in WITHHELD_PREVIEWS.items() if meta.get(key)]
    preview = withheld[0] if withheld else _markdown_preview(connection, relation)
    metadata["preview"] = dg.MetadataValue.md(preview)
    return metadata


def _markdown_preview(connection: duckdb.DuckDBPyConnection, relation: str) -> str:
    cursor = connection.execute(f"SELECT * FROM {relation} LIMIT {PREVIEW_ROWS}")
    columns = [column[0] for column in cursor.description]
    rows = cursor.fetchall()
    if not rows:
        return "No rows."
    return markdown_table(columns, [[_cut(value) for value in row] for row in rows])


def _cut(value: Any) -> str | None:
    """A long text (a comment, an address) is cut, so the preview stays a glance at the table."""
    return None if value is None else str(value)[:PREVIEW_CHARACTERS]
