"""What readers of the published snapshot get: a real Apache Superset querying it while a publish runs,
and the open-data package partners load into CKAN or a spreadsheet.

Both tests share one materialization (`published_city`); the Superset test publishes a second time, so
the package test, which runs after it, checks the package of that second publish.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from orchestration.defs.publish.assets import PUBLISHED_TABLES
from orchestration.publish.open_data import UTF8_BOM, load_package_metadata, package_errors
from tests.support.platform_runs import run_cli
from tests.support.superset import LATER_EXPORTS, Superset, SupersetAPI, SupersetError, deliver

pytestmark = pytest.mark.slow

# One statement reads both the figures and the publish id, so every answer names the snapshot it came
# from and can be compared with that snapshot's own file.
SQL_LAB_QUERY = """
SELECT s.publish_id, v.indicator_id, v.period_start, v.value
FROM indicator_values AS v CROSS JOIN snapshot_info AS s
WHERE v.area_id = 'ALL' AND v.category = 'ALL'
ORDER BY v.indicator_id, v.period_start
"""
DIRECT_SQL_LAB_FIGURES = """
SELECT indicator_id, period_start, value FROM indicator_values
WHERE area_id = 'ALL' AND category = 'ALL'
"""
# A chart's dataset: Superset's usual "virtual dataset", again carrying the publish id.
DATASET_SQL = "SELECT s.publish_id, v.* FROM indicator_values AS v CROSS JOIN snapshot_info AS s"
# The chart: city-wide service requests received per month and category (a stacked bar chart).
CHART_FILTERS = {"indicator_id": "sr_received", "area_id": "ALL", "period_grain": "month"}
DIRECT_CHART_FIGURES = """
SELECT period_start, category, sum(value) FROM indicator_values
WHERE indicator_id = 'sr_received' AND area_id = 'ALL' AND period_grain = 'month'
GROUP BY ALL
"""
MIN_ROUNDS_DURING_PUBLISH = 3
PAUSE_BETWEEN_ROUNDS_S = 1.0

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_CELL_CHARS = 32_767
THAI = re.compile("[\u0e00-\u0e7f]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _day(value: Any) -> str:
    """A date as Superset serialises it (ISO text in SQL Lab, epoch milliseconds in chart data)."""
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value / 1000, UTC).date().isoformat()
    return str(value)[:10]


def _current_publish_id(city: Path) -> str:
    return (city / "published" / "current").resolve().name


def _snapshot_figures(city: Path, publish_id: str) -> tuple[Counter, Counter]:
    """The SQL Lab and chart figures read straight from one publish's own DuckDB file."""
    database = city / "published" / "snapshots" / publish_id / "indicators.duckdb"
    with duckdb.connect(str(database), read_only=True) as connection:
        sql_lab = connection.execute(DIRECT_SQL_LAB_FIGURES).fetchall()
        chart = connection.execute(DIRECT_CHART_FIGURES).fetchall()
    return (
        Counter((indicator, day.isoformat(), value) for indicator, day, value in sql_lab),
        Counter((day.isoformat(), category, total) for day, category, total in chart),
    )


def _one_publish(rows: list[dict[str, Any]]) -> str:
    publish_ids = {row["publish_id"] for row in rows}
    assert len(publish_ids) == 1, f"one answer mixed snapshots: {sorted(publish_ids)}"
    return publish_ids.pop()


def _sql_lab(api: SupersetAPI, database_id: int, sql: str) -> dict[str, Any]:
    return api.request(
        "POST", "/api/v1/sqllab/execute/", {"database_id": database_id, "sql": sql, "runAsync": False}
    )


def _chart_data(api: SupersetAPI, dataset_id: int) -> list[dict[str, Any]]:
    query_context = {
        "datasource": {"id": dataset_id, "type": "table"},
        "force": True,  # never an earlier answer from a cache
        "result_format": "json",
        "result_type": "full",
        "queries": [
            {
                "columns": ["publish_id", "period_start", "category"],
                "metrics": [{"expressionType": "SQL", "sqlExpression": "SUM(value)", "label": "received"}],
                "filters": [{"col": col, "op": "==", "val": val} for col, val in CHART_FILTERS.items()],
                "orderby": [["received", False]],
                "row_limit": 10_000,
            }
        ],
    }
    (result,) = api.request("POST", "/api/v1/chart/data", query_context)["result"]
    assert result["status"] == "success", result
    return result["data"]


def _read_and_compare(api: SupersetAPI, database_id: int, dataset_id: int, city: Path) -> tuple[str, str]:
    """One SQL Lab query and one chart-data query; each must equal its own snapshot's figures exactly."""
    sql_rows = _sql_lab(api, database_id, SQL_LAB_QUERY)["data"]
    sql_publish = _one_publish(sql_rows)
    chart_rows = _chart_data(api, dataset_id)
    chart_publish = _one_publish(chart_rows)
    assert (
        Counter((row["indicator_id"], _day(row["period_start"]), row["value"]) for row in sql_rows)
        == _snapshot_figures(city, sql_publish)[0]
    )
    assert (
        Counter((_day(row["period_start"]), row["category"], row["received"]) for row in chart_rows)
        == _snapshot_figures(city, chart_publish)[1]
    )
    return sql_publish, chart_publish


def _register_snapshot(api: SupersetAPI, city: Path) -> tuple[int, int]:
    """The snapshot as a Superset database (read-only DuckDB) and a virtual dataset over it."""
    database = api.request(
        "POST",
        "/api/v1/database/",
        {
            "database_name": "Phitsanulok indicators",
            "sqlalchemy_uri": f"duckdb:///{city / 'published' / 'indicators.duckdb'}",
            "expose_in_sqllab": True,
            # DML is allowed in Superset only so the test can show DuckDB itself refusing a write:
            # the read_only connect argument, not a Superset setting, is what protects the snapshot.
            "allow_dml": True,
            "extra": json.dumps({"engine_params": {"connect_args": {"read_only": True}}}),
        },
    )
    dataset = api.request(
        "POST",
        "/api/v1/dataset/",
        {"database": database["id"], "table_name": "indicator_values_with_publish", "sql": DATASET_SQL},
    )
    return database["id"], dataset["id"]


def test_superset_reads_the_snapshot_while_a_publish_runs(superset: Superset, published_city: Path) -> None:
    api = superset.api()
    database_id, dataset_id = _register_snapshot(api, published_city)
    first = _current_publish_id(published_city)
    assert _read_and_compare(api, database_id, dataset_id, published_city) == (first, first)
    with pytest.raises(SupersetError, match="read-only"):
        _sql_lab(api, database_id, "CREATE TABLE scratch AS SELECT 1 AS x")

    deliver(published_city, LATER_EXPORTS, "service_requests")
    rounds_during_publish: list[tuple[str, str]] = []
    with ThreadPoolExecutor(max_workers=1) as background:
        publish = background.submit(run_cli, published_city)
        while not publish.done():
            seen = _read_and_compare(api, database_id, dataset_id, published_city)
            if not publish.done():
                rounds_during_publish.append(seen)
            time.sleep(PAUSE_BETWEEN_ROUNDS_S)  # a dashboard's pace, leaving the cores to the publish
        result = publish.result()
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]

    second = _current_publish_id(published_city)
    assert second != first
    assert _snapshot_figures(published_city, second) != _snapshot_figures(published_city, first)
    # The same registered database now answers from the new snapshot: nothing to refresh in Superset.
    assert _read_and_compare(api, database_id, dataset_id, published_city) == (second, second)
    print(f"Superset query rounds during the publish, by snapshot: {Counter(rounds_during_publish)}")
    assert len(rounds_during_publish) >= MIN_ROUNDS_DURING_PUBLISH
    assert {publish_id for pair in rounds_during_publish for publish_id in pair} <= {first, second}


def _excel_rows(path: Path) -> list[list[str]]:
    """The CSV as Excel reads it: the byte-order mark is what tells Excel the file is UTF-8 (without it,
    it uses the Windows code page and Thai turns into mojibake); then RFC 4180 fields (comma, double
    quotes, doubled quotes inside, line breaks inside quotes), which LibreOffice Calc parses alike once
    its import dialog says UTF-8."""
    raw = path.read_bytes()
    assert raw.startswith(UTF8_BOM), f"{path.name} has no UTF-8 byte-order mark"
    text = raw[len(UTF8_BOM) :].decode("utf-8")  # strict: any invalid byte fails
    return list(csv.reader(io.StringIO(text, newline=""), dialect="excel"))


def _as_spreadsheet_text(value: str | None) -> str:
    if value is None:
        return ""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def test_open_data_package_validates_and_keeps_thai_for_spreadsheets(published_city: Path) -> None:
    published = published_city / "published"
    package_path = published / "datapackage.json"
    assert package_errors(package_path) == []  # Frictionless: descriptor, headers, every cell's type

    package = json.loads(package_path.read_text(encoding="utf-8"))
    metadata = load_package_metadata()
    assert package["licenses"] == [metadata.licence]
    assert [resource["path"] for resource in package["resources"]] == [
        f"open_data/{table}.csv" for table in PUBLISHED_TABLES
    ]
    fields = {
        (table, field["name"]): field
        for table, resource in zip(PUBLISHED_TABLES, package["resources"], strict=True)
        for field in resource["schema"]["fields"]
    }
    undescribed = [resource["name"] for resource in package["resources"] if not resource["description"]]
    undescribed += [f"{table}.{name}" for (table, name), field in fields.items() if not field["description"]]
    assert undescribed == [], "describe these in the dbt YAML"
    without_unit = [
        f"{table}.{name}"
        for (table, name), field in fields.items()
        if field["type"] in {"integer", "number"} and "unit" not in field
    ]
    assert without_unit == [], "give these a unit in config/open_data.yaml"
    stale_units = [
        f"{table}.{name}"
        for table, units in metadata.units.items()
        for name in units
        if fields.get((table, name), {}).get("type") not in {"integer", "number"}
    ]
    assert stale_units == [], "config/open_data.yaml names columns that are not published numbers"

    thai_cells = 0
    with duckdb.connect(str(published / "indicators.duckdb"), read_only=True) as connection:
        for table in PUBLISHED_TABLES:
            header, *rows = _excel_rows(published / "open_data" / f"{table}.csv")
            cursor = connection.execute(f"SELECT * FROM {table}")
            columns = [column[0] for column in cursor.description]
            expected = cursor.fetchall()
            assert header == columns
            assert len(rows) == len(expected) < EXCEL_MAX_ROWS
            assert all(len(cell) <= EXCEL_MAX_CELL_CHARS for row in rows for cell in row)
            text = [i for i, name in enumerate(columns) if fields[(table, name)]["type"] == "string"]
            assert Counter(tuple(row[i] for i in text) for row in rows) == Counter(
                tuple(_as_spreadsheet_text(values[i]) for i in text) for values in expected
            ), f"{table}: text cells differ from the snapshot"
            thai_cells += sum(1 for row in rows for i in text if THAI.search(row[i]))
    assert thai_cells > 100, "the sample's Thai names and labels should be in the package"
