"""File names and data values show in the UI's Markdown tables exactly as they are, in their own column."""

from __future__ import annotations

import html
import re
from pathlib import Path

import duckdb
import pytest
from markdown_it import MarkdownIt

from orchestration.core.markdown_tables import markdown_text
from orchestration.defs.ingest_metadata import landing_metadata
from orchestration.defs.warehouse.table_metadata import _markdown_preview
from orchestration.lake.store import BatchRecord, source_lake

# What the Dagster UI does with `MetadataValue.md`: CommonMark with GitHub's tables.
RENDERER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
AWKWARD_NAME = "ร้องเรียน|ถนน *ด่วน* `v2`_แก้ไข_.csv"


def _rendered_rows(markdown: str) -> list[list[str]]:
    """Each body row of the rendered table, as the text of its cells (failing on any markup in them)."""
    rendered = RENDERER.render(markdown)
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", rendered, flags=re.DOTALL)[1:]:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.DOTALL)
        assert not any("<" in cell for cell in cells), row  # no code, emphasis or HTML inside
        rows.append([html.unescape(cell) for cell in cells])
    return rows


def _batch(source_file: str) -> BatchRecord:
    return BatchRecord(
        batch_id="0" * 64,
        source_file=source_file,
        size_bytes=1,
        layout="public_dump",
        rows_read=3,
        rows_accepted=2,
        rows_quarantined=1,
        rows_warned=0,
        batch_seq=1,
        ingested_at="2026-12-03T00:00:00+00:00",
    )


def test_a_file_name_with_markdown_characters_and_thai_keeps_its_cell(city_data_dir: Path) -> None:
    table = landing_metadata([_batch(AWKWARD_NAME)], 0, source_lake("service_requests"))["batches"].value
    assert _rendered_rows(table) == [[AWKWARD_NAME, "public_dump", "3", "2", "1"]]


def test_a_preview_value_with_markdown_characters_and_a_newline_keeps_its_cell() -> None:
    comment = "ไฟดับ | ซอย 3\n`ด่วน` <b>*มาก*</b> &amp;"
    with duckdb.connect() as connection:
        connection.execute("CREATE TABLE tickets AS SELECT 'T-1' AS ticket_id, ? AS comment", [comment])
        preview = _markdown_preview(connection, "tickets")
    assert _rendered_rows(preview) == [["T-1", comment.replace("\n", " ")]]


@pytest.mark.parametrize(
    "text",
    [
        "# แจ้งเหตุ.csv",
        "- list.csv",
        "+ plus.csv",
        "1. first.csv",
        "2567) report.csv",
        "===",
        "> quoted",
        "\\back\\slash\\",
        "[link](http://example.org)",
        "![image](x.png)",
        "~~struck~~",
        "__bold__ and _it_",
        "traffy_2025-08-01.csv",
    ],
)
def test_text_renders_literally_on_its_own(text: str) -> None:
    rendered = RENDERER.render(markdown_text(text))
    assert rendered == f"<p>{html.escape(text, quote=False)}</p>\n"


def test_names_without_markdown_stay_readable() -> None:
    assert markdown_text("traffy_2025-08-01.csv") == "traffy_2025-08-01.csv"
    assert markdown_text(0.099) == "0.099"
    assert markdown_text(None) == ""
