"""The open-data package: Excel-friendly, formula-safe CSV and a datapackage.json for every field."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb

from orchestration.lib.open_data import UTF8_BOM, write_open_data


def test_csv_has_a_bom_keeps_thai_and_defuses_formulas(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "indicators.duckdb")) as connection:
        connection.execute(
            "CREATE TABLE areas AS SELECT * FROM (VALUES "
            "('PLK-C01', 'ชุมชนวัดใหญ่', 1200, -1.5), ('=HYPERLINK(\"x\")', '+cmd', 1, 2.0), "
            "('@SUM(A1)', '-1+1', 2, 3.0)) AS t(area_id, name_th, population, delta)"
        )
    write_open_data(tmp_path, ["areas"], {"areas": {"": "Communities", "area_id": "Identifier"}})
    data = (tmp_path / "open_data" / "areas.csv").read_bytes()
    assert data.startswith(UTF8_BOM)
    rows = list(csv.DictReader(data.decode("utf-8-sig").splitlines()))
    assert rows[0] == {"area_id": "PLK-C01", "name_th": "ชุมชนวัดใหญ่", "population": "1200", "delta": "-1.5"}
    assert [row["area_id"] for row in rows[1:]] == ['\'=HYPERLINK("x")', "'@SUM(A1)"]
    assert [row["name_th"] for row in rows[1:]] == ["'+cmd", "'-1+1"]

    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "to-be-decided"
    resource = package["resources"][0]
    assert (resource["path"], resource["encoding"], resource["description"]) == (
        "open_data/areas.csv",
        "utf-8-sig",
        "Communities",
    )
    assert [(f["name"], f["type"]) for f in resource["schema"]["fields"]] == [
        ("area_id", "string"),
        ("name_th", "string"),
        ("population", "integer"),
        ("delta", "number"),
    ]
    assert resource["schema"]["fields"][0]["description"] == "Identifier"
