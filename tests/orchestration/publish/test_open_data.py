"""The open-data package: Excel-friendly, formula-safe CSV and a valid datapackage.json for every field."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest

from orchestration.publish.open_data import (
    UTF8_BOM,
    InvalidPackageError,
    PackageMetadata,
    load_package_metadata,
    package_errors,
    write_open_data,
)

METADATA = PackageMetadata(
    licence={"name": "cc-by-4.0", "title": "Creative Commons Attribution 4.0"},
    units={"areas": {"population": "persons"}},
)


def _snapshot(tmp_path: Path, sql: str) -> Path:
    with duckdb.connect(str(tmp_path / "indicators.duckdb")) as connection:
        connection.execute(sql)
    return tmp_path


def _fields(package_path: Path) -> list[dict]:
    package = json.loads(package_path.read_text(encoding="utf-8"))
    return [field for resource in package["resources"] for field in resource["schema"]["fields"]]


def test_csv_has_a_bom_keeps_thai_and_defuses_formulas(tmp_path: Path) -> None:
    _snapshot(
        tmp_path,
        "CREATE TABLE areas AS SELECT * FROM (VALUES "
        "('PLK-C01', 'ชุมชนวัดใหญ่', 1200, -1.5), ('=HYPERLINK(\"x\")', '+cmd', 1, 2.0), "
        "('@SUM(A1)', '-1+1', 2, 3.0)) AS t(area_id, name_th, population, delta)",
    )
    write_open_data(tmp_path, ["areas"], {"areas": {"": "Communities", "area_id": "Identifier"}}, METADATA)
    data = (tmp_path / "open_data" / "areas.csv").read_bytes()
    assert data.startswith(UTF8_BOM)
    rows = list(csv.DictReader(data.decode("utf-8-sig").splitlines()))
    assert rows[0] == {"area_id": "PLK-C01", "name_th": "ชุมชนวัดใหญ่", "population": "1200", "delta": "-1.5"}
    assert [row["area_id"] for row in rows[1:]] == ['\'=HYPERLINK("x")', "'@SUM(A1)"]
    assert [row["name_th"] for row in rows[1:]] == ["'+cmd", "'-1+1"]

    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"] == [METADATA.licence]
    resource = package["resources"][0]
    assert (resource["path"], resource["encoding"], resource["description"]) == (
        "open_data/areas.csv",
        "utf-8-sig",
        "Communities",
    )
    assert resource["schema"]["fields"] == [
        {"name": "area_id", "type": "string", "description": "Identifier"},
        {"name": "name_th", "type": "string", "description": ""},
        {"name": "population", "type": "integer", "description": "", "unit": "persons"},
        {"name": "delta", "type": "number", "description": ""},
    ]


def test_every_duckdb_type_is_declared_so_that_frictionless_accepts_its_csv(tmp_path: Path) -> None:
    """One column per DuckDB type the marts can hold, with NULLs, extremes and awkward text."""
    _snapshot(
        tmp_path,
        """
        CREATE TABLE everything AS
        SELECT (-128)::TINYINT AS tiny, 255::UTINYINT AS utiny, (-32768)::SMALLINT AS small,
               2147483647::INTEGER AS int, (-9223372036854775808)::BIGINT AS big,
               18446744073709551615::UBIGINT AS ubig,
               170141183460469231731687303715884105727::HUGEINT AS huge,
               1.25::FLOAT AS float, 'nan'::DOUBLE AS double, 1e-7::DOUBLE AS tiny_double,
               12.50::DECIMAL(10, 2) AS decimal, true AS flag, DATE '2025-02-28' AS day,
               TIME '23:59:59.5' AS clock, TIMESTAMP '2025-01-01 00:00:00.123' AS ts,
               TIMESTAMPTZ '2025-01-01 07:00:00+07' AS tstz, 'a,"b"' || chr(10) || 'ค' AS text,
               ['x', '=1'] AS list, gen_random_uuid() AS id
        UNION ALL
        SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'inf'::FLOAT, '-inf'::DOUBLE, NULL, NULL, false,
               NULL, NULL, NULL, NULL, '', NULL, NULL
        """,
    )
    path = write_open_data(tmp_path, ["everything"], {}, METADATA)  # raises if Frictionless objects

    assert package_errors(path) == []
    assert [(field["name"], field["type"]) for field in _fields(path)] == [
        ("tiny", "integer"),
        ("utiny", "integer"),
        ("small", "integer"),
        ("int", "integer"),
        ("big", "integer"),
        ("ubig", "integer"),
        ("huge", "integer"),
        ("float", "number"),
        ("double", "number"),
        ("tiny_double", "number"),
        ("decimal", "number"),
        ("flag", "boolean"),
        ("day", "date"),
        ("clock", "time"),
        ("ts", "datetime"),
        ("tstz", "datetime"),
        ("text", "string"),
        ("list", "string"),
        ("id", "string"),
    ]
    with (tmp_path / "open_data" / "everything.csv").open(encoding="utf-8-sig", newline="") as stream:
        first = next(csv.DictReader(stream))
    assert (first["text"], first["list"]) == ('a,"b"\nค', "[x, '=1']")


def test_a_cell_that_does_not_match_its_declared_type_is_an_error(tmp_path: Path) -> None:
    """Validation reads every cell: a planted non-integer in an integer column is reported."""
    _snapshot(tmp_path, "CREATE TABLE areas AS SELECT 'PLK-C01' AS area_id, 1200 AS population")
    path = write_open_data(tmp_path, ["areas"], {}, METADATA)
    csv_path = tmp_path / "open_data" / "areas.csv"
    csv_path.write_bytes(csv_path.read_bytes().replace(b"1200", b"about 1200"))

    errors = package_errors(path)

    assert len(errors) == 1
    assert errors[0].startswith("areas: Type error in the cell")


def test_a_package_that_would_not_validate_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A declared type that the written cells contradict stops the write (and so the publish)."""
    _snapshot(tmp_path, "CREATE TABLE areas AS SELECT 'ชุมชนวัดใหญ่' AS name_th")
    monkeypatch.setattr("orchestration.publish.open_data.frictionless_type", lambda duckdb_type: "integer")

    with pytest.raises(InvalidPackageError, match="areas: Type error"):
        write_open_data(tmp_path, ["areas"], {}, METADATA)


def test_the_shipped_metadata_has_a_ckan_licence_placeholder_and_named_units() -> None:
    metadata = load_package_metadata()

    # "notspecified" is CKAN's own licence id: the portal shows "License not specified" until the
    # municipality replaces it in config/open_data.yaml.
    assert metadata.licence["name"] == "notspecified"
    assert metadata.licence["title"]
    units = [unit for table in metadata.units.values() for unit in table.values()]
    assert units
    assert all(isinstance(unit, str) and unit.strip() for unit in units)
